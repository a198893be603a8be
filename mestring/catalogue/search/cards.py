"""What a result card shows of an offer, kept in the index beside its document.

A page of results is then one read of the index: no offers, codes or runs. The card holds
the offer's facts in the core dataset's names and its next planned runs as of indexing
(`KEPT_RUNS`); which of them is "next" is decided when the card is read, by the same rule
as everywhere (`rules.next_run`), so a card stays right as the days pass. The daily
`mestring search oppdater` re-indexes offers whose next run has started, before the kept
runs can run out.
"""

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from .. import codes, rules

KEPT_RUNS = 5


def card(offer: dict, responsible: tuple[str, str] | None, offer_codes, runs) -> dict:
    """The card of an offer: `offer` as read by the index, its responsible organisation's
    (external id, name), its codes as (list, code), and its planned runs starting on the
    day of indexing or later as (external id, start, end, format, municipality number,
    municipality name, first session, last session)."""

    def codes_of(field: str) -> list[str]:
        return sorted(code for list_name, code in offer_codes if list_name == field)

    upcoming = sorted(runs, key=lambda run: (run[1], run[0]))[:KEPT_RUNS]
    return {
        "id": offer["external_id"],
        "tittel": offer["title"],
        "ansvarlig": {"id": responsible[0], "navn": responsible[1]} if responsible else None,
        "hovedtematikk": offer["main_theme"],
        "diagnoser": codes_of("diagnoser"),
        "fagfelt": codes_of("fagfelt"),
        "hovedmalgruppe": offer["main_target_group"] or None,
        "aldersgruppe": offer["age_group"] or None,
        "sprak": codes_of("sprak"),
        "pris": None if offer["price"] is None else str(offer["price"]),
        "krav_henvisning": offer["requires_referral"],
        "gjennomforinger": [
            {
                "id": external_id,
                "start": start.isoformat(),
                "slutt": end.isoformat() if end else None,
                "format": run_format or None,
                "kommunenummer": municipality,
                "kommune": place,
                "samlinger": [moment.isoformat() for moment in (first, last) if moment],
            }
            for external_id, start, end, run_format, municipality, place, first, last in upcoming
        ],
    }


def _runs(kept: dict) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(
            status=codes.RunStatus.PLANNED,
            start=date.fromisoformat(run["start"]),
            end=date.fromisoformat(run["slutt"]) if run["slutt"] else None,
            external_id=run["id"],
            first_session=datetime.fromisoformat(run["samlinger"][0]) if run["samlinger"] else None,
            last_session=datetime.fromisoformat(run["samlinger"][-1]) if run["samlinger"] else None,
            summary=run,
        )
        for run in kept["gjennomforinger"]
    ]


def shown(kept: dict, now: datetime) -> dict:
    """The card as of `now`: its next run chosen among the kept ones by the rule of
    `rules.next_run`, dates and price as Python values again."""
    following = rules.next_run(_runs(kept), now)
    facts = {key: value for key, value in kept.items() if key != "gjennomforinger"}
    facts["pris"] = None if kept["pris"] is None else Decimal(kept["pris"])
    facts["neste_gjennomforing"] = (
        {
            **{k: v for k, v in following.summary.items() if k != "samlinger"},
            "start": following.start,
            "slutt": following.end,
        }
        if following
        else None
    )
    return facts


def next_change(kept_cards: list[dict], now: datetime) -> datetime | None:
    """The first moment after `now`, today, at which one of these cards would show another
    next run (a first session begins); None when none does before the day ends."""
    moments = [
        run.first_session
        for kept in kept_cards
        for run in _runs(kept)
        if run.first_session
        and now < run.first_session
        and run.first_session.astimezone(now.tzinfo).date() == now.date()
    ]
    return min(moments, default=None)
