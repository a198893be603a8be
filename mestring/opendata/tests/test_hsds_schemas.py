"""Every HSDS object of the demo export validates against the official and profiled schemas."""

import json

import pytest
from django.core.management import call_command

from mestring.opendata.hsds.merge_patch import merge_patch

from .hsds_helpers import (
    SCHEMA_OF,
    load_demo,
    local_openapi,
    official_schemas,
    profiled_schemas,
    response_validator,
    validator,
)


def _errors(schemas, export_dir) -> list[str]:
    problems = []
    for kind, schema in SCHEMA_OF.items():
        check = validator(schemas, schema)
        items = json.loads((export_dir / f"{kind}.json").read_text())
        assert items, kind
        for item in items:
            problems += [f"{kind} {item['id']}: {e.message}" for e in check.iter_errors(item)]
    return problems


@pytest.fixture
def export_dir(refdata, db, tmp_path):
    load_demo()
    call_command("export_hsds", tmp_path, verbosity=0, stdout=open("/dev/null", "w"))
    return tmp_path


def test_export_validates_against_official_schemas(export_dir):
    assert _errors(official_schemas(), export_dir) == []


def test_export_validates_against_profiled_schemas(export_dir):
    assert _errors(profiled_schemas(), export_dir) == []


def test_profile_is_stricter_than_the_official_schema():
    service = {"id": "6403c30f-308c-5226-b762-6fd67f4c3427", "name": "x", "status": "active"}
    assert not list(validator(official_schemas(), "service.json").iter_errors(service))
    assert list(validator(profiled_schemas(), "service.json").iter_errors(service))
    identifier = {
        "id": "6403c30f-308c-5226-b762-6fd67f4c3427",
        "identifier_scheme": "NO-BRC",
        "identifier_type": "Organisasjonsnummer",
        "identifier": "12345678",
    }
    check = validator(profiled_schemas(), "organization_identifier.json")
    assert [e.validator for e in check.iter_errors(identifier)] == ["pattern"]


def test_schema_validation_catches_null_and_bad_uuid():
    check = validator(official_schemas(), "service.json")
    bad = {"id": "not-a-uuid", "name": "x", "status": "active", "description": None}
    assert {e.validator for e in check.iter_errors(bad)} == {"format", "type"}


def test_openapi_refs_resolve_to_local_copies():
    text = json.dumps(local_openapi())
    assert "raw.githubusercontent.com" not in text
    schemas = official_schemas()
    for ref in {r.split('"')[0] for r in text.split('"$ref": "')[1:]}:
        if ref.startswith("https://hsds.local/schema/"):
            assert ref.removeprefix("https://hsds.local/schema/") in schemas, ref


@pytest.mark.parametrize(
    "path", ["/services", "/organizations", "/service_at_locations", "/taxonomies"]
)
def test_list_responses_match_the_official_openapi(refdata, client, db, path):
    load_demo()
    body = client.get(f"/hsds{path}", {"per_page": 5}).json()
    assert body["contents"]
    assert [e.message for e in response_validator(path).iter_errors(body)] == []


# RFC 7386, Appendix A.
RFC_CASES = [
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], ["c", "d"], ["c", "d"]),
    ({"a": "b"}, ["c"], ["c"]),
    ({"a": "foo"}, None, None),
    ({"a": "foo"}, "bar", "bar"),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
]


@pytest.mark.parametrize(("target", "patch", "result"), RFC_CASES)
def test_merge_patch_follows_rfc_7386(target, patch, result):
    original = json.dumps(target)
    assert merge_patch(target, patch) == result
    assert json.dumps(target) == original
