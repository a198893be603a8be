"""HSDS test support: local official schemas, profiled schemas, and the demo data."""

import json
from pathlib import Path

from django.core.management import call_command
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from mestring.opendata.hsds.merge_patch import PROFILE_DIR, merge_patch

SCHEMAS = Path(__file__).parent / "hsds_schemas"
BASE = "https://hsds.local/schema/"
# Export file / list endpoint -> schema of one of its objects.
SCHEMA_OF = {
    "services": "service.json",
    "organizations": "organization.json",
    "locations": "location.json",
    "service_at_locations": "service_at_location.json",
    "taxonomies": "taxonomy.json",
    "taxonomy_terms": "taxonomy_term.json",
}
REMOTE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


def official_schemas() -> dict[str, dict]:
    """Modular schemas by file name, and the compiled list schemas as compiled/<name>."""
    files = [*SCHEMAS.glob("*.json"), *SCHEMAS.glob("compiled/*.json")]
    return {
        str(p.relative_to(SCHEMAS)): json.loads(p.read_text())
        for p in files
        if p.name != "openapi.json"
    }


def profiled_schemas() -> dict[str, dict]:
    schemas = official_schemas()
    for patch_file in PROFILE_DIR.glob("*.json"):
        if patch_file.name in schemas:
            patch = json.loads(patch_file.read_text())
            schemas[patch_file.name] = merge_patch(schemas[patch_file.name], patch)
    return schemas


def registry(schemas: dict[str, dict]) -> Registry:
    resources = [
        (BASE + name, Resource.from_contents(body, default_specification=DRAFT202012))
        for name, body in schemas.items()
    ]
    return Registry().with_resources(resources)


def validator(schemas: dict[str, dict], name: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": BASE + name}, registry=registry(schemas), format_checker=FormatChecker()
    )


def local_openapi() -> dict:
    """The official openapi.json with its remote 3.0 `$ref`s pointed at the local copies.

    The large dereferenced compiled/service.json and organization.json are replaced by the
    modular schemas they are generated from.
    """
    text = (SCHEMAS / "openapi.json").read_text().replace(REMOTE, BASE)
    for name in ("service.json", "organization.json"):
        text = text.replace(BASE + "compiled/" + name, BASE + name)
    return json.loads(text)


def response_validator(path: str) -> Draft202012Validator:
    """Validator of the 200 JSON response of GET `path` in the official openapi.json."""
    schemas = {**official_schemas(), "openapi.json": local_openapi()}
    pointer = path.replace("~", "~0").replace("/", "~1")
    ref = f"{BASE}openapi.json#/paths/{pointer}/get/responses/200/content/application~1json/schema"
    return Draft202012Validator(
        {"$ref": ref}, registry=registry(schemas), format_checker=FormatChecker()
    )


def load_demo() -> None:
    call_command("demo", "--scale", "mini", "--seed", "7", "--today", "2026-06-30", verbosity=0)
