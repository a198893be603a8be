from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from mestring.catalogue.rules import (
    RunPhase,
    is_open,
    next_run,
    phase_of,
    run_in_progress,
    run_phase,
)

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2026, 11, 10, 12, 0, tzinfo=OSLO)


def at(day: int, hour: int = 18, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=OSLO)


@pytest.mark.parametrize(
    ("status", "start", "end", "sessions", "phase"),
    [
        ("planlagt", date(2026, 11, 17), date(2026, 12, 8), [at(17), at(24)], RunPhase.UPCOMING),
        ("planlagt", date(2026, 11, 3), date(2026, 11, 24), [at(3), at(17)], RunPhase.IN_PROGRESS),
        # The first session is this evening: not started yet.
        ("planlagt", date(2026, 11, 10), None, [at(10)], RunPhase.UPCOMING),
        # Started this morning and ends today.
        ("planlagt", date(2026, 11, 10), None, [at(10, 9)], RunPhase.IN_PROGRESS),
        ("planlagt", date(2026, 10, 1), date(2026, 10, 22), [at(1, 18, 10)], RunPhase.OVER),
        # No sessions: the dates decide.
        ("planlagt", date(2026, 11, 10), None, [], RunPhase.IN_PROGRESS),
        ("planlagt", date(2026, 11, 11), None, [], RunPhase.UPCOMING),
        ("planlagt", date(2026, 11, 9), None, [], RunPhase.OVER),
        # A session after the stated end keeps the run going.
        ("planlagt", date(2026, 11, 1), date(2026, 11, 8), [at(1), at(12)], RunPhase.IN_PROGRESS),
        ("gjennomfort", date(2026, 11, 17), None, [], RunPhase.OVER),
        ("avlyst", date(2026, 11, 17), None, [], RunPhase.CANCELLED),
    ],
)
def test_run_phase(status, start, end, sessions, phase):
    assert run_phase(status, start, end, sessions, NOW) == phase


def test_sessions_stored_in_utc_count_by_the_local_day():
    late = datetime(2026, 11, 9, 23, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 on 10 November in Oslo
    assert run_phase("planlagt", date(2026, 11, 2), None, [late], NOW) == RunPhase.IN_PROGRESS


# --- one rule for cards, the API, the offer page and sign-up ------------------------------


def run(external_id, status="planlagt", start=date(2026, 11, 10), end=None, sessions=()):
    """A run as the card queries give it: first and last session annotated."""
    from types import SimpleNamespace

    starts = sorted(sessions)
    return SimpleNamespace(
        external_id=external_id,
        status=status,
        start=start,
        end=end,
        first_session=starts[0] if starts else None,
        last_session=starts[-1] if starts else None,
    )


@pytest.mark.parametrize(
    ("case", "phase", "is_next", "in_progress"),
    [
        # Starts today, first session this evening: next, as on the offer page.
        (run("a", sessions=[at(10)]), RunPhase.UPCOMING, True, False),
        # Starts today, first session this morning: under way, not "next".
        (run("b", sessions=[at(10, 9)]), RunPhase.IN_PROGRESS, False, True),
        # Starts today without sessions: the date decides, so it has started.
        (run("c"), RunPhase.IN_PROGRESS, False, True),
        (
            run("d", start=date(2026, 11, 3), end=date(2026, 11, 24)),
            RunPhase.IN_PROGRESS,
            False,
            True,
        ),
        (run("e", start=date(2026, 11, 2), end=date(2026, 11, 9)), RunPhase.OVER, False, False),
        (run("f", status="avlyst", start=date(2026, 11, 17)), RunPhase.CANCELLED, False, False),
        (run("g", start=date(2026, 11, 17)), RunPhase.UPCOMING, True, False),
    ],
)
def test_cards_and_api_follow_the_run_phase(case, phase, is_next, in_progress):
    assert phase_of(case, NOW) == phase
    assert (next_run([case], NOW) is case) == is_next
    assert (run_in_progress([case], NOW) is case) == in_progress
    assert is_open(case, NOW) == (is_next or in_progress)


def test_next_run_is_the_earliest_not_started():
    later, sooner = run("x", start=date(2026, 11, 20)), run("y", start=date(2026, 11, 12))
    started = run("z", start=date(2026, 11, 10))
    assert next_run([later, started, sooner], NOW) is sooner
    assert run_in_progress([later, started, sooner], NOW) is started


def test_prefetched_sessions_count_when_not_annotated():
    from types import SimpleNamespace

    sessions = SimpleNamespace(all=lambda: [SimpleNamespace(start=at(10, 9))])
    prefetched = SimpleNamespace(
        status="planlagt", start=date(2026, 11, 10), end=None, sessions=sessions
    )
    assert phase_of(prefetched, NOW) == RunPhase.IN_PROGRESS
