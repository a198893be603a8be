from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from mestring.catalogue.rules import RunPhase, run_phase

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
