"""Hide likely personal data in participants' free text before a provider reads it.

`screen(text)` replaces, with «[skjult]»:
- fødselsnummer and D-numbers (valid check digits, as `mestring.core.privacy` finds them);
- Norwegian phone numbers: eight digits, optionally spaced and after +47 or 0047;
- e-mail addresses;
- names: every word in `FIRST_NAMES`, and runs of two or more capitalised words. The first
  word of a sentence is capitalised anyway, so it only counts when it is a known first name
  ("Takk Kari" and "Kari Nordmann var flink" are hidden; "Takk for kurset" is not).

It errs on the side of hiding: place and institution names such as "Helse Bergen" are
hidden too. Acronyms in capitals ("KOLS", "LMS") are left alone.
"""

from __future__ import annotations

import re

from mestring.core.privacy import contains_national_id_number

HIDDEN = "[skjult]"

# Common Norwegian first names (SSB's most frequent names in the adult population), kept
# short on purpose: names that are also everyday words in capitals would hide too much.
FIRST_NAMES = frozenset(
    """
    Anne Inger Kari Marit Ingrid Liv Eva Berit Astrid Bjørg Hilde Anna Solveig Marianne
    Randi Ida Nina Maria Elisabeth Kristin Bente Heidi Silje Hanne Tone Ellen Camilla Linda
    Ingeborg Gunn Wenche Hege Karin Elin Mona Sara Emma Nora Sofie Ingvild Torill Turid
    Jan Per Bjørn Ole Lars Kjell Knut Arne Svein Hans Geir Thomas Tor Morten Terje Odd Erik
    Martin Andreas John Anders Rune Trond Tore Jon Harald Olav Gunnar Einar Magnus Jonas
    Kristian Henrik Stian Espen Øyvind Håkon Sindre Emil Jørgen Ahmed Mohammed Ali
    """.split()
)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NATIONAL_ID = re.compile(r"(?<!\d)\d{6}[ .\-]?\d{5}(?!\d)")
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)47[ ]?)?(?:\d[ ]?){7}\d(?!\d)")
_UPPER, _LOWER = "A-ZÆØÅÄÖÜÉ", "a-zæøåäöüéèáó"
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
_CAPITALISED_RUN = re.compile(rf"(?<![\w-]){_WORD}(?:[ ]+{_WORD})*(?![\w-])")
_SENTENCE_END = re.compile(r"(?:^|[.!?:]\s+|\n\s*)$")


def _hide_national_ids(text: str) -> str:
    return _NATIONAL_ID.sub(
        lambda m: HIDDEN if contains_national_id_number(m.group()) else m.group(), text
    )


def _is_sentence_start(text: str, position: int) -> bool:
    return bool(_SENTENCE_END.search(text[max(0, position - 10) : position]) or position == 0)


def _known_name(word: str) -> bool:
    return any(part in FIRST_NAMES for part in word.split("-"))


def _hide_names(text: str) -> str:
    def replace(match: re.Match) -> str:
        words = match.group().split()
        lead = ""
        if _is_sentence_start(text, match.start()) and not _known_name(words[0]):
            lead, words = words[0], words[1:]
        if len(words) >= 2 or (words and _known_name(words[0])):
            return f"{lead} {HIDDEN}" if lead else HIDDEN
        return match.group()

    return _CAPITALISED_RUN.sub(replace, text)


def screen(text: str) -> str:
    """`text` with likely personal data replaced by «[skjult]»."""
    if not text:
        return ""
    text = _EMAIL.sub(HIDDEN, text)
    text = _hide_national_ids(text)
    text = _PHONE.sub(HIDDEN, text)
    return _hide_names(text)
