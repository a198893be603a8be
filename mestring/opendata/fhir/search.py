"""Search parameters of `GET /fhir/HealthcareService`: the one parsing layer of the FHIR API
and plain functions over a queryset.

Supported: `_id`, `name` (contains, case-insensitive), `organization` (a reference or
id), `service-category` (token: `code` or `system|code`), `_lastUpdated` (with the
prefixes eq, gt, ge, lt, le), and the paging parameters `_count` and `_offset`. A value
we cannot read (an impossible date, a number out of range, an empty value, a NUL
character, a paging parameter given twice) is a `SearchError`, answered as a 400
OperationOutcome that names the parameter and what it allows.
"""

import re
from datetime import datetime

from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime

from mestring.catalogue.models import Offer, Organisation

from ..instants import comparable
from . import ids

SUPPORTED = frozenset({"_id", "name", "organization", "service-category", "_lastUpdated"})
PAGING = frozenset({"_count", "_offset", "_format"})
DEFAULT_COUNT = 50
MAX_COUNT = 500
MAX_OFFSET = 10_000_000
FORMATS = ("json", "application/json", "application/fhir+json")
_PREFIXES = {"eq": "", "gt": "__gt", "ge": "__gte", "lt": "__lt", "le": "__lte"}
_DAY = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


class SearchError(ValueError):
    """A parameter we cannot read; reported as an OperationOutcome naming `name`."""

    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name


def external_id(resource_id: str, model) -> str | None:
    """The external id behind a FHIR id (ids of unusual external ids are hashed)."""
    if model.objects.filter(external_id=resource_id).exists():
        return resource_id
    for value in model.objects.values_list("external_id", flat=True).iterator():
        if ids.fhir_id(value) == resource_id:
            return value
    return None


def moment(value: str) -> datetime:
    """A FHIR date (YYYY, YYYY-MM, YYYY-MM-DD) or dateTime that exists on the calendar;
    a partial date means its first instant."""
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = _DAY.match(value)
            if day is None:
                raise ValueError(value)
            year, month, date = (int(part) if part else 1 for part in day.groups())
            parsed = datetime(year, month, date)
    except ValueError:
        raise SearchError(
            "_lastUpdated",
            "not a date or dateTime that exists: use [eq|gt|ge|lt|le]YYYY[-MM[-DD"
            "[Thh:mm:ss+zz:zz]]], e.g. ge2026-01-31",
        ) from None
    return comparable(parsed)


def _last_updated(queryset: QuerySet, value: str) -> QuerySet:
    prefix, rest = (value[:2], value[2:]) if value[:2] in _PREFIXES else ("eq", value)
    return queryset.filter(**{f"updated_at{_PREFIXES[prefix]}": moment(rest)})


def _name(queryset: QuerySet, value: str) -> QuerySet:
    """Titles that contain the value, folding case in Python: SQLite only folds ASCII."""
    wanted = value.casefold()
    titles = queryset.values_list("pk", "title")
    return queryset.filter(pk__in=[pk for pk, title in titles if wanted in title.casefold()])


def _category(queryset: QuerySet, value: str) -> QuerySet:
    system, _, code = value.rpartition("|")
    if system and system != ids.CODE_SYSTEM + "theme":
        return queryset.none()
    return queryset.filter(main_theme=code)


def _organization(queryset: QuerySet, value: str) -> QuerySet:
    org_id = value.removeprefix("Organization/")
    found = external_id(org_id, Organisation)
    return queryset.filter(responsible__external_id=found) if found else queryset.none()


def check(params) -> None:
    """Raise SearchError for the first parameter we cannot read."""
    for name in params:
        if name not in SUPPORTED | PAGING:
            allowed = ", ".join(sorted(SUPPORTED | PAGING))
            raise SearchError(name, f"unsupported search parameter; supported: {allowed}")
        values = params.getlist(name)
        if name in PAGING and len(values) > 1:
            raise SearchError(name, "may be given once")
        for value in values:
            if "\x00" in value:
                raise SearchError(name, "contains a NUL character")
            if not value:
                raise SearchError(name, "is empty")
    for value in params.getlist("_id"):
        if not ids.is_valid_id(value):
            raise SearchError("_id", "not a FHIR id: 1 to 64 of A-Z, a-z, 0-9, - and .")
    if "_format" in params and params["_format"] not in FORMATS:
        raise SearchError("_format", f"allowed values: {', '.join(FORMATS)}")
    count(params)
    offset(params)


def apply(queryset: QuerySet[Offer], params) -> QuerySet[Offer]:
    """Filter offers by the search parameters of a checked query dict."""
    check(params)
    for name in sorted(SUPPORTED & set(params)):
        for value in params.getlist(name):
            if name == "_id":
                found = external_id(value, Offer)
                queryset = queryset.filter(external_id=found) if found else queryset.none()
            elif name == "name":
                queryset = _name(queryset, value)
            elif name == "organization":
                queryset = _organization(queryset, value)
            elif name == "service-category":
                queryset = _category(queryset, value)
            else:
                queryset = _last_updated(queryset, value)
    return queryset


def _whole(params, name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise SearchError(name, f"a whole number from {low} to {high}")
    return int(raw)


def count(params) -> int:
    """Page size: `_count`, 1 to 500 (default 50)."""
    return _whole(params, "_count", DEFAULT_COUNT, 1, MAX_COUNT)


def offset(params) -> int:
    """Where the page starts in the stable order: `_offset`, from 0."""
    return _whole(params, "_offset", 0, 0, MAX_OFFSET)
