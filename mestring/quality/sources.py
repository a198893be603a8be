"""Offers with their runs and sessions as exchange records, from the database or from files."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from mestring.catalogue.models import Offer, Organisation, Run
from mestring.exchange import records
from mestring.exchange.checks import validate
from mestring.exchange.issues import Issue
from mestring.exchange.readers import read_files

from .rules import OfferData, RunData


def _runs_of(offer_pks: list[int]) -> dict[str, list[RunData]]:
    """Offer id → its runs with their sessions."""
    runs: dict[str, list[RunData]] = defaultdict(list)
    for part in records.chunked(offer_pks):
        rows = list(records.run_records(Run.objects.filter(offer_id__in=part)))
        sessions = records.sessions_of(pk for pk, _record in rows)
        for pk, record in rows:
            runs[record["tilbud"]].append(RunData(record, sessions.get(pk, [])))
    return runs


def database_offers() -> Iterator[OfferData]:
    """Every offer in the database with its runs and sessions, a chunk at a time."""
    for chunk in records.chunked(records.offer_records(Offer.objects.all()), 2000):
        runs = _runs_of([pk for pk, _record in chunk])
        for _pk, record in chunk:
            yield OfferData(record, tuple(runs.get(record["id"], ())))


def provider_names() -> dict[str, str]:
    return dict(Organisation.objects.values_list("external_id", "name"))


def _stored_sessions(run_ids: Iterable[str]) -> dict[str, list[tuple]]:
    pks = dict(Run.objects.filter(external_id__in=list(run_ids)).values_list("pk", "external_id"))
    return {pks[pk]: sessions for pk, sessions in records.sessions_of(pks).items()}


def file_offers(paths: Iterable[str | Path]) -> tuple[list[OfferData], list[Issue], dict]:
    """The offers of a file set with their runs, as the importer would read them.

    Returns the offers, the errors the importer would refuse the files for, and the
    providers' names. Runs whose offer is not in the files are checked against the stored
    offer; runs whose sessions the files leave out keep their stored sessions.
    """
    files = read_files(paths)
    try:
        validation = validate(files)
    finally:
        files.close()
    data = validation.dataset
    offers = dict(data.offers)
    missing = {run["tilbud"] for run in data.runs.values()} - set(offers)
    if missing:
        stored = Offer.objects.filter(external_id__in=missing)
        offers.update({record["id"]: record for _pk, record in records.offer_records(stored)})
    stored_sessions = _stored_sessions(key for key in data.runs if key not in data.sessions)
    runs: dict[str, list[RunData]] = defaultdict(list)
    for key, run in data.runs.items():
        sessions = data.sessions.get(key, stored_sessions.get(key, []))
        runs[run["tilbud"]].append(RunData(run, sorted(sessions, key=lambda s: s[0])))
    result = [OfferData(record, tuple(runs.get(key, ()))) for key, record in offers.items()]
    names = provider_names()
    names.update({key: record["navn"] for key, record in data.organisations.items()})
    return result, validation.errors, names
