"""Onboarding a provider's people: roles from the command line and the admin, invitations by
e-mail (single use, expiring, only a hash stored), and the two-factor key in Base32."""

import base64
import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pyotp
import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from mestring.accounts import rules, services
from mestring.accounts.models import ExternalIdentity, Invitation, Membership
from mestring.catalogue.tests.factories import make_organisation

from .helpers import login_verified
from .test_oidc import (  # noqa: F401 (fixtures)
    _fresh_discovery_cache,
    at_provider,
    client_key,
    helseid,
    provider,
)

pytestmark = pytest.mark.django_db
PASSWORD = "et-langt-og-godt-passord"  # noqa: S105
NEW_PASSWORD = "nytt-og-langt-passord-9"  # noqa: S105


# Rules, without a database.


def test_the_key_is_base32_in_blocks_of_four_that_an_app_accepts():
    key = bytes(range(20))
    shown = rules.base32_key(key)
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4}){7}", shown)
    typed = shown.replace(" ", "")
    assert base64.b32decode(typed) == key
    # What an authenticator app computes from the typed key is what the server expects.
    from django_otp.oath import TOTP

    server = TOTP(key)
    server.time = 1_800_000_000
    assert pyotp.TOTP(typed).at(1_800_000_000) == f"{server.token():06d}"


def test_a_key_that_is_not_a_multiple_of_five_bytes_has_no_padding():
    assert "=" not in rules.base32_key(b"\x01\x02\x03")


def test_tokens_are_random_and_only_their_hash_is_kept():
    first, second = rules.new_token(), rules.new_token()
    assert first != second and len(first) >= 40
    assert rules.hash_token(first) != first and len(rules.hash_token(first)) == 64
    assert rules.hash_token(first) == rules.hash_token(first)


def test_invitation_problems():
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    later = now + timedelta(days=1)
    assert rules.invitation_problem(expires_at=later, accepted_at=None, now=now) is None
    assert "gikk ut 30.04.2026" in rules.invitation_problem(
        expires_at=now - timedelta(days=1), accepted_at=None, now=now
    )
    assert "allerede brukt" in rules.invitation_problem(expires_at=later, accepted_at=now, now=now)


@pytest.mark.parametrize(
    "role, has_organisation, expected",
    [
        ("redaktor", True, None),
        ("leser", True, None),
        ("analytiker", False, None),
        ("redaktor", False, "må høre til en tilbyder"),
        ("administrator", True, "skal ikke ha en tilbyder"),
        ("sjef", True, "Ukjent rolle «sjef»"),
    ],
)
def test_role_problems(role, has_organisation, expected):
    problem = rules.role_problem(role, has_organisation)
    assert problem is None if expected is None else expected in problem


# The command line.


@pytest.fixture
def lms(refdata):
    return make_organisation(
        external_id="lms-tromso", name="Lærings- og mestringssenteret UNN", orgnr="921234561"
    )


@pytest.fixture
def kari(db, django_user_model):
    return django_user_model.objects.create_user("kari", "kari@example.no", PASSWORD)


def tilgang(*args) -> str:
    out = StringIO()
    call_command("tilgang", *args, stdout=out)
    return out.getvalue()


def test_cli_gives_shows_and_removes_a_role(lms, kari):
    output = tilgang(
        "gi", "--epost", "KARI@example.no", "--tilbyder", "lms-tromso", "--rolle", "redaktor"
    )
    assert "Ga rollen" in output
    assert Membership.objects.filter(user=kari, role="redaktor", organisation=lms).exists()
    again = tilgang(
        "gi", "--epost", "kari@example.no", "--tilbyder", "921234561", "--rolle", "redaktor"
    )
    assert "fra før" in again and Membership.objects.count() == 1
    shown = tilgang("vis", "--tilbyder", "Lærings- og mestringssenteret UNN")
    assert "kari@example.no\tredaktor\tLærings- og mestringssenteret UNN" in shown
    tilgang(
        "fjern", "--epost", "kari@example.no", "--tilbyder", "lms-tromso", "--rolle", "redaktor"
    )
    assert not Membership.objects.exists()
    assert "Ingen roller" in tilgang("vis", "--epost", "kari@example.no")


def test_cli_administrator_role_opens_the_admin(kari):
    tilgang("gi", "--epost", "kari@example.no", "--rolle", "administrator")
    kari.refresh_from_db()
    assert kari.is_superuser and kari.is_staff


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--epost", "ukjent@example.no", "--tilbyder", "lms-tromso", "--rolle", "redaktor"],
            "Fant ingen bruker med e-postadressen «ukjent@example.no»",
        ),
        (
            ["--epost", "kari@example.no", "--tilbyder", "finnes-ikke", "--rolle", "redaktor"],
            "Fant ingen tilbyder «finnes-ikke»",
        ),
        (
            ["--epost", "kari@example.no", "--tilbyder", "lms-tromso", "--rolle", "sjef"],
            "Ukjent rolle «sjef»",
        ),
        (["--epost", "kari@example.no", "--rolle", "redaktor"], "må høre til en tilbyder"),
        (
            ["--epost", "kari@example.no", "--tilbyder", "lms-tromso", "--rolle", "analytiker"],
            "skal ikke ha en tilbyder",
        ),
    ],
)
def test_cli_errors_are_clear_and_change_nothing(lms, kari, args, message):
    with pytest.raises(CommandError, match=message):
        tilgang("gi", *args)
    assert not Membership.objects.exists()


def test_cli_removing_a_role_the_user_does_not_have(lms, kari):
    with pytest.raises(CommandError, match="har ikke denne rollen"):
        tilgang(
            "fjern", "--epost", "kari@example.no", "--tilbyder", "lms-tromso", "--rolle", "leser"
        )


def test_cli_invites_by_e_mail(lms, settings):
    settings.SITE_URL = "https://mestring.example.no"
    output = tilgang(
        "inviter", "--epost", "ny@example.no", "--tilbyder", "lms-tromso", "--rolle", "redaktor"
    )
    assert "Sendte invitasjon til ny@example.no" in output
    assert "https://mestring.example.no/konto/invitasjon/" in mail.outbox[0].body


# Invitations.


def invite(email="ny@example.no", role="redaktor", organisation=None):
    new = services.invite(email, role, organisation)
    services.send_invitation(new, "http://testserver")
    body = mail.outbox[-1].body
    return new, re.search(r"http://testserver(/konto/invitasjon/\S+/)", body).group(1)


def test_only_a_hash_of_the_token_is_stored(lms):
    new, link = invite(organisation=lms)
    stored = Invitation.objects.get()
    assert new.token in link
    assert stored.token_hash == rules.hash_token(new.token)
    assert new.token not in str(Invitation.objects.values().get())
    assert mail.outbox[0].to == ["ny@example.no"]
    assert "redaktør for Lærings- og mestringssenteret UNN" in mail.outbox[0].body


def test_a_new_person_sets_a_password_and_lands_in_mitt_arbeid(client, lms, django_user_model):
    _new, link = invite(organisation=lms)
    page = client.get(link)
    assert page.status_code == 200 and "Lag et passord" in page.content.decode()
    weak = client.post(link, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200 and not django_user_model.objects.exists()
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/arbeid/"
    user = django_user_model.objects.get(email="ny@example.no")
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.filter(user=user, role="redaktor", organisation=lms).exists()
    assert client.session[SESSION_KEY] == str(user.pk)
    dashboard = client.get("/arbeid/")
    assert dashboard.status_code == 200
    assert "Velkommen! Du er nå redaktør for" in dashboard.content.decode()


def test_an_invitation_works_once(client, lms):
    _new, link = invite(organisation=lms)
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.logout()
    again = client.get(link)
    assert again.status_code == 410 and "allerede brukt" in again.content.decode()
    assert Membership.objects.count() == 1


def test_an_expired_invitation_is_refused(client, lms, django_user_model):
    _new, link = invite(organisation=lms)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 410 and "gikk ut" in response.content.decode()
    assert not django_user_model.objects.exists() and not Membership.objects.exists()


def test_a_wrong_token_is_refused(client, lms):
    _new, link = invite(organisation=lms)
    response = client.get(link[:-5] + "xxxx/")
    assert response.status_code == 410 and "ugyldig" in response.content.decode()


def test_accepting_twice_in_the_service_fails(lms, kari):
    new, _link = invite(organisation=lms)
    services.accept(new.invitation, kari)
    with pytest.raises(services.AccessError, match="allerede brukt"):
        services.accept(Invitation.objects.get(), kari)


def test_someone_who_already_has_the_role_is_not_invited(lms, kari):
    Membership.objects.create(user=kari, role="redaktor", organisation=lms)
    with pytest.raises(services.AccessError, match="har allerede denne rollen"):
        services.invite("kari@example.no", "redaktor", lms)
    assert not Invitation.objects.exists() and mail.outbox == []


def test_an_existing_user_logs_in_to_take_the_invitation(client, lms, kari):
    _new, link = invite("kari@example.no", organisation=lms)
    page = client.get(link).content.decode()
    assert "Det finnes allerede en bruker" in page and "Lag et passord" not in page
    client.force_login(kari)
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/arbeid/"
    assert Membership.objects.filter(user=kari, organisation=lms, role="redaktor").exists()


def test_an_invitation_taken_by_someone_who_already_had_the_role(client, lms, kari):
    _new, link = invite("kari@example.no", organisation=lms)
    Membership.objects.create(user=kari, role="redaktor", organisation=lms)
    client.force_login(kari)
    response = client.post(link, follow=True)
    assert "Du var allerede redaktør" in response.content.decode()
    assert Membership.objects.count() == 1
    assert Invitation.objects.get().accepted_at is not None


def test_an_invitation_taken_with_helseid_links_the_login(client, lms, helseid, django_user_model):  # noqa: F811
    _new, link = invite(organisation=lms)
    page = client.get(link).content.decode()
    assert "Logg inn med HelseID" in page
    helseid.user = {"sub": "sub-invitert", "acr": "idporten-loa-high"}
    start = client.get("/konto/sso/helseid/", {"next": link})
    response = client.get(at_provider(start["Location"]))
    assert response.status_code == 302 and response["Location"] == "/arbeid/"
    user = django_user_model.objects.get(email="ny@example.no")
    assert not user.has_usable_password()
    assert ExternalIdentity.objects.get(subject="sub-invitert").user == user
    assert Membership.objects.filter(user=user, organisation=lms).exists()
    assert Invitation.objects.get().accepted_by == user
    # The next login with HelseID needs no invitation.
    client.logout()
    start = client.get("/konto/sso/helseid/")
    assert client.get(at_provider(start["Location"]))["Location"] == "/arbeid/"


# The administrator's invitation page and the admin.


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.no", PASSWORD)
    login_verified(client, admin)
    return client


def test_administrators_invite_from_the_workspace(admin_client, lms):
    page = admin_client.get("/arbeid/tilgang/")
    assert page.status_code == 200
    missing = admin_client.post("/arbeid/tilgang/", {"email": "ny@example.no", "role": "redaktor"})
    assert "må høre til en tilbyder" in missing.content.decode()
    assert mail.outbox == []
    response = admin_client.post(
        "/arbeid/tilgang/",
        {"email": "ny@example.no", "role": "redaktor", "organisation": lms.pk},
        follow=True,
    )
    assert "Invitasjonen er sendt til ny@example.no" in response.content.decode()
    assert "/konto/invitasjon/" in mail.outbox[0].body
    assert Invitation.objects.get().invited_by.username == "admin"


def test_editors_cannot_invite(client, lms, kari):
    Membership.objects.create(user=kari, role="redaktor", organisation=lms)
    client.force_login(kari)
    assert client.get("/arbeid/tilgang/").status_code == 403
    assert "/arbeid/tilgang/" not in client.get("/arbeid/").content.decode()


def test_roles_are_given_in_the_admin_on_the_user_and_the_provider(admin_client, lms, kari):
    user_page = admin_client.get(reverse("admin:auth_user_change", args=[kari.pk]))
    assert user_page.status_code == 200 and "memberships-TOTAL_FORMS" in user_page.content.decode()
    org_page = admin_client.get(reverse("admin:catalogue_organisation_change", args=[lms.pk]))
    assert "memberships-TOTAL_FORMS" in org_page.content.decode()
    assert "Roller" in org_page.content.decode()


def test_the_two_factor_page_shows_the_key_in_base32(client, django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.no", PASSWORD)
    client.post("/konto/logg-inn/", {"username": "admin", "password": PASSWORD, "next": "/admin/"})
    page = client.get(reverse("accounts:two-factor")).content.decode()
    shown = re.search(r'<code class="totp-key" id="totp-nokkel">([A-Z2-7 ]+)</code>', page).group(1)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username="admin")
    assert base64.b32decode(shown.replace(" ", "")) == device.bin_key
    assert device.key not in page  # not the hex key
    code = pyotp.TOTP(shown.replace(" ", "")).now()
    response = client.post(reverse("accounts:two-factor"), {"token": code, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.parametrize("app_label", ["accounts", "workspace"])
def test_every_admin_label_is_written_out_in_norwegian(app_label):
    from django.apps import apps

    for model in apps.get_app_config(app_label).get_models():
        meta = model._meta
        assert {"verbose_name", "verbose_name_plural"} <= set(meta.original_attrs), model
        for field in meta.get_fields():
            if field.concrete and not field.auto_created:
                # An unset verbose_name is the field name with spaces: English here.
                assert field.verbose_name != field.name.replace("_", " "), (model, field.name)
