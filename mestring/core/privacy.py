"""Keep data that identifies a person out of the database (core dataset §5)."""

import re

from stdnum.no import fodselsnummer

# Eleven digits, optionally written 6+5 with a space, a dot or a hyphen between.
_CANDIDATE = re.compile(r"(?<!\d)(\d{6})[ .\-]?(\d{5})(?!\d)")


def find_national_id_numbers(text: str) -> list[str]:
    """Every substring of `text` that is a valid Norwegian fødselsnummer or D-number."""
    found = []
    for match in _CANDIDATE.finditer(text or ""):
        number = match.group(1) + match.group(2)
        if fodselsnummer.is_valid(number):
            found.append(number)
    return found


def contains_national_id_number(text: str) -> bool:
    return bool(find_national_id_numbers(text))
