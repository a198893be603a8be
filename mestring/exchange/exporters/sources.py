"""The records of an export, list by list in export order (core dataset §7): everything, or
only what the public catalogue shows. The writers (core.py for JSON, tabular.py for CSV
and XLSX) read them from here."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from mestring.activity.models import COUNT_FIELDS
from mestring.catalogue.models import Offer, Organisation, Run

from .. import records

# A public export (open data): published offers and their runs, no attendance.
_public = ContextVar("public_export", default=False)


@contextmanager
def public_scope(public: bool):
    token = _public.set(public)
    try:
        yield
    finally:
        _public.reset(token)


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
