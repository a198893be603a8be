"""Sessions and attendance per run, read from the stored totals.

The reports read the report rows (`activity.ReportRun`, ADR 0007): one narrow row per run
with its totals, grouped by the ORM in one query (`grouped_rows` and the helpers after
it). The functions on runs (`grouped_with_totals` and after) join the runs to their
`activity.RunTotals` and serve querysets of runs that are not report rows (the
collaboration agreements' runs).

The totals are kept by database triggers whenever sessions or attendance are written
(ADR 0006), so a report reads one totals row per counted run instead of counting
millions of sessions and attendance records on every request. A run without a totals
row has no sessions and no attendance.

The ORM has no way to say how to join, so the outer query is SQL around the ORM's own
compiled query for the counted runs (its parameters stay parameters). On PostgreSQL the
totals are looked up per counted run through their primary key (`LATERAL … LIMIT 1`,
which the planner cannot flatten into a join): a hash join reads all 1.4 million totals
to use the 400 000 of a year. SQLite joins that way by itself.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, F, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce

from mestring.activity.models import COUNT_FIELDS

ATTENDANCE_COLUMNS = tuple(COUNT_FIELDS.values())
TOTALS_COLUMNS = (
    "sessions",
    "attendance_records",
    "records_with_user_representatives",
    *ATTENDANCE_COLUMNS,
)
# The run's registered sessions when it has any, otherwise the offer's `antall_samlinger`
# (core dataset §6, Tabell 7).
SESSIONS_OR_PLANNED = "COALESCE(NULLIF(t.sessions, 0), c.planned_sessions)"


def _plain(row: tuple) -> tuple:
    # PostgreSQL sums bigints as numeric: whole numbers here, given back as int.
    return tuple(int(v) if isinstance(v, Decimal) else v for v in row)


def compiled(queryset: QuerySet) -> tuple[str, tuple] | None:
    """The SQL and parameters of `queryset` to read inside a larger statement; None when
    it can have no rows (a filter on an empty list of ids, say), which the ORM reports by
    raising rather than by SQL."""
    try:
        return queryset.query.sql_with_params()
    except EmptyResultSet:
        return None


def grouped_query(rows: QuerySet, dims: dict, aggregates: dict) -> tuple[str, tuple] | None:
    """The SQL and parameters of `grouped_rows`, to be read inside a larger statement;
    None when there can be no rows."""
    expressions = {name: e for name, e in dims.items() if e is not None}
    return compiled(rows.order_by().annotate(**expressions).values(*dims).annotate(**aggregates))


def grouped_rows(rows: QuerySet, dims: dict, aggregates: dict) -> list[tuple]:
    """Rows of (*dims, *aggregates) for the report rows `rows` grouped by `dims` (name →
    expression; None = the row's own field of that name), in one query.

    Count runs with COUNT(*), never the primary key: `run_id` is not in the covering
    index on SQLite (a bigint key is not the rowid), so counting it reads the table."""
    expressions = {name: e for name, e in dims.items() if e is not None}
    grouped = (
        rows.order_by()
        .annotate(**expressions)
        .values(*dims)
        .annotate(**aggregates)
        .values_list(*dims, *aggregates)
    )
    return [_plain(row) for row in grouped]


def row_totals(*, attendance: bool = True) -> dict:
    """Aggregates: runs, registered sessions and (with `attendance`) the attendance sums."""
    aggregates = {"n_runs": Count("*"), "n_sessions": Sum("sessions")}
    if attendance:
        aggregates.update({f"sum_{c}": Sum(c) for c in ATTENDANCE_COLUMNS})
    return aggregates


def rows_by_session_count(rows: QuerySet, dims: dict) -> list[tuple]:
    """Rows of (*dims, number of sessions, runs): the run's registered sessions, or its
    offer's `antall_samlinger` when it has none (core dataset §6, Tabell 7).

    The report rows are grouped first (those without sessions by offer too); only those
    groups look up their offer."""
    offer_if_none = Case(When(sessions=0, then=F("offer_id")), default=None)
    expressions = {name: e for name, e in dims.items() if e is not None}
    query = compiled(
        rows.order_by()
        .annotate(**expressions, offer_if_none=offer_if_none)
        .values(*dims, "sessions", "offer_if_none")
        .annotate(n_runs=Count("*"))
    )
    if query is None:
        return []
    inner, params = query
    quote = connection.ops.quote_name
    group = [f"g.{quote(name)}" for name in dims] + [
        "COALESCE(NULLIF(g.sessions, 0), o.session_count)"
    ]
    sql = (
        f"SELECT {', '.join(group)}, SUM(g.n_runs) FROM ({inner}) AS g "  # noqa: S608
        f"LEFT JOIN catalogue_offer AS o ON o.id = g.offer_if_none GROUP BY {', '.join(group)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_plain(row) for row in cursor.fetchall()]


def _number_of(condition: Q) -> Sum:
    # Not Count("pk", filter=…): the run id is not in the covering index (ADR 0007).
    return Sum(Case(When(condition, then=1), default=0))


def attendance_aggregates() -> dict:
    """Runs with attendance, runs with user representatives, and their attendances."""
    return {
        "with_attendance": _number_of(Q(attendance_records__gt=0)),
        "with_representatives": _number_of(Q(records_with_user_representatives__gt=0)),
        "representatives": Coalesce(Sum("user_representatives"), 0),
    }


def _totals_join() -> str:
    if connection.vendor == "postgresql":
        columns = ", ".join(f"t0.{c}" for c in TOTALS_COLUMNS)
        return (
            f"LEFT JOIN LATERAL (SELECT {columns} FROM activity_runtotals AS t0 "  # noqa: S608
            "WHERE t0.run_id = c.id LIMIT 1) AS t ON TRUE"
        )
    return "LEFT JOIN activity_runtotals AS t ON t.run_id = c.id"


def grouped_with_totals(
    runs: QuerySet, dims: dict, aggregates: list[str], *, keys: tuple[str, ...] = ()
) -> list[tuple]:
    """Rows of (*dims, *keys, *aggregates) for `runs` grouped by `dims` (annotation name →
    expression on Run; None = the run's own field of that name) and the SQL expressions
    `keys`. Aggregates and keys are SQL over `c` (the run) and `t` (its totals)."""
    expressions = {name: e for name, e in dims.items() if e is not None}
    query = compiled(
        runs.order_by()
        .annotate(**expressions, planned_sessions=F("offer__session_count"))
        .values("id", *dims, "planned_sessions")
    )
    if query is None:
        return []
    inner, params = query
    quote = connection.ops.quote_name
    group = [f"c.{quote(name)}" for name in dims] + list(keys)
    sql = (
        f"SELECT {', '.join([*group, *aggregates])} "  # noqa: S608 - built from constants
        f"FROM ({inner}) AS c {_totals_join()} GROUP BY {', '.join(group)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # PostgreSQL sums bigints as numeric: whole numbers here, given back as int.
        return [
            tuple(int(v) if isinstance(v, Decimal) else v for v in row) for row in cursor.fetchall()
        ]


def grouped_run_totals(runs: QuerySet, dims: dict, *, attendance: bool = True) -> list[tuple]:
    """Rows of (*dims, runs, registered sessions, *attendance sums) for `runs` grouped by
    the expressions in `dims`."""
    aggregates = ["COUNT(*)", "COALESCE(SUM(t.sessions), 0)"]
    if attendance:
        aggregates += [f"SUM(t.{c})" for c in ATTENDANCE_COLUMNS]
    return grouped_with_totals(runs, dims, aggregates)


def runs_by_session_count(runs: QuerySet, dims: dict) -> list[tuple]:
    """Rows of (*dims, number of sessions, runs): the run's registered sessions, or the
    offer's `antall_samlinger` when it has none (core dataset §6, Tabell 7)."""
    return grouped_with_totals(runs, dims, ["COUNT(*)"], keys=(SESSIONS_OR_PLANNED,))


def attendance_by(runs: QuerySet, dims: dict) -> list[tuple]:
    """Rows of (*dims, runs with attendance, runs with user representatives, their sum)."""
    return grouped_with_totals(
        runs,
        dims,
        [
            "SUM(CASE WHEN t.attendance_records > 0 THEN 1 ELSE 0 END)",
            "SUM(CASE WHEN t.records_with_user_representatives > 0 THEN 1 ELSE 0 END)",
            "COALESCE(SUM(t.user_representatives), 0)",
        ],
    )
