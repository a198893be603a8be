"""Back up, restore into an empty database, compare row counts and the export byte for byte."""

import json
import os
import sqlite3
import threading
from contextlib import closing

import pytest

from mestring.operations import backup

from .helpers import (
    TemporaryPostgresDatabases,
    clean_env,
    manage_many,
    mestring,
    postgres_server_url,
)

MAKE_DATA = [["migrate", "--no-input", "-v", "0"], ["load_refdata", "-v", "0"]]


# The engine of the run: CI runs the suite once on SQLite and once on PostgreSQL.
ENGINE = "postgresql" if postgres_server_url() in os.environ.get("DATABASE_URL", "") else "sqlite"


@pytest.fixture(params=[ENGINE])
def two_databases(request, tmp_path):
    """(source URL, empty target URL) on the engine under test."""
    if request.param == "sqlite":
        yield (f"sqlite:///{tmp_path / 'kilde.sqlite3'}", f"sqlite:///{tmp_path / 'mål.sqlite3'}")
        return
    databases = TemporaryPostgresDatabases()
    try:
        yield databases.create("kilde"), databases.create("maal")
    finally:
        databases.drop_all()


@pytest.mark.slow
def test_a_backup_restores_into_an_empty_database_with_the_same_rows_and_export(
    two_databases, tmp_path
):
    source_url, target_url = two_databases
    source = clean_env(DATABASE_URL=source_url, MESTRING_VAR_DIR=str(tmp_path))
    target = clean_env(DATABASE_URL=target_url, MESTRING_VAR_DIR=str(tmp_path))
    copy = tmp_path / "sikkerhetskopi"
    manage_many(
        [
            *MAKE_DATA,
            ["demo", "--scale", "mini"],
            ["export_data", "--format", "json", "--out", str(tmp_path / "før.json")],
            ["sikkerhetskopi", "tell", "--out", str(tmp_path / "før-rader.json")],
            ["sikkerhetskopi", "lag", "--out", str(copy)],
        ],
        source,
    )
    manage_many(
        [
            ["sikkerhetskopi", "gjenopprett", str(copy)],
            ["export_data", "--format", "json", "--out", str(tmp_path / "etter.json")],
            ["sikkerhetskopi", "tell", "--out", str(tmp_path / "etter-rader.json")],
        ],
        target,
    )
    before = json.loads((tmp_path / "før-rader.json").read_text())
    after = json.loads((tmp_path / "etter-rader.json").read_text())
    assert before == after
    assert before["catalogue_offer"] > 0 and before["activity_attendance"] > 0
    assert (tmp_path / "før.json").read_bytes() == (tmp_path / "etter.json").read_bytes()
    # The restored database takes new rows (sequences restored too).
    manage_many(
        [["createsuperuser", "--no-input", "--username", "ny", "--email", "a@b.no"]], target
    )


@pytest.mark.slow
def test_restore_refuses_a_database_that_has_tables(tmp_path):
    env = clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'full.sqlite3'}")
    copy = tmp_path / "kopi.sqlite3"
    manage_many([["migrate", "--no-input", "-v", "0"]], env)
    mestring("sikkerhetskopi", "lag", "--out", str(copy), env=env)
    with pytest.raises(Exception) as failure:
        mestring("sikkerhetskopi", "gjenopprett", str(copy), env=env)
    assert "returned non-zero exit status 1" in str(failure.value)


def test_the_sqlite_backup_is_consistent_while_another_connection_writes(tmp_path):
    source, target = tmp_path / "kilde.sqlite3", tmp_path / "kopi.sqlite3"
    with closing(sqlite3.connect(source)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE rad (id INTEGER PRIMARY KEY, tekst TEXT)")
        db.executemany("INSERT INTO rad (tekst) VALUES (?)", [("x" * 500,)] * 20000)
        db.commit()
    stop = threading.Event()
    written = []

    def writer():
        with closing(sqlite3.connect(source, timeout=20)) as db:
            while not stop.is_set():
                db.execute("INSERT INTO rad (tekst) VALUES ('y')")
                db.commit()
                written.append(1)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 10:
            stop.wait(0.01)
        backup.backup_sqlite(str(source), target)
    finally:
        stop.set()
        thread.join()
    with closing(sqlite3.connect(target)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        copied = db.execute("SELECT COUNT(*) FROM rad").fetchone()[0]
    assert 20000 + 10 <= copied <= 20000 + len(written)


def test_a_file_that_is_not_a_backup_is_refused_with_a_clear_message(tmp_path, db):
    not_a_backup = tmp_path / "tull.txt"
    not_a_backup.write_text("hei")
    with pytest.raises(backup.BackupError, match="ikke en sikkerhetskopi"):
        backup.restore_backup(not_a_backup)
