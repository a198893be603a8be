"""Compare a valid dataset with the database: what is new, changed or unchanged."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from mestring.activity.models import Attendance
from mestring.catalogue.models import Offer, Organisation, Run

from . import records
from .validation import Dataset


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Sessions are replaced per run: those no longer in the file are deleted.
    deleted: int = 0


@dataclass
class Plan:
    counts: dict[str, Counts] = field(default_factory=dict)
    # List → id → primary key, for records of the set that already exist.
    pks: dict[str, dict[str, int]] = field(default_factory=dict)
    changed: dict[str, set[str]] = field(default_factory=dict)
    # Runs whose stored sessions differ from the set's and are replaced.
    session_runs: set[str] = field(default_factory=set)
    # (run id, date) → pk of attendance rows to update; rows not here are new.
    attendance_pks: dict[tuple, int] = field(default_factory=dict)


_SOURCES: dict[str, tuple[type[Organisation] | type[Offer] | type[Run], Callable]] = {
    "tilbydere": (Organisation, records.organisation_records),
    "tilbud": (Offer, records.offer_records),
    "gjennomforinger": (Run, records.run_records),
}


def plan_changes(data: Dataset) -> Plan:
    """Counts per list and what to write. Unchanged attendance is dropped from `data`."""
    plan = Plan()
    incoming = {
        "tilbydere": data.organisations,
        "tilbud": data.offers,
        "gjennomforinger": data.runs,
    }
    for list_name, (model, read) in _SOURCES.items():
        counts, pks, changed = Counts(), {}, set()
        for chunk in records.chunked(incoming[list_name]):
            for pk, stored in read(model._default_manager.filter(external_id__in=chunk)):
                key = stored["id"]
                pks[key] = pk
                if stored == incoming[list_name][key]:
                    counts.unchanged += 1
                else:
                    changed.add(key)
        counts.updated = len(changed)
        counts.created = len(incoming[list_name]) - len(pks)
        plan.counts[list_name], plan.pks[list_name], plan.changed[list_name] = counts, pks, changed
    _plan_sessions(plan, data)
    _plan_attendance(plan, data)
    return plan


def _session_key(session: tuple) -> tuple:
    start, minutes = session
    return (start, minutes is None, minutes or 0)


def _plan_sessions(plan: Plan, data: Dataset) -> None:
    counts = plan.counts["samlinger"] = Counts()
    run_pks = dict(plan.pks["gjennomforinger"])
    for chunk in records.chunked(key for key in data.sessions if key not in run_pks):
        run_pks.update(Run.objects.filter(external_id__in=chunk).values_list("external_id", "pk"))
    stored = records.sessions_of(run_pks[key] for key in data.sessions if key in run_pks)
    for key, sessions in data.sessions.items():
        sessions.sort(key=_session_key)
        old = sorted(stored.get(run_pks[key], []) if key in run_pks else [], key=_session_key)
        common = sum((Counter(sessions) & Counter(old)).values())
        counts.unchanged += common
        counts.created += len(sessions) - common
        counts.deleted += len(old) - common
        if sessions != old:
            plan.session_runs.add(key)


def _plan_attendance(plan: Plan, data: Dataset) -> None:
    counts = plan.counts["aktivitet"] = Counts()
    for chunk in records.chunked(data.attendance):
        queryset = Attendance.objects.filter(run__external_id__in=chunk)
        for pk, run, day, *values in records.attendance_rows(queryset):
            per_run = data.attendance[run]
            if day not in per_run:
                continue
            if tuple(per_run[day][1:]) == tuple(values):
                counts.unchanged += 1
                del per_run[day]
            else:
                counts.updated += 1
                plan.attendance_pks[(run, day)] = pk
    total = sum(len(per_run) for per_run in data.attendance.values())
    counts.created = total - counts.updated
