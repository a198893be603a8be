"""FHIR ids and the `export_fhir` command."""

import io
import json

import pytest
from django.core.management import call_command

from mestring.opendata.fhir import ids

from .fhir_helpers import assert_references_resolve, demo, model_errors


@pytest.mark.parametrize("value", ["demo-tilbud-000001", "hf-983974694", "a.b-C"])
def test_valid_external_ids_are_kept(value):
    assert ids.fhir_id(value) == value


@pytest.mark.parametrize("value", ["lms_oslo", "Sykehus/ø", "x" * 65, "æøå", "a b"])
def test_other_external_ids_become_valid_stable_ids(value):
    assert ids.is_valid_id(ids.fhir_id(value))
    assert ids.fhir_id(value) == ids.fhir_id(value)


def test_similar_external_ids_do_not_share_an_id():
    assert ids.fhir_id("a_b") != ids.fhir_id("a/b")
    assert ids.fhir_id("x" * 70 + "1") != ids.fhir_id("x" * 70 + "2")


def test_full_urls_are_absolute_or_urn_uuid():
    resource = {"resourceType": "Slot", "id": "a.s1"}
    assert ids.full_url("https://x.example/fhir/", resource) == "https://x.example/fhir/Slot/a.s1"
    assert ids.full_url("", resource).startswith("urn:uuid:")
    assert ids.full_url("", resource) == ids.full_url("", resource)


@pytest.mark.django_db
def test_export_fhir_writes_a_valid_bundle(refdata, tmp_path):
    demo()
    out = tmp_path / "catalogue.fhir.json"
    call_command(
        "export_fhir",
        "--out",
        str(out),
        "--base-url",
        "https://x.example/fhir",
        stderr=io.StringIO(),
    )
    bundle = json.loads(out.read_text(encoding="utf-8"))
    assert bundle["type"] == "collection"
    assert model_errors(bundle) is None
    assert bundle["entry"][0]["fullUrl"].startswith("https://x.example/fhir/")


@pytest.mark.django_db
def test_export_fhir_uses_fhir_base_url_by_default(refdata, settings):
    demo()
    settings.FHIR_BASE_URL = "https://fhir.example/r4"
    stdout = io.StringIO()
    call_command("export_fhir", stdout=stdout)
    bundle = json.loads(stdout.getvalue())
    assert all(e["fullUrl"].startswith("https://fhir.example/r4/") for e in bundle["entry"])
    assert_references_resolve(bundle)


@pytest.mark.django_db
def test_export_fhir_without_a_base_uses_urn_uuids_and_references_them(refdata):
    demo()
    stdout = io.StringIO()
    call_command("export_fhir", "--base-url", "", stdout=stdout)
    bundle = json.loads(stdout.getvalue())
    assert all(e["fullUrl"].startswith("urn:uuid:") for e in bundle["entry"])
    assert_references_resolve(bundle)
    assert model_errors(bundle) is None
