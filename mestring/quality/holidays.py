"""Norwegian public holidays (lov om 1. og 17. mai som høgtidsdager, helligdagsloven).

Sundays are legal holidays too, but weekend courses are normal, so only the named days count
here: New Year's Day, Maundy Thursday, Good Friday, Easter Sunday and Monday, 1 May, 17 May,
Ascension Day, Whit Sunday and Monday, Christmas Day and Boxing Day.
"""

from datetime import date, timedelta
from functools import cache


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


@cache
def public_holidays(year: int) -> dict[date, str]:
    """The public holidays of `year`, date → Norwegian name."""
    easter = easter_sunday(year)
    movable = {
        -3: "skjærtorsdag",
        -2: "langfredag",
        0: "første påskedag",
        1: "andre påskedag",
        39: "Kristi himmelfartsdag",
        49: "første pinsedag",
        50: "andre pinsedag",
    }
    days = {easter + timedelta(days=offset): name for offset, name in movable.items()}
    days[date(year, 1, 1)] = "første nyttårsdag"
    days[date(year, 5, 1)] = "1. mai"
    days[date(year, 5, 17)] = "17. mai"
    days[date(year, 12, 25)] = "første juledag"
    days[date(year, 12, 26)] = "andre juledag"
    return days


def holiday_name(day: date) -> str | None:
    """The name of the public holiday on `day`, or None on an ordinary day."""
    return public_holidays(day.year).get(day)
