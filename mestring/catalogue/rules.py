"""Validation rules of the core dataset as plain functions, shared by forms, import and API.

Each `*_problems` function takes values keyed by the core dataset's field names (already
parsed to Python types; None = missing answer) and returns every problem it finds.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel import Locale
from django.db import models
from django.utils.translation import gettext as _
from stdnum.no import orgnr as orgnr_check

from mestring.core.privacy import contains_national_id_number

from . import codes


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


# Free-text fields where a fødselsnummer must never be stored (core dataset §5).
OFFER_FREE_TEXT = (
    "tittel",
    "beskrivelse",
    "pris_merknad",
    "henvisning_merknad",
    "avbestilling",
    "pamelding_tekst",
    "kontakt_navn",
    "kontakt_rolle",
    "ta_med",
)
RUN_FREE_TEXT = ("adresse", "digital_deltakelse")
ORGANISATION_FREE_TEXT = ("navn",)

OFFER_CODE_LISTS: dict[str, type] = {
    "hovedtematikk": codes.Theme,
    "hovedmalgruppe": codes.TargetGroup,
    "aldersgruppe": codes.AgeGroup,
    "brukerrepresentant": codes.UserRepresentative,
    "nivaa": codes.Level,
    "status": codes.OfferStatus,
}
OFFER_MULTI_CODE_LISTS: dict[str, type] = {
    "diagnoser": codes.DiagnosisGroup,
    "fagfelt": codes.Field,
    "andre_malgrupper": codes.TargetGroup,
    "registreringssted": codes.RegistrationPlace,
}
RUN_CODE_LISTS: dict[str, type] = {
    "tidspunkt": codes.TimeOfDay,
    "sted": codes.Venue,
    "format": codes.Format,
    "status": codes.RunStatus,
}
_LANGUAGE_NAMES = Locale("nb").languages


def orgnr_problem(value: str | None) -> str | None:
    if not value:
        return None
    if not (len(value) == 9 and value.isdigit()):
        return _("Organisasjonsnummeret må ha ni siffer, fikk «%(value)s».") % {"value": value}
    if not orgnr_check.is_valid(value):
        return _("Organisasjonsnummeret «%(value)s» har feil kontrollsiffer.") % {"value": value}
    return None


def municipality_problem(number: str | None, known: Collection[str]) -> str | None:
    if not number:
        return None
    if number not in known:
        return _("Kommunenummeret «%(value)s» finnes ikke.") % {"value": number}
    return None


def code_problem(value: str | None, choices: type[models.Choices]) -> str | None:
    if value in (None, ""):
        return None
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        return _("Ukjent kode «%(value)s». Gyldige koder er: %(allowed)s.") % {
            "value": value,
            "allowed": allowed,
        }
    return None


def language_problem(value: str) -> str | None:
    if value not in _LANGUAGE_NAMES:
        return _(
            "Ukjent språkkode «%(value)s». Bruk ISO 639-koder som nb, nn, se, smj, sma, en."
        ) % {"value": value}
    return None


def language_name(code: str) -> str:
    return _LANGUAGE_NAMES.get(code, code)


def period_problem(start: date | None, end: date | None) -> str | None:
    if start and end and end < start:
        return _("Slutt (%(end)s) kan ikke være før start (%(start)s).") % {
            "end": end.strftime("%d.%m.%Y"),
            "start": start.strftime("%d.%m.%Y"),
        }
    return None


def diagnoses_problem(theme: str | None, diagnoses: Iterable[str] | None) -> str | None:
    if theme == codes.Theme.SPECIFIC_DIAGNOSIS and not list(diagnoses or []):
        return _("Velg minst én diagnosegruppe når hovedtematikken er «Spesifikk diagnose».")
    return None


def count_problem(value: int | None) -> str | None:
    if value is not None and value < 0:
        return _("Tallet kan ikke være negativt.")
    return None


def free_text_problem(text: str | None) -> str | None:
    if text and contains_national_id_number(text):
        return _(
            "Teksten ser ut til å inneholde et fødselsnummer. Personopplysninger om "
            "deltakere skal ikke registreres."
        )
    return None


def _required(values: Mapping[str, Any], fields: Iterable[str]) -> list[Problem]:
    return [
        Problem(field, _("Feltet må fylles ut."))
        for field in fields
        if values.get(field) in (None, "", [])
    ]


def _free_text(values: Mapping[str, Any], fields: Iterable[str]) -> list[Problem]:
    problems = []
    for field in fields:
        if message := free_text_problem(values.get(field)):
            problems.append(Problem(field, message))
    return problems


def _codes(values: Mapping[str, Any], lists: Mapping[str, type]) -> list[Problem]:
    problems = []
    for field, choices in lists.items():
        if message := code_problem(values.get(field), choices):
            problems.append(Problem(field, message))
    return problems


def organisation_problems(
    values: Mapping[str, Any], municipalities: Collection[str]
) -> list[Problem]:
    problems = _required(values, ("id", "navn", "type"))
    if message := code_problem(values.get("type"), codes.ProviderType):
        problems.append(Problem("type", message))
    if message := code_problem(values.get("region"), codes.RegionCode):
        problems.append(Problem("region", message))
    if message := orgnr_problem(values.get("orgnr")):
        problems.append(Problem("orgnr", message))
    if message := municipality_problem(values.get("kommunenummer"), municipalities):
        problems.append(Problem("kommunenummer", message))
    if values.get("overordnet") and values.get("overordnet") == values.get("id"):
        problems.append(Problem("overordnet", _("En tilbyder kan ikke være overordnet seg selv.")))
    return problems + _free_text(values, ORGANISATION_FREE_TEXT)


def offer_problems(values: Mapping[str, Any]) -> list[Problem]:
    problems = _required(values, ("id", "tittel", "ansvarlig", "hovedtematikk", "status"))
    problems += _codes(values, OFFER_CODE_LISTS)
    for field, choices in OFFER_MULTI_CODE_LISTS.items():
        for value in values.get(field) or []:
            if message := code_problem(value, choices):
                problems.append(Problem(field, message))
    for value in values.get("sprak") or []:
        if message := language_problem(value):
            problems.append(Problem("sprak", message))
    if message := diagnoses_problem(values.get("hovedtematikk"), values.get("diagnoser")):
        problems.append(Problem("diagnoser", message))
    sessions = values.get("antall_samlinger")
    if sessions is not None and sessions < 1:
        problems.append(Problem("antall_samlinger", _("Antall samlinger må være minst 1.")))
    price = values.get("pris")
    if price is not None and Decimal(price) < 0:
        problems.append(Problem("pris", _("Prisen kan ikke være negativ.")))
    if values.get("ansvarlig") and values.get("ansvarlig") in (values.get("medarrangorer") or []):
        problems.append(
            Problem("medarrangorer", _("Den ansvarlige tilbyderen kan ikke også være medarrangør."))
        )
    return problems + _free_text(values, OFFER_FREE_TEXT)


def run_problems(values: Mapping[str, Any], municipalities: Collection[str]) -> list[Problem]:
    problems = _required(values, ("id", "tilbud", "start", "status"))
    problems += _codes(values, RUN_CODE_LISTS)
    if message := period_problem(values.get("start"), values.get("slutt")):
        problems.append(Problem("slutt", message))
    if message := municipality_problem(values.get("kommunenummer"), municipalities):
        problems.append(Problem("kommunenummer", message))
    capacity = values.get("kapasitet")
    if capacity is not None and capacity < 0:
        problems.append(Problem("kapasitet", _("Kapasiteten kan ikke være negativ.")))
    return problems + _free_text(values, RUN_FREE_TEXT)


def session_problems(values: Mapping[str, Any]) -> list[Problem]:
    problems = _required(values, ("gjennomforing", "start"))
    duration = values.get("varighet_min")
    if duration is not None and duration <= 0:
        message = _("Varigheten må være et positivt antall minutter.")
        problems.append(Problem("varighet_min", message))
    return problems


def is_digital(format_code: str | None) -> bool:
    return format_code in codes.DIGITAL_FORMATS


# An offer not confirmed for this long is flagged as possibly out of date (issue: freshness).
STALE_AFTER_DAYS = 548  # 18 months


def is_stale(last_confirmed: date | None, today: date) -> bool:
    """Whether the provider has not confirmed the offer's information for 18 months."""
    return last_confirmed is None or (today - last_confirmed).days > STALE_AFTER_DAYS


def is_upcoming(run_status: str, start: date, end: date | None, today: date) -> bool:
    """A run people can still join or attend: planned and not yet over."""
    return run_status == codes.RunStatus.PLANNED and (end or start) >= today


class RunPhase:
    """Where a run stands for someone who wants to join it (the offer page)."""

    UPCOMING = "kommende"
    IN_PROGRESS = "pagar"
    OVER = "over"
    CANCELLED = "avlyst"


def run_phase(
    run_status: str,
    start: date,
    end: date | None,
    session_starts: Iterable[datetime],
    now: datetime,
) -> str:
    """Not started yet, in progress, over or cancelled.

    A run has started when its first session has begun; without sessions, on its start
    date. It is over when its last day (the end date, or the last session's day if later)
    has passed, or when the provider has marked it as held. `now` is aware and in local
    time.
    """
    if run_status == codes.RunStatus.CANCELLED:
        return RunPhase.CANCELLED
    if run_status == codes.RunStatus.COMPLETED:
        return RunPhase.OVER
    starts = sorted(session_starts)
    today = now.date()
    last_day = max([end or start, *(s.astimezone(now.tzinfo).date() for s in starts[-1:])])
    if last_day < today:
        return RunPhase.OVER
    begun = starts[0] <= now if starts else start <= today
    return RunPhase.IN_PROGRESS if begun else RunPhase.UPCOMING


# --- where a run stands, for cards, the API, the offer page and sign-up ---------------------
# `run_phase` is the rule; the functions below apply it to Run objects. A run's sessions are
# read from `first_session`/`last_session` when the query annotated them (cards: no extra
# query), else from its prefetched sessions (the offer page, the API's detail).


def session_starts(run) -> list[datetime]:
    """The starts of a run's sessions that decide its phase (the first and the last)."""
    if hasattr(run, "first_session"):
        return [s for s in (run.first_session, run.last_session) if s is not None]
    return [session.start for session in run.sessions.all()]


def phase_of(run, now: datetime) -> str:
    return run_phase(run.status, run.start, run.end, session_starts(run), now)


def _first(runs, phase: str, now: datetime):
    found = [r for r in runs if phase_of(r, now) == phase]
    return min(found, key=lambda r: (r.start, r.external_id), default=None)


def next_run(runs, now: datetime):
    """The first run that has not started yet (a run in progress is not "next")."""
    return _first(runs, RunPhase.UPCOMING, now)


def run_in_progress(runs, now: datetime):
    """The earliest run under way now."""
    return _first(runs, RunPhase.IN_PROGRESS, now)


def is_open(run, now: datetime) -> bool:
    """Not started or in progress: a run someone can still look forward to."""
    return phase_of(run, now) in (RunPhase.UPCOMING, RunPhase.IN_PROGRESS)
