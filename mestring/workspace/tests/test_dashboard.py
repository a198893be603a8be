from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from mestring.accounts.tests.helpers import make_member
from mestring.activity.models import Attendance
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.workspace import work
from mestring.workspace.models import Reminder

from .test_runs import lms, offer  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 15)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def test_starting_soon_is_the_next_30_days(coordinator, offer, outsider):  # noqa: F811
    make_run(offer, start=days(10), external_id="snart")
    make_run(offer, start=days(0), external_id="i-dag")
    make_run(offer, start=days(31), external_id="senere")
    make_run(offer, start=days(5), status="avlyst", external_id="avlyst")
    make_run(make_offer(), start=days(3), external_id="andres")
    found = [run.external_id for run in work.starting_soon(coordinator, TODAY)]
    assert found == ["i-dag", "snart"]
    assert list(work.starting_soon(outsider, TODAY)) == []


def test_missing_attendance_lists_past_sessions_newest_first(coordinator, offer):  # noqa: F811
    run = make_run(offer, sessions=4, start=days(-21), external_id="med-samlinger")
    Attendance.objects.create(run=run, date=days(-21), patients=4)
    make_run(offer, start=days(-10), end=days(-3), external_id="uten-samlinger")
    make_run(offer, sessions=2, start=days(-14), status="avlyst", external_id="avlyst")
    whole = make_run(offer, sessions=2, start=days(-30), external_id="registrert-samlet")
    Attendance.objects.create(run=whole, date=None, patients=10)
    make_run(offer, start=days(-800), external_id="for-lenge-siden")
    found = [(m.run.external_id, m.date) for m in work.missing_attendance(coordinator, TODAY)]
    # The session today has not been held yet; the run without sessions ended 3 days ago.
    assert found == [
        ("uten-samlinger", None),
        ("med-samlinger", days(-7)),
        ("med-samlinger", days(-14)),
    ]


def test_drafts_and_offers_not_confirmed_for_a_year(coordinator, lms):  # noqa: F811
    make_offer(responsible=lms, status="utkast", external_id="utkast", last_confirmed=None)
    make_offer(responsible=lms, external_id="gammel", last_confirmed=days(-400))
    make_offer(responsible=lms, external_id="aldri", last_confirmed=None)
    make_offer(responsible=lms, external_id="akkurat-et-ar", last_confirmed=date(2025, 6, 15))
    make_offer(responsible=lms, external_id="fersk", last_confirmed=days(-100))
    make_offer(responsible=lms, external_id="arkivert", status="arkivert", last_confirmed=None)
    make_offer(external_id="andres", last_confirmed=None)
    assert [o.external_id for o in work.drafts(coordinator, TODAY)] == ["utkast"]
    assert [o.external_id for o in work.unconfirmed(coordinator, TODAY)] == [
        "aldri",
        "gammel",
        "akkurat-et-ar",
    ]


def test_the_dashboard_links_every_item_to_its_page(client, coordinator, lms, offer):  # noqa: F811
    today = date.today()
    make_run(offer, start=today + timedelta(days=3), external_id="kols-snart")
    make_run(offer, sessions=1, start=today - timedelta(days=7), external_id="kols-forbi")
    make_offer(responsible=lms, external_id="utkastet", title="Utkastet", status="utkast")
    make_offer(responsible=lms, external_id="gammelt", title="Gammelt", last_confirmed=None)
    client.force_login(coordinator)
    html = client.get("/arbeid/").content.decode()
    assert 'href="/arbeid/tilbud/kols/gjennomforinger/#gjennomforing-kols-snart"' in html
    day = today - timedelta(days=7)
    assert f'href="/arbeid/gjennomforinger/kols-forbi/oppmote/#rad-d{day:%Y-%m-%d}"' in html
    assert 'href="/arbeid/tilbud/utkastet/gjennomforinger/"' in html
    assert 'href="/arbeid/tilbud/gammelt/gjennomforinger/"' in html
    assert "aldri bekreftet" in html


@pytest.fixture
def hierarchy(django_user_model, refdata):
    trust = make_organisation(external_id="hf", name="Helseforetaket")
    centre = make_organisation(external_id="lms", name="LMS-et", parent=trust)
    users = {
        "centre": make_member(centre, "redaktor", "senter"),
        "trust": make_member(trust, "redaktor", "foretak"),
        "reader": make_member(centre, "leser", "leser"),
    }
    make_offer(responsible=centre, external_id="gammel", title="Gammel", last_confirmed=None)
    make_offer(responsible=centre, external_id="fersk", last_confirmed=TODAY)
    make_offer(responsible=centre, external_id="utkast", status="utkast", last_confirmed=None)
    return users


def test_reminders_go_to_editors_up_the_tree_once_a_year(hierarchy):
    call_command("send_reminders", "--today", "2026-06-15", "--base-url", "https://mestring.no")
    assert sorted(m.to[0] for m in mail.outbox) == ["foretak@example.no", "senter@example.no"]
    message = mail.outbox[0]
    assert "Gammel" in message.body and "aldri bekreftet" in message.body
    assert "https://mestring.no/arbeid/tilbud/gammel/gjennomforinger/" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html" and 'href="https://mestring.no/arbeid/' in html
    assert list(Reminder.objects.values_list("offer__external_id", "sent_on")) == [
        ("gammel", TODAY)
    ]
    call_command("send_reminders", "--today", "2026-12-01")
    assert len(mail.outbox) == 2
    call_command("send_reminders", "--today", "2027-06-15")
    assert len(mail.outbox) == 4


def test_dry_run_sends_and_records_nothing(hierarchy, capsys):
    call_command("send_reminders", "--today", "2026-06-15", "--dry-run")
    assert mail.outbox == [] and not Reminder.objects.exists()
    assert "senter@example.no: gammel" in capsys.readouterr().out
