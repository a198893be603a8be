"""OpenID Connect client for single sign-on with HelseID and ID-porten (docs/sso.md).

The authorization code flow with PKCE: discovery (cached), the authorization request, the
code exchange with client authentication (`private_key_jwt` or `client_secret_post`), and
the checks on the ID token. Nothing here touches the database or the session.
"""

import hashlib
import json
import secrets
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from authlib.common.urls import add_params_to_uri
from authlib.deprecate import AuthlibDeprecationWarning
from authlib.oauth2.auth import ClientAuth
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from .models import IdentityProvider

with warnings.catch_warnings():
    # Authlib 1.9 deprecates authlib.jose in favour of joserfc (removal in Authlib 2).
    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from authlib import jose

DISCOVERY_CACHE_SECONDS = 60 * 60
HTTP_TIMEOUT_SECONDS = 10
# Leeway for the clocks of the provider and ours when checking exp and iat.
CLOCK_SKEW_SECONDS = 60
# HelseID refuses client assertions that live longer than 60 seconds.
ASSERTION_LIFETIME_SECONDS = 60
# Asymmetric signatures only: no "none", no HMAC with a public key as the secret.
ID_TOKEN_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"]
_ID_TOKENS = jose.JsonWebToken(ID_TOKEN_ALGORITHMS)

# ID-porten's levels of assurance, with the names used before 2023.
SUBSTANTIAL, HIGH = 1, 2
ACR_LEVELS = {
    "idporten-loa-substantial": SUBSTANTIAL,
    "Level3": SUBSTANTIAL,
    "idporten-loa-high": HIGH,
    "Level4": HIGH,
}
# HelseID only lets health personnel in with an electronic ID on level high.
ALWAYS_MULTI_FACTOR = frozenset({IdentityProvider.HELSEID.value})
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class LoginError(Exception):
    """A refused login: the reason goes to the log, `user_message` to the user."""

    def __init__(self, reason: str, user_message: str | None = None):
        super().__init__(reason)
        self.user_message = user_message or _(
            "Innloggingen mislyktes. Prøv igjen, eller logg inn med brukernavn og passord."
        )


@dataclass(frozen=True)
class Provider:
    name: str
    issuer: str
    client_id: str
    scope: str
    private_key: str = ""
    client_secret: str = ""
    min_acr: str = ""

    @property
    def display_name(self) -> str:
        return IdentityProvider(self.name).label


def configured() -> list[Provider]:
    """The providers turned on in settings.OIDC_PROVIDERS, each checked for completeness."""
    return [_provider(name, conf) for name, conf in settings.OIDC_PROVIDERS.items()]


def get(name: str) -> Provider | None:
    return next((provider for provider in configured() if provider.name == name), None)


def _provider(name: str, conf: dict) -> Provider:
    if name not in IdentityProvider.values:
        raise ImproperlyConfigured(f"OIDC_PROVIDERS: unknown provider {name!r}")
    provider = Provider(name=name, **conf)
    prefix = f"OIDC_{name.upper()}_"
    if not provider.client_id:
        raise ImproperlyConfigured(f"{prefix}ISSUER is set: {prefix}CLIENT_ID must be set too.")
    if bool(provider.private_key) == bool(provider.client_secret):
        raise ImproperlyConfigured(
            f"{prefix}ISSUER is set: set exactly one of {prefix}PRIVATE_KEY and a client secret."
        )
    if provider.name == IdentityProvider.HELSEID and not provider.private_key:
        raise ImproperlyConfigured("HelseID needs private_key_jwt: set OIDC_HELSEID_PRIVATE_KEY.")
    if provider.min_acr and provider.min_acr not in ACR_LEVELS:
        raise ImproperlyConfigured(
            f"{prefix}MIN_ACR must be one of {', '.join(ACR_LEVELS)}, not {provider.min_acr!r}"
        )
    return provider


def authorization_request(provider: Provider, redirect_uri: str) -> tuple[str, dict]:
    """Where to send the browser, and what to keep in the session until it comes back."""
    pending = {
        "provider": provider.name,
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "code_verifier": secrets.token_urlsafe(64),
        "redirect_uri": redirect_uri,
    }
    params = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": provider.scope,
        "state": pending["state"],
        "nonce": pending["nonce"],
        "code_challenge": create_s256_code_challenge(pending["code_verifier"]),
        "code_challenge_method": "S256",
        "ui_locales": "nb",
    }
    if provider.min_acr:
        params["acr_values"] = provider.min_acr
    url = add_params_to_uri(metadata(provider)["authorization_endpoint"], list(params.items()))
    return url, pending


def complete(provider: Provider, pending: dict | None, params) -> dict:
    """Check the provider's answer, exchange the code and return the ID token's claims."""
    if params.get("error"):
        raise LoginError(
            f"provider answered {params.get('error')!r}", _("Innloggingen ble avbrutt.")
        )
    state = params.get("state", "")
    if (
        not pending
        or pending.get("provider") != provider.name
        or not secrets.compare_digest(state.encode(), pending["state"].encode())
    ):
        raise LoginError(
            "state does not match the login started in this session",
            _("Innloggingen var utløpt eller ugyldig. Start innloggingen på nytt."),
        )
    # RFC 9207: a callback naming another issuer is a mix-up attack.
    if params.get("iss") and params["iss"] != provider.issuer:
        raise LoginError(f"callback from issuer {params['iss']!r}")
    if not params.get("code"):
        raise LoginError("callback without a code")
    tokens = _exchange_code(provider, params["code"], pending)
    if not isinstance(tokens.get("id_token"), str):
        raise LoginError("token response without an id_token")
    claims = verify_id_token(provider, tokens["id_token"], pending["nonce"])
    check_assurance(provider, claims)
    return claims


def is_multi_factor(provider: Provider, claims: dict) -> bool:
    """Whether the provider's login counts as Mestring's second factor."""
    if provider.name in ALWAYS_MULTI_FACTOR:
        return True
    return ACR_LEVELS.get(claims.get("acr"), 0) >= SUBSTANTIAL


def check_assurance(provider: Provider, claims: dict) -> None:
    if not provider.min_acr:
        return
    required = ACR_LEVELS[provider.min_acr]
    if ACR_LEVELS.get(claims.get("acr"), 0) < required:
        level = _("betydelig") if required == SUBSTANTIAL else _("høyt")
        raise LoginError(
            f"acr {claims.get('acr')!r} is below {provider.min_acr}",
            _(
                "Innloggingen hadde for lavt sikkerhetsnivå. Mestring krever sikkerhetsnivå "
                "%(level)s. Logg inn på nytt med en elektronisk ID på dette nivået, for "
                "eksempel BankID."
            )
            % {"level": level},
        )


def verify_id_token(provider: Provider, id_token: str, nonce: str) -> dict:
    """The ID token's claims after checking signature, iss, aud, exp, iat and nonce."""
    jwks_uri = metadata(provider)["jwks_uri"]
    options = {
        "iss": {"essential": True, "value": provider.issuer},
        "aud": {"essential": True, "value": provider.client_id},
        "sub": {"essential": True},
        "exp": {"essential": True},
        "iat": {"essential": True},
        "nonce": {"essential": True, "value": nonce},
    }
    try:
        claims = _ID_TOKENS.decode(
            id_token,
            lambda header, _payload: _signing_key(jwks_uri, header),
            claims_options=options,
        )
        claims.validate(leeway=CLOCK_SKEW_SECONDS)
    except (jose.JoseError, ValueError) as exc:
        raise LoginError(f"ID token refused: {exc}") from exc
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if audiences != [provider.client_id]:
        raise LoginError("ID token is also meant for other clients")
    if not isinstance(claims["sub"], str):
        raise LoginError("ID token's sub is not a string")
    return dict(claims)


def _signing_key(jwks_uri: str, header: dict):
    # A kid we have not seen may be a key the provider has just rotated in: fetch once more.
    for refresh in (False, True):
        keys = jose.JsonWebKey.import_key_set(_jwks(jwks_uri, refresh=refresh))
        try:
            return keys.find_by_kid(header.get("kid"))
        except ValueError:
            continue
    raise LoginError(f"ID token signed with an unknown key (kid {header.get('kid')!r})")


def _jwks(jwks_uri: str, *, refresh: bool) -> dict:
    key = _cache_key("jwks", jwks_uri)
    jwks = None if refresh else cache.get(key)
    if jwks is None:
        jwks = _get_json(jwks_uri)
        if not isinstance(jwks.get("keys"), list):
            raise LoginError(f"no keys at {jwks_uri}")
        cache.set(key, jwks, DISCOVERY_CACHE_SECONDS)
    return jwks


def metadata(provider: Provider) -> dict:
    """The provider's discovery document (OpenID Connect Discovery 1.0), cached."""
    key = _cache_key("discovery", provider.issuer)
    document = cache.get(key)
    if document is None:
        document = _get_json(provider.issuer.rstrip("/") + "/.well-known/openid-configuration")
        if document.get("issuer") != provider.issuer:
            raise LoginError(f"discovery names issuer {document.get('issuer')!r}")
        for endpoint in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            _check_url(document.get(endpoint, ""))
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def _exchange_code(provider: Provider, code: str, pending: dict) -> dict:
    token_endpoint = metadata(provider)["token_endpoint"]
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": pending["redirect_uri"],
        "code_verifier": pending["code_verifier"],
    }
    if provider.private_key:
        form["client_id"] = provider.client_id
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    uri, headers, body = _client_auth(provider, token_endpoint).prepare(
        "POST", token_endpoint, headers, urlencode(form)
    )
    return _post_form(uri, headers, body)


def _client_auth(provider: Provider, token_endpoint: str) -> ClientAuth:
    if not provider.private_key:
        return ClientAuth(provider.client_id, provider.client_secret, "client_secret_post")
    key = load_private_key(provider.private_key)
    # One signer per request: authlib keeps the claims dict, and with it the first jti.
    signer = PrivateKeyJWT(
        token_endpoint,
        claims={"exp": int(time.time()) + ASSERTION_LIFETIME_SECONDS},
        headers={"kid": key["kid"]} if key.get("kid") else None,
        alg=key.get("alg") or "RS256",
    )
    return ClientAuth(provider.client_id, key, signer)


def load_private_key(value: str) -> dict:
    """The client's private key as a JWK: `value` is JWK JSON or the path of a PEM file."""
    try:
        if value.lstrip().startswith("{"):
            raw = json.loads(value)
        else:
            raw = Path(value).read_bytes()
        key = jose.JsonWebKey.import_key(raw)
    except (OSError, ValueError, jose.JoseError) as exc:
        raise ImproperlyConfigured(f"Cannot read the OIDC private key: {exc}") from exc
    if key.kty != "RSA" or key.public_only:
        raise ImproperlyConfigured("The OIDC private key must be an RSA private key.")
    jwk = key.as_dict(is_private=True)
    # A PEM file has no key id; leave it out rather than send "kid": null.
    return {field: item for field, item in jwk.items() if item is not None}


def _cache_key(kind: str, url: str) -> str:
    return f"oidc:{kind}:{hashlib.sha256(url.encode()).hexdigest()}"


def _check_url(url: str) -> str:
    """Only HTTPS, except to this machine (the tests' local provider)."""
    parts = urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK):
        return url
    raise LoginError(f"refusing to call {url!r}: not HTTPS")


def _get_json(url: str) -> dict:
    return _send(url, None, {})


def _post_form(url: str, headers: dict, body: str) -> dict:
    return _send(url, body.encode(), headers)


def _send(url: str, data: bytes | None, headers: dict) -> dict:
    # _check_url lets through HTTPS, and HTTP to this machine only: no file: or other schemes.
    request = Request(_check_url(url), data, {**headers, "Accept": "application/json"})  # noqa: S310
    try:
        with urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:  # noqa: S310
            document = json.loads(response.read())
    except HTTPError as exc:
        raise LoginError(f"{url} answered {exc.code}: {_error_of(exc)}") from exc
    except (URLError, TimeoutError, ValueError) as exc:
        raise LoginError(f"{url} failed: {exc}") from exc
    if not isinstance(document, dict):
        raise LoginError(f"{url} did not answer with a JSON object")
    return document


def _error_of(exc: HTTPError) -> str:
    try:
        body = json.loads(exc.read())
    except ValueError:
        return "(no JSON error)"
    if not isinstance(body, dict):
        return "(no JSON error)"
    return f"{body.get('error')} {body.get('error_description', '')}".strip()
