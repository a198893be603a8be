"""What an agreement generated: runs, sessions and participants per year, and which parties
took part.

An agreement's runs are the runs tied to it and every run of the offers tied to it, counted
as the statistics count (§6): not cancelled, the offer not a draft. Participants are
patients, relatives, child relatives and other participants (as «Deltakere i alt» in the
activity report); person counts are suppressed as everywhere (statistics/suppression.py)
unless the reader may see exact figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import ExtractYear

from mestring.activity.models import COUNT_FIELDS
from mestring.catalogue import codes
from mestring.catalogue.models import Offer, Run
from mestring.statistics.activity import PARTICIPANTS
from mestring.statistics.per_run import grouped_run_totals
from mestring.statistics.suppression import Line, suppress

from .models import Agreement, TiedOffer, TiedRun

# Positions of the participant counts among the attendance sums (COUNT_FIELDS order).
_PARTICIPANT_COLUMNS = [i for i, name in enumerate(COUNT_FIELDS) if name in PARTICIPANTS]
TOTAL = "i_alt"


@dataclass
class YearRow:
    year: int | str  # TOTAL for the total row
    runs: int
    sessions: int
    participants: int
    participants_shown: str = ""  # the number, `<5` or `x`
    parties: tuple[str, ...] = ()  # names of the parties that took part


def agreement_runs(agreement: Agreement) -> QuerySet[Run]:
    """The counted runs the agreement generated (tied directly or through their offer)."""
    tied_runs = TiedRun.objects.filter(agreement=agreement).values("run")
    tied_offers = TiedOffer.objects.filter(agreement=agreement).values("offer")
    return Run.objects.filter(Q(pk__in=tied_runs) | Q(offer_id__in=tied_offers)).counted()


def per_year(agreement: Agreement, *, exact: bool = False) -> list[YearRow]:
    """One row per year the agreement's runs started in, oldest first, then the total."""
    rows = []
    for year, runs, sessions, *attendance in sorted(
        grouped_run_totals(agreement_runs(agreement), {"year": ExtractYear("start")})
    ):
        participants = sum(attendance[i] or 0 for i in _PARTICIPANT_COLUMNS)
        rows.append(YearRow(int(year), runs, sessions or 0, participants))
    total = YearRow(
        TOTAL,
        sum(r.runs for r in rows),
        sum(r.sessions for r in rows),
        sum(r.participants for r in rows),
    )
    rows.append(total)
    _mark(rows, exact)
    parties = parties_per_year(agreement)
    for row in rows:
        row.parties = parties.get(row.year, ())
    return rows


def _mark(rows: list[YearRow], exact: bool) -> None:
    values = {row.year: row.participants for row in rows}
    hidden = {}
    if not exact:
        years = tuple(row.year for row in rows if row.year != TOTAL)
        hidden = suppress(values, [Line(years, TOTAL)], settings.SUPPRESSION_THRESHOLD)
    for row in rows:
        kind = hidden.get(row.year)
        if kind == "primary":
            row.participants_shown = f"<{settings.SUPPRESSION_THRESHOLD}"
        elif kind:
            row.participants_shown = "x"
        else:
            row.participants_shown = str(row.participants)


def parties_per_year(agreement: Agreement) -> dict[int | str, tuple[str, ...]]:
    """Per year (and TOTAL), the parties whose providers ran or co-organised a counted run:
    the trust through its provider or anything under it, a municipality through a
    municipal provider located in it. In the parties' order (trust, then by number)."""
    from .overview import trust_organisations

    hospital = trust_organisations([agreement.health_trust])
    municipalities = {m.number: m for m in agreement.municipalities.all()}
    runs = list(agreement_runs(agreement).values_list("offer_id", "start"))
    offers = Offer.objects.filter(pk__in={offer for offer, _ in runs}).select_related("responsible")
    organisations: dict[int, list] = {}
    for offer in offers.prefetch_related("co_organisers"):
        organisations[offer.pk] = [offer.responsible, *offer.co_organisers.all()]
    took_part: dict[int | str, set] = {}
    for offer_id, start in runs:
        for org in organisations.get(offer_id, []):
            if org.pk in hospital:
                key = (0, agreement.health_trust.name)
            elif org.type in codes.MUNICIPAL_TYPES and org.municipality_id in municipalities:
                key = (1, org.municipality_id)
            else:
                continue
            took_part.setdefault(start.year, set()).add(key)
            took_part.setdefault(TOTAL, set()).add(key)

    def names(keys):
        return tuple(
            name if order == 0 else municipalities[name].unique_name for order, name in sorted(keys)
        )

    return {year: names(keys) for year, keys in took_part.items()}
