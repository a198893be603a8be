"""The schedule: each job under a lock, so that two starts at once run it once."""

import threading
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mestring.operations import schedule

ROOT = Path(__file__).resolve().parents[3]


def test_deploy_cron_is_the_schedule():
    assert (ROOT / "deploy" / "cron").read_text() == schedule.crontab()


def test_every_job_runs_a_command_that_exists():
    from django.core.management import get_commands

    for job in schedule.JOBS.values():
        assert schedule.command_for(job)[0] in get_commands(), job.name


@pytest.mark.django_db(transaction=True)
def test_the_lock_lets_one_holder_in_at_a_time():
    with schedule.job_lock("apne-data") as first:
        assert first is True
        seen = []
        thread = threading.Thread(target=lambda: _try_lock("apne-data", seen))
        thread.start()
        thread.join()
        assert seen == [False]
        other = []
        thread = threading.Thread(target=lambda: _try_lock("okter", other))
        thread.start()
        thread.join()
        assert other == [True]
    with schedule.job_lock("apne-data") as again:
        assert again is True


def _try_lock(name, seen):
    from django.db import connections

    try:
        with schedule.job_lock(name) as held:
            seen.append(held)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_two_starts_at_once_run_the_job_once(monkeypatch):
    started, release = threading.Event(), threading.Event()
    runs = []

    def slow_job(*args, **kwargs):
        runs.append(args)
        started.set()
        release.wait(30)

    monkeypatch.setattr("mestring.operations.management.commands.planlagt.call_command", slow_job)
    first_output = StringIO()

    def first():
        from django.db import connections

        try:
            call_command("planlagt", "apne-data", stdout=first_output)
        finally:
            connections.close_all()

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert started.wait(30)
        second_output = StringIO()
        call_command("planlagt", "apne-data", stdout=second_output)
    finally:
        release.set()
        thread.join()
    assert runs == [("open_data",)]
    assert "kjører allerede; hoppet over" in second_output.getvalue()
    assert "er ferdig" in first_output.getvalue()


@pytest.mark.django_db
def test_the_open_data_job_writes_the_dump(settings, tmp_path, refdata):
    settings.OPEN_DATA_DIR = tmp_path / "apne-data"
    output = StringIO()
    call_command("planlagt", "apne-data", stdout=output)
    assert (tmp_path / "apne-data" / "datapackage.json").is_file()
    assert "er ferdig" in output.getvalue()


def test_an_unknown_job_is_named_in_the_error():
    with pytest.raises(CommandError, match="Ukjent jobb «tull»"):
        call_command("planlagt", "tull")


@pytest.mark.parametrize(
    ("cron", "moment", "expected"),
    [
        ("30 2 * * *", datetime(2026, 12, 6, 2, 30), True),
        ("30 2 * * *", datetime(2026, 12, 6, 2, 31), False),
        ("0 7 * * 1-5", datetime(2026, 12, 7, 7, 0), True),  # a Monday
        ("0 7 * * 1-5", datetime(2026, 12, 6, 7, 0), False),  # a Sunday
        ("0 7 * * 0", datetime(2026, 12, 6, 7, 0), True),
        ("0 7 * * 7", datetime(2026, 12, 6, 7, 0), True),
        ("0,30 * 1 1,6 *", datetime(2026, 6, 1, 13, 30), True),
        ("0,30 * 1 1,6 *", datetime(2026, 7, 1, 13, 30), False),
    ],
)
def test_due_reads_crontab_fields(cron, moment, expected):
    assert schedule.due(schedule.Job("x", cron, "", ()), moment) is expected


def test_the_schedule_starts_each_job_once_in_its_minute():
    minutes = iter(
        [datetime(2026, 12, 7, 2, 29, 59), datetime(2026, 12, 7, 2, 30, 0)]
        + [datetime(2026, 12, 7, 2, 30, 5)] * 2
        + [datetime(2026, 12, 7, 7, 0, 1)] * 2
    )
    started = []
    schedule.run_schedule(started.append, now=lambda: next(minutes), sleep=lambda s: None, rounds=3)
    assert started == ["apne-data", "paminnelser"]
