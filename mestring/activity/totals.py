# ruff: noqa: S608 - the SQL is built from this module's constant names only.
"""Totals per run (`RunTotals`): the one rule, as database triggers on both engines.

Every write of a session or an attendance record — forms, API, importer, admin, demo
bulk inserts, `QuerySet.update()`, cascading deletes, raw SQL — fires a trigger that adds
the written rows' contribution to their run's totals (and subtracts the old one on update
and delete) in the same statement, and so in the same transaction. See ADR 0006.

- SQLite: row triggers (`AFTER INSERT/UPDATE/DELETE … FOR EACH ROW`).
- PostgreSQL: statement triggers with transition tables, so a `COPY` or a bulk insert of a
  million rows is one grouped upsert per statement, not a million.

Both add deltas rather than recounting, so concurrent writers to the same run cannot lose
an update (the upsert locks the totals row). Deletes only subtract from an existing row:
when a flush or a cascade has removed a run's totals already, nothing is left to take.
A row whose sessions and attendance records both reach zero is deleted: a row exists
exactly for the runs with something registered.

`recount_sql()` is the same rule as one query over all sessions and attendance; `drift()`
compares it with the stored rows and `rebuild()` replaces them (`mestring statistikk`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection as default_connection
from django.db import transaction

from mestring.core import sql_triggers
from mestring.core.sql_triggers import pg_statement_trigger

from .models import COUNT_FIELDS

TABLE = "activity_runtotals"
SESSIONS = "catalogue_session"
ATTENDANCE = "activity_attendance"
PREFIX = "activity_runtotals_"


def _flag(condition: str) -> str:
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


# Per source table: totals column → its contribution from one row `{r}`.
CONTRIBUTIONS: dict[str, dict[str, str]] = {
    SESSIONS: {"sessions": "1"},
    ATTENDANCE: {
        "attendance_records": "1",
        "dated_records": _flag("{r}.date IS NOT NULL"),
        "records_with_user_representatives": _flag("{r}.user_representatives > 0"),
        **{
            column: expression
            for field in COUNT_FIELDS.values()
            for column, expression in (
                (field, f"COALESCE({{r}}.{field}, 0)"),
                (f"{field}_known", _flag(f"{{r}}.{field} IS NOT NULL")),
            )
        },
    },
}
COLUMNS: tuple[str, ...] = tuple(c for part in CONTRIBUTIONS.values() for c in part)
EVENTS = ("insert", "update", "delete")


def _name(table: str, event: str) -> str:
    return f"{PREFIX}{'session' if table == SESSIONS else 'attendance'}_{event}"


def _cleanup(where: str) -> str:
    return f"DELETE FROM {TABLE} WHERE {where} AND sessions = 0 AND attendance_records = 0;"


# --- SQLite: row triggers -------------------------------------------------------------


def _sqlite_add(table: str, row: str) -> str:
    sets = ", ".join(
        f"{column} = {column} + ({expression.format(r=row)})"
        for column, expression in CONTRIBUTIONS[table].items()
    )
    return (
        f"INSERT OR IGNORE INTO {TABLE} (run_id) VALUES ({row}.run_id); "
        f"UPDATE {TABLE} SET {sets} WHERE run_id = {row}.run_id;"
    )


def _sqlite_subtract(table: str, row: str) -> str:
    """Only an existing row is changed: when a flush or a cascade has deleted the run's
    totals already, there is nothing left to take away."""
    sets = ", ".join(
        f"{column} = {column} - ({expression.format(r=row)})"
        for column, expression in CONTRIBUTIONS[table].items()
    )
    return f"UPDATE {TABLE} SET {sets} WHERE run_id = {row}.run_id;"


def _sqlite_triggers() -> list[str]:
    statements = []
    for table in CONTRIBUTIONS:
        bodies = {
            "insert": _sqlite_add(table, "NEW"),
            "delete": _sqlite_subtract(table, "OLD") + _cleanup("run_id = OLD.run_id"),
            "update": _sqlite_subtract(table, "OLD")
            + _sqlite_add(table, "NEW")
            + _cleanup("run_id IN (OLD.run_id, NEW.run_id)"),
        }
        for event, body in bodies.items():
            name = _name(table, event)
            statements += [
                f"DROP TRIGGER IF EXISTS {name}",
                f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} FOR EACH ROW "
                f"BEGIN {body} END",
            ]
    return statements


# --- PostgreSQL: statement triggers with transition tables ----------------------------


def _pg_grouped(table: str, source: str) -> str:
    """The contributions of the transition table `source`, summed per run."""
    sums = ", ".join(
        f"SUM({expression.format(r='r')}) AS {column}"
        for column, expression in CONTRIBUTIONS[table].items()
    )
    return f"SELECT r.run_id, {sums} FROM {source} AS r GROUP BY r.run_id"


def _pg_add(table: str, source: str) -> str:
    columns = list(CONTRIBUTIONS[table])
    return (
        f"INSERT INTO {TABLE} (run_id, {', '.join(columns)}) "
        f"SELECT * FROM ({_pg_grouped(table, source)}) AS d ORDER BY d.run_id "
        "ON CONFLICT (run_id) DO UPDATE SET "
        + ", ".join(f"{c} = {TABLE}.{c} + EXCLUDED.{c}" for c in columns)
        + ";"
    )


def _pg_subtract(table: str, source: str) -> str:
    """Only existing rows are changed (see `_sqlite_subtract`)."""
    sets = ", ".join(f"{c} = t.{c} - d.{c}" for c in CONTRIBUTIONS[table])
    return (
        f"UPDATE {TABLE} AS t SET {sets} FROM ({_pg_grouped(table, source)}) AS d "
        "WHERE t.run_id = d.run_id;"
    )


def _pg_triggers() -> list[str]:
    statements = []
    for table in CONTRIBUTIONS:
        cleanup = _cleanup("run_id IN (SELECT run_id FROM old_rows)")
        specs = {
            "insert": ("REFERENCING NEW TABLE AS new_rows", _pg_add(table, "new_rows")),
            "delete": (
                "REFERENCING OLD TABLE AS old_rows",
                _pg_subtract(table, "old_rows") + " " + cleanup,
            ),
            "update": (
                "REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows",
                _pg_subtract(table, "old_rows") + " " + _pg_add(table, "new_rows") + " " + cleanup,
            ),
        }
        for event, (referencing, body) in specs.items():
            statements += pg_statement_trigger(_name(table, event), table, event, referencing, body)
    return statements


def trigger_statements(vendor: str) -> list[str]:
    """The statements that (re)create the triggers; safe to run again."""
    if vendor == "postgresql":
        return _pg_triggers()
    if vendor == "sqlite":
        return _sqlite_triggers()
    raise NotImplementedError(vendor)


def drop_statements(vendor: str) -> list[str]:
    return sql_triggers.drop_statements(
        vendor, [(_name(table, event), table) for table in CONTRIBUTIONS for event in EVENTS]
    )


def expected_triggers() -> set[str]:
    return {_name(table, event) for table in CONTRIBUTIONS for event in EVENTS}


def installed_triggers(connection=None) -> set[str]:
    return sql_triggers.installed(PREFIX, connection)


def install_triggers(connection=None) -> None:
    """(Re)create the triggers in their current form. SQLite drops a table's triggers when
    a migration rebuilds the table; the `post_migrate` handler calls this after every
    migrate."""
    sql_triggers.install(trigger_statements, connection)


# --- Recount, drift and rebuild -------------------------------------------------------


@dataclass(frozen=True)
class Drift:
    run_id: int
    stored: dict[str, int] | None
    counted: dict[str, int] | None

    def differences(self) -> list[str]:
        stored, counted = self.stored or {}, self.counted or {}
        return [c for c in COLUMNS if stored.get(c, 0) != counted.get(c, 0)]


def recount_sql() -> str:
    """Totals of every run with something registered, counted from scratch: one row per run
    with the columns run_id, c0, c1, … in the order of COLUMNS."""
    parts = []
    for table, contributions in CONTRIBUTIONS.items():
        values = ", ".join(
            f"{'SUM(' + contributions[c].format(r='r') + ')' if c in contributions else '0'}"
            f" AS c{i}"
            for i, c in enumerate(COLUMNS)
        )
        parts.append(f"SELECT r.run_id AS run_id, {values} FROM {table} AS r GROUP BY r.run_id")
    sums = ", ".join(f"SUM(u.c{i}) AS c{i}" for i in range(len(COLUMNS)))
    union = " UNION ALL ".join(parts)
    return f"SELECT u.run_id AS run_id, {sums} FROM ({union}) AS u GROUP BY u.run_id"


def drift(limit: int | None = None) -> tuple[int, list[Drift]]:
    """(number of runs whose stored totals differ from a recount, up to `limit` of them)."""
    stored_columns = ", ".join(f"t.{c} AS s{i}" for i, c in enumerate(COLUMNS))
    counted_columns = ", ".join(f"n.c{i}" for i in range(len(COLUMNS)))
    differs = " OR ".join(
        f"COALESCE(t.{c}, 0) <> COALESCE(n.c{i}, 0)" for i, c in enumerate(COLUMNS)
    )
    sql = (
        f"SELECT COALESCE(n.run_id, t.run_id), n.run_id IS NOT NULL, t.run_id IS NOT NULL, "
        f"{counted_columns}, {stored_columns} "
        f"FROM ({recount_sql()}) AS n FULL OUTER JOIN {TABLE} AS t ON t.run_id = n.run_id "
        f"WHERE n.run_id IS NULL OR t.run_id IS NULL OR {differs} ORDER BY 1"
    )
    found = []
    width = len(COLUMNS)
    total = 0
    with default_connection.cursor() as cursor:
        cursor.execute(sql)
        for row in cursor.fetchall():
            total += 1
            if limit is not None and len(found) >= limit:
                continue
            run_id, has_count, has_row = row[:3]
            counted = dict(zip(COLUMNS, row[3 : 3 + width], strict=True)) if has_count else None
            stored = dict(zip(COLUMNS, row[3 + width :], strict=True)) if has_row else None
            found.append(Drift(run_id, stored, counted))
    return total, found


def rebuild() -> int:
    """Replace every stored total by a recount, in one transaction; returns the rows."""
    columns = ", ".join(COLUMNS)
    counted = ", ".join(f"c{i}" for i in range(len(COLUMNS)))
    with transaction.atomic(), default_connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(
            f"INSERT INTO {TABLE} (run_id, {columns}) "
            f"SELECT run_id, {counted} FROM ({recount_sql()}) AS n"
        )
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


@contextmanager
def bulk_load() -> Iterator[None]:
    """For a bulk insert of millions of rows inside one transaction (the demo writer).

    SQLite's row triggers would run once per row (measured: inserts three times slower),
    so on SQLite they are dropped for the load, the totals recounted once by the same
    rule and the triggers created again — all in the caller's transaction, so a failure
    rolls everything back, triggers included. The report rows' triggers (`report_rows`)
    go and come back the same way. PostgreSQL's statement triggers already work per
    statement and stay.
    """
    from . import report_rows

    connection = default_connection
    if connection.vendor != "sqlite":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_load() needs a transaction")
    with connection.cursor() as cursor:
        for statement in drop_statements(connection.vendor) + report_rows.drop_statements(
            connection.vendor
        ):
            cursor.execute(statement)
    yield
    rebuild()
    report_rows.rebuild()
    install_triggers(connection)
    report_rows.install_triggers(connection)
