"""Turn raw values from JSON, CSV cells and typed XLSX cells into Python values.

Every parser takes whatever the reader produced (str, int, float, Decimal, bool, date,
datetime) and returns the parsed value or raises `ParseError` with a Norwegian message.
Empty strings never reach a parser: the caller treats them as a missing answer.
"""

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from mestring.core.text import sanitise_markdown

OSLO = ZoneInfo("Europe/Oslo")
# Spaces Excel and Norwegian locales put in numbers: space, NBSP, narrow NBSP, thin space.
_NUMBER_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_NORWEGIAN_DATETIME = re.compile(
    r"^(\d{1,2})\.(\d{1,2})\.(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$"
)
_BOOLEANS = {
    "ja": True,
    "true": True,
    "1": True,
    "sann": True,
    "nei": False,
    "false": False,
    "0": False,
    "usann": False,
}
_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


class ParseError(ValueError):
    pass


class NumberTooLarge(ParseError):
    pass


def _shown(value) -> str:
    return str(value).strip()


# Digits of the largest number an integer column takes; larger ones are refused unconverted.
_MAX_DIGITS = 18
# Powers of ten beyond any real number in the core dataset.
_MAX_EXPONENT = 100


def _short(value) -> str:
    text = _shown(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _finite(value: Decimal | float) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def parse_text(value) -> str:
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    if isinstance(value, Decimal | float) and _finite(value) and value == int(value):
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    if "\x00" in text:
        # PostgreSQL cannot store it, and no real text has it.
        raise ParseError(_("Teksten har et NUL-tegn (\\0), som ikke er lov."))
    return text.replace("\r\n", "\n").strip()


def parse_code(value) -> str:
    return parse_text(value).lower()


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal) and value in (0, 1):
        return bool(value)
    answer = _BOOLEANS.get(_shown(value).lower())
    if answer is None:
        raise ParseError(_("«%(value)s» er ikke ja eller nei.") % {"value": _short(value)})
    return answer


def parse_decimal(value) -> Decimal:
    if isinstance(value, bool):
        raise ParseError(_("«%(value)s» er ikke et tall.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = _NUMBER_SPACES.sub("", _shown(value)).replace("\u2212", "-")
        if "," in text and "." in text:
            # The last separator is the decimal one: 1.250,50 (Norwegian) or 1,250.50.
            thousands = "." if text.rfind(",") > text.rfind(".") else ","
            text = text.replace(thousands, "").replace(",", ".")
        elif text.count(".") > 1:
            text = text.replace(".", "")
        else:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
    if not number.is_finite() or number.adjusted() < -_MAX_EXPONENT:
        raise ParseError(_("«%(value)s» er ikke et tall.") % {"value": _short(value)})
    if number.adjusted() > _MAX_EXPONENT:
        # Arithmetic on it would overflow the decimal context or take very long.
        raise NumberTooLarge(_("«%(value)s» er et altfor stort tall.") % {"value": _short(value)})
    return number


def parse_int(value) -> int:
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)  # the common case, fast: millions of attendance counts
    try:
        number = parse_decimal(value)
    except NumberTooLarge:
        raise
    except ParseError:
        number = None
    if number is not None and number.adjusted() >= _MAX_DIGITS:
        raise NumberTooLarge(_("«%(value)s» er et altfor stort tall.") % {"value": _short(value)})
    if number is None or number != number.to_integral_value():
        raise ParseError(_("«%(value)s» er ikke et helt tall.") % {"value": _short(value)})
    return int(number)


def parse_amount(value) -> Decimal:
    """An amount in kroner with at most two decimals (Offer.price)."""
    number = parse_decimal(value)
    if abs(number) >= Decimal("10000000") or number != number.quantize(Decimal("0.01")):
        raise ParseError(
            _("«%(value)s» er ikke et beløp i kroner med høyst to desimaler.")
            % {"value": _short(value)}
        )
    return number


def parse_date(value) -> date:
    if isinstance(value, str):
        return _parse_date_text(value)
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise ParseError(_("«%(value)s» er ikke en dato.") % {"value": value})
        return value.date()
    if isinstance(value, date):
        return value
    return _parse_date_text(str(value))


@lru_cache(maxsize=1 << 16)
def _parse_date_text(value: str) -> date:
    """Cached: a file repeats the same dates many times, and equal dates then share memory."""
    text = value.strip()
    if " " in text or "T" in text:
        # Excel sometimes adds midnight to a date typed as text: 2025-03-04 00:00:00.
        head, _sep, tail = text.replace("T", " ").partition(" ")
        text = head if tail.strip() in ("00:00", "00:00:00") else text
    try:
        if match := _ISO_DATE.match(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _NORWEGIAN_DATE.match(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        pass
    raise ParseError(
        _("«%(value)s» er ikke en dato. Skriv datoen som ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ.")
        % {"value": text}
    )


def parse_datetime(value) -> datetime:
    """Date and time; a time without offset is Norwegian local time (Europe/Oslo)."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        raise ParseError(_("«%(value)s» mangler klokkeslett.") % {"value": value.isoformat()})
    else:
        text = _shown(value)
        parsed: datetime | None = None
        if match := _NORWEGIAN_DATETIME.match(text):
            day, month, year, hour, minute, second = match.groups()
            text = f"{year}-{int(month):02}-{int(day):02} {int(hour):02}:{minute}:{second or '00'}"
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
        if parsed is None or len(text) <= 10:
            raise ParseError(
                _(
                    "«%(value)s» er ikke et tidspunkt. Skriv det som ÅÅÅÅ-MM-DD TT:MM "
                    "eller DD.MM.ÅÅÅÅ TT:MM."
                )
                % {"value": _short(value)}
            )
        moment = parsed
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=OSLO)
    return moment


def parse_municipality(value) -> str:
    """A kommunenummer; Excel drops the leading zero of 0301, so 301 becomes 0301 again."""
    text = parse_text(value)
    if text.isdigit() and len(text) in (3, 4):
        return text.zfill(4)
    raise ParseError(_("Kommunenummeret må ha fire siffer, fikk «%(value)s».") % {"value": text})


def parse_orgnr(value) -> str:
    """Organisasjonsnummer; spaces such as in '974 116 804' are dropped (rules check the rest)."""
    return _NUMBER_SPACES.sub("", parse_text(value))


def parse_url(value) -> str:
    text = parse_text(value)
    try:
        _url(text)
    except ValidationError:
        raise ParseError(
            _("«%(value)s» er ikke en gyldig nettadresse (https://…).") % {"value": text}
        ) from None
    return text


def parse_email(value) -> str:
    text = parse_text(value)
    try:
        _email(text)
    except ValidationError:
        raise ParseError(
            _("«%(value)s» er ikke en gyldig e-postadresse.") % {"value": text}
        ) from None
    return text


def parse_markdown(value) -> str:
    """A description: Markdown with HTML and script links removed (core.text)."""
    return sanitise_markdown(parse_text(value))


PARSERS: dict[str, Callable[[Any], Any]] = {
    "text": parse_text,
    "markdown": parse_markdown,
    "id": parse_text,
    "ref": parse_text,
    "code": parse_code,
    "bool": parse_bool,
    "int": parse_int,
    "amount": parse_amount,
    "date": parse_date,
    "datetime": parse_datetime,
    "municipality": parse_municipality,
    "orgnr": parse_orgnr,
    "url": parse_url,
    "email": parse_email,
}


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def split_multi(value) -> list:
    """Values of a multi-valued field: a JSON array, or a cell joined with `|`."""
    if isinstance(value, list):
        return [item for item in value if not is_empty(item)]
    if isinstance(value, dict):
        raise ParseError(_("Forventet en liste med verdier."))
    return [part for part in str(value).split("|") if part.strip()]
