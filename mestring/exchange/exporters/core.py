"""Export everything in the exchange format (core dataset §7): JSON, CSV or XLSX.

The JSON is canonical: keys in the core dataset's order, lists sorted by id, attendance
by (run, date) with the whole-run row first, missing answers as null. It is written one
record at a time, so national data does not have to fit in memory.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from mestring.activity.models import COUNT_FIELDS
from mestring.catalogue.models import Offer, Organisation, Run

from .. import records
from ..columns import JSON_FORMAT, JSON_LISTS, JSON_VERSION, LISTS, ListSpec
from ..parsing import OSLO

FORMATS = ("json", "csv", "xlsx")
# A public export (open data): published offers and their runs, no attendance.
_public = ContextVar("public_export", default=False)


@contextmanager
def _scope(public: bool):
    token = _public.set(public)
    try:
        yield
    finally:
        _public.reset(token)


def export_data(fmt: str, out: str | Path | TextIO, *, public: bool = False) -> None:
    """Write all organisations, offers (drafts too), runs, sessions and attendance.

    `out` is a text stream or a path for JSON; for CSV a directory, or a .zip file when
    the path ends with .zip; for XLSX a workbook path. With `public`, only what the public
    catalogue shows: published offers with their runs and sessions, and no attendance
    (person counts are published only through the protected statistics).
    """
    with _scope(public):
        _export(fmt, out)


def _export(fmt: str, out: str | Path | TextIO) -> None:
    if fmt == "json":
        if isinstance(out, str | Path):
            with Path(out).open("w", encoding="utf-8", newline="\n") as stream:
                write_json(stream)
        else:
            write_json(out)
        return
    from . import tabular

    if fmt == "csv":
        tabular.write_csv(Path(out))
    elif fmt == "xlsx":
        tabular.write_xlsx(Path(out))
    else:
        raise ValueError(fmt)


# --- records in export order -------------------------------------------------------------


def _offers():
    offers = Offer.objects.all()
    return offers.published() if _public.get() else offers


def _runs():
    runs = Run.objects.all()
    return runs.published() if _public.get() else runs


def organisation_records() -> Iterator[dict]:
    for _pk, record in records.organisation_records(Organisation.objects.all()):
        yield record


def offer_records() -> Iterator[dict]:
    for _pk, record in records.offer_records(_offers()):
        yield record


def runs_with_sessions() -> Iterator[tuple[dict, list[tuple]]]:
    """Each run's record with its sessions (start, minutes) in time order."""
    for chunk in records.chunked(records.run_records(_runs()), 2000):
        sessions = records.sessions_of(pk for pk, _record in chunk)
        for pk, record in chunk:
            yield record, sessions.get(pk, [])


def attendance_records() -> Iterator[dict]:
    if _public.get():
        return
    names = list(COUNT_FIELDS)
    for _pk, run, day, *counts in records.attendance_rows():
        yield {"gjennomforing": run, "dato": day, **dict(zip(names, counts, strict=True))}


def session_records() -> Iterator[dict]:
    for run, sessions in runs_with_sessions():
        for start, minutes in sessions:
            yield {"gjennomforing": run["id"], "start": start, "varighet_min": minutes}


LIST_RECORDS = {
    "tilbydere": organisation_records,
    "tilbud": offer_records,
    "gjennomforinger": lambda: (run for run, _sessions in runs_with_sessions()),
    "samlinger": session_records,
    "aktivitet": attendance_records,
}


# --- JSON -------------------------------------------------------------------------------


def json_value(value):
    if isinstance(value, Decimal):
        # Whole kroner as integers, otherwise the shortest exact float: 250, 99.5.
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return value.astimezone(OSLO).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def json_object(spec: ListSpec, record: dict) -> dict:
    """A flat record as a JSON object, with the fields grouped as §7 says."""
    result: dict = {}
    for column in spec.columns:
        value = record[column.name]
        if column.multi and not value and column.required:
            value = None  # a 1..n field without values is a missing answer
        if column.json_object:
            key, inner = column.json_object
            group = result.setdefault(key, {})
            group[inner] = json_value(value)
        else:
            multi = column.multi and value is not None
            result[column.name] = [json_value(v) for v in value] if multi else json_value(value)
    for key, group in result.items():
        if isinstance(group, dict) and all(v is None for v in group.values()):
            result[key] = None
    return result


def run_object(record: dict, sessions: list[tuple]) -> dict:
    result = json_object(LISTS["gjennomforinger"], record)
    items = [{"start": json_value(start), "varighet_min": minutes} for start, minutes in sessions]
    ordered = {}
    for key, value in result.items():
        ordered[key] = value
        if key == "slutt":
            ordered["samlinger"] = items or None
    return ordered


def _json_items(list_name: str) -> Iterator[dict]:
    if list_name == "gjennomforinger":
        for record, sessions in runs_with_sessions():
            yield run_object(record, sessions)
    else:
        for record in LIST_RECORDS[list_name]():
            yield json_object(LISTS[list_name], record)


def write_json(stream: TextIO) -> None:
    """The same text `json.dumps(document, indent=2, ensure_ascii=False)` gives, streamed."""
    stream.write('{\n  "format": ' + json.dumps(JSON_FORMAT) + ",\n")
    stream.write(f'  "versjon": {JSON_VERSION},\n')
    for index, list_name in enumerate(JSON_LISTS):
        stream.write(f'  "{list_name}": [')
        empty = True
        for item in _json_items(list_name):
            text = json.dumps(item, indent=2, ensure_ascii=False)
            stream.write(
                ("\n" if empty else ",\n") + "\n".join("    " + ln for ln in text.split("\n"))
            )
            empty = False
        stream.write("]" if empty else "\n  ]")
        stream.write(",\n" if index < len(JSON_LISTS) - 1 else "\n")
    stream.write("}\n")
