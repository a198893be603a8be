"""Query parameters checked against the HSDS API description before a view reads them:
an integer is digits, a boolean is true or false, and a parameter that is not a list is
given once. The description itself says which parameter has which type."""

import json
import re
from functools import cache, wraps
from pathlib import Path

from django.http import JsonResponse

OPENAPI = Path(__file__).with_name("openapi.json")
DIGITS = re.compile(r"^[0-9]+$")


@cache
def parameter_types() -> dict[str, dict[str, str]]:
    """Path template (e.g. "/services") → {query parameter: schema type}."""
    document = json.loads(OPENAPI.read_text())
    shared = document.get("components", {}).get("parameters", {})
    types: dict[str, dict[str, str]] = {}
    for path, item in document.get("paths", {}).items():
        operation = item.get("get") or {}
        found = {}
        for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
            if "$ref" in parameter:
                parameter = shared.get(parameter["$ref"].rsplit("/", 1)[-1], {})
            if parameter.get("in") == "query":
                found[parameter["name"]] = parameter.get("schema", {}).get("type", "string")
        types[path] = found
    return types


def problem(template: str, query) -> str | None:
    """What is wrong with `query` for the operation at `template`, or None."""
    for name, kind in parameter_types().get(template, {}).items():
        values = query.getlist(name)
        if not values:
            continue
        if len(values) > 1 and kind != "array":
            return f"{name} may be given once"
        value = values[0]
        if kind == "integer" and not DIGITS.match(value):
            return f"{name} must be a whole number"
        if kind == "boolean" and value not in ("true", "false"):
            return f"{name} must be true or false"
        if "\x00" in value:
            return f"{name} contains a NUL character"
    return None


def checked(template: str):
    """Refuse requests whose parameters do not fit the description (400)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            found = problem(template, request.GET)
            if found:
                return JsonResponse({"error": found}, status=400)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
