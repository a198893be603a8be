"""The provider's work: runs and their sessions, attendance, and what needs doing next.

Plain functions shared by the workspace pages, the attendance API and `send_reminders`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from mestring.accounts.models import Membership, Role
from mestring.accounts.permissions import grants
from mestring.activity.models import COUNT_FIELDS, Attendance
from mestring.activity.rules import attendance_problems
from mestring.catalogue import codes
from mestring.catalogue.models import Offer, Organisation, Run, Session
from mestring.catalogue.rules import Problem

from .models import Reminder

OSLO = ZoneInfo("Europe/Oslo")
# More people than this in one session is a typing error, not a course.
MAX_COUNT = 10_000
SOON_DAYS = 30
# "Mangler oppmøte" looks back this far, so decades of imported history do not flood it.
MISSING_LOOKBACK_DAYS = 365

Counts = Mapping[str, int | None]


# Runs and sessions.


def weekly_sessions(first: datetime, count: int, duration_min: int) -> list[tuple[datetime, int]]:
    """`count` sessions a week apart at the same wall-clock time in Oslo, across DST changes.

    A naive `first` is taken as Oslo time.
    """
    local = first.astimezone(OSLO) if first.tzinfo else first.replace(tzinfo=OSLO)
    wall_clock = local.replace(tzinfo=None)
    return [
        ((wall_clock + timedelta(weeks=week)).replace(tzinfo=OSLO), duration_min)
        for week in range(count)
    ]


def session_day(start: datetime) -> date:
    return timezone.localtime(start, OSLO).date()


def new_run_external_id(offer: Offer, start: date) -> str:
    """The offer's id and the start date, with `-2`, `-3` … when that is taken."""
    base = f"{offer.external_id[:80]}-{start:%Y-%m-%d}"
    taken = set(
        Run.objects.filter(external_id__startswith=base).values_list("external_id", flat=True)
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@transaction.atomic
def save_run(run: Run, sessions: Iterable[tuple[datetime, int | None]]) -> Run:
    """Save `run` (giving a new run its id) and replace its sessions with `sessions`."""
    if not run.external_id:
        run.external_id = new_run_external_id(run.offer, run.start)
    run.save()
    run.sessions.all().delete()
    Session.objects.bulk_create(
        Session(run=run, start=start, duration_min=duration) for start, duration in sessions
    )
    return run


def run_period(run: Run) -> str:
    """A run as people name it: its dates, 13.01.2026–17.02.2026."""
    if run.start is None:
        return ""
    if run.end and run.end != run.start:
        return f"{run.start:%d.%m.%Y}–{run.end:%d.%m.%Y}"
    return f"{run.start:%d.%m.%Y}"


def set_run_status(run: Run, status: str) -> None:
    run.status = status
    run.save(update_fields=["status", "updated_at"])


# Attendance.


class InvalidAttendance(Exception):
    def __init__(self, problems: list[tuple[date | None, Problem]]):
        super().__init__(problems)
        self.problems = problems


def attendance_dates(run: Run) -> list[date | None]:
    """The rows of a run's attendance form: its session dates and any date already recorded.

    A run without sessions (and nothing recorded) has one row for the whole run (None).
    """
    days = {session_day(start) for start in run.sessions.values_list("start", flat=True)}
    days |= set(run.attendance.values_list("date", flat=True))
    return sorted(days, key=_day_order) or [None]


def session_held(day: date | None, run: Run, today: date) -> bool:
    """Attendance can be recorded from the day of the session; for a run counted as a whole
    (`day` None), from its first day."""
    first = day or run.start
    return first is None or first <= today


def _day_order(day: date | None) -> tuple[bool, date]:
    return (day is not None, day or date.min)


def saved_attendance(run: Run) -> dict[date | None, dict[str, int | None]]:
    """Recorded counts by date (None = the whole run), keyed by core dataset names."""
    result = {}
    for record in run.attendance.all():
        result[record.date] = {name: getattr(record, field) for name, field in COUNT_FIELDS.items()}
    return dict(sorted(result.items(), key=lambda item: _day_order(item[0])))


def count_problems(run: Run, counts: Counts) -> list[Problem]:
    """The activity rules for one row, plus an upper bound that catches typing errors."""
    problems = attendance_problems({"gjennomforing": run.external_id, **counts})
    for name in COUNT_FIELDS:
        value = counts.get(name)
        if value is not None and value > MAX_COUNT:
            message = _("Tallet er urimelig høyt (mer enn %(max)s).") % {
                "max": f"{MAX_COUNT:,}".replace(",", "\u00a0")
            }
            problems.append(Problem(name, message))
    return problems


@transaction.atomic
def replace_attendance(run: Run, rows: Mapping[date | None, Counts]) -> None:
    """Store the counts for each date given; a row with no numbers at all removes the record.

    Nothing is stored unless every row follows the rules (raises InvalidAttendance).
    """
    problems = [(day, p) for day, counts in rows.items() for p in count_problems(run, counts)]
    if problems:
        raise InvalidAttendance(problems)
    existing = {record.date: record for record in run.attendance.select_for_update()}
    # Saved one by one (not with update()) so the version history sees every change.
    for day, counts in rows.items():
        values = {field: counts.get(name) for name, field in COUNT_FIELDS.items()}
        record = existing.get(day)
        if all(value is None for value in values.values()):
            if record is not None:
                record.delete()
        elif record is None:
            Attendance.objects.create(run=run, date=day, **values)
        elif any(getattr(record, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(record, field, value)
            record.save()


@dataclass(frozen=True)
class Totals:
    rows: dict[date | None, int | None]
    columns: dict[str, int | None]
    total: int | None


def attendance_totals(saved: Mapping[date | None, Counts]) -> Totals:
    """Per row: participants (professionals are not participants); per column: the sum.

    A total is None when no number went into it, so missing answers do not show as 0.
    """

    def add(values: Iterable[int | None]) -> int | None:
        known = [v for v in values if v is not None]
        return sum(known) if known else None

    participants = [name for name in COUNT_FIELDS if name != "fagpersoner"]
    rows = {day: add(counts.get(n) for n in participants) for day, counts in saved.items()}
    columns = {name: add(counts.get(name) for counts in saved.values()) for name in COUNT_FIELDS}
    return Totals(rows, columns, add(rows.values()))


# «Mitt arbeid».


def my_offers(user) -> QuerySet[Offer]:
    """Offers of the organisations the user works for; every offer for an administrator
    who works for none."""
    g = grants(user)
    if g.administrator and not g.reader_of:
        return Offer.objects.all()
    return Offer.objects.filter(responsible_id__in=g.reader_of)


def year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def starting_soon(user, today: date) -> QuerySet[Run]:
    return (
        Run.objects.filter(
            offer__in=my_offers(user),
            status=codes.RunStatus.PLANNED,
            start__gte=today,
            start__lte=today + timedelta(days=SOON_DAYS),
        )
        .select_related("offer", "municipality")
        .order_by("start", "external_id")
    )


@dataclass(frozen=True)
class MissingAttendance:
    run: Run
    date: date | None  # None: a run without sessions, counted as a whole

    @property
    def day(self) -> date:
        return self.date or self.run.end or self.run.start


def missing_attendance(user, today: date) -> list[MissingAttendance]:
    """Past sessions (and past runs without sessions) with nothing recorded, newest first.

    Cancelled runs are never counted, so they need no attendance.
    """
    since = today - timedelta(days=MISSING_LOOKBACK_DAYS)
    runs = Run.objects.filter(offer__in=my_offers(user)).exclude(status=codes.RunStatus.CANCELLED)
    sessions = Session.objects.filter(
        run__in=runs, start__lt=_midnight(today), start__gte=_midnight(since)
    )
    # Only the attendance of these runs: the whole history can be millions of rows.
    recorded = set(
        Attendance.objects.filter(run__in=sessions.values("run_id"))
        .filter(Q(date__gte=since) | Q(date__isnull=True))
        .values_list("run_id", "date")
    )
    found: dict[tuple[int, date | None], MissingAttendance] = {}
    for session in sessions.select_related("run__offer"):
        key = (session.run_id, session_day(session.start))
        if key not in recorded and (session.run_id, None) not in recorded:
            found.setdefault(key, MissingAttendance(session.run, key[1]))
    whole_runs = (
        runs.filter(sessions__isnull=True)
        .annotate(last_day=Coalesce("end", "start"))
        .filter(last_day__lt=today, last_day__gte=since)
        .exclude(Exists(Attendance.objects.filter(run=OuterRef("pk"))))
        .select_related("offer")
    )
    for run in whole_runs:
        found[(run.pk, None)] = MissingAttendance(run, None)
    return sorted(found.values(), key=lambda item: (item.day, item.run.external_id), reverse=True)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, OSLO)


def drafts(user, today: date) -> QuerySet[Offer]:
    return my_offers(user).filter(status=codes.OfferStatus.DRAFT).order_by("-updated_at")


def _unconfirmed(offers: QuerySet[Offer], today: date) -> QuerySet[Offer]:
    stale = Q(last_confirmed__isnull=True) | Q(last_confirmed__lte=year_before(today))
    return offers.published().filter(stale)


def unconfirmed(user, today: date) -> QuerySet[Offer]:
    """Published offers not confirmed for 12 months or more (or never), oldest first."""
    return _unconfirmed(my_offers(user), today).order_by(
        F("last_confirmed").asc(nulls_first=True), "title"
    )


# Yearly reminders.


def offers_due_reminder(today: date) -> QuerySet[Offer]:
    """Unconfirmed published offers nobody has been reminded about in the past year."""
    reminded = Reminder.objects.filter(offer=OuterRef("pk"), sent_on__gt=year_before(today))
    return (
        _unconfirmed(Offer.objects.all(), today)
        .exclude(Exists(reminded))
        .select_related("responsible")
        .order_by("responsible__name", "title")
    )


def editors_by_offer(offers: Iterable[Offer]) -> dict[int, list]:
    """For each offer, the active editors with an e-mail address of its responsible
    organisation or of any organisation above it."""
    parents = dict(Organisation.objects.values_list("pk", "parent_id"))
    editors: dict[int, list] = {}
    memberships = Membership.objects.filter(
        role=Role.EDITOR, user__is_active=True, organisation__isnull=False
    ).select_related("user")
    for membership in memberships.exclude(user__email=""):
        editors.setdefault(membership.organisation_id, []).append(membership.user)
    result = {}
    for offer in offers:
        users, organisation, seen = {}, offer.responsible_id, set()
        while organisation is not None and organisation not in seen:
            seen.add(organisation)
            users.update((user.pk, user) for user in editors.get(organisation, []))
            organisation = parents.get(organisation)
        result[offer.pk] = sorted(users.values(), key=lambda user: user.email)
    return result


def record_reminders(offers: Iterable[Offer], today: date) -> None:
    Reminder.objects.bulk_create(Reminder(offer=offer, sent_on=today) for offer in offers)
