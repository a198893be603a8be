"""Generated offers as exchange records, so the quality checks can read them unwritten."""

from mestring.exchange.columns import OFFERS, RUNS
from mestring.quality.rules import OfferData, RunData

from .generator import OfferBundle


def _value(value):
    return None if value == "" else value


def offer_data(bundle: OfferBundle, responsible: str) -> OfferData:
    """The bundle's offer, runs and sessions keyed by the core dataset's names."""
    offer = {}
    for column in OFFERS.columns:
        if column.name == "ansvarlig":
            offer[column.name] = responsible
        elif column.name == "medarrangorer":
            offer[column.name] = list(bundle.co_organisers)
        elif column.attr is None:
            offer[column.name] = sorted(code for name, code in bundle.codes if name == column.name)
        else:
            offer[column.name] = _value(bundle.offer[column.attr])
    sessions: dict[int, list] = {}
    for session in bundle.sessions:
        sessions.setdefault(session["run"], []).append((session["start"], session["duration_min"]))
    runs = []
    for index, run in enumerate(bundle.runs):
        record = {}
        for column in RUNS.columns:
            if column.name == "tilbud":
                record[column.name] = offer["id"]
            elif column.name == "kommunenummer":
                record[column.name] = run["municipality_id"]
            else:
                record[column.name] = _value(run[column.attr])
        runs.append(RunData(record, sorted(sessions.get(index, []))))
    return OfferData(offer, tuple(runs))
