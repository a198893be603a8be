import pytest

from mestring.evaluation.screening import FIRST_NAMES, HIDDEN, screen


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Takk for et fint kurs!", "Takk for et fint kurs!"),
        ("Jeg snakket med Kari Nordmann om det.", f"Jeg snakket med {HIDDEN} om det."),
        ("Kari Nordmann var flink.", f"{HIDDEN} var flink."),
        ("Det var fint. Anne-Lise Hansen hjalp oss.", f"Det var fint. {HIDDEN} hjalp oss."),
        ("Takk til Per for god hjelp", f"Takk til {HIDDEN} for god hjelp"),
        ("Hei Ingrid!", f"Hei {HIDDEN}!"),
        ("Ring meg på 987 65 432.", f"Ring meg på {HIDDEN}."),
        ("Tlf +47 98765432 etter kl 16", f"Tlf {HIDDEN} etter kl 16"),
        ("mob. 0047 98 76 54 32", f"mob. {HIDDEN}"),
        ("Skriv til ola.nordmann@example.no!", f"Skriv til {HIDDEN}!"),
        ("Fødselsnummeret mitt er 010107 50160", f"Fødselsnummeret mitt er {HIDDEN}"),
        ("fnr: 010107-50160.", f"fnr: {HIDDEN}."),
        # Not personal data: single place names, acronyms, years, small numbers.
        ("KOLS er vanskelig. Jeg bor i Oslo.", "KOLS er vanskelig. Jeg bor i Oslo."),
        ("Vi var 12 stykker i 2024.", "Vi var 12 stykker i 2024."),
        ("Jeg har hatt diabetes i 15 år", "Jeg har hatt diabetes i 15 år"),
        # Eleven digits that are not a fødselsnummer are left, but not as a phone number.
        ("Saksnummer 01010750161", "Saksnummer 01010750161"),
        ("", ""),
    ],
)
def test_screen(text, expected):
    assert screen(text) == expected


def test_screening_is_idempotent():
    once = screen("Jeg snakket med Kari Nordmann, tlf 98765432.")
    assert screen(once) == once


def test_first_names_are_capitalised_single_words():
    assert all(name[0].isupper() and name.isalpha() for name in FIRST_NAMES)
    assert 50 <= len(FIRST_NAMES) <= 150
