"""After the run and the retention period, no personal data is left in any table."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from mestring.signup import services
from mestring.signup.models import DeletionLog, SignUp

from .helpers import signup_run

pytestmark = pytest.mark.django_db(transaction=True)
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PERSONAL = ["Gunnhild Særpreg", "gunnhild.saerpreg@example.no", "41 23 45 67", "Bruker rullestol"]


def every_table_as_text() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_personal_data_is_gone_after_the_retention_period(refdata, settings, caplog):
    settings.TASKS = DB_QUEUE
    settings.SIGNUP_RETENTION_DAYS = 30
    caplog.set_level(logging.DEBUG)
    today = timezone.localdate()
    run = signup_run(capacity=1, start=today - timedelta(days=45))
    recent = signup_run(capacity=5, start=today - timedelta(days=10))
    before = timezone.now() - timedelta(days=60)
    name, email, phone, note = PERSONAL
    services.sign_up(
        run, name=name, email=email, phone=phone, relation="parorende", note=note, now=before
    )
    services.sign_up(
        run,
        name="Vente Person",
        email="vente@example.no",
        phone="",
        relation="pasient",
        note="",
        now=before,
    )
    services.sign_up(
        recent,
        name="Nylig Deltaker",
        email="nylig@example.no",
        phone="",
        relation="pasient",
        note="",
        now=before,
    )
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert {m.to[0] for m in mail.outbox} == {email, "vente@example.no", "nylig@example.no"}
    assert name in every_table_as_text()

    call_command("slett_pameldinger")

    text = every_table_as_text()
    for value in [*PERSONAL, "Vente Person", "vente@example.no"]:
        assert value not in text, value
        assert value not in caplog.text, value
    assert "Nylig Deltaker" in text  # its run ended only 10 days ago
    kept = SignUp.objects.filter(run=run).order_by("pk")
    assert [(s.status, s.relation) for s in kept] == [
        ("bekreftet", "parorende"),
        ("venteliste", "pasient"),
    ]
    log = DeletionLog.objects.get()
    assert (log.run_external_id, log.reason, log.count) == (run.external_id, "lagringstid", 2)


def test_the_command_takes_the_number_of_days(refdata, settings):
    settings.TASKS = DB_QUEUE
    today = timezone.localdate()
    run = signup_run(start=today - timedelta(days=30))  # the last session was 16 days ago
    services.sign_up(
        run,
        name="Kari",
        email="kari@example.no",
        phone="",
        relation="pasient",
        note="",
        now=timezone.now() - timedelta(days=40),
    )
    call_command("slett_pameldinger", "--dager", "60")
    assert SignUp.objects.get().name == "Kari"
    call_command("slett_pameldinger", "--dager", "0")
    assert SignUp.objects.get().name == ""
