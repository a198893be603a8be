"""Sessions and attendance added up per run before they meet the runs.

Joining millions of sessions or attendance rows to their runs and grouping the result is
what made the national reports slow; counting per run first, over the counted runs only,
and then joining one row per run is several times faster on both databases. The ORM has
no way to say "group by, then join", so the outer query is SQL around the ORM's own
compiled query for the runs (its parameters stay parameters). The runs are a
materialised CTE so that every part reads them once (PostgreSQL's parallel workers would
otherwise work the session and attendance totals out once each).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F, QuerySet

from mestring.activity.models import COUNT_FIELDS

ATTENDANCE_COLUMNS = tuple(COUNT_FIELDS.values())


def _runs_sql(runs: QuerySet, dims: dict) -> tuple[str, tuple]:
    """The runs' SQL with an `id` column and a column per dimension; a dimension given as
    None is the run's own field of that name."""
    expressions = {name: e for name, e in dims.items() if e is not None}
    query = runs.order_by().annotate(**expressions).values("id", *dims).query
    return query.sql_with_params()


def _per_run(table: str, columns: str) -> str:
    return (
        f"SELECT run_id, {columns} FROM {table} "  # noqa: S608 - names are constants
        "WHERE run_id IN (SELECT id FROM counted) GROUP BY run_id"
    )


def grouped_run_totals(runs: QuerySet, dims: dict, *, attendance: bool = True) -> list[tuple]:
    """Rows of (*dims, runs, registered sessions, *attendance sums) for `runs` grouped by
    the expressions in `dims` (annotation name → expression on Run)."""
    inner, params = _runs_sql(runs, dims)
    quote = connection.ops.quote_name
    keys = ", ".join(f"c.{quote(name)}" for name in dims)
    sums = "".join(f", SUM(a.{c})" for c in ATTENDANCE_COLUMNS) if attendance else ""
    parts = [
        f"counted AS MATERIALIZED ({inner})",
        f"s AS ({_per_run('catalogue_session', 'COUNT(*) AS n')})",
    ]
    joins = "LEFT JOIN s ON s.run_id = c.id"
    if attendance:
        columns = ", ".join(f"SUM({c}) AS {c}" for c in ATTENDANCE_COLUMNS)
        parts.append(f"a AS ({_per_run('activity_attendance', columns)})")
        joins += " LEFT JOIN a ON a.run_id = c.id"
    sql = (
        f"WITH {', '.join(parts)} "  # noqa: S608
        f"SELECT {keys}, COUNT(*), SUM(COALESCE(s.n, 0)){sums} "
        f"FROM counted AS c {joins} GROUP BY {keys}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def runs_by_session_count(runs: QuerySet, dims: dict) -> list[tuple]:
    """Rows of (*dims, number of sessions, runs): the run's registered sessions, or the
    offer's `antall_samlinger` when it has none (core dataset §6, Tabell 7)."""
    inner, params = _runs_sql(runs, {**dims, "planned_sessions": F("offer__session_count")})
    quote = connection.ops.quote_name
    keys = ", ".join(f"c.{quote(name)}" for name in dims)
    sessions = f"COALESCE(s.n, c.{quote('planned_sessions')})"
    sql = (
        f"WITH counted AS MATERIALIZED ({inner}), "  # noqa: S608
        f"s AS ({_per_run('catalogue_session', 'COUNT(*) AS n')}) "
        f"SELECT {keys}, {sessions}, COUNT(*) "
        f"FROM counted AS c LEFT JOIN s ON s.run_id = c.id GROUP BY {keys}, {sessions}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
