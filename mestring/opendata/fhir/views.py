"""Read-only FHIR R4 REST endpoints under /fhir/ (JSON only, content type application/fhir+json)."""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import bundle, ids, reads, resources, search

CONTENT_TYPE = "application/fhir+json; charset=utf-8"
FHIR_VERSION = "4.0.1"


def fhir_response(body: dict, status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(body, ensure_ascii=False), CONTENT_TYPE, status=status)


def operation_outcome(status: int, code: str, text: str, parameter: str = "") -> HttpResponse:
    issue = {"severity": "error", "code": code, "diagnostics": text}
    if parameter:
        issue["expression"] = [parameter]
    return fhir_response({"resourceType": "OperationOutcome", "issue": [issue]}, status)


def base_url(request: HttpRequest | None = None) -> str:
    """The FHIR base: FHIR_BASE_URL, or this server's own /fhir address."""
    configured = getattr(settings, "FHIR_BASE_URL", "")
    if configured or request is None:
        return configured.rstrip("/")
    return request.build_absolute_uri("/fhir")


def service(offer) -> dict:
    return resources.healthcare_service(offer, sorted(bundle.offer_locations(offer)))


SEARCH_PARAMS = [
    ("_id", "token", "The offer's id."),
    ("name", "string", "Title contains the text (case-insensitive)."),
    ("organization", "reference", "The responsible organisation (Organization/<id> or id)."),
    ("service-category", "token", "Main theme: code or system|code."),
    ("_lastUpdated", "date", "With the prefixes eq, gt, ge, lt, le."),
    ("_count", "number", "Page size, 1 to 500 (default 50)."),
    ("_offset", "number", "Where the page starts in the stable order (by id), from 0."),
]


def capability_statement(base: str = "") -> dict:
    read = [{"code": "read"}]
    types = [t for t in reads.READERS if t != "HealthcareService"]
    implementation = {"description": "Mestring: lærings- og mestringstilbud i Norge"}
    if base:
        implementation["url"] = base
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": timezone.now().date().isoformat(),
        "publisher": "Mestring",
        "description": "Read-only FHIR R4 API of the public catalogue of learning-and-coping "
        "offers in Norway.",
        "kind": "instance",
        "software": {"name": "Mestring"},
        "implementation": implementation,
        "fhirVersion": FHIR_VERSION,
        "format": ["json"],
        "rest": [
            {
                "mode": "server",
                "resource": [
                    {
                        "type": "HealthcareService",
                        "interaction": [*read, {"code": "search-type"}],
                        "searchParam": [
                            {"name": n, "type": t, "documentation": d} for n, t, d in SEARCH_PARAMS
                        ],
                    },
                    *({"type": t, "interaction": read} for t in sorted(types)),
                ],
            }
        ],
    }


@require_GET
def metadata(request: HttpRequest) -> HttpResponse:
    return fhir_response(capability_statement(base_url(request)))


def _page_url(request: HttpRequest, base: str, start: int, size: int) -> str:
    params = request.GET.copy()
    params["_offset"] = str(start)
    params["_count"] = str(size)
    return f"{base}/HealthcareService?{params.urlencode()}"


def paging_links(request: HttpRequest, base: str, total: int, start: int, size: int) -> list:
    """self, first, previous, next and last of a page in the stable order."""
    links = [("self", start), ("first", 0)]
    if start > 0:
        links.append(("previous", max(0, start - size)))
    if start + size < total:
        links.append(("next", start + size))
    links.append(("last", max(0, (total - 1) // size * size)))
    return [{"relation": r, "url": _page_url(request, base, s, size)} for r, s in links]


@require_GET
def healthcare_service_search(request: HttpRequest) -> HttpResponse:
    try:
        offers = search.apply(bundle.published_offers(), request.GET)
        size, start = search.count(request.GET), search.offset(request.GET)
    except search.SearchError as error:
        return operation_outcome(400, "invalid", str(error), error.name)
    total = offers.count()
    found = [service(o) for o in offers[start : start + size]]
    base = base_url(request)
    links = paging_links(request, base, total, start, size)
    body = bundle.bundle(found, "searchset", base, total=total, link=links)
    for entry in body.get("entry", []):
        entry["search"] = {"mode": "match"}
    return fhir_response(body)


@require_GET
def read(request: HttpRequest, resource_type: str, resource_id: str) -> HttpResponse:
    reader = reads.READERS.get(resource_type)
    if reader is None:
        return not_found(request, f"{resource_type}/{resource_id}")
    if "\x00" in resource_id or not ids.is_valid_id(resource_id):
        return operation_outcome(
            404,
            "not-found",
            f"{resource_type}/{resource_id}: not a FHIR id ([A-Za-z0-9-.]{{1,64}})",
        )
    found = reader(resource_id)
    if found is None:
        return operation_outcome(404, "not-found", f"{resource_type}/{resource_id} not found")
    return fhir_response(found)


def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    return operation_outcome(404, "not-found", f"Unknown FHIR resource or operation: {path}")
