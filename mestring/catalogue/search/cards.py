"""What a result card shows of an offer, kept in the index beside its document.

A page of results is then one read of the index: no offers, codes or runs. The card holds
the offer's facts in the core dataset's names and its next planned runs as of indexing
(`KEPT_RUNS`); which of them is "next" is decided when the card is read, by the same rule
as everywhere (`rules.next_run`), so a card stays right as the days pass. The daily
`mestring search oppdater` re-indexes offers whose next run has started, before the kept
runs can run out.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from .. import codes, rules

KEPT_RUNS = 5


def card(offer: dict, responsible: tuple[str, str] | None, offer_codes, runs) -> dict:
    """The card of an offer: `offer` as read by the index, its responsible organisation's
    (external id, name), its codes as (list, code), and its planned runs that had not
    started as (external id, start, end, format, municipality number, municipality name)."""

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
                "kommune": municipality_name,
            }
            for external_id, start, end, run_format, municipality, municipality_name in upcoming
        ],
    }


def shown(kept: dict, today: date) -> dict:
    """The card as of `today`: its next run chosen among the kept ones by the rule of
    `rules.next_run`, dates and price as Python values again."""
    runs = [
        SimpleNamespace(
            status=codes.RunStatus.PLANNED,
            start=date.fromisoformat(run["start"]),
            end=date.fromisoformat(run["slutt"]) if run["slutt"] else None,
            external_id=run["id"],
            summary=run,
        )
        for run in kept["gjennomforinger"]
    ]
    following = rules.next_run(runs, today)
    facts = {key: value for key, value in kept.items() if key != "gjennomforinger"}
    facts["pris"] = None if kept["pris"] is None else Decimal(kept["pris"])
    facts["neste_gjennomforing"] = (
        {**following.summary, "start": following.start, "slutt": following.end}
        if following
        else None
    )
    return facts
