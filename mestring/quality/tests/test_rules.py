from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from mestring.quality import rules
from mestring.quality.rules import Duplicates, OfferData, RunData, check_all

OSLO = ZoneInfo("Europe/Oslo")
TODAY = date(2026, 11, 22)


def offer(**values) -> dict:
    record = {
        "id": "t1",
        "tittel": "Diabeteskurs",
        "beskrivelse": "Kunnskap om diabetes type 2.",
        "ansvarlig": "lms-1",
        "status": "publisert",
        "pris": Decimal("0"),
        "krav_henvisning": False,
        "sprak": ["nb"],
        "tolk": False,
        "samisk_tilpasset": False,
        "kontakt_epost": "lms-1@example.no",
    }
    return {**record, **values}


def run(**values) -> dict:
    record = {
        "id": "g1",
        "tilbud": "t1",
        "start": date(2026, 12, 1),
        "slutt": date(2026, 12, 8),
        "tidspunkt": "arbeidstid",
        "format": "fysisk",
        "kommunenummer": "5501",
        "adresse": "Lærings- og mestringssenteret, UNN, Tromsø",
        "digital_deltakelse": None,
        "status": "planlagt",
    }
    return {**record, **values}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=OSLO)


GOOD_SESSIONS = ((at(date(2026, 12, 1), 10), 120), (at(date(2026, 12, 8), 10), 120))


def findings(record: dict, runs=(), today=TODAY) -> list[rules.Finding]:
    return list(check_all([OfferData(record, tuple(runs))], today))


def fields(found) -> list[str]:
    return [f.field for f in found]


def test_a_consistent_offer_has_no_findings():
    assert findings(offer(), [RunData(run(), GOOD_SESSIONS)]) == []


@pytest.mark.parametrize(
    "values, field",
    [
        ({"pris": Decimal("375"), "pris_merknad": "Kurset er gratis."}, "pris_merknad"),
        ({"pris": Decimal("375"), "tittel": "Gratis diabeteskurs"}, "tittel"),
        ({"pris": Decimal("0"), "pris_merknad": "Egenandel 375 kr."}, "pris_merknad"),
        ({"pris": Decimal("0"), "beskrivelse": "Kurset koster kr 200."}, "beskrivelse"),
    ],
)
def test_price_against_the_texts(values, field):
    found = rules.price_findings(offer(**values))
    assert fields(found) == [field]


def test_a_price_named_with_its_amount_is_fine():
    note = "Egenandel 375 kr. Har du frikort, betaler du ikke egenandel."
    assert rules.price_findings(offer(pris=Decimal("375"), pris_merknad=note)) == []
    assert rules.price_findings(offer(pris=None, pris_merknad="Kurset er gratis.")) == []
    assert rules.price_findings(offer(pris_merknad="Gratis.")) == []


def test_referral_required_but_text_says_none():
    found = rules.referral_findings(
        offer(krav_henvisning=True, pamelding_tekst="Ingen henvisning, bare møt opp.")
    )
    assert fields(found) == ["pamelding_tekst", "henvisning_merknad"]
    assert "krever henvisning" in found[0].message


def test_referral_required_and_explained():
    note = "Fastlegen sender henvisning til Lærings- og mestringssenteret."
    record = offer(krav_henvisning=True, henvisning_merknad=note, pasientreiser=True)
    assert rules.referral_findings(record) == []


def test_no_referral_but_text_asks_for_one():
    record = offer(pamelding_tekst="Påmelding skjer gjennom henvisning fra lege.")
    assert fields(rules.referral_findings(record)) == ["pamelding_tekst"]
    # Saying that none is needed is what «ingen henvisning» should say.
    assert rules.referral_findings(offer(henvisning_merknad="Du trenger ingen henvisning.")) == []
    assert (
        rules.referral_findings(offer(krav_henvisning=None, pamelding_tekst="Henvisning fra lege."))
        == []
    )


def test_patient_travel_needs_a_referral():
    assert fields(rules.referral_findings(offer(pasientreiser=True))) == ["pasientreiser"]


def test_minority_languages_need_a_language_or_an_interpreter():
    title = "Diabeteskurs – for minoritetsspråklige"
    found = rules.language_findings(offer(tittel=title))
    assert fields(found) == ["sprak"]
    assert "minoritetsspråklige" in found[0].message
    assert rules.language_findings(offer(tittel=title, sprak=["nb", "ar"])) == []
    assert rules.language_findings(offer(tittel=title, tolk=True)) == []
    assert fields(rules.language_findings(offer(tittel=title, sprak=["nb", "se"]))) == ["sprak"]


def test_sami_in_the_text_needs_sami():
    record = offer(beskrivelse="Kurset holdes på samisk.")
    assert fields(rules.language_findings(record)) == ["sprak"]
    assert rules.language_findings({**record, "sprak": ["nb", "se"]}) == []
    assert rules.language_findings({**record, "samisk_tilpasset": True}) == []


def test_digital_in_the_title_of_a_physical_run():
    record = offer(tittel="Diabeteskurs – digitalt")
    found = rules.format_findings(record, [RunData(run()), RunData(run(id="g2", format="hybrid"))])
    assert [(f.field, f.run) for f in found] == [("format", "g1")]
    assert "«digitalt»" in found[0].message
    assert rules.format_findings(offer(), [RunData(run())]) == []


def test_evening_course_in_working_hours():
    record = offer(tittel="Søvnkurs – kveldskurs")
    found = rules.title_time_findings(record, [RunData(run()), RunData(run(tidspunkt="kveld"))])
    assert [f.field for f in found] == ["tidspunkt"]
    found = rules.title_time_findings(
        offer(tittel="Søvnkurs – dagkurs"), [RunData(run(tidspunkt="kveld"))]
    )
    assert len(found) == 1


@pytest.mark.parametrize(
    "time_of_day, start, minutes, fits",
    [
        ("arbeidstid", at(date(2026, 12, 1), 9), 360, True),  # Tuesday 09–15
        ("arbeidstid", at(date(2026, 12, 1), 12), 300, False),  # ends 17:00
        ("arbeidstid", at(date(2026, 12, 5), 10), 60, False),  # Saturday
        ("kveld", at(date(2026, 12, 1), 18), 180, True),
        ("kveld", at(date(2026, 12, 1), 10), 60, False),
        ("helg", at(date(2026, 12, 5), 10), 240, True),
        ("helg", at(date(2026, 12, 4), 10), 240, False),  # Friday
        (None, at(date(2026, 12, 4), 3), 60, True),
    ],
)
def test_clock_times_fit_the_time_of_day(time_of_day, start, minutes, fits):
    assert rules.fits_time_of_day(time_of_day, start, minutes) is fits


def test_sessions_on_holidays_outside_the_period_and_at_the_wrong_time():
    sessions = (
        (at(date(2026, 11, 24), 10), 90),  # before the start
        (at(date(2026, 12, 1), 18), 90),  # evening, but the run says arbeidstid
        (at(date(2026, 12, 25), 10), 90),  # Christmas Day, after the end
    )
    found = rules.session_findings("t1", RunData(run(), sessions))
    assert [f.field for f in found] == ["samlinger", "samlinger", "tidspunkt"]
    assert "2 samling(er) ligger utenfor" in found[0].message
    assert "25.12.2026 kl. 10:00 (første juledag)" in found[1].message
    assert "«arbeidstid» (første: 01.12.2026 kl. 18:00)" in found[2].message
    assert all(f.run == "g1" for f in found)
    assert rules.session_findings("t1", RunData(run(), GOOD_SESSIONS)) == []


def test_a_published_offer_without_any_way_to_act_on_it():
    record = offer(kontakt_epost=None)
    upcoming = RunData(run(adresse=None))
    digital = RunData(run(id="g2", format="digitalt_direkte", kommunenummer=None, adresse=None))
    hybrid = RunData(run(id="g3", format="hybrid"), GOOD_SESSIONS)
    over = RunData(
        run(
            id="g4",
            status="gjennomfort",
            start=date(2025, 1, 1),
            slutt=date(2025, 2, 1),
            adresse=None,
        )
    )
    found = rules.actionable_findings(record, [upcoming, digital, hybrid, over], TODAY)
    assert [(f.run, f.field) for f in found] == [
        (None, "pamelding"),
        ("g1", "adresse"),
        ("g1", "samlinger"),
        ("g2", "digital_deltakelse"),
        ("g2", "samlinger"),
        ("g3", "digital_deltakelse"),
    ]
    assert rules.actionable_findings({**record, "status": "utkast"}, [upcoming], TODAY) == []
    assert rules.actionable_findings(offer(pamelding_url="https://example.no/p"), [], TODAY) == []


def test_duplicate_titles_from_one_provider_in_one_municipality():
    duplicates = Duplicates()
    first = OfferData(offer(id="t1", tittel="Diabeteskurs"), (RunData(run()),))
    same = OfferData(offer(id="t2", tittel="diabeteskurs."), (RunData(run(tilbud="t2")),))
    elsewhere = OfferData(
        offer(id="t3", tittel="Diabeteskurs"), (RunData(run(kommunenummer="1804")),)
    )
    other = OfferData(offer(id="t4", ansvarlig="lms-2"), (RunData(run()),))
    archived = OfferData(offer(id="t5", status="arkivert"), (RunData(run()),))
    assert duplicates.add(first) == []
    found = duplicates.add(same)
    assert fields(found) == ["tittel"] and "«t1»" in found[0].message and "5501" in found[0].message
    assert duplicates.add(elsewhere) == []
    assert duplicates.add(other) == []
    assert duplicates.add(archived) == []
