from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mestring.signup import rules

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2026, 11, 10, 12, 0, tzinfo=OSLO)


@pytest.mark.parametrize(
    ("taken", "capacity", "status"),
    [(0, 10, "bekreftet"), (9, 10, "bekreftet"), (10, 10, "venteliste"), (50, None, "bekreftet")],
)
def test_seats_then_the_waiting_list(taken, capacity, status):
    assert rules.new_status(taken, capacity) == status


def test_seats_left_never_negative():
    assert rules.seats_left(12, 10) == 0
    assert rules.seats_left(3, 10) == 7
    assert rules.seats_left(3, None) is None


@pytest.mark.parametrize(
    ("opens", "closes", "started", "state"),
    [
        (None, None, False, "apen"),
        (NOW + timedelta(hours=1), None, False, "ikke_apnet"),
        (NOW - timedelta(days=1), NOW + timedelta(days=1), False, "apen"),
        (None, NOW, False, "stengt"),
        (None, None, True, "stengt"),
    ],
)
def test_sign_up_window(opens, closes, started, state):
    assert rules.window(opens, closes, NOW, started) == state


def test_retention_counts_from_the_last_day():
    assert not rules.retention_due(date(2026, 10, 1), date(2026, 10, 31), 30)
    assert rules.retention_due(date(2026, 10, 1), date(2026, 11, 1), 30)


def test_a_person_gives_a_name_and_a_way_to_reach_them():
    fields = [p.field for p in rules.signup_problems({"navn": " ", "epost": "", "telefon": ""})]
    assert fields == ["navn", "epost"]
    assert rules.signup_problems({"navn": "Kari", "telefon": "900 00 000"}) == []


def test_no_identity_number_in_the_note():
    problems = rules.signup_problems(
        {"navn": "Kari", "epost": "k@example.no", "merknad": "Fnr 01010750160"}
    )
    assert [p.field for p in problems] == ["merknad"]


def test_tokens_are_stored_hashed():
    assert rules.token_hash("abc") != "abc" and len(rules.token_hash("abc")) == 64
