"""Backups that restore: one command for SQLite and PostgreSQL.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot
while the site writes. PostgreSQL: `pg_dump -Fc` (one snapshot, the custom format) and
`pg_restore` into an empty database, both found on PATH. A backup is restored only into an
empty database, so that nothing is ever half overwritten.
"""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.db import connections

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CUSTOM_HEADER = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is for the user (Norwegian)."""


def engine(alias: str = "default") -> str:
    name = connections[alias].settings_dict["ENGINE"]
    if name.endswith("sqlite3"):
        return "sqlite"
    if name.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"Databasemotoren {name} støttes ikke for sikkerhetskopi.")


def make_backup(out: Path, alias: str = "default") -> str:
    """Write a consistent backup of the database to `out`; returns the engine's name."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".delvis")
    partial.unlink(missing_ok=True)
    kind = engine(alias)
    try:
        if kind == "sqlite":
            backup_sqlite(sqlite_path(alias), partial)
        else:
            run_pg(["pg_dump", "--format=custom", "--file", str(partial)], alias)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return kind


def restore_backup(path: Path, alias: str = "default") -> str:
    """Restore the backup at `path` into the (empty) database; returns the engine's name."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Finner ikke sikkerhetskopien {path}.")
    kind = engine(alias)
    head = _head(path)
    expected = SQLITE_HEADER if kind == "sqlite" else PG_CUSTOM_HEADER
    if not head.startswith(expected):
        made_by = "SQLite" if kind == "postgresql" else "PostgreSQL (pg_dump -Fc)"
        raise BackupError(
            f"{path} er ikke en sikkerhetskopi for denne databasen ({kind}); "
            f"den ser ut til å være laget av {made_by} eller er ikke en sikkerhetskopi."
        )
    if table_names(alias):
        raise BackupError(
            "Databasen har allerede tabeller. Gjenopprett bare til en tom database "
            "(lag en ny database, eller flytt den gamle SQLite-fila bort)."
        )
    connections[alias].close()
    if kind == "sqlite":
        restore_sqlite(path, sqlite_path(alias))
    else:
        run_pg(
            [
                "pg_restore",
                "--single-transaction",
                "--exit-on-error",
                "--no-owner",
                "--no-privileges",
                "--dbname",
                _dbname(alias),
                str(path),
            ],
            alias,
        )
    return kind


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(16)


def sqlite_path(alias: str) -> str:
    name = str(connections[alias].settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError("En SQLite-database i minnet kan ikke sikkerhetskopieres.")
    return name


def backup_sqlite(source: str, target: Path) -> None:
    """Copy `source` with SQLite's online backup API: one consistent snapshot, while others
    go on writing (they wait at most for the copy; readers never wait)."""
    with (
        closing(sqlite3.connect(source, timeout=20)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
    _check_sqlite(target)


def restore_sqlite(backup: Path, target: str) -> None:
    _check_sqlite(backup)
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(backup)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _check_sqlite(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        result = db.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"Sikkerhetskopien {path} er skadet: {result}")


def _pg_env(alias: str) -> dict[str, str]:
    conf = connections[alias].settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if conf.get(key):
            env[name] = str(conf[key])
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    env["PGDATABASE"] = conf["NAME"]
    return env


def _dbname(alias: str) -> str:
    return connections[alias].settings_dict["NAME"]


def run_pg(command: list[str], alias: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"Finner ikke {command[0]} på PATH (PostgreSQL-klientverktøyene).")
    result = subprocess.run(  # noqa: S603 - fixed program, arguments are paths and names
        command, env=_pg_env(alias), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} feilet: {result.stderr.strip()}")


def table_names(alias: str = "default") -> list[str]:
    with connections[alias].cursor() as cursor:
        return sorted(connections[alias].introspection.table_names(cursor))


def row_counts(alias: str = "default") -> dict[str, int]:
    """Rows per table, to compare a restored database with its source."""
    connection = connections[alias]
    counts = {}
    with connection.cursor() as cursor:
        for table in table_names(alias):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts
