"""Sign-up rules as plain functions: seats, the waiting list, when sign-up is open,
what a person must give, and when personal data must go."""

import hashlib
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from mestring.catalogue.rules import Problem
from mestring.core.privacy import contains_national_id_number

from .models import Status


def token_hash(token: str) -> str:
    """What is stored of a private link's token: its SHA-256, so a copy of the database
    cannot be used to open or cancel anyone's sign-up."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_status(seats_taken: int, capacity: int | None) -> str:
    """A new sign-up gets a seat while there are seats left, else the waiting list."""
    if capacity is None or seats_taken < capacity:
        return Status.CONFIRMED
    return Status.WAITING


def seats_left(seats_taken: int, capacity: int | None) -> int | None:
    if capacity is None:
        return None
    return max(capacity - seats_taken, 0)


class Window:
    NOT_YET = "ikke_apnet"
    OPEN = "apen"
    CLOSED = "stengt"


def window(opens_at: datetime | None, closes_at: datetime | None, now: datetime, started: bool):
    """Whether sign-up is open: between the dates the provider set, and never once the run
    has started."""
    if started or (closes_at is not None and now >= closes_at):
        return Window.CLOSED
    if opens_at is not None and now < opens_at:
        return Window.NOT_YET
    return Window.OPEN


def offer_deadline(now: datetime, hours: int) -> datetime:
    return now + timedelta(hours=hours)


def retention_due(last_day: date, today: date, days: int) -> bool:
    """Personal data is deleted `days` days after the run's last day."""
    return today > last_day + timedelta(days=days)


def signup_problems(values: dict) -> list[Problem]:
    """Name, and e-mail or phone; no identity number anywhere in what is given."""
    problems = []
    if not (values.get("navn") or "").strip():
        problems.append(Problem("navn", _("Skriv navnet ditt.")))
    if not (values.get("epost") or "").strip() and not (values.get("telefon") or "").strip():
        problems.append(Problem("epost", _("Skriv e-postadressen din eller telefonnummeret ditt.")))
    for field in ("navn", "merknad"):
        if contains_national_id_number(values.get(field) or ""):
            message = _("Skriv ikke fødselsnummer. Vi trenger det ikke.")
            problems.append(Problem(field, message))
    return problems
