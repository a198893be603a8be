"""Sessions and attendance per run, read from the stored totals (`activity.RunTotals`).

The totals are kept by database triggers whenever sessions or attendance are written
(ADR 0004), so a report reads one row per counted run instead of counting millions of
sessions and attendance records on every request. A run without a totals row has no
sessions and no attendance.
"""

from __future__ import annotations

from django.db import connection
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


def grouped_in_one_pass(runs: QuerySet, columns: dict, groupings: list[tuple[str, ...]]):
    """For each grouping (a tuple of names from `columns`), rows of (*names, runs): the
    counted runs read once for all of them.

    `columns` maps a name to an expression on Run (None = the run's own field). The runs
    are a materialised CTE so that both engines read them once; the ORM compiles it, so
    its parameters stay parameters.
    """
    expressions = {name: e for name, e in columns.items() if e is not None}
    inner, params = runs.order_by().annotate(**expressions).values(*columns).query.sql_with_params()
    quote = connection.ops.quote_name
    names = list(columns)
    parts = []
    for index, grouping in enumerate(groupings):
        keys = ", ".join(f"c.{quote(name)}" for name in grouping)
        padded = ", ".join(f"c.{quote(name)}" if name in grouping else "NULL" for name in names)
        parts.append(
            f"SELECT {index}, {padded}, COUNT(*) FROM counted AS c GROUP BY {keys}"  # noqa: S608
        )
    sql = f"WITH counted AS MATERIALIZED ({inner}) " + " UNION ALL ".join(parts)
    found: list[list[tuple]] = [[] for _ in groupings]
    positions = [[names.index(name) for name in grouping] for grouping in groupings]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for index, *values, count in cursor.fetchall():
            found[index].append((*(values[i] for i in positions[index]), count))
    return found
