"""The one parsing layer of the HSDS API: every query parameter is checked against the
served API description (`document.py`) before a view reads it. An integer is digits within
its bounds, a boolean is true or false, a date-time exists on the calendar, a code is one
of its enum, an id is not empty, no value holds NUL, and a parameter that is not a list is
given once. Anything else is a 400 problem+json naming the parameter and what it allows."""

from datetime import datetime
from functools import wraps

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from mestring.api.errors import bad_request

from ..instants import comparable
from .document import parameter_schemas


class BadValue(ValueError):
    """A parameter value that does not fit; the message says what would."""


def moment(value: str) -> datetime:
    """An ISO 8601 date-time or date (midnight, local time) that exists on the calendar."""
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            parsed = datetime.combine(day, datetime.min.time()) if day else None
    except ValueError:  # well-formed but impossible, e.g. 2024-02-30
        parsed = None
    if parsed is None:
        raise BadValue(
            _("Må være en dato og tid som finnes (ISO 8601), f.eks. %(example)s.")
            % {"example": "2026-11-22T08:00:00+01:00"}
        )
    return comparable(parsed)


def check_value(value: str, schema: dict) -> None:
    """Raise BadValue when `value` does not fit the parameter's schema."""
    if "\x00" in value:
        raise BadValue(_("Verdien kan ikke inneholde NUL-tegnet."))
    kind = schema.get("type", "string")
    if kind == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        if (
            not value.isascii()
            or not value.isdigit()
            or len(value) > 18  # beyond any bound, and int() refuses thousands of digits
            or not ((low is None or int(value) >= low) and (high is None or int(value) <= high))
        ):
            raise BadValue(
                _("Må være et heltall fra %(low)s til %(high)s.") % {"low": low, "high": high}
            )
    elif kind == "boolean":
        if value not in ("true", "false"):
            raise BadValue(_("Tillatte verdier: %(values)s.") % {"values": "true, false"})
    elif "enum" in schema:
        if value not in schema["enum"]:
            raise BadValue(
                _("Tillatte verdier: %(values)s.") % {"values": ", ".join(schema["enum"])}
            )
    elif schema.get("format") == "date-time":
        moment(value)
    elif len(value) < schema.get("minLength", 0):
        raise BadValue(_("Må fylles ut."))


def problems(template: str, query) -> list[dict]:
    """Every parameter of `query` that does not fit the operation at `template`."""
    found = []
    for name, schema in parameter_schemas().get(template, {}).items():
        values = query.getlist(name)
        try:
            if len(values) > 1 and schema.get("type") != "array":
                raise BadValue(_("Parameteren kan bare gis én gang."))
            for value in values:
                check_value(value, schema.get("items", schema))
        except BadValue as error:
            text = _("Ugyldig verdi for %(name)s.") % {"name": name}
            found.append({"felt": name, "melding": f"{text} {error}"})
    return found


def checked(template: str):
    """Refuse requests whose parameters do not fit the description (400 problem+json)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            found = problems(template, request.GET)
            if found:
                return bad_request(found)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
