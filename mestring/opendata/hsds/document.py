"""The HSDS API description we serve: the official HSDS 3.1 `openapi.json` with the Mestring
profile, only the paths and methods this server answers, the parameters it reads (with
their bounds), and every response schema resolved to the local HSDS 3.1 schemas (profiled)
under `components/schemas`. `params.py` checks requests against this same document."""

import copy
import json
import re
from functools import cache
from pathlib import Path

from .merge_patch import PROFILE_DIR, merge_patch

HERE = Path(__file__).parent
OFFICIAL = HERE / "openapi.json"
SCHEMA_DIR = HERE / "schema"
REMOTE = re.compile(
    r"^https://raw\.githubusercontent\.com/openreferral/specification/[^/]+/schema/"
)
# The parameters of the official file this server does not read.
UNSUPPORTED = {"minimal", "full", "full_service", "postcode", "proximity"}
# Path → schema of the object (or of each item of a list) we answer with.
OBJECT_OF = {
    "/services": "service",
    "/services/{id}": "service",
    "/organizations": "organization",
    "/organizations/{id}": "organization",
    "/locations": "location",
    "/locations/{id}": "location",
    "/service_at_locations": "service_at_location",
    "/service_at_locations/{id}": "service_at_location",
    "/taxonomies": "taxonomy",
    "/taxonomies/{id}": "taxonomy",
    "/taxonomy_terms": "taxonomy_term",
    "/taxonomy_terms/{id}": "taxonomy_term",
}
NO_NUL = r"^[^\x00]*$"
PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details; `feil` names each parameter and what it allows.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "feil": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"felt": {"type": "string"}, "melding": {"type": "string"}},
                "required": ["felt", "melding"],
            },
        },
    },
    "required": ["title", "status", "detail"],
}


def _local_refs(node):
    """Point `$ref`s at components/schemas: `phone.json` and remote 3.0 URLs alike."""
    if isinstance(node, dict):
        found = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and not value.startswith("#"):
                name = REMOTE.sub("", value).removeprefix("compiled/").removesuffix(".json")
                value = "#/components/schemas/" + name.removesuffix("_list")
            found[key] = _local_refs(value)
        return found
    if isinstance(node, list):
        return [_local_refs(v) for v in node]
    return node


def profiled_schemas() -> dict[str, dict]:
    """The local HSDS 3.1 object schemas with the Mestring profile applied, by name."""
    found = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        schema = json.loads(path.read_text())
        patch_file = PROFILE_DIR / path.name
        if patch_file.is_file():
            schema = merge_patch(schema, json.loads(patch_file.read_text()))
        found[path.stem] = _local_refs(schema)
    return found


def _list_response(name: str, description: str) -> dict:
    items = {"$ref": f"#/components/schemas/{name}"}
    return {
        "description": description,
        "content": {
            "application/json": {
                "schema": {
                    "allOf": [{"$ref": "#/components/schemas/Page"}],
                    "properties": {"contents": {"type": "array", "items": items}},
                    "required": ["contents"],
                }
            },
            "application/x-ndjson": {
                "schema": {"type": "string", "description": "One JSON object per line."}
            },
        },
    }


def _error(description: str) -> dict:
    schema = {"$ref": "#/components/schemas/Problem"}
    return {"description": description, "content": {"application/problem+json": {"schema": schema}}}


def _parameters(parameters: list, shared: dict) -> list:
    kept = []
    for parameter in parameters:
        name = parameter.get("$ref", "").rsplit("/", 1)[-1] or parameter.get("name")
        if name not in UNSUPPORTED:
            kept.append(parameter)
    return kept


@cache
def document() -> dict:
    """The served description without `servers` (that depends on the request)."""
    official = json.loads(OFFICIAL.read_text())
    patched = merge_patch(official, json.loads((PROFILE_DIR / "openapi.json").read_text()))
    components = patched.setdefault("components", {})
    shared = components.setdefault("parameters", {})
    for name in UNSUPPORTED:
        shared.pop(name, None)
    paths = {}
    for path, item in patched.get("paths", {}).items():
        if path != "/" and path not in OBJECT_OF:
            continue
        item = {k: v for k, v in item.items() if k in ("get", "parameters", "summary")}
        if "parameters" in item:
            item["parameters"] = _parameters(item["parameters"], shared)
        paths[path] = item
    # We also serve /locations, which the official file leaves out.
    paths["/locations"] = copy.deepcopy(paths["/service_at_locations"])
    paths["/locations"]["get"]["operationId"] = "getLocations"
    paths["/locations"]["get"]["summary"] = "Locations"
    paths["/locations"]["get"]["description"] = "Paginated list of locations."
    paths["/locations/{id}"] = copy.deepcopy(paths["/service_at_locations/{id}"])
    paths["/locations/{id}"]["get"]["operationId"] = "getLocationById"
    paths["/locations/{id}"]["get"]["summary"] = "Location"
    paths["/locations/{id}"]["get"]["description"] = "A location with the given id."
    for path, item in paths.items():
        operation = item["get"]
        operation["parameters"] = _parameters(operation.get("parameters", []), shared)
        responses = operation.setdefault("responses", {})
        name = OBJECT_OF.get(path)
        if name and "{id}" in path:
            ok = responses["200"]
            ok["content"] = {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
            }
            responses["404"] = _error("No object with this id.")
        elif name:
            responses["200"] = _list_response(name, responses["200"]["description"])
        responses["400"] = _error("A parameter this API cannot read; `feil` names it.")
        responses["429"] = _error("Too many requests: wait the seconds in Retry-After.")
        responses["429"]["headers"] = {
            "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
        }
    patched["paths"] = paths
    inline = [p for item in paths.values() for p in item["get"].get("parameters", [])]
    for parameter in [*shared.values(), *inline]:
        schema = parameter.get("schema", {})
        if parameter.get("in") == "query" and schema.get("type") == "string":
            if "enum" not in schema and "format" not in schema:
                schema["pattern"] = NO_NUL  # text: anything but NUL (PostgreSQL refuses it)
    schemas = components.setdefault("schemas", {})
    schemas.update(profiled_schemas())
    schemas["Problem"] = PROBLEM
    return _local_refs(patched)


def parameter_schemas() -> dict[str, dict[str, dict]]:
    """Path template → {query parameter: its schema} in the served description."""
    served = document()
    shared = served["components"]["parameters"]
    found: dict[str, dict[str, dict]] = {}
    for path, item in served["paths"].items():
        params = {}
        for parameter in [*item.get("parameters", []), *item["get"].get("parameters", [])]:
            if "$ref" in parameter:
                parameter = shared[parameter["$ref"].rsplit("/", 1)[-1]]
            if parameter.get("in") == "query":
                params[parameter["name"]] = parameter.get("schema", {})
        found[path] = params
    return found
