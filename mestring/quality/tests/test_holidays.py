from datetime import date

import pytest

from mestring.quality.holidays import easter_sunday, holiday_name, public_holidays


@pytest.mark.parametrize(
    "year, day",
    [
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter_sunday(year, day):
    assert easter_sunday(year) == day


def test_the_twelve_public_holidays_of_2026():
    assert sorted(public_holidays(2026)) == [
        date(2026, 1, 1),
        date(2026, 4, 2),
        date(2026, 4, 3),
        date(2026, 4, 5),
        date(2026, 4, 6),
        date(2026, 5, 1),
        date(2026, 5, 14),
        date(2026, 5, 17),
        date(2026, 5, 24),
        date(2026, 5, 25),
        date(2026, 12, 25),
        date(2026, 12, 26),
    ]


def test_holiday_names():
    assert holiday_name(date(2025, 5, 29)) == "Kristi himmelfartsdag"
    assert holiday_name(date(2027, 3, 25)) == "skjærtorsdag"
    assert holiday_name(date(2026, 12, 24)) is None  # Christmas Eve is not a public holiday
    assert holiday_name(date(2026, 11, 22)) is None  # an ordinary Sunday
