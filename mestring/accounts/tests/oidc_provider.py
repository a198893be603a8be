"""A tiny OpenID Connect provider on 127.0.0.1 for the single sign-on tests.

It serves discovery, JWKS, an authorize endpoint that logs in `provider.user` without any
page, and a token endpoint that checks the client (a `private_key_jwt` assertion or a client
secret), the code, the redirect URI and PKCE before it issues an RS256 ID token. Tests change
`user`, `id_token_changes` or `sign_with` to make the provider answer as they need.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from mestring.accounts.oidc import jose  # imported there without Authlib's deprecation warning

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
# A valid, made-up fødselsnummer, sent the way ID-porten sends the real one.
PID = "01010750160"


def new_key(kid: str | None = None):
    """A fresh RSA private key (authlib.jose) with a key id."""
    kid = kid or secrets.token_hex(8)
    return jose.JsonWebKey.generate_key("RSA", 2048, is_private=True, options={"kid": kid})


class OIDCTestProvider:
    def __init__(self):
        self.signing_key = new_key()
        self.clients = {}
        self.user = {"sub": "sub-1", "acr": "idporten-loa-high"}
        self.id_token_changes = {}
        self.sign_with = None
        self.codes = {}
        self.used_jtis = set()
        self.refused = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.provider = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def token_endpoint(self) -> str:
        return f"{self.issuer}/token"

    def register_client(self, client_id: str, *, public_key=None, secret: str = "") -> None:
        self.clients[client_id] = {"public_key": public_key, "secret": secret}

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": self.token_endpoint,
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_post"],
            "authorization_response_iss_parameter_supported": True,
        }

    def jwks(self) -> dict:
        return {"keys": [self.signing_key.as_dict(is_private=False)]}

    def authorize(self, query: dict) -> str:
        """The redirect back to the client, with a code for `self.user`."""
        client_id = query.get("client_id", "")
        if client_id not in self.clients:
            raise ValueError("unknown client")
        if query.get("response_type") != "code" or "openid" not in query.get("scope", ""):
            raise ValueError("not an OpenID Connect code request")
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            raise ValueError("PKCE S256 is required")
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "client_id": client_id,
            "redirect_uri": query["redirect_uri"],
            "code_challenge": query["code_challenge"],
            "nonce": query.get("nonce"),
            "user": dict(self.user),
        }
        params = {"code": code, "state": query.get("state", ""), "iss": self.issuer}
        return f"{query['redirect_uri']}?{urlencode(params)}"

    def token(self, form: dict) -> tuple[int, dict]:
        client_id = self._authenticate_client(form)
        if client_id is None:
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant["client_id"] != client_id
            or grant["redirect_uri"] != form.get("redirect_uri")
            or _s256(form.get("code_verifier", "")) != grant["code_challenge"]
        ):
            return 400, {"error": "invalid_grant"}
        return 200, {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": 60,
            "id_token": self._id_token(client_id, grant),
        }

    def _id_token(self, client_id: str, grant: dict) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": client_id,
            "sub": grant["user"]["sub"],
            "nonce": grant["nonce"],
            "acr": grant["user"]["acr"],
            "iat": now,
            "exp": now + 120,
            "auth_time": now,
            # ID-porten sends the fødselsnummer too; Mestring must never keep it.
            "pid": PID,
            **self.id_token_changes,
        }
        key = self.sign_with or self.signing_key
        token = jose.jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
        return token.decode()

    def _authenticate_client(self, form: dict) -> str | None:
        if form.get("client_assertion_type") == ASSERTION_TYPE:
            return self._check_assertion(form.get("client_assertion", ""))
        client = self.clients.get(form.get("client_id", ""))
        if client and client["secret"] and form.get("client_secret") == client["secret"]:
            return form["client_id"]
        self.refused.append("client secret")
        return None

    def _check_assertion(self, assertion: str) -> str | None:
        """RFC 7523: signed by the client's registered key, iss = sub = client id, aud = us."""
        try:
            claims = jose.jwt.decode(assertion, self._client_key)
            client_id = claims["iss"]
            claims.options = {
                "iss": {"essential": True, "value": client_id},
                "sub": {"essential": True, "value": client_id},
                "aud": {"essential": True, "value": self.token_endpoint},
                "exp": {"essential": True},
                "jti": {"essential": True},
            }
            claims.validate()
        except (jose.JoseError, KeyError, ValueError) as exc:
            self.refused.append(f"client assertion: {exc}")
            return None
        if claims["exp"] > time.time() + 60 or claims["jti"] in self.used_jtis:
            self.refused.append("client assertion: too long-lived or replayed")
            return None
        self.used_jtis.add(claims["jti"])
        return client_id

    def _client_key(self, header, payload):
        client = self.clients.get(payload.get("iss"))
        if not client or not client["public_key"]:
            raise ValueError("no key registered for this client")
        return jose.JsonWebKey.import_key(client["public_key"])


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        provider = self.server.provider
        url = urlsplit(self.path)
        if url.path == "/.well-known/openid-configuration":
            return self._json(200, provider.discovery())
        if url.path == "/jwks":
            return self._json(200, provider.jwks())
        if url.path == "/authorize":
            try:
                location = provider.authorize(dict(parse_qsl(url.query)))
            except ValueError as exc:
                return self._json(400, {"error": "invalid_request", "error_description": str(exc)})
            self.send_response(302)
            self.send_header("Location", location)
            self.end_headers()
            return None
        return self._json(404, {"error": "not_found"})

    def do_POST(self):
        if urlsplit(self.path).path != "/token":
            return self._json(404, {"error": "not_found"})
        length = int(self.headers.get("Content-Length", 0))
        form = dict(parse_qsl(self.rfile.read(length).decode()))
        status, body = self.server.provider.token(form)
        return self._json(status, body)

    def _json(self, status: int, body: dict):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass
