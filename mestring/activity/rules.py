"""Rules for attendance counts (core dataset §5)."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from mestring.catalogue.rules import Problem, count_problem

from .models import COUNT_FIELDS


def attendance_problems(values: Mapping[str, Any]) -> list[Problem]:
    problems = []
    if not values.get("gjennomforing"):
        problems.append(Problem("gjennomforing", _("Feltet må fylles ut.")))
    for field in COUNT_FIELDS:
        if message := count_problem(values.get(field)):
            problems.append(Problem(field, message))
    return problems


def total_participants(values: Mapping[str, Any]) -> int:
    """Participants of a session: everyone but the professionals running it."""
    return sum(values.get(f) or 0 for f in COUNT_FIELDS if f != "fagpersoner")
