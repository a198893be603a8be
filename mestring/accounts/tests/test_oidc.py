"""Single sign-on with HelseID and ID-porten, against the local provider in oidc_provider.py."""

import http.client
import json
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from mestring.accounts import oidc
from mestring.accounts.middleware import SSO_MULTI_FACTOR_SESSION_KEY
from mestring.accounts.models import ExternalIdentity, Membership, Role

from .helpers import login_verified
from .oidc_provider import PID, OIDCTestProvider, new_key

pytestmark = pytest.mark.django_db

HELSEID_CLIENT = "mestring-helseid"
IDPORTEN_CLIENT = "mestring-idporten"


@pytest.fixture(autouse=True)
def _fresh_discovery_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def provider():
    with OIDCTestProvider() as running:
        yield running


@pytest.fixture
def client_key():
    return new_key()


@pytest.fixture
def helseid(provider, settings, client_key):
    """HelseID: private_key_jwt with an inline JWK."""
    provider.register_client(HELSEID_CLIENT, public_key=client_key.as_dict(is_private=False))
    settings.OIDC_PROVIDERS = {
        "helseid": {
            "issuer": provider.issuer,
            "client_id": HELSEID_CLIENT,
            "private_key": json.dumps(client_key.as_dict(is_private=True)),
            "scope": "openid profile",
        }
    }
    return provider


@pytest.fixture
def idporten(provider, settings, client_key, tmp_path):
    """ID-porten: private_key_jwt with a PEM file, level substantial or higher."""
    pem = tmp_path / "idporten.pem"
    pem.write_bytes(client_key.as_pem(is_private=True))
    provider.register_client(IDPORTEN_CLIENT, public_key=client_key.as_dict(is_private=False))
    settings.OIDC_PROVIDERS = {
        "idporten": {
            "issuer": provider.issuer,
            "client_id": IDPORTEN_CLIENT,
            "private_key": str(pem),
            "client_secret": "",
            "scope": "openid",
            "min_acr": "idporten-loa-substantial",
        }
    }
    return provider


@pytest.fixture
def kari(django_user_model):
    return django_user_model.objects.create_user("kari", "kari@example.no", "pw")


def link(user, provider_name: str, subject: str = "sub-1") -> ExternalIdentity:
    return ExternalIdentity.objects.create(user=user, provider=provider_name, subject=subject)


def at_provider(url: str) -> str:
    """What the browser does at the provider: open the authorize URL, get sent back."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", f"{parts.path}?{parts.query}")
        response = connection.getresponse()
        assert response.status == 302, response.read()
        back = urlsplit(response.getheader("Location"))
    finally:
        connection.close()
    assert back.netloc == "testserver"
    return f"{back.path}?{back.query}"


def start_login(client, name: str, **params) -> str:
    response = client.get(f"/konto/sso/{name}/", params)
    assert response.status_code == 302
    return response["Location"]


def sso_login(client, name: str, **params):
    return client.get(at_provider(start_login(client, name, **params)))


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def shown_messages(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def assert_refused(client, response, text: str = "Innloggingen mislyktes"):
    assert response.status_code == 302
    assert response["Location"] == "/konto/logg-inn/"
    assert logged_in_user_id(client) is None
    assert text in shown_messages(response)


def test_helseid_login_end_to_end(client, helseid, kari):
    link(kari, "helseid")
    authorize = urlsplit(start_login(client, "helseid", next="/arbeid/"))
    query = parse_qs(authorize.query)
    assert f"{authorize.scheme}://{authorize.netloc}" == helseid.issuer
    assert query["scope"] == ["openid profile"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == ["http://testserver/konto/sso/helseid/tilbake/"]
    key_before = client.session.session_key

    response = client.get(at_provider(authorize.geturl()))

    assert response.status_code == 302 and response["Location"] == "/arbeid/"
    assert logged_in_user_id(client) == str(kari.pk)
    assert client.session.session_key != key_before
    assert client.session[SSO_MULTI_FACTOR_SESSION_KEY] == str(kari.pk)
    assert len(helseid.used_jtis) == 1 and helseid.refused == []
    stored = json.dumps(dict(client.session.items()))
    assert PID not in stored and "sso_pending" not in stored
    assert list(ExternalIdentity.objects.values_list("subject", flat=True)) == ["sub-1"]


def test_helseid_refuses_our_assertion_signed_with_a_wrong_key(client, helseid, kari, settings):
    link(kari, "helseid")
    wrong = new_key()
    settings.OIDC_PROVIDERS["helseid"]["private_key"] = json.dumps(wrong.as_dict(is_private=True))
    response = sso_login(client, "helseid")
    assert_refused(client, response)
    assert helseid.refused and helseid.refused[0].startswith("client assertion")


@pytest.mark.parametrize(
    "acr", ["idporten-loa-high", "idporten-loa-substantial", "Level4", "Level3"]
)
def test_idporten_accepts_substantial_and_high(client, idporten, kari, acr):
    link(kari, "idporten")
    idporten.user = {"sub": "sub-1", "acr": acr}
    authorize = start_login(client, "idporten")
    assert parse_qs(urlsplit(authorize).query)["acr_values"] == ["idporten-loa-substantial"]
    response = client.get(at_provider(authorize))
    assert response.status_code == 302 and response["Location"] == "/arbeid/"
    assert logged_in_user_id(client) == str(kari.pk)
    assert client.session[SSO_MULTI_FACTOR_SESSION_KEY] == str(kari.pk)


@pytest.mark.parametrize("acr", ["idporten-loa-low", "Level2", None])
def test_idporten_refuses_a_low_level(client, idporten, kari, acr):
    link(kari, "idporten")
    idporten.user = {"sub": "sub-1", "acr": acr}
    response = sso_login(client, "idporten")
    assert_refused(client, response, "for lavt sikkerhetsnivå")
    assert "betydelig" in shown_messages(response)


def test_idporten_minimum_high_refuses_substantial(client, idporten, kari, settings):
    link(kari, "idporten")
    settings.OIDC_PROVIDERS["idporten"]["min_acr"] = "idporten-loa-high"
    idporten.user = {"sub": "sub-1", "acr": "idporten-loa-substantial"}
    response = sso_login(client, "idporten")
    assert_refused(client, response, "sikkerhetsnivå høyt")


def test_idporten_with_a_client_secret(client, idporten, kari, settings):
    link(kari, "idporten")
    idporten.register_client(IDPORTEN_CLIENT, secret="s3cret-at-idporten")
    conf = settings.OIDC_PROVIDERS["idporten"]
    conf.update(private_key="", client_secret="s3cret-at-idporten")
    assert logged_in_user_id(client) is None
    response = sso_login(client, "idporten")
    assert logged_in_user_id(client) == str(kari.pk), shown_messages(response)

    client.logout()
    conf["client_secret"] = "wrong"
    assert_refused(client, sso_login(client, "idporten"))
    assert idporten.refused == ["client secret"]


def test_tampered_state_is_refused(client, helseid, kari):
    link(kari, "helseid")
    callback = urlsplit(at_provider(start_login(client, "helseid")))
    query = {key: values[0] for key, values in parse_qs(callback.query).items()}
    tampered = f"{callback.path}?{urlencode({**query, 'state': query['state'] + 'x'})}"
    response = client.get(tampered)
    assert_refused(client, response, "utløpt eller ugyldig")
    # The untouched answer is no good afterwards either: the login it belonged to is spent.
    assert_refused(client, client.get(f"{callback.path}?{callback.query}"), "utløpt")


def test_callback_without_a_started_login_is_refused(client, helseid, kari):
    link(kari, "helseid")
    other_browser_callback = at_provider(start_login(client, "helseid"))
    client.cookies.clear()
    assert_refused(client, client.get(other_browser_callback), "utløpt eller ugyldig")


@pytest.mark.parametrize(
    "changes",
    [
        {"nonce": "a-nonce-from-another-login"},
        {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 3700},
        {"aud": "another-client"},
        {"aud": [HELSEID_CLIENT, "another-client"]},
        {"iss": "https://impostor.example"},
        {"iat": int(time.time()) + 3600},
    ],
    ids=["wrong-nonce", "expired", "wrong-aud", "extra-aud", "wrong-iss", "future-iat"],
)
def test_id_token_claims_are_checked(client, helseid, kari, changes):
    link(kari, "helseid")
    helseid.id_token_changes = changes
    assert_refused(client, sso_login(client, "helseid"))


@pytest.mark.parametrize("same_kid", [False, True], ids=["unknown-kid", "forged-same-kid"])
def test_id_token_signed_by_another_key_is_refused(client, helseid, kari, same_kid):
    link(kari, "helseid")
    helseid.sign_with = new_key(helseid.signing_key.kid if same_kid else None)
    assert_refused(client, sso_login(client, "helseid"))


def test_unknown_subject_is_not_logged_in(client, helseid, kari):
    link(kari, "helseid", subject="someone-else")
    helseid.user = {"sub": "sub-unlinked", "acr": "idporten-loa-high"}
    response = sso_login(client, "helseid")
    assert_refused(client, response, "ikke koblet til en bruker")
    assert "sub-unlinked" in shown_messages(response)
    assert not ExternalIdentity.objects.filter(subject="sub-unlinked").exists()


def test_inactive_user_is_not_logged_in(client, helseid, kari):
    link(kari, "helseid")
    kari.is_active = False
    kari.save()
    assert_refused(client, sso_login(client, "helseid"), "ikke koblet til en bruker")


def test_the_same_subject_at_another_provider_is_another_identity(client, idporten, kari):
    link(kari, "helseid", subject="sub-1")
    assert_refused(client, sso_login(client, "idporten"), "ikke koblet til en bruker")


def test_next_to_another_site_is_ignored(client, helseid, kari):
    link(kari, "helseid")
    response = sso_login(client, "helseid", next="https://evil.example/")
    assert response["Location"] == "/arbeid/"
    assert logged_in_user_id(client) == str(kari.pk)


def test_login_page_shows_a_button_per_provider(client, helseid):
    page = client.get("/konto/logg-inn/", {"next": "/arbeid/"}).content.decode()
    assert "Logg inn med HelseID" in page
    assert 'href="/konto/sso/helseid/?next=%2Farbeid%2F"' in page
    assert "ID-porten" not in page


def test_no_providers_no_button_and_404(client, settings):
    settings.OIDC_PROVIDERS = {}
    page = client.get("/konto/logg-inn/").content.decode()
    assert "/konto/sso/" not in page
    assert client.get("/konto/sso/helseid/").status_code == 404
    assert client.get("/konto/sso/helseid/tilbake/", {"code": "x", "state": "y"}).status_code == 404
    assert client.get("/konto/sso/idporten/").status_code == 404


def test_an_unconfigured_provider_answers_404(client, helseid):
    assert client.get("/konto/sso/idporten/").status_code == 404
    assert client.get("/konto/sso/facebook/").status_code == 404


def test_analyst_through_helseid_passes_the_two_factor_check(client, helseid, kari):
    Membership.objects.create(user=kari, role=Role.ANALYST)
    client.force_login(kari)
    response = client.get("/tilgjengelighet/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/tofaktor/")
    client.logout()

    link(kari, "helseid")
    sso_login(client, "helseid")
    assert client.get("/tilgjengelighet/").status_code == 200


def test_multi_factor_mark_belongs_to_the_user_who_logged_in(
    client, helseid, kari, django_user_model
):
    other = django_user_model.objects.create_user("ola", "ola@example.no", "pw")
    Membership.objects.create(user=other, role=Role.ANALYST)
    link(kari, "helseid")
    sso_login(client, "helseid")
    client.force_login(other)
    response = client.get("/tilgjengelighet/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/tofaktor/")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"client_id": ""}, "CLIENT_ID must be set"),
        ({"private_key": ""}, "exactly one"),
        ({"client_secret": "also"}, "exactly one"),
        ({"min_acr": "idporten-loa-low"}, "MIN_ACR must be one of"),
    ],
)
def test_incomplete_configuration_is_refused(idporten, settings, changes, message):
    settings.OIDC_PROVIDERS["idporten"].update(changes)
    with pytest.raises(ImproperlyConfigured, match=message):
        oidc.configured()


def test_an_unreadable_private_key_is_a_configuration_error(tmp_path):
    with pytest.raises(ImproperlyConfigured):
        oidc.load_private_key(str(tmp_path / "missing.pem"))
    public_only = json.dumps(new_key().as_dict(is_private=False))
    with pytest.raises(ImproperlyConfigured, match="private key"):
        oidc.load_private_key(public_only)


def test_an_identity_is_never_a_national_id_number(kari):
    identity = ExternalIdentity(user=kari, provider="idporten", subject=PID)
    with pytest.raises(ValidationError, match="fødselsnummer"):
        identity.full_clean()


def test_administrators_link_identities_in_the_admin(client, django_user_model, kari):
    login_verified(client, django_user_model.objects.create_superuser("admin", "a@b.no", "pw"))
    url = reverse("admin:accounts_externalidentity_add")
    data = {"user": kari.pk, "provider": "idporten"}
    response = client.post(url, {**data, "subject": PID})
    assert "kan ikke være et fødselsnummer" in response.content.decode()
    assert client.post(url, {**data, "subject": "sub-1"}).status_code == 302
    assert ExternalIdentity.objects.get().user == kari
    changelist = client.get(reverse("admin:accounts_externalidentity_changelist"), {"q": "sub"})
    assert changelist.status_code == 200 and "Eksterne identiteter" in changelist.content.decode()
