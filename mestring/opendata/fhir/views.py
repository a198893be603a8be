"""Read-only FHIR R4 REST endpoints under /fhir/ (JSON only, content type application/fhir+json)."""

import json

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from mestring.catalogue.models import Offer, Organisation

from . import bundle, resources, search

CONTENT_TYPE = "application/fhir+json; charset=utf-8"
FHIR_VERSION = "4.0.1"


def fhir_response(body: dict, status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(body, ensure_ascii=False), CONTENT_TYPE, status=status)


def operation_outcome(status: int, code: str, text: str) -> HttpResponse:
    body = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": code, "diagnostics": text}],
    }
    return fhir_response(body, status)


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/fhir")


def capability_statement() -> dict:
    params = [
        ("_id", "token"),
        ("name", "string"),
        ("organization", "reference"),
        ("service-category", "token"),
        ("_lastUpdated", "date"),
    ]
    read = [{"code": "read"}]
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": timezone.now().date().isoformat(),
        "kind": "instance",
        "software": {"name": "Mestring"},
        "fhirVersion": FHIR_VERSION,
        "format": ["json"],
        "rest": [
            {
                "mode": "server",
                "resource": [
                    {
                        "type": "HealthcareService",
                        "interaction": [*read, {"code": "search-type"}],
                        "searchParam": [{"name": n, "type": t} for n, t in params],
                    },
                    {"type": "Organization", "interaction": read},
                ],
            }
        ],
    }


def service(offer) -> dict:
    return resources.healthcare_service(offer, sorted(bundle.offer_locations(offer)))


@require_GET
def metadata(request: HttpRequest) -> HttpResponse:
    return fhir_response(capability_statement())


@require_GET
def healthcare_service_search(request: HttpRequest) -> HttpResponse:
    try:
        offers = search.apply(bundle.published_offers(), request.GET)
        limit = search.count(request.GET)
    except search.SearchError as error:
        return operation_outcome(400, "not-supported", str(error))
    total = offers.count()
    found = [service(o) for o in offers[:limit]]
    self_link = [{"relation": "self", "url": request.build_absolute_uri()}]
    body = bundle.bundle(found, "searchset", base_url(request), total=total, link=self_link)
    for entry in body.get("entry", []):
        entry["search"] = {"mode": "match"}
    return fhir_response(body)


@require_GET
def healthcare_service_read(request: HttpRequest, resource_id: str) -> HttpResponse:
    found = search.external_id(resource_id, Offer)
    offer = bundle.published_offers().filter(external_id=found).first() if found else None
    if offer is None:
        return operation_outcome(404, "not-found", f"HealthcareService/{resource_id} not found")
    return fhir_response(service(offer))


@require_GET
def organization_read(request: HttpRequest, resource_id: str) -> HttpResponse:
    found = search.external_id(resource_id, Organisation)
    org = (
        Organisation.objects.select_related("parent", "municipality")
        .filter(external_id=found)
        .first()
        if found
        else None
    )
    if org is None:
        return operation_outcome(404, "not-found", f"Organization/{resource_id} not found")
    return fhir_response(resources.organization(org))


def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    return operation_outcome(404, "not-found", f"Unknown FHIR resource or operation: {path}")
