"""Plain rules for roles and invitations (tested without a database)."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from .models import ORGANISATION_ROLES, Role

# An invitation link works this long, and once.
INVITATION_VALID_FOR = timedelta(days=7)
TOKEN_BYTES = 32


def new_token() -> str:
    """A random invitation token for the link; only its hash is stored."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """SHA-256 of the token. The token is 256 random bits, so no salt or stretching is needed."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def role_problem(role: str | None, has_organisation: bool) -> str | None:
    """Editors and readers belong to a provider; analysts and administrators to none."""
    if role not in Role.values:
        return _("Ukjent rolle «%(role)s». Velg en av: %(roles)s.") % {
            "role": role or "",
            "roles": ", ".join(Role.values),
        }
    if role in ORGANISATION_ROLES and not has_organisation:
        return _("Rollen %(role)s må høre til en tilbyder. Velg tilbyder.") % {"role": role}
    if role not in ORGANISATION_ROLES and has_organisation:
        return _("Rollen %(role)s gjelder hele landet og skal ikke ha en tilbyder.") % {
            "role": role
        }
    return None


def invitation_problem(
    *, expires_at: datetime, accepted_at: datetime | None, now: datetime
) -> str | None:
    """Why an invitation link cannot be used any more, or None when it can."""
    if accepted_at is not None:
        return _("Invitasjonen er allerede brukt. En invitasjonslenke virker bare én gang.")
    if now >= expires_at:
        return _("Invitasjonen gikk ut %(day)s. Be den som inviterte deg om å sende en ny.") % {
            "day": f"{expires_at:%d.%m.%Y}"
        }
    return None


def base32_key(key: bytes) -> str:
    """A TOTP secret as authenticator apps want it typed: Base32 (RFC 4648) without padding,
    in blocks of four characters."""
    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
