"""Trigger plumbing for derived tables kept by the database: a PostgreSQL statement-level
trigger from its body, dropping, listing and (re)installing a set of triggers by name.

Used by the run totals and report rows (`activity/totals.py`, `activity/report_rows.py`)
and the search postings (`catalogue/search/postings.py`); what the triggers do stays there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection as default_connection


def pg_statement_trigger(name: str, table: str, event: str, referencing: str, body: str):
    """A function `name` running `body` once per statement, and its trigger on `table`."""
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {body} RETURN NULL; END $$",
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} {referencing} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]


def drop_statements(vendor: str, triggers: Iterable[tuple[str, str]]) -> list[str]:
    """Statements that drop the triggers, given as (name, table)."""
    statements = []
    for name, table in triggers:
        if vendor == "postgresql":
            statements += [
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"DROP FUNCTION IF EXISTS {name}()",
            ]
        else:
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
    return statements


def installed(prefix: str, connection=None) -> set[str]:
    """The names of the triggers in the database that start with `prefix`."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
                [prefix + "%"],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [prefix + "%"],
            )
        return {name for (name,) in cursor.fetchall()}


def install(statements: Callable[[str], list[str]], connection=None) -> None:
    """Run `statements(vendor)`: (re)create triggers in their current form."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        for statement in statements(connection.vendor):
            cursor.execute(statement)
