"""Operations that change sign-ups, each in one transaction.

Seats are counted and taken while the run's RunSignup row is locked (SELECT … FOR UPDATE
on PostgreSQL), so concurrent sign-ups never exceed the capacity. SQLite takes one writer
at a time anyway. Every operation that frees a seat offers it to the first on the waiting
list.
"""

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mestring.catalogue.models import Run
from mestring.catalogue.rules import RunPhase, phase_of

from . import rules
from .models import HOLDS_SEAT, DeletionLog, Mode, Relation, RunSignup, SignUp, Status

log = logging.getLogger(__name__)
ALREADY = "allerede"  # the e-mail kind for a repeated sign-up
REMINDER = "paminnelse"
PERSONAL_FIELDS = {"name": "", "email": "", "phone": "", "note": "", "token_hash": None}


class SignupError(Exception):
    """A sign-up that is refused; the message is Norwegian and shown to the person."""


class AlreadySignedUp(SignupError):
    pass


class SignupClosed(SignupError):
    pass


@dataclass(frozen=True)
class Receipt:
    signup: SignUp
    token: str


def normalise_phone(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone or "")
    return digits.removeprefix("+47") if len(digits) == 11 else digits


def state(run: Run, settings: RunSignup, now: datetime) -> str:
    """Whether sign-up to the run is open now (see rules.window)."""
    phase = phase_of(run, timezone.localtime(now))
    return rules.window(settings.opens_at, settings.closes_at, now, phase != RunPhase.UPCOMING)


def seats_taken(run: Run) -> int:
    return SignUp.objects.filter(run=run, status__in=HOLDS_SEAT).count()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, rules.token_hash(token)


def _send(kind: str, signup: SignUp, token: str) -> None:
    from .tasks import send_signup_email

    if signup.email:
        transaction.on_commit(lambda: send_signup_email.enqueue(signup.pk, token, kind))


@transaction.atomic
def sign_up(
    run: Run, *, name: str, email: str, phone: str, relation: str, note: str, now: datetime
) -> Receipt:
    settings = RunSignup.objects.select_for_update().get(run=run, mode=Mode.INTERNAL)
    if state(run, settings, now) != rules.Window.OPEN:
        raise SignupClosed(run.external_id)
    email = (email or "").strip().lower()
    phone = (phone or "").strip()
    active = SignUp.objects.filter(run=run).exclude(status=Status.CANCELLED)
    if email and active.filter(email=email).exists():
        raise AlreadySignedUp(email)
    if phone and any(
        normalise_phone(p) == normalise_phone(phone)
        for p in active.exclude(phone="").values_list("phone", flat=True)
    ):
        raise AlreadySignedUp(phone)
    status = rules.new_status(seats_taken(run), settings.capacity)
    token, hashed = _new_token()
    signup = SignUp.objects.create(
        run=run,
        status=status,
        relation=relation,
        name=name.strip(),
        email=email,
        phone=phone,
        note=(note or "").strip(),
        token_hash=hashed,
    )
    _send(status, signup, token)
    log.info("sign-up %s to run %s: %s", signup.pk, run.external_id, status)
    return Receipt(signup, token)


def find(token: str) -> SignUp | None:
    return (
        SignUp.objects.select_related("run__offer__responsible", "run__municipality")
        .filter(token_hash=rules.token_hash(token))
        .first()
    )


def _erase(signups, now: datetime, reason: str, run_external_id: str) -> int:
    """Delete the personal data of these sign-ups, keeping status and relation for counts."""
    count = signups.update(**PERSONAL_FIELDS, personal_data_deleted_at=now)
    if count:
        DeletionLog.objects.create(run_external_id=run_external_id, reason=reason, count=count)
        log.info(
            "deleted personal data of %d sign-ups to run %s (%s)", count, run_external_id, reason
        )
    return count


def _promote(run: Run, settings: RunSignup, now: datetime) -> list[SignUp]:
    """Offer free seats to the first on the waiting list, each with a time to accept."""
    offered = []
    while settings.capacity is None or seats_taken(run) < settings.capacity:
        first = SignUp.objects.filter(run=run, status=Status.WAITING).order_by("created_at", "pk")
        signup = first.first()
        if signup is None:
            break
        token, hashed = _new_token()
        signup.status = Status.OFFERED
        signup.offered_until = rules.offer_deadline(now, settings.offer_hours)
        signup.token_hash = hashed
        signup.save(update_fields=["status", "offered_until", "token_hash"])
        _send(Status.OFFERED, signup, token)
        offered.append(signup)
    return offered


@transaction.atomic
def cancel(signup: SignUp, now: datetime) -> None:
    """The person cancels: their data goes at once, and their seat is offered on."""
    settings = RunSignup.objects.select_for_update().get(run_id=signup.run_id)
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    if signup.status == Status.CANCELLED:
        return
    held = signup.status in HOLDS_SEAT
    SignUp.objects.filter(pk=signup.pk).update(status=Status.CANCELLED, cancelled_at=now)
    _erase(
        SignUp.objects.filter(pk=signup.pk),
        now,
        DeletionLog.Reason.CANCELLED,
        signup.run.external_id,
    )
    if held:
        _promote(signup.run, settings, now)


@transaction.atomic
def accept(signup: SignUp, now: datetime) -> bool:
    """Take an offered seat before the deadline."""
    RunSignup.objects.select_for_update().get(run_id=signup.run_id)
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    if signup.status != Status.OFFERED or signup.offered_until < now:
        return False
    signup.status = Status.CONFIRMED
    signup.offered_until = None
    signup.save(update_fields=["status", "offered_until"])
    return True


@transaction.atomic
def expire_offers(now: datetime) -> int:
    """Offers not taken in time are withdrawn (and their data deleted); the next is asked."""
    expired = 0
    runs = Run.objects.filter(
        signups__status=Status.OFFERED, signups__offered_until__lt=now
    ).distinct()
    for run in runs:
        settings = RunSignup.objects.select_for_update().get(run=run)
        late = SignUp.objects.filter(run=run, status=Status.OFFERED, offered_until__lt=now)
        ids = list(late.values_list("pk", flat=True))
        SignUp.objects.filter(pk__in=ids).update(status=Status.CANCELLED, cancelled_at=now)
        expired += _erase(
            SignUp.objects.filter(pk__in=ids),
            now,
            DeletionLog.Reason.EXPIRED_OFFER,
            run.external_id,
        )
        _promote(run, settings, now)
    return expired


def last_day(run: Run) -> date:
    latest = run.sessions.aggregate(last=Max("start"))["last"]
    days = [run.end or run.start]
    if latest is not None:
        days.append(timezone.localtime(latest).date())
    return max(days)


@transaction.atomic
def delete_expired_personal_data(today: date, days: int, now: datetime) -> dict[str, int]:
    """Delete the personal data of sign-ups to runs that ended more than `days` days ago."""
    deleted = {}
    runs = Run.objects.filter(signups__personal_data_deleted_at__isnull=True).distinct()
    for run in runs:
        if rules.retention_due(last_day(run), today, days):
            kept = SignUp.objects.filter(run=run, personal_data_deleted_at__isnull=True)
            deleted[run.external_id] = _erase(
                kept, now, DeletionLog.Reason.RETENTION, run.external_id
            )
    return deleted


def counts(run: Run) -> dict[tuple[str, str], int]:
    """Sign-ups per (status, relation): what remains after the personal data is deleted."""
    found: dict[tuple[str, str], int] = {}
    for key in SignUp.objects.filter(run=run).values_list("status", "relation"):
        found[key] = found.get(key, 0) + 1
    return found


def count_table(run: Run) -> list[tuple[str, list[int], int]]:
    """Rows (status label, count per relation, total) for the provider's page."""
    found = counts(run)
    rows = []
    for status, label in Status.choices:
        cells = [found.get((status, relation), 0) for relation in Relation.values]
        rows.append((label, cells, sum(cells)))
    return rows


@transaction.atomic
def resend_link(run: Run, email: str) -> None:
    """Someone signs up again with the same address: send that address a new private link."""
    signup = (
        SignUp.objects.select_for_update()
        .filter(run=run, email=email)
        .exclude(status=Status.CANCELLED)
        .first()
    )
    if signup is None:
        return
    token, hashed = _new_token()
    signup.token_hash = hashed
    signup.save(update_fields=["token_hash"])
    _send(ALREADY, signup, token)


def prune_sent_emails() -> int:
    """Delete finished e-mail tasks: their arguments hold a private link's token, and a
    failed one's traceback may hold an address."""
    from django_tasks_db.models import DBTaskResult

    from .tasks import send_signup_email

    finished = DBTaskResult.objects.filter(
        task_path=send_signup_email.module_path, finished_at__isnull=False
    )
    return finished.delete()[0]


REMIND_DAYS_BEFORE = 2


@transaction.atomic
def send_reminders(now: datetime) -> int:
    """Remind those with a seat, once, when the run starts within two days."""
    soon = now + timedelta(days=REMIND_DAYS_BEFORE)
    due = (
        SignUp.objects.select_for_update()
        .filter(
            status=Status.CONFIRMED,
            reminded_at__isnull=True,
            personal_data_deleted_at__isnull=True,
            run__status="planlagt",
        )
        .exclude(email="")
    )
    sent = 0
    for signup in due.select_related("run"):
        first = first_start(signup.run)
        if now <= first <= soon:
            signup.reminded_at = now
            signup.save(update_fields=["reminded_at"])
            _send(REMINDER, signup, "")
            sent += 1
    return sent


def first_start(run: Run) -> datetime:
    """When the run begins: its first session, or midnight on its start date."""
    first = run.sessions.order_by("start").values_list("start", flat=True).first()
    if first is not None:
        return first
    return timezone.make_aware(datetime.combine(run.start, datetime.min.time()))
