"""The schedule: every recurring job, when it runs, and a lock so that it never runs twice.

`mestring planlagt JOBB` runs one job under its lock; a second start while the first still
runs says so and exits without doing anything. On PostgreSQL the lock is an advisory lock
(good across machines), on SQLite a file lock (SQLite lives on one machine anyway).
`deploy/cron` is `mestring planlagt --cron`, checked by the tests.
"""

import fcntl
import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone


@dataclass(frozen=True)
class Job:
    name: str
    cron: str
    description: str
    command: tuple[str, ...]


JOBS = {
    job.name: job
    for job in [
        Job("sikkerhetskopi", "15 1 * * *", "Nattlig sikkerhetskopi av databasen", ()),
        Job("apne-data", "30 2 * * *", "Nattlig dump av åpne data (/apne-data/)", ("open_data",)),
        Job("okter", "45 3 * * *", "Slett utløpte innloggingsøkter", ("clearsessions",)),
        Job(
            "totaler",
            "40 3 * * *",
            "Kontroller summene per gjennomføring mot en ny opptelling (avvik gir feilkode)",
            ("statistikk", "kontroller"),
        ),
        Job(
            "sokeindeks-kontroll",
            "50 3 * * 0",
            "Kontroller søkeindeksen mot katalogen (avvik gir feilkode)",
            ("search", "kontroller"),
        ),
        Job(
            "sokeindeks",
            "5 0 * * *",
            "Forny neste datoer i søkeindeksen når gjennomføringer har startet",
            ("search", "oppdater"),
        ),
        Job(
            "pamelding-frister",
            "10 * * * *",
            "Trekk tilbake plasser som ikke er tatt i tide, spør neste, send påminnelser",
            ("pameldinger_frister",),
        ),
        Job(
            "pamelding-sletting",
            "20 4 * * *",
            "Slett personopplysninger i påmeldinger etter oppbevaringstiden",
            ("slett_pameldinger",),
        ),
        Job(
            "paminnelser",
            "0 7 * * 1-5",
            "Årlige påminnelser til redaktører om å bekrefte tilbud",
            ("send_reminders",),
        ),
    ]
}


def command_for(job: Job) -> list[str]:
    """The management command and its arguments, with today's values filled in."""
    if job.name == "sikkerhetskopi":
        suffix = "dump" if connections["default"].vendor == "postgresql" else "sqlite3"
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        out = Path(settings.BACKUP_DIR) / f"mestring-{stamp}.{suffix}"
        return ["sikkerhetskopi", "lag", "--out", str(out)]
    return list(job.command)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for PostgreSQL's advisory locks."""
    digest = hashlib.sha256(f"mestring-job:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def job_lock(name: str) -> Iterator[bool]:
    """Hold the job's lock for the block; yields False (and holds nothing) when it is taken."""
    if connections["default"].vendor == "postgresql":
        with _advisory_lock(name) as held:
            yield held
    else:
        with _file_lock(name) as held:
            yield held


@contextmanager
def _advisory_lock(name: str) -> Iterator[bool]:
    # Its own connection, so that nothing the job does with the default one can release it.
    connection = connections.create_connection("default")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock_key(name)])
            held = cursor.fetchone()[0]
        yield held
    finally:
        connection.close()  # ends the session, and with it the lock


@contextmanager
def _file_lock(name: str) -> Iterator[bool]:
    folder = Path(settings.VAR_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{name}.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _field_matches(field: str, value: int) -> bool:
    """One crontab field: `*`, a number, a range `a-b`, or a comma list of those."""
    for part in field.split(","):
        if part == "*":
            return True
        low, _, high = part.partition("-")
        if int(low) <= value <= int(high or low):
            return True
    return False


def due(job: Job, moment: datetime) -> bool:
    """True when the job's crontab line names this minute (day of week 0 or 7 = Sunday)."""
    minute, hour, day, month, weekday = job.cron.split()
    cron_weekday = moment.isoweekday() % 7
    return (
        _field_matches(minute, moment.minute)
        and _field_matches(hour, moment.hour)
        and _field_matches(day, moment.day)
        and _field_matches(month, moment.month)
        and (
            _field_matches(weekday, cron_weekday)
            or (cron_weekday == 0 and _field_matches(weekday, 7))
        )
    )


def run_schedule(start_job, now=timezone.localtime, sleep=time.sleep, rounds=None) -> None:
    """Start each job when its minute comes (what cron would do), for containers and
    `scripts/prod_local.sh`. `start_job(name)` must not wait for the job to finish."""
    last = None
    while rounds is None or rounds > 0:
        moment = now().replace(second=0, microsecond=0)
        if moment != last:
            for job in JOBS.values():
                if due(job, moment):
                    start_job(job.name)
            last = moment
            if rounds is not None:
                rounds -= 1
        sleep(max(1.0, 60 - now().second))


def crontab(runner: str = "/opt/mestring/deploy/planlagt.sh", user: str = "mestring") -> str:
    lines = [
        "# Mestring's schedule (generated by `mestring planlagt --cron`; see docs/operations.md).",
        "# Each job takes a lock, so an overlap or a second machine never runs it twice.",
        "SHELL=/bin/sh",
        "",
    ]
    for job in JOBS.values():
        lines.append(f"# {job.description}")
        lines.append(f"{job.cron} {user} {runner} {job.name}")
    return "\n".join(lines) + "\n"
