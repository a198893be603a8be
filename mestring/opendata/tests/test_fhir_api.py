"""The read-only FHIR REST endpoints: metadata, HealthcareService search and read, Organization."""

import json

import pytest
from django.conf import settings

from mestring.catalogue.models import Offer, Organisation
from mestring.opendata.fhir import ids

from .fhir_helpers import demo, model_errors, schema_errors

pytestmark = pytest.mark.django_db
FHIR_JSON = "application/fhir+json"


@pytest.fixture
def catalogue(refdata):
    demo()


def get(client, url: str, status: int = 200, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith(FHIR_JSON)
    body = json.loads(response.content)
    assert model_errors(body) is None
    assert schema_errors(body) == []
    return body


def service_ids(body: dict) -> set[str]:
    return {e["resource"]["id"] for e in body.get("entry", [])}


def published() -> list[Offer]:
    return list(Offer.objects.filter(status="publisert").select_related("responsible"))


def test_metadata_is_a_valid_capability_statement(client):
    body = get(client, "/fhir/metadata")
    assert body["resourceType"] == "CapabilityStatement"
    assert body["fhirVersion"] == "4.0.1"


def test_search_without_parameters_lists_the_published_offers(client, catalogue):
    body = get(client, "/fhir/HealthcareService", _count="500")
    assert body["type"] == "searchset"
    assert body["total"] == len(published())
    assert service_ids(body) == {ids.fhir_id(o.external_id) for o in published()}
    entry = body["entry"][0]
    assert entry["search"] == {"mode": "match"}
    base = settings.FHIR_BASE_URL
    assert entry["fullUrl"] == f"{base}/HealthcareService/{entry['resource']['id']}"


def test_drafts_never_appear(client, catalogue):
    draft = Offer.objects.exclude(status="publisert").first()
    assert draft is not None
    body = get(client, "/fhir/HealthcareService", _id=draft.external_id)
    assert body["total"] == 0
    assert "entry" not in body
    get(client, f"/fhir/HealthcareService/{draft.external_id}", status=404)
    body = get(client, "/fhir/HealthcareService", name=draft.title)
    assert ids.fhir_id(draft.external_id) not in service_ids(body)


def test_search_by_id_and_read(client, catalogue):
    offer = published()[0]
    body = get(client, "/fhir/HealthcareService", _id=offer.external_id)
    assert service_ids(body) == {offer.external_id}
    read = get(client, f"/fhir/HealthcareService/{offer.external_id}")
    assert read == body["entry"][0]["resource"]


def test_search_by_name_contains_ignoring_case(client, catalogue):
    offer = published()[0]
    word = offer.title.split()[0].upper()
    body = get(client, "/fhir/HealthcareService", name=word, _count="500")
    expected = {ids.fhir_id(o.external_id) for o in published() if word.lower() in o.title.lower()}
    assert service_ids(body) == expected


def test_search_by_organization(client, catalogue):
    org = published()[0].responsible
    expected = {ids.fhir_id(o.external_id) for o in published() if o.responsible_id == org.pk}
    for value in [org.external_id, f"Organization/{org.external_id}"]:
        body = get(client, "/fhir/HealthcareService", organization=value, _count="500")
        assert service_ids(body) == expected
    assert get(client, "/fhir/HealthcareService", organization="nobody")["total"] == 0


def test_search_by_service_category(client, catalogue):
    theme = published()[0].main_theme
    expected = {ids.fhir_id(o.external_id) for o in published() if o.main_theme == theme}
    system = ids.CODE_SYSTEM + "theme"
    for value in [theme, f"{system}|{theme}"]:
        body = get(
            client, "/fhir/HealthcareService", **{"service-category": value, "_count": "500"}
        )
        assert service_ids(body) == expected
    body = get(client, "/fhir/HealthcareService", **{"service-category": f"urn:other|{theme}"})
    assert body["total"] == 0


def test_count_limits_the_page_but_not_the_total(client, catalogue):
    body = get(client, "/fhir/HealthcareService", _count="2")
    assert len(body["entry"]) == 2
    assert body["total"] == len(published())


def test_last_updated_prefixes(client, catalogue):
    offer = published()[0]
    Offer.objects.filter(pk=offer.pk).update(updated_at="2030-01-01T12:00:00+00:00")
    body = get(client, "/fhir/HealthcareService", _lastUpdated="gt2029-12-31")
    assert service_ids(body) == {offer.external_id}
    body = get(client, "/fhir/HealthcareService", _lastUpdated="lt2029-12-31", _count="500")
    assert offer.external_id not in service_ids(body)
    assert body["total"] == len(published()) - 1


@pytest.mark.parametrize(
    "params",
    [{"_count": "many"}, {"_lastUpdated": "gtyesterday"}, {"address-city": "Oslo"}],
)
def test_bad_parameters_give_an_operation_outcome(client, catalogue, params):
    body = get(client, "/fhir/HealthcareService", status=400, **params)
    assert body["resourceType"] == "OperationOutcome"
    assert body["issue"][0]["severity"] == "error"


def test_organization_read_carries_the_organisation_number(client, catalogue):
    org = Organisation.objects.exclude(orgnr="").first()
    body = get(client, f"/fhir/Organization/{org.external_id}")
    assert {"use": "official", "system": ids.ORGNR_SYSTEM, "value": org.orgnr} in body["identifier"]


@pytest.mark.parametrize(
    "url", ["/fhir/Organization/nobody", "/fhir/HealthcareService/nobody", "/fhir/Patient/1"]
)
def test_unknown_resources_give_a_404_operation_outcome(client, url):
    body = get(client, url, status=404)
    assert body["resourceType"] == "OperationOutcome"
    assert body["issue"][0]["code"] == "not-found"


def test_unusual_external_ids_get_hashed_fhir_ids_that_still_resolve(client, catalogue):
    org = Organisation.objects.first()
    Organisation.objects.filter(pk=org.pk).update(external_id="Sykehus/ø_1")
    fhir_id = ids.fhir_id("Sykehus/ø_1")
    assert ids.is_valid_id(fhir_id)
    assert get(client, f"/fhir/Organization/{fhir_id}")["id"] == fhir_id


def test_referral_and_price_are_carried(client, catalogue):
    offer = published()[0]
    Offer.objects.filter(pk=offer.pk).update(requires_referral=True, price=0)
    body = get(client, f"/fhir/HealthcareService/{offer.external_id}")
    referral = {"system": ids.CODE_SYSTEM + "referral", "code": "required"}
    assert any(referral in c["coding"] for c in body["characteristic"])
    assert body["serviceProvisionCode"][0]["coding"][0]["code"] == "free"
