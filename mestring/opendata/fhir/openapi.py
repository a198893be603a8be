"""An OpenAPI 3.1 description of the FHIR endpoints we serve, for client generators and for
schemathesis: the CapabilityStatement, the HealthcareService search and a read per type."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from . import reads, search

FHIR_JSON = "application/fhir+json"
ID = {"type": "string", "pattern": r"^[A-Za-z0-9\-.]{1,64}$"}
TEXT = {"type": "string", "minLength": 1, "pattern": r"^[^\x00]+$"}
# FHIR date or dateTime with an optional prefix; years 0001-9999 as FHIR's own regex, days up
# to 28 (every month has them; the server also takes the 29th to 31st where they exist).
LAST_UPDATED = (
    r"^(eq|gt|ge|lt|le)?([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
    r"(-(0[1-9]|1[0-2])(-(0[1-9]|1[0-9]|2[0-8])"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
    r"(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9])?)?)?)?$"
)


def _resource(resource_type: str) -> dict:
    return {
        "type": "object",
        "required": ["resourceType"],
        "properties": {"resourceType": {"const": resource_type}, "id": ID},
    }


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {FHIR_JSON: {"schema": schema}}}


OUTCOME = {
    "type": "object",
    "required": ["resourceType", "issue"],
    "properties": {
        "resourceType": {"const": "OperationOutcome"},
        "issue": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["severity", "code"],
                "properties": {
                    "severity": {"enum": ["fatal", "error", "warning", "information"]},
                    "code": {"type": "string"},
                    "diagnostics": {"type": "string"},
                    "expression": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}
BUNDLE = {
    "type": "object",
    "required": ["resourceType", "type", "total", "link"],
    "properties": {
        "resourceType": {"const": "Bundle"},
        "type": {"const": "searchset"},
        "total": {"type": "integer", "minimum": 0},
        "link": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["relation", "url"],
                "properties": {
                    "relation": {"enum": ["self", "first", "previous", "next", "last"]},
                    "url": {"type": "string", "format": "uri"},
                },
            },
        },
        "entry": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["fullUrl", "resource", "search"],
                "properties": {
                    "fullUrl": {"type": "string", "format": "uri"},
                    "resource": _resource("HealthcareService"),
                },
            },
        },
    },
}
TOO_MANY = {
    **_json(OUTCOME, "Too many requests: wait the seconds in Retry-After."),
    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
}


def _query(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


SEARCH_PARAMETERS = [
    _query("_id", ID, "The offer's id."),
    _query("name", TEXT, "Title contains the text (case-insensitive)."),
    _query("organization", TEXT, "The responsible organisation: Organization/<id> or <id>."),
    _query("service-category", TEXT, "Main theme: code or system|code."),
    _query(
        "_lastUpdated",
        {"type": "string", "pattern": LAST_UPDATED},
        "Last changed: [eq|gt|ge|lt|le] and a FHIR date or dateTime that exists.",
    ),
    _query(
        "_count",
        {
            "type": "integer",
            "minimum": 1,
            "maximum": search.MAX_COUNT,
            "default": search.DEFAULT_COUNT,
        },
        "Page size.",
    ),
    _query(
        "_offset",
        {"type": "integer", "minimum": 0, "maximum": search.MAX_OFFSET, "default": 0},
        "Where the page starts in the stable order (by id); follow the `next` link.",
    ),
    _query("_format", {"enum": list(search.FORMATS)}, "Only JSON is served."),
]


def document(server: str) -> dict:
    paths = {
        "/metadata": {
            "get": {
                "operationId": "capabilities",
                "summary": "CapabilityStatement",
                "responses": {
                    "200": _json(_resource("CapabilityStatement"), "What this server does."),
                    "429": TOO_MANY,
                },
            }
        },
        "/HealthcareService": {
            "get": {
                "operationId": "searchHealthcareService",
                "summary": "Search offers (HealthcareService), paged",
                "parameters": SEARCH_PARAMETERS,
                "responses": {
                    "200": _json(BUNDLE, "A searchset Bundle with paging links."),
                    "400": _json(OUTCOME, "A parameter we cannot read; `expression` names it."),
                    "429": TOO_MANY,
                },
            }
        },
    }
    for resource_type in reads.READERS:
        paths[f"/{resource_type}/{{id}}"] = {
            "get": {
                "operationId": f"read{resource_type}",
                "summary": f"Read a {resource_type}",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": ID}],
                "responses": {
                    "200": _json(_resource(resource_type), f"The {resource_type}."),
                    "404": _json(OUTCOME, "No such resource."),
                    "429": TOO_MANY,
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Mestring – FHIR R4 API",
            "version": "1.0.0",
            "description": "Read-only HL7 FHIR R4 API of the public catalogue of learning-and-"
            "coping offers in Norway (JSON only). See /fhir/metadata.",
            "license": {
                "name": "Norsk lisens for offentlige data (NLOD) 2.0",
                "url": "https://data.norge.no/nlod/no/2.0",
            },
        },
        "servers": [{"url": server}],
        "paths": paths,
    }


@require_GET
def view(request: HttpRequest) -> JsonResponse:
    return JsonResponse(document(request.build_absolute_uri("/fhir")))
