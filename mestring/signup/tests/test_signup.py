"""Signing up, the confirmation e-mail, cancelling by the private link, the waiting list."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from icalendar import Calendar

from mestring.signup import services
from mestring.signup.models import DeletionLog, SignUp

from .helpers import IMMEDIATE, form_data, form_url, signup_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = IMMEDIATE
    cache.clear()


def post(client, run, capture, **overrides):
    with capture(execute=True):
        return client.post(form_url(run), form_data(**overrides))


def private_link(message) -> str:
    return re.search(r"https?://\S+/pamelding/(\S+)/", message.body).group(0)


def test_the_offer_page_shows_seats_left_and_the_button(client, refdata):
    run = signup_run(capacity=12)
    page = client.get(f"/tilbud/{run.offer.external_id}/").content.decode()
    assert "Plasser: 12</strong>. 12 ledige plasser." in page
    assert f'href="{form_url(run)}">Meld deg på' in page


def test_sign_up_sends_a_confirmation_with_a_calendar_and_a_private_link(
    client, refdata, django_capture_on_commit_callbacks
):
    run = signup_run()
    response = post(client, run, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and "Sjekk e-posten din" in response.content.decode()
    signup = SignUp.objects.get()
    assert (signup.status, signup.email, signup.relation) == (
        "bekreftet",
        "ola@example.no",
        "pasient",
    )
    (message,) = mail.outbox
    assert message.to == ["ola@example.no"] and "Du er påmeldt" in message.subject
    name, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar"
    assert len(Calendar.from_ical(content).walk("VEVENT")) == 3
    link = private_link(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert signup.token_hash != token and token not in str(SignUp.objects.values().get())
    page = client.get(f"/pamelding/{token}/").content.decode()
    assert "Du har plass." in page and "Ola Nordmann" in page


def test_the_form_names_what_is_wrong(client, refdata, django_capture_on_commit_callbacks):
    run = signup_run()
    response = post(client, run, django_capture_on_commit_callbacks, name="", email="")
    page = response.content.decode()
    assert 'id="id_name_error"' in page and "Skriv navnet ditt." in page
    assert "Skriv e-postadressen din eller telefonnummeret ditt." in page
    assert not SignUp.objects.exists()


def test_double_sign_up_is_refused_kindly_without_telling_others(
    client, refdata, django_capture_on_commit_callbacks
):
    run = signup_run()
    post(client, run, django_capture_on_commit_callbacks)
    response = post(client, run, django_capture_on_commit_callbacks, email="OLA@example.no ")
    assert "Sjekk e-posten din" in response.content.decode()
    assert SignUp.objects.count() == 1
    assert "allerede påmeldt" in mail.outbox[-1].subject


def test_double_sign_up_by_phone_is_refused_kindly(
    client, refdata, django_capture_on_commit_callbacks
):
    run = signup_run()
    first = post(client, run, django_capture_on_commit_callbacks, email="", phone="900 00 000")
    assert first.status_code == 302 and first.url.startswith("/pamelding/")
    again = post(client, run, django_capture_on_commit_callbacks, email="", phone="+4790000000")
    assert "allerede påmeldt" in again.content.decode()
    assert SignUp.objects.count() == 1


def test_the_honeypot_stores_nothing(client, refdata, django_capture_on_commit_callbacks):
    run = signup_run()
    post(client, run, django_capture_on_commit_callbacks, website="http://spam.example")
    assert not SignUp.objects.exists() and mail.outbox == []


def test_rate_limit(client, refdata, settings, django_capture_on_commit_callbacks):
    settings.SIGNUP_RATE_LIMIT = 2
    run = signup_run()
    for n in range(2):
        post(client, run, django_capture_on_commit_callbacks, email=f"p{n}@example.no")
    response = post(client, run, django_capture_on_commit_callbacks, email="p9@example.no")
    assert response.status_code == 429 and "Vent noen minutter" in response.content.decode()
    assert SignUp.objects.count() == 2


def test_full_runs_put_people_on_the_waiting_list(
    client, refdata, django_capture_on_commit_callbacks
):
    run = signup_run(capacity=1)
    post(client, run, django_capture_on_commit_callbacks, email="a@example.no")
    page = client.get(f"/tilbud/{run.offer.external_id}/").content.decode()
    assert "Sett meg på venteliste" in page
    post(client, run, django_capture_on_commit_callbacks, email="b@example.no")
    assert SignUp.objects.get(email="b@example.no").status == "venteliste"
    assert "venteliste" in mail.outbox[-1].subject


def test_cancel_deletes_personal_data_and_offers_the_seat_to_the_first_waiting(
    client, refdata, django_capture_on_commit_callbacks
):
    run = signup_run(capacity=1)
    post(client, run, django_capture_on_commit_callbacks, email="a@example.no")
    post(client, run, django_capture_on_commit_callbacks, email="b@example.no", name="Bente")
    post(client, run, django_capture_on_commit_callbacks, email="c@example.no")
    link = private_link(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link + "avmeld/")
    assert "Du er meldt av" in response.content.decode()
    cancelled = SignUp.objects.get(status="avmeldt")
    assert (cancelled.name, cancelled.email, cancelled.token_hash) == ("", "", None)
    assert DeletionLog.objects.get().reason == "avmeldt"
    assert client.get(link).status_code == 404
    offered = SignUp.objects.get(email="b@example.no")
    assert offered.status == "tilbudt" and offered.offered_until > timezone.now()
    message = mail.outbox[-1]
    assert message.to == ["b@example.no"] and "Ledig plass" in message.subject
    offer_link = private_link(message)
    assert "Takk ja til plassen" in client.get(offer_link).content.decode()
    client.post(offer_link + "takk-ja/")
    offered.refresh_from_db()
    assert offered.status == "bekreftet"
    assert SignUp.objects.get(email="c@example.no").status == "venteliste"


def test_an_offer_not_taken_in_time_goes_to_the_next(refdata, django_capture_on_commit_callbacks):
    run = signup_run(capacity=1)
    now = timezone.now()
    kwargs = {"phone": "", "relation": "pasient", "note": "", "now": now}
    with django_capture_on_commit_callbacks(execute=True):
        first = services.sign_up(run, name="A", email="a@example.no", **kwargs)
        services.sign_up(run, name="B", email="b@example.no", **kwargs)
        services.sign_up(run, name="C", email="c@example.no", **kwargs)
        services.cancel(first.signup, now)
    assert SignUp.objects.get(name="B").status == "tilbudt"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_offers(now + timedelta(hours=49)) == 1
    assert SignUp.objects.filter(name="B").count() == 0
    assert SignUp.objects.get(name="C").status == "tilbudt"
    assert mail.outbox[-1].to == ["c@example.no"]


def test_capacity_is_not_exceeded_after_cancelling_an_offer(
    refdata, django_capture_on_commit_callbacks
):
    run = signup_run(capacity=2)
    now = timezone.now()
    kwargs = {"phone": "", "relation": "parorende", "note": "", "now": now}
    with django_capture_on_commit_callbacks(execute=True):
        people = [
            services.sign_up(run, name=f"P{n}", email=f"p{n}@example.no", **kwargs)
            for n in range(4)
        ]
        services.cancel(people[0].signup, now)
        services.cancel(people[1].signup, now)
    assert services.seats_taken(run) == 2
    assert sorted(SignUp.objects.exclude(status="avmeldt").values_list("status", flat=True)) == [
        "tilbudt",
        "tilbudt",
    ]


def test_sign_up_closes_when_the_run_starts(client, refdata):
    run = signup_run(start=timezone.localdate() - timedelta(days=1))
    page = client.get(form_url(run)).content.decode()
    assert "Påmeldingen er stengt" in page and "<form" not in page.split("<main")[1]


def test_external_runs_have_no_form(client, refdata):
    run = signup_run()
    run.signup_settings.mode = "ekstern"
    run.signup_settings.save()
    assert client.get(form_url(run)).status_code == 404


def test_a_reminder_two_days_before_the_first_session(refdata, django_capture_on_commit_callbacks):
    run = signup_run(start=timezone.localdate() + timedelta(days=14))
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(
            run,
            name="Kari",
            email="kari@example.no",
            phone="",
            relation="pasient",
            note="",
            now=now,
        )
    first = services.first_start(run)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(first - timedelta(days=3)) == 0
        assert services.send_reminders(first - timedelta(days=2)) == 1
        assert services.send_reminders(first - timedelta(days=1)) == 0  # only once
    message = mail.outbox[-1]
    assert message.subject.startswith("Påminnelse") and message.to == ["kari@example.no"]
    assert "/pamelding/" not in message.body and "Meld deg av med lenken" in message.body


def test_attendance_shows_the_expected_numbers(
    client, refdata, django_user_model, django_capture_on_commit_callbacks
):
    from mestring.accounts.models import Membership

    run = signup_run(capacity=5)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        for n, relation in enumerate(["pasient", "pasient", "parorende"]):
            services.sign_up(
                run,
                name=f"P{n}",
                email=f"p{n}@example.no",
                phone="",
                relation=relation,
                note="",
                now=now,
            )
    user = django_user_model.objects.create_user("les", password="pw")
    Membership.objects.create(user=user, role="leser", organisation=run.offer.responsible)
    client.force_login(user)
    page = client.get(f"/arbeid/gjennomforinger/{run.external_id}/oppmote/").content.decode()
    assert "pasient 2, pårørende 1, barn som pårørende 0." in page
    assert "P0" not in page
