from datetime import date
from decimal import Decimal

import pytest

from mestring.catalogue import rules

VALID_OFFER = {
    "id": "t1",
    "tittel": "Diabeteskurs",
    "ansvarlig": "lms-1",
    "hovedtematikk": "spesifikk_diagnose",
    "diagnoser": ["diabetes"],
    "status": "publisert",
    "fagfelt": ["somatikk"],
    "sprak": ["nb", "se"],
    "pris": Decimal("0"),
}


def fields(problems):
    return [p.field for p in problems]


def test_valid_offer_has_no_problems():
    assert rules.offer_problems(VALID_OFFER) == []


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("983974880", True),
        ("983974881", False),
        ("12345678", False),
        ("98397488A", False),
        ("", True),
        (None, True),
    ],
)
def test_orgnr_is_checked_by_mod_11(value, ok):
    assert (rules.orgnr_problem(value) is None) is ok


def test_orgnr_message_names_the_value():
    assert "983974881" in rules.orgnr_problem("983974881")
    assert "kontrollsiffer" in rules.orgnr_problem("983974881")


def test_unknown_municipality_is_a_problem():
    assert rules.municipality_problem("0301", {"0301"}) is None
    assert "9999" in rules.municipality_problem("9999", {"0301"})


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        (date(2025, 1, 1), date(2025, 1, 1), True),
        (date(2025, 1, 2), date(2025, 1, 1), False),
        (date(2025, 1, 1), None, True),
    ],
)
def test_end_may_not_come_before_start(start, end, ok):
    assert (rules.period_problem(start, end) is None) is ok


def test_diagnoses_are_required_for_diagnosis_specific_offers():
    problems = rules.offer_problems({**VALID_OFFER, "diagnoser": []})
    assert fields(problems) == ["diagnoser"]
    assert (
        rules.offer_problems({**VALID_OFFER, "hovedtematikk": "levevaner", "diagnoser": []}) == []
    )


def test_unknown_codes_are_named_with_the_allowed_codes():
    problems = rules.offer_problems({**VALID_OFFER, "aldersgruppe": "tenaring"})
    assert fields(problems) == ["aldersgruppe"]
    assert "tenaring" in problems[0].message and "ungdom" in problems[0].message


def test_unknown_multi_value_codes_and_languages_are_problems():
    problems = rules.offer_problems(
        {**VALID_OFFER, "diagnoser": ["diabetes", "sukkersyke"], "sprak": ["nb", "xx"]}
    )
    assert fields(problems) == ["diagnoser", "sprak"]


def test_negative_price_and_zero_sessions_are_problems():
    problems = rules.offer_problems({**VALID_OFFER, "pris": Decimal("-1"), "antall_samlinger": 0})
    assert sorted(fields(problems)) == ["antall_samlinger", "pris"]


def test_a_missing_answer_is_not_a_problem_in_the_data_model():
    minimal = {k: VALID_OFFER[k] for k in ("id", "tittel", "ansvarlig", "status")}
    assert rules.offer_problems({**minimal, "hovedtematikk": "tvers_av_diagnoser"}) == []


def test_identifying_fields_are_required():
    assert sorted(fields(rules.offer_problems({}))) == [
        "ansvarlig",
        "hovedtematikk",
        "id",
        "status",
        "tittel",
    ]
    assert sorted(fields(rules.run_problems({}, set()))) == ["id", "start", "status", "tilbud"]


def test_national_identity_number_in_free_text_is_refused():
    problems = rules.offer_problems({**VALID_OFFER, "beskrivelse": "Kontakt 010107 50160 i dag"})
    assert fields(problems) == ["beskrivelse"]
    assert "fødselsnummer" in problems[0].message


def test_responsible_cannot_also_be_co_organiser():
    problems = rules.offer_problems({**VALID_OFFER, "medarrangorer": ["lms-1"]})
    assert fields(problems) == ["medarrangorer"]


def test_run_problems_cover_period_municipality_and_capacity():
    run = {"id": "g1", "tilbud": "t1", "start": date(2025, 3, 1), "status": "planlagt"}
    assert rules.run_problems(run, {"0301"}) == []
    bad = {
        **run,
        "slutt": date(2025, 2, 1),
        "kommunenummer": "0000",
        "kapasitet": -2,
        "format": "papir",
    }
    assert sorted(fields(rules.run_problems(bad, {"0301"}))) == [
        "format",
        "kapasitet",
        "kommunenummer",
        "slutt",
    ]


def test_organisation_problems():
    org = {"id": "o1", "navn": "LMS Innlandet", "type": "lms", "region": "helse_sor_ost"}
    assert rules.organisation_problems(org, set()) == []
    bad = {
        **org,
        "type": "sykehus",
        "region": "helse_ost",
        "orgnr": "123456789",
        "kommunenummer": "9999",
        "overordnet": "o1",
    }
    assert sorted(fields(rules.organisation_problems(bad, {"0301"}))) == [
        "kommunenummer",
        "orgnr",
        "overordnet",
        "region",
        "type",
    ]


def test_session_duration_must_be_positive():
    assert fields(
        rules.session_problems({"gjennomforing": "g1", "start": "x", "varighet_min": 0})
    ) == ["varighet_min"]
