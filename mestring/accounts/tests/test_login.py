"""Logging in: lock-out, two-factor for administrators and analysts, password reset."""

import re
import time

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from mestring.accounts.models import Membership
from mestring.catalogue.tests.factories import make_organisation

pytestmark = pytest.mark.django_db
PASSWORD = "et-langt-og-godt-passord"  # noqa: S105
LOGIN = "/konto/logg-inn/"


@pytest.fixture
def editor(django_user_model, refdata):
    user = django_user_model.objects.create_user("redaktor", "r@example.no", PASSWORD)
    Membership.objects.create(user=user, role="redaktor", organisation=make_organisation())
    return user


@pytest.fixture
def analyst(django_user_model, refdata):
    user = django_user_model.objects.create_user("analytiker", "a@example.no", PASSWORD)
    Membership.objects.create(user=user, role="analytiker")
    return user


def login(client, username, password=PASSWORD, next_url="/arbeid/"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": next_url},
        REMOTE_ADDR="10.0.0.1",
    )


def test_an_editor_logs_in_with_a_password(client, editor):
    response = login(client, "redaktor")
    assert response.status_code == 302 and response["Location"] == "/arbeid/"
    assert client.get("/arbeid/").status_code == 200


def test_wrong_passwords_lock_the_login(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, "redaktor", "feil")
        assert "Feil brukernavn eller passord" in response.content.decode()
    locked = login(client, "redaktor", "feil")
    assert locked.status_code == 429
    assert "midlertidig stengt" in locked.content.decode()
    # Even the right password is refused while the lock lasts.
    assert login(client, "redaktor").status_code == 429


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_analysts_must_set_up_and_use_a_second_factor(client, analyst):
    response = login(client, "analytiker", next_url="/statistikk/")
    assert response["Location"].startswith(reverse("accounts:two-factor"))
    # Logged in with a password only, nothing else opens.
    blocked = client.get("/statistikk/")
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("accounts:two-factor"))
    setup = client.get(blocked["Location"])
    page = setup.content.decode()
    assert "<svg" in page and "Skann koden" in page  # the QR code is drawn locally
    device = TOTPDevice.objects.get(user=analyst, confirmed=False)
    wrong = client.post(reverse("accounts:two-factor"), {"token": "000000", "next": "/statistikk/"})
    assert "Koden stemmer ikke" in wrong.content.decode()
    time.sleep(1.1)  # django-otp makes a failed code wait a second before the next try
    right = client.post(
        reverse("accounts:two-factor"), {"token": code_for(device), "next": "/statistikk/"}
    )
    assert right.status_code == 302 and right["Location"] == "/statistikk/"
    assert client.get("/statistikk/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    # The next login asks for a code from the same app.
    client.logout()
    login(client, "analytiker", next_url="/statistikk/")
    again = client.get(reverse("accounts:two-factor"))
    assert "Skriv inn koden" in again.content.decode()
    assert "<svg" not in again.content.decode()


def test_superusers_need_a_second_factor_for_the_admin(client, django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.no", PASSWORD)
    login(client, "admin", next_url="/admin/")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor"))


def test_password_reset_by_e_mail(client, editor):
    response = client.post(reverse("accounts:password-reset"), {"email": "r@example.no"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/konto/nytt-passord/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    url = form.redirect_chain[-1][0] if form.redirect_chain else link
    weak = client.post(url, {"new_password1": "123", "new_password2": "123"})
    assert "for kort" in weak.content.decode() or "too short" in weak.content.decode()
    done = client.post(
        url,
        {"new_password1": "nytt-og-langt-passord-9", "new_password2": "nytt-og-langt-passord-9"},
    )
    assert done.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password("nytt-og-langt-passord-9")


def test_unknown_addresses_get_the_same_answer_and_no_mail(client, editor):
    response = client.post(reverse("accounts:password-reset"), {"email": "ukjent@example.no"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_the_csp_forbids_inline_scripts(client):
    header = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in header and "unsafe-inline" not in header
    assert "frame-ancestors 'none'" in header


def test_the_administrator_role_opens_the_admin_and_closing_it_removes_it(django_user_model):
    user = django_user_model.objects.create_user("ny-admin", password=PASSWORD)
    membership = Membership.objects.create(user=user, role="administrator")
    user.refresh_from_db()
    assert user.is_staff and user.is_superuser
    membership.delete()
    user.refresh_from_db()
    assert not user.is_staff and not user.is_superuser
