"""Services' capacity and competence per region and year, beside the activity of that year.

Staffing (årsverk), staff with health-pedagogy training and guidance sessions given to
municipalities are entered per provider and year (workspace form or import); a provider
counts in the region it belongs to (`Organisation.region`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, Sum

from mestring.activity.models import COUNT_FIELDS
from mestring.refdata.models import Region
from mestring.statistics.activity import PARTICIPANTS
from mestring.statistics.filters import ReportFilter, counted_runs
from mestring.statistics.per_run import grouped_run_totals

from .models import Capacity

_PARTICIPANT_COLUMNS = [i for i, name in enumerate(COUNT_FIELDS) if name in PARTICIPANTS]


@dataclass
class RegionCapacity:
    region: Region | None  # None: the national total
    providers: int
    fte: Decimal
    health_pedagogy: int
    guidance_sessions: int
    runs: int
    participants: int

    @property
    def runs_per_fte(self) -> Decimal | None:
        if not self.fte:
            return None
        return (Decimal(self.runs) / self.fte).quantize(Decimal("0.1"))


def per_region(year: int) -> list[RegionCapacity]:
    """One row per region and a national total: the year's capacity summed over providers,
    and the runs starting that year (counted as the statistics count) with their
    participants."""
    capacity = {
        region: values
        for region, *values in Capacity.objects.filter(year=year)
        .values("organisation__region")
        .annotate(
            n=Sum(1),
            fte=Sum("fte"),
            hp=Sum("health_pedagogy"),
            gs=Sum("guidance_sessions"),
        )
        .values_list("organisation__region", "n", "fte", "hp", "gs")
    }
    runs = counted_runs(ReportFilter(fra=date(year, 1, 1), til=date(year, 12, 31)))
    activity = {}
    for region, count, _sessions, *attendance in grouped_run_totals(
        runs, {"region": F("offer__responsible__region")}
    ):
        activity[region] = (count, sum(attendance[i] or 0 for i in _PARTICIPANT_COLUMNS))
    rows = []
    for region in Region.objects.order_by("name"):
        n, fte, hp, gs = capacity.get(region.code, (0, Decimal(0), 0, 0))
        count, participants = activity.get(region.code, (0, 0))
        rows.append(
            RegionCapacity(region, n or 0, fte or Decimal(0), hp or 0, gs or 0, count, participants)
        )
    rows.append(
        RegionCapacity(
            None,
            sum(r.providers for r in rows),
            sum((r.fte for r in rows), Decimal(0)),
            sum(r.health_pedagogy for r in rows),
            sum(r.guidance_sessions for r in rows),
            sum(r.runs for r in rows),
            sum(r.participants for r in rows),
        )
    )
    return rows
