"""The provider's sign-up page: editors at the offer's provider only, every look logged."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from mestring.accounts.models import Membership
from mestring.accounts.tests.helpers import login_verified
from mestring.catalogue.tests.factories import make_organisation
from mestring.signup import services
from mestring.signup.models import AccessLog, RunSignup

from .helpers import IMMEDIATE, signup_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = IMMEDIATE
    cache.clear()


@pytest.fixture
def run(refdata, django_capture_on_commit_callbacks):
    run = signup_run(capacity=1)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        for name, relation in (("Anne Pasient", "pasient"), ("Per Pårørende", "parorende")):
            services.sign_up(
                run,
                name=name,
                email=f"{name[:3]}@example.no",
                phone="",
                relation=relation,
                note="Trenger tolk",
                now=now,
            )
    return run


def user_with(django_user_model, organisation, role, name):
    user = django_user_model.objects.create_user(name, password="pw")
    Membership.objects.create(user=user, role=role, organisation=organisation)
    return user


def url(run) -> str:
    return f"/arbeid/gjennomforinger/{run.external_id}/pameldinger/"


def test_an_editor_sees_the_list_and_counts_and_the_look_is_logged(client, django_user_model, run):
    editor = user_with(django_user_model, run.offer.responsible, "redaktor", "red")
    client.force_login(editor)
    page = client.get(url(run)).content.decode()
    assert "Anne Pasient" in page and "Per Pårørende" in page and "Trenger tolk" in page
    assert "Plasser tatt: 1 av 1" in page
    log = AccessLog.objects.get()
    assert (log.user, log.run, log.action) == (editor, run, "vist")


def test_csv_export_is_logged(client, django_user_model, run):
    editor = user_with(django_user_model, run.offer.responsible, "redaktor", "red")
    client.force_login(editor)
    response = client.get(f"/arbeid/gjennomforinger/{run.external_id}/pameldinger.csv")
    body = response.content.decode("utf-8-sig")
    assert "Anne Pasient" in body and body.splitlines()[0].startswith("Status;Deltar som;Navn")
    assert AccessLog.objects.get().action == "eksportert"


@pytest.mark.parametrize("who", ["reader", "other_editor", "administrator"])
def test_others_may_not_see_the_list(client, django_user_model, run, who):
    if who == "reader":
        user = user_with(django_user_model, run.offer.responsible, "leser", "les")
    elif who == "other_editor":
        user = user_with(django_user_model, make_organisation(), "redaktor", "annen")
    else:
        user = django_user_model.objects.create_superuser("admin", "a@example.no", "pw")
        Membership.objects.create(user=user, role="administrator")
    login_verified(client, user)
    assert client.get(url(run)).status_code == 403
    assert not AccessLog.objects.exists()


def test_the_editor_turns_on_sign_up_with_dates(client, django_user_model, refdata):
    run = signup_run()
    run.signup_settings.delete()
    editor = user_with(django_user_model, run.offer.responsible, "redaktor", "red")
    client.force_login(editor)
    data = {
        "mode": "mestring",
        "capacity": "8",
        "opens_at": "2026-01-01T09:00",
        "closes_at": "2025-12-01T09:00",
        "offer_hours": "24",
    }
    response = client.post(url(run), data)
    assert response.status_code == 200
    assert "Påmeldingen må stenge etter at den åpner." in response.content.decode()
    response = client.post(url(run), {**data, "closes_at": ""})
    assert response.status_code == 302
    saved = RunSignup.objects.get(run=run)
    assert (saved.mode, saved.capacity, saved.offer_hours) == ("mestring", 8, 24)
