"""FHIR: every referenced resource type can be read, search pages through everything with
`next` links in a stable order, every reference in search results and exports resolves, the
CapabilityStatement lists what we serve and keeps the R4 invariants, bad values are 400s."""

import json
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from mestring.catalogue.models import Offer
from mestring.opendata.dump import write_dump
from mestring.opendata.fhir import ids
from mestring.opendata.fhir.bundle import catalogue_bundle

from .fhir_helpers import (
    assert_references_resolve,
    demo,
    fhirpath,
    model_errors,
    references,
    resolve,
    schema_errors,
)

pytestmark = pytest.mark.django_db

# The invariants of CapabilityStatement in FHIR R4 (expressions from the specification).
CPB = {
    "cpb-1": "rest.exists() or messaging.exists() or document.exists()",
    "cpb-2": "(description.count() + software.count() + implementation.count()) > 0",
    "cpb-3": "messaging.endpoint.empty() or kind = 'instance'",
    "cpb-9": "rest.all(resource.select(type).isDistinct())",
    "cpb-12": "rest.resource.all(searchParam.select(name).isDistinct())",
    "cpb-14": "(kind != 'instance') or implementation.exists()",
    "cpb-15": "(kind != 'capability') or (implementation.exists().not() and software.exists())",
    "cpb-16": "(kind!='requirements') or "
    "(implementation.exists().not() and software.exists().not())",
}


@pytest.fixture
def catalogue(refdata):
    demo()


def fetch(client, url: str, status: int = 200) -> dict:
    """GET a full URL under FHIR_BASE_URL (or a path) and check the answer is valid FHIR."""
    path = urlsplit(url)
    target = path.path + (f"?{path.query}" if path.query else "")
    response = client.get(target)
    assert response.status_code == status, (url, response.content[:300])
    body = json.loads(response.content)
    assert model_errors(body) is None
    assert schema_errors(body) == []
    return body


def link(body: dict, relation: str) -> str | None:
    return next((x["url"] for x in body["link"] if x["relation"] == relation), None)


def test_search_pages_through_everything_in_a_stable_order(client, catalogue):
    expected = sorted(
        ids.fhir_id(e)
        for e in Offer.objects.filter(status="publisert").values_list("external_id", flat=True)
    )
    seen, url, pages = [], "/fhir/HealthcareService?_count=7", 0
    while url:
        body = fetch(client, url)
        assert body["total"] == len(expected)
        seen += [e["resource"]["id"] for e in body.get("entry", [])]
        url, pages = link(body, "next"), pages + 1
    assert seen == sorted(seen) and sorted(seen) == expected
    assert pages == -(-len(expected) // 7)
    second = fetch(client, "/fhir/HealthcareService?_count=7&_offset=7")
    first = fetch(client, link(second, "previous"))
    assert [e["resource"]["id"] for e in first["entry"]] == expected[:7]
    assert link(first, "previous") is None
    last = fetch(client, link(first, "last"))
    assert link(last, "next") is None and last["entry"][-1]["resource"]["id"] == expected[-1]
    assert link(first, "self").startswith(settings.FHIR_BASE_URL + "/HealthcareService?")


def test_every_reference_in_search_results_resolves_on_the_server(client, catalogue):
    body = fetch(client, "/fhir/HealthcareService?_count=500")
    checked = Counter()
    for entry in body["entry"]:
        for reference in references(entry["resource"]):
            target = resolve(body, entry, reference)
            assert target.startswith(settings.FHIR_BASE_URL + "/")
            found = fetch(client, target)
            assert f"{found['resourceType']}/{found['id']}" == reference
            checked[found["resourceType"]] += 1
    assert {"Organization", "Location"} <= set(checked)


def test_every_resource_type_of_the_export_can_be_read(client, catalogue):
    exported = catalogue_bundle(settings.FHIR_BASE_URL)
    by_type: dict[str, list[dict]] = {}
    for entry in exported["entry"]:
        by_type.setdefault(entry["resource"]["resourceType"], []).append(entry)
    statement = fetch(client, "/fhir/metadata")
    readable = {
        r["type"] for r in statement["rest"][0]["resource"] if {"code": "read"} in r["interaction"]
    }
    assert set(by_type) <= readable
    for resource_type, entries in by_type.items():
        for entry in entries[:: max(1, len(entries) // 8)]:
            read = fetch(client, entry["fullUrl"])
            if resource_type == "Location":  # the same place; its name may differ in case
                assert read["id"] == entry["resource"]["id"]
            else:
                assert read == entry["resource"], entry["fullUrl"]
    fetch(client, f"{settings.FHIR_BASE_URL}/Slot/nobody.s1", status=404)
    fetch(client, f"{settings.FHIR_BASE_URL}/Location/sted-9999-abc", status=404)


def test_the_capability_statement_lists_what_we_serve_and_keeps_the_invariants(client):
    body = fetch(client, "/fhir/metadata")
    for name, expression in CPB.items():
        assert fhirpath(body, expression) == [True], name
    types = {r["type"] for r in body["rest"][0]["resource"]}
    expected = {
        "HealthcareService",
        "PlanDefinition",
        "Organization",
        "OrganizationAffiliation",
        "Location",
        "Schedule",
        "Slot",
    }
    assert types == expected
    assert body["implementation"]["url"] == settings.FHIR_BASE_URL


def test_references_resolve_in_the_open_data_dump(catalogue, tmp_path, settings):
    settings.OPEN_DATA_DIR = tmp_path / "apne-data"
    write_dump(settings.OPEN_DATA_DIR, year=2025)
    bundle = json.loads((settings.OPEN_DATA_DIR / "fhir/katalog-bundle.json").read_text())
    assert_references_resolve(bundle)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("_lastUpdated=ge2024-02-30", "_lastUpdated"),
        ("_lastUpdated=2023-02-29T10:00:00Z", "_lastUpdated"),
        ("_lastUpdated=gt2024-13", "_lastUpdated"),
        ("_lastUpdated=", "_lastUpdated"),
        ("_count=0", "_count"),
        ("_count=501", "_count"),
        ("_count=-1", "_count"),
        ("_count=99999999999999999999999", "_count"),
        ("_count=1&_count=2", "_count"),
        ("_offset=-1", "_offset"),
        ("name=a%00", "name"),
        ("name=", "name"),
        ("_format=xml", "_format"),
        ("_id=a%20b", "_id"),
        ("_lastUpdated=0000", "_lastUpdated"),
    ],
)
def test_bad_values_are_400_operation_outcomes_naming_the_parameter(client, query, name):
    body = fetch(client, f"/fhir/HealthcareService?{query}", status=400)
    assert body["resourceType"] == "OperationOutcome"
    assert body["issue"][0]["expression"] == [name]
    assert body["issue"][0]["diagnostics"].startswith(f"{name}:")


def test_too_many_requests_is_an_operation_outcome(client, settings):
    settings.API_RATE_PER_MINUTE = 1
    client.get("/fhir/metadata", REMOTE_ADDR="10.9.9.9")
    response = client.get("/fhir/metadata", REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429 and response["Retry-After"]
    assert json.loads(response.content)["resourceType"] == "OperationOutcome"


@pytest.mark.parametrize(
    "value", ["0001", "ge0001-01-01T00:00:00+13:00", "le9999-12-31T23:59:59-13:00"]
)
def test_the_ends_of_the_calendar_are_dates_too(client, value):
    encoded = value.replace("+", "%2B")
    assert fetch(client, f"/fhir/HealthcareService?_lastUpdated={encoded}")["type"] == "searchset"
