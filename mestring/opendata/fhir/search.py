"""Search parameters of `GET /fhir/HealthcareService`, as plain functions over a queryset.

Supported: `_id`, `name` (contains, case-insensitive), `organization` (a reference or
id), `service-category` (token: `code` or `system|code`), `_lastUpdated` (with the
prefixes eq, gt, ge, lt, le) and `_count`.
"""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from mestring.catalogue.models import Offer, Organisation

from . import ids

SUPPORTED = frozenset({"_id", "name", "organization", "service-category", "_lastUpdated"})
PAGING = frozenset({"_count", "_format"})
DEFAULT_COUNT = 50
MAX_COUNT = 500
_PREFIXES = {"eq": "", "gt": "__gt", "ge": "__gte", "lt": "__lt", "le": "__lte"}


class SearchError(ValueError):
    """A parameter we do not understand; reported as an OperationOutcome."""


def external_id(resource_id: str, model) -> str | None:
    """The external id behind a FHIR id (ids of unusual external ids are hashed)."""
    if model.objects.filter(external_id=resource_id).exists():
        return resource_id
    for value in model.objects.values_list("external_id", flat=True).iterator():
        if ids.fhir_id(value) == resource_id:
            return value
    return None


def _last_updated(queryset: QuerySet, value: str) -> QuerySet:
    prefix, moment = (value[:2], value[2:]) if value[:2] in _PREFIXES else ("eq", value)
    parsed = parse_datetime(moment)
    if parsed is None:
        day = parse_date(moment)
        if day is None:
            raise SearchError(f"_lastUpdated: not a date or dateTime: {value}")
        parsed = datetime(day.year, day.month, day.day)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return queryset.filter(**{f"updated_at{_PREFIXES[prefix]}": parsed})


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


def apply(queryset: QuerySet[Offer], params) -> QuerySet[Offer]:
    """Filter offers by the search parameters of a query dict; unknown names are errors."""
    for name in params:
        if name not in SUPPORTED | PAGING:
            raise SearchError(f"Unsupported search parameter: {name}")
    for name in SUPPORTED & set(params):
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


def count(params) -> int:
    raw = params.get("_count", str(DEFAULT_COUNT))
    if not raw.isdigit():
        raise SearchError(f"_count: not a whole number: {raw}")
    return min(int(raw), MAX_COUNT)
