"""Database rows as flat core-dataset records, for export and for comparing on import.

A record maps every column of its list (columns.py) to a normalised Python value: None
for a missing answer, sorted lists for code sets, aware datetimes, Decimals. The importer
parses incoming rows to the same shape, so "unchanged" is plain equality.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.functions import Collate

from mestring.activity.models import COUNT_FIELDS, Attendance
from mestring.catalogue.models import Offer, OfferCode, Session

from .columns import OFFER_CODE_FIELDS, OFFERS, ORGANISATIONS, RUNS, ListSpec

# SQLite's limit on query parameters is 999; stay under it on every database.
CHUNK = 900


def chunked(items: Iterable, size: int = CHUNK) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def by_code_point(field: str):
    """Order by `field` in code point order on both databases, so exports are stable."""
    return Collate(field, "C" if connection.vendor == "postgresql" else "BINARY")


def _lookups(spec: ListSpec) -> dict[str, str]:
    """Core name → `values()` lookup, for columns stored on the model itself."""
    lookups = {}
    for column in spec.columns:
        if column.attr is None or (column.multi and column.attr != "user_organisations"):
            continue
        field = spec.model._meta.get_field(column.attr)
        if field.many_to_one:
            suffix = "__external_id" if column.kind == "ref" else "_id"
            lookups[column.name] = column.attr + suffix
        else:
            lookups[column.name] = column.attr
    return lookups


def _record(spec: ListSpec, lookups: dict[str, str], row: dict) -> dict:
    record: dict = {}
    for column in spec.columns:
        if column.name not in lookups:
            record[column.name] = []
            continue
        value = row[lookups[column.name]]
        if value == "":
            value = None  # blank text and codes are missing answers
        record[column.name] = value
    return record


def organisation_records(queryset: QuerySet) -> Iterator[tuple[int, dict]]:
    lookups = _lookups(ORGANISATIONS)
    rows = queryset.order_by(by_code_point("external_id")).values("pk", *lookups.values())
    for row in rows.iterator(chunk_size=2000):
        yield row["pk"], _record(ORGANISATIONS, lookups, row)


def offer_records(queryset: QuerySet) -> Iterator[tuple[int, dict]]:
    lookups = _lookups(OFFERS)
    rows = queryset.order_by(by_code_point("external_id")).values("pk", *lookups.values())
    for chunk in chunked(rows.iterator(chunk_size=2000), 2000):
        codes, co_organisers = _offer_extras([row["pk"] for row in chunk])
        for row in chunk:
            record = _record(OFFERS, lookups, row)
            record["brukerorganisasjoner"] = list(record["brukerorganisasjoner"] or [])
            record["medarrangorer"] = sorted(co_organisers.get(row["pk"], []))
            for field in OFFER_CODE_FIELDS:
                record[field] = sorted(codes[row["pk"]].get(field, []))
            yield row["pk"], record


def _offer_extras(pks: list[int]) -> tuple[dict, dict]:
    codes: dict[int, dict[str, list[str]]] = defaultdict(dict)
    co_organisers: dict[int, list[str]] = defaultdict(list)
    through = Offer.co_organisers.through
    for part in chunked(pks):
        for offer_id, field, code in OfferCode.objects.filter(offer_id__in=part).values_list(
            "offer_id", "field", "code"
        ):
            codes[offer_id].setdefault(field, []).append(code)
        for offer_id, external_id in through.objects.filter(offer_id__in=part).values_list(
            "offer_id", "organisation__external_id"
        ):
            co_organisers[offer_id].append(external_id)
    return codes, co_organisers


def run_records(queryset: QuerySet) -> Iterator[tuple[int, dict]]:
    lookups = _lookups(RUNS)
    rows = queryset.order_by(by_code_point("external_id")).values("pk", *lookups.values())
    for row in rows.iterator(chunk_size=2000):
        yield row["pk"], _record(RUNS, lookups, row)


def sessions_of(run_pks: Iterable[int]) -> dict[int, list[tuple]]:
    """(start, duration) of every session of the given runs, in time order."""
    sessions: dict[int, list[tuple]] = defaultdict(list)
    for part in chunked(run_pks):
        rows = Session.objects.filter(run_id__in=part).order_by("run_id", "start", "pk")
        for run_id, start, duration in rows.values_list("run_id", "start", "duration_min"):
            sessions[run_id].append((start, duration))
    return sessions


def attendance_rows(queryset: QuerySet | None = None) -> Iterator[tuple]:
    """(pk, run id, date, *counts), ordered by run id and date with the whole-run row first."""
    queryset = Attendance.objects.all() if queryset is None else queryset
    rows = queryset.order_by(
        by_code_point("run__external_id"), F("date").asc(nulls_first=True)
    ).values_list("pk", "run__external_id", "date", *COUNT_FIELDS.values())
    return rows.iterator(chunk_size=5000)
