"""What the offer page shows, as plain functions: map links, phone links, session times and
the one action a reader should take to sign up."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote, urlsplit

from django.utils import formats
from django.utils.translation import gettext as _

OPENSTREETMAP_SEARCH = "https://www.openstreetmap.org/search?query="
PATIENT_TRAVEL_URL = "https://www.pasientreiser.no/"


def map_url(address: str, place: str) -> str:
    """An OpenStreetMap search for the address (a plain link: no map tiles, no script)."""
    parts = [part.strip() for part in (address, place) if part and part.strip()]
    if not parts:
        return ""
    return OPENSTREETMAP_SEARCH + quote(", ".join([*parts, "Norge"]), safe="")


def tel_href(phone: str) -> str:
    """A `tel:` link for a Norwegian or international number, or nothing if it is not one.

    Eight digits are a Norwegian number and get +47; a leading + or 00 is kept as
    international; spaces, dots and dashes are dropped.
    """
    text = (phone or "").strip()
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not re.fullmatch(r"\+?\d{3,15}", digits):
        return ""
    if len(digits) == 8 and not digits.startswith("+"):
        digits = "+47" + digits
    return f"tel:{digits}"


def clock(moment: datetime) -> str:
    # Translators: the clock time format (Django date format), «18.00» in Norwegian.
    return formats.date_format(moment, _("H.i"))


def session_when(start: datetime, duration_min: int | None) -> str:
    """«tirsdag 12. januar kl. 18.00–20.00» for a session starting at the local `start`."""
    # Translators: weekday and date (Django date format), «tirsdag 12. januar» in Norwegian.
    day = formats.date_format(start, _("l j. F"))
    if not duration_min:
        return _("%(day)s kl. %(start)s") % {"day": day, "start": clock(start)}
    end = start + timedelta(minutes=duration_min)
    return _("%(day)s kl. %(start)s–%(end)s") % {
        "day": day,
        "start": clock(start),
        "end": clock(end),
    }


@dataclass(frozen=True)
class SignupAction:
    """The primary way to sign up: a web form, else e-mail, else phone."""

    kind: str  # "nett", "epost" or "telefon"
    href: str
    label: str
    note: str


def signup_action(url: str, email: str, phone: str) -> SignupAction | None:
    scheme = urlsplit((url or "").strip()).scheme.lower()
    if scheme in ("http", "https"):
        host = urlsplit(url.strip()).hostname or ""
        host = host.removeprefix("www.")
        note = _("Påmeldingen skjer på %(host)s.") % {"host": host}
        return SignupAction("nett", url.strip(), _("Meld deg på"), note)
    if email:
        note = _("Send en e-post til %(email)s for å melde deg på.") % {"email": email}
        return SignupAction("epost", f"mailto:{email}", _("Meld deg på med e-post"), note)
    if phone and (href := tel_href(phone)):
        note = _("Ring %(phone)s for å melde deg på.") % {"phone": phone}
        return SignupAction("telefon", href, _("Ring og meld deg på"), note)
    return None


SAMI_LANGUAGE_CODES = ("se", "smj", "sma")


def sami_summary(language_codes, sami_adapted: bool | None) -> str:
    """Which Sami the offer is: held in a Sami language, adapted to Sami culture, or both.

    The search's one Sami choice covers both; the offer page says which it is.
    """
    from .rules import language_name

    held_in = [language_name(c) for c in SAMI_LANGUAGE_CODES if c in set(language_codes)]
    if held_in and sami_adapted:
        return _("Holdes på %(languages)s og er tilpasset samisk kultur") % {
            "languages": _(" og ").join(held_in)
        }
    if held_in:
        return _("Holdes på %(languages)s") % {"languages": _(" og ").join(held_in)}
    if sami_adapted:
        return _("Tilpasset samisk språk og kultur")
    return ""
