# ruff: noqa: S608 - the SQL is built from this module's constant names only.
"""One narrow report row per run (`ReportRun`), kept by database triggers (ADR 0007).

The row holds the run's own columns the reports filter and group on, its start year and
month, its offer's responsible organisation, whether it counts (§6: not cancelled, offer
published or archived) and a copy of its totals (`RunTotals`, ADR 0006). Three sets of
triggers keep it:

- on `catalogue_run`: an inserted run gets its row (with its totals when it has any); an
  updated run's row is written again; a deleted run's row goes;
- on `catalogue_offer`: when an offer's status or responsible organisation changes, its
  runs' rows follow; an inserted offer gives rows to runs written before it in the same
  transaction;
- on `activity_runtotals`: whatever the totals triggers write there is copied to the
  run's row (zeros when the totals row is deleted).

So every writer of runs, sessions or attendance keeps the row exact in the same statement,
as for the totals. SQLite: row triggers; PostgreSQL: statement triggers with transition
tables. `drift()` compares the rows with the runs and totals; `rebuild()` replaces them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection as default_connection
from django.db import transaction

from mestring.catalogue.codes import RunStatus
from mestring.catalogue.querysets import COUNTED_OFFER_STATUSES
from mestring.core import sql_triggers
from mestring.core.sql_triggers import pg_statement_trigger

from .models import REPORT_TOTALS

TABLE = "activity_reportrun"
RUNS = "catalogue_run"
OFFERS = "catalogue_offer"
TOTALS = "activity_runtotals"
TABLES = (RUNS, OFFERS, TOTALS)
PREFIX = "activity_reportrun_"
EVENTS = ("insert", "update", "delete")
# Report row column → the run's column it copies.
RUN_COLUMNS = {
    "offer_id": "offer_id",
    "start": "start",
    "municipality_id": "municipality_id",
    "format": "format",
    "time_of_day": "time_of_day",
    "venue": "venue",
    "with_municipal_staff": "with_municipal_staff",
}
CANCELLED = str(RunStatus.CANCELLED)
COUNTED_OFFER = "(" + ", ".join(f"'{status}'" for status in COUNTED_OFFER_STATUSES) + ")"
COLUMNS: tuple[str, ...] = (
    *RUN_COLUMNS,
    "year",
    "month",
    "responsible_id",
    "counted",
    *REPORT_TOTALS,
)


def _counted(run: str, offer: str) -> str:
    return f"({run}.status <> '{CANCELLED}' AND {offer}.status IN {COUNTED_OFFER})"


def _run_values(vendor: str, run: str) -> list[str]:
    """The row's values from the run `run` (an alias or NEW) in the order of COLUMNS, with
    its offer `o` and its totals row `t` (NULL when the run has none)."""
    if vendor == "postgresql":
        year = f"CAST(EXTRACT(YEAR FROM {run}.start) AS integer)"
        month = f"CAST(EXTRACT(MONTH FROM {run}.start) AS integer)"
    else:
        year = f"CAST(substr({run}.start, 1, 4) AS integer)"
        month = f"CAST(substr({run}.start, 6, 2) AS integer)"
    return [
        *(f"{run}.{source}" for source in RUN_COLUMNS.values()),
        year,
        month,
        "o.responsible_id",
        _counted(run, "o"),
        *(f"COALESCE(t.{c}, 0)" for c in REPORT_TOTALS),
    ]


def _insert_from(vendor: str, source: str, run: str = "r") -> str:
    """Insert the rows of the runs in `source` (a table, or a one-row SELECT for NEW)."""
    values = ", ".join(_run_values(vendor, run))
    return (
        f"INSERT INTO {TABLE} (run_id, {', '.join(COLUMNS)}) SELECT {run}.id, {values} "
        f"FROM {source} JOIN {OFFERS} AS o ON o.id = {run}.offer_id "
        f"LEFT JOIN {TOTALS} AS t ON t.run_id = {run}.id"
    )


def _runs_without_rows(where: str) -> str:
    """The runs matching `where` (over `r0`) that have no row yet, as the source `r`: runs
    written before their offer in one transaction (the foreign keys are checked at the
    end) get their rows when the offer comes."""
    return (
        f"(SELECT r0.* FROM {RUNS} AS r0 WHERE {where} AND NOT EXISTS "
        f"(SELECT 1 FROM {TABLE} AS x WHERE x.run_id = r0.id)) AS r"
    )


def _copy_totals(where: str, source: str = "") -> str:
    sets = ", ".join(f"{c} = {'n.' + c if source else '0'}" for c in REPORT_TOTALS)
    return f"UPDATE {TABLE} SET {sets}{source} WHERE {where};"


def _name(table: str, event: str) -> str:
    return f"{PREFIX}{table.split('_')[-1]}_{event}"


def _sqlite_triggers() -> list[str]:
    values = ", ".join(f"{c} = NEW.{c}" for c in REPORT_TOTALS)
    fields = ", ".join(f"NEW.{c} AS {c}" for c in ("id", "status", *RUN_COLUMNS.values()))
    new_run = f"(SELECT {fields}) AS r"
    insert = _insert_from("sqlite", new_run) + ";"
    bodies = {
        (RUNS, "insert"): insert,
        (RUNS, "update"): f"DELETE FROM {TABLE} WHERE run_id IN (OLD.id, NEW.id); {insert}",
        (RUNS, "delete"): f"DELETE FROM {TABLE} WHERE run_id = OLD.id;",
        (OFFERS, "insert"): _insert_from("sqlite", _runs_without_rows("r0.offer_id = NEW.id"))
        + ";",
        (OFFERS, "update"): (
            f"UPDATE {TABLE} SET responsible_id = NEW.responsible_id, counted = "
            f"(SELECT {_counted('r', 'NEW')} FROM {RUNS} AS r WHERE r.id = {TABLE}.run_id) "
            "WHERE offer_id = NEW.id;"
        ),
        (TOTALS, "insert"): f"UPDATE {TABLE} SET {values} WHERE run_id = NEW.run_id;",
        (TOTALS, "update"): f"UPDATE {TABLE} SET {values} WHERE run_id = NEW.run_id;",
        (TOTALS, "delete"): _copy_totals("run_id = OLD.run_id"),
    }
    # An offer's trigger runs only when what the rows copy of it changes.
    when = {
        (OFFERS, "update"): f"OF status, responsible_id ON {OFFERS} FOR EACH ROW WHEN "
        "OLD.status IS NOT NEW.status OR OLD.responsible_id IS NOT NEW.responsible_id"
    }
    statements = []
    for (table, event), body in bodies.items():
        name = _name(table, event)
        on = when.get((table, event), f"ON {table} FOR EACH ROW")
        statements += [
            f"DROP TRIGGER IF EXISTS {name}",
            f"CREATE TRIGGER {name} AFTER {event.upper()} {on} BEGIN {body} END",
        ]
    return statements


def _pg_triggers() -> list[str]:
    insert = _insert_from("postgresql", "new_rows AS r") + " ORDER BY r.id;"
    copy = _copy_totals(f"{TABLE}.run_id = n.run_id", " FROM new_rows AS n")
    specs = {
        (RUNS, "insert"): ("REFERENCING NEW TABLE AS new_rows", insert),
        (RUNS, "update"): (
            "REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows",
            f"DELETE FROM {TABLE} WHERE run_id IN (SELECT id FROM old_rows "
            f"UNION SELECT id FROM new_rows); {insert}",
        ),
        (RUNS, "delete"): (
            "REFERENCING OLD TABLE AS old_rows",
            f"DELETE FROM {TABLE} WHERE run_id IN (SELECT id FROM old_rows);",
        ),
        (OFFERS, "insert"): (
            "REFERENCING NEW TABLE AS new_rows",
            _insert_from(
                "postgresql",
                _runs_without_rows("r0.offer_id IN (SELECT id FROM new_rows)"),
            )
            + ";",
        ),
        (OFFERS, "update"): (
            "REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows",
            f"UPDATE {TABLE} SET responsible_id = n.responsible_id, counted = "
            f"{_counted('r', 'n')} FROM new_rows AS n JOIN old_rows AS p ON p.id = n.id, "
            f"{RUNS} AS r WHERE {TABLE}.offer_id = n.id AND r.id = {TABLE}.run_id AND "
            "(p.status IS DISTINCT FROM n.status "
            "OR p.responsible_id IS DISTINCT FROM n.responsible_id);",
        ),
        (TOTALS, "insert"): ("REFERENCING NEW TABLE AS new_rows", copy),
        (TOTALS, "update"): ("REFERENCING NEW TABLE AS new_rows", copy),
        (TOTALS, "delete"): (
            "REFERENCING OLD TABLE AS old_rows",
            _copy_totals("run_id IN (SELECT run_id FROM old_rows)"),
        ),
    }
    statements = []
    for (table, event), (referencing, body) in specs.items():
        statements += pg_statement_trigger(_name(table, event), table, event, referencing, body)
    return statements


def trigger_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return _pg_triggers()
    if vendor == "sqlite":
        return _sqlite_triggers()
    raise NotImplementedError(vendor)


def drop_statements(vendor: str) -> list[str]:
    return sql_triggers.drop_statements(
        vendor, [(_name(table, event), table) for table, event in _events()]
    )


def _events() -> list[tuple[str, str]]:
    return [(table, event) for table in TABLES for event in EVENTS if table != OFFERS] + [
        (OFFERS, "insert"),
        (OFFERS, "update"),
    ]


def expected_triggers() -> set[str]:
    return {_name(table, event) for table, event in _events()}


def installed_triggers(connection=None) -> set[str]:
    return sql_triggers.installed(PREFIX, connection)


def install_triggers(connection=None) -> None:
    sql_triggers.install(trigger_statements, connection)


# --- Drift and rebuild ----------------------------------------------------------------


@dataclass(frozen=True)
class Drift:
    run_id: int
    differences: tuple[str, ...]  # the columns that differ; ("rad",) when a row is missing


def expected_sql(vendor: str) -> str:
    values = ", ".join(
        f"{v} AS {c}" for c, v in zip(COLUMNS, _run_values(vendor, "r"), strict=True)
    )
    return (
        f"SELECT r.id AS run_id, {values} FROM {RUNS} AS r "
        f"JOIN {OFFERS} AS o ON o.id = r.offer_id LEFT JOIN {TOTALS} AS t ON t.run_id = r.id"
    )


def drift(limit: int | None = None) -> tuple[int, list[Drift]]:
    """(number of runs whose report row is missing, extra or different, up to `limit`)."""
    vendor = default_connection.vendor
    differs = [
        f"CASE WHEN e.{c} IS DISTINCT FROM s.{c} THEN 1 ELSE 0 END"
        if vendor == "postgresql"
        else f"CASE WHEN e.{c} IS NOT s.{c} THEN 1 ELSE 0 END"
        for c in COLUMNS
    ]
    flags = ", ".join(differs)
    any_differs = " OR ".join(f"({d}) = 1" for d in differs)
    sql = (
        f"SELECT COALESCE(e.run_id, s.run_id), e.run_id IS NULL OR s.run_id IS NULL, {flags} "
        f"FROM ({expected_sql(vendor)}) AS e FULL OUTER JOIN {TABLE} AS s "
        f"ON s.run_id = e.run_id WHERE e.run_id IS NULL OR s.run_id IS NULL OR {any_differs} "
        "ORDER BY 1"
    )
    found, total = [], 0
    with default_connection.cursor() as cursor:
        cursor.execute(sql)
        for run_id, missing, *flags_of_row in cursor.fetchall():
            total += 1
            if limit is not None and len(found) >= limit:
                continue
            columns = (
                ("rad",)
                if missing
                else tuple(c for c, f in zip(COLUMNS, flags_of_row, strict=True) if f)
            )
            found.append(Drift(run_id, columns))
    return total, found


def rebuild() -> int:
    """Replace every report row by one made from the run and its totals; returns the rows."""
    vendor = default_connection.vendor
    with transaction.atomic(), default_connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(
            f"INSERT INTO {TABLE} (run_id, {', '.join(COLUMNS)}) "
            f"SELECT run_id, {', '.join(COLUMNS)} FROM ({expected_sql(vendor)}) AS e"
        )
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]
