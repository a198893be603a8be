"""Sessions and attendance per run, read from the stored totals (`activity.RunTotals`).

The totals are kept by database triggers whenever sessions or attendance are written
(ADR 0004), so a report reads one row per counted run instead of counting millions of
sessions and attendance records on every request. A run without a totals row has no
sessions and no attendance.
"""

from __future__ import annotations

from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, NullIf

from mestring.activity.models import COUNT_FIELDS

ATTENDANCE_COLUMNS = tuple(COUNT_FIELDS.values())
# The run's registered sessions when it has any, otherwise the offer's `antall_samlinger`
# (core dataset §6, Tabell 7).
SESSIONS_OR_PLANNED = Coalesce(
    NullIf(F("totals__sessions"), 0), F("offer__session_count"), output_field=IntegerField()
)
HAS_ATTENDANCE = Q(totals__attendance_records__gt=0)
HAS_USER_REPRESENTATIVES = Q(totals__records_with_user_representatives__gt=0)


def _grouped(runs: QuerySet, dims: dict) -> QuerySet:
    expressions = {name: e for name, e in dims.items() if e is not None}
    return runs.order_by().annotate(**expressions).values(*dims)


def grouped_run_totals(runs: QuerySet, dims: dict, *, attendance: bool = True) -> list[tuple]:
    """Rows of (*dims, runs, registered sessions, *attendance sums) for `runs` grouped by
    the expressions in `dims` (annotation name → expression on Run; None = the run's own
    field of that name)."""
    sums = {"_runs": Count("pk"), "_sessions": Sum("totals__sessions")}
    if attendance:
        sums.update({f"_{c}": Sum(f"totals__{c}") for c in ATTENDANCE_COLUMNS})
    rows = _grouped(runs, dims).annotate(**sums).values_list(*dims, *sums)
    width = len(dims)
    return [(*row[:width], row[width], row[width + 1] or 0, *row[width + 2 :]) for row in rows]


def runs_by_session_count(runs: QuerySet, dims: dict) -> list[tuple]:
    """Rows of (*dims, number of sessions, runs): the run's registered sessions, or the
    offer's `antall_samlinger` when it has none (core dataset §6, Tabell 7)."""
    grouped = _grouped(runs, {**dims, "_sessions": SESSIONS_OR_PLANNED})
    return list(grouped.annotate(_runs=Count("pk")).values_list(*dims, "_sessions", "_runs"))
