"""The report `brukermedvirkning` on a hand-made data set; every number worked out by hand.

Period 2024–2025. Per offer: answers (planning, delivery, evaluation), user
representative, user organisations, counted runs by start month.

    O1 Øst LMS (sør-øst)    TTT  med_organisasjon   Mental Helse, " LHL "  24-03 25-02 25-06
    O2 Øst LMS              TFT  uten_organisasjon  LHL, LHL               25-04
    O3 Øst LMS              -TT  ingen              Mental Helse           24-05
    O4 Bergen LMS (vest)    TTT  lms_ansatt         "dia", Diabetesforb.   25-09
    O5 Frisklivssentral     TTT  med_organisasjon   (none)                 25-10
    O6 Ålesund LMS (midt)   FFF  med_organisasjon   "  "                   24-11 25-11
    O8 Klinikk (Øst LMS)    T-T  (blank)            Mental Helse           25-03

The healthy-life centre has its region (Helse Midt-Norge) from its municipality, the
clinic (Helse Sør-Øst) from its parent. "dia" is the id of the organisation
Diabetesforbundet. Not counted: O7 (draft), a cancelled run of O1 and a run of O1 in
2026; each of them has 50 user representatives in its attendance. 10 counted runs, 8 of
them answered (O3 and O8 miss an answer).
"""

from datetime import date

import pytest
from django.core.management import call_command

from mestring.activity.models import Attendance
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.statistics.filters import ReportFilter
from mestring.statistics.participation import (
    norwegian_key,
    organisation_names,
    participation,
    standard_method,
)
from mestring.statistics.service import REPORTS, build_report
from mestring.statistics.suppression import protect_report

pytestmark = pytest.mark.django_db


def attend(run, day=None, **counts):
    Attendance.objects.create(run=run, date=day, **counts)


@pytest.fixture
def data(refdata):
    east = make_organisation(external_id="lms-ost", name="Øst LMS", region_id="helse_sor_ost")
    west = make_organisation(external_id="lms-bergen", name="Bergen LMS", region_id="helse_vest")
    mid = make_organisation(external_id="lms-alesund", name="Ålesund LMS", region_id="helse_midt")
    healthy = make_organisation(
        external_id="frisk",
        name="Frisklivssentralen i Trondheim",
        type="frisklivssentral",
        region_id=None,
        municipality_id="5001",
    )
    clinic = make_organisation(
        external_id="klinikk",
        name="Klinikk for psykisk helse",
        type="klinikk",
        region_id=None,
        parent=east,
    )
    make_organisation(external_id="dia", name="Diabetesforbundet", region_id="helse_vest")

    def offer(responsible, answers, rep, orgs, **values):
        plan, deliver, evaluate = answers
        return make_offer(
            responsible=responsible,
            users_in_planning=plan,
            users_in_delivery=deliver,
            users_in_evaluation=evaluate,
            user_representative=rep,
            user_organisations=orgs,
            **values,
        )

    yes = (True, True, True)
    o1 = offer(east, yes, "med_organisasjon", ["Mental Helse", " LHL "])
    o2 = offer(east, (True, False, True), "uten_organisasjon", ["LHL", "LHL"])
    o3 = offer(east, (None, True, True), "ingen", ["Mental Helse"])
    o4 = offer(west, yes, "lms_ansatt", ["dia", "Diabetesforbundet"])
    o5 = offer(healthy, yes, "med_organisasjon", [])
    o6 = offer(mid, (False, False, False), "med_organisasjon", ["  "])
    o7 = offer(east, yes, "med_organisasjon", ["Skal ikke telles"], status="utkast")
    o8 = offer(clinic, (True, None, True), "", ["Mental Helse"])

    r1 = make_run(o1, start=date(2024, 3, 1), sessions=2)
    attend(r1, date(2024, 3, 1), patients=5, user_representatives=2)
    attend(r1, date(2024, 3, 8), patients=5)
    r2 = make_run(o1, start=date(2025, 2, 1), sessions=2)
    attend(r2, date(2025, 2, 1), patients=6, user_representatives=0)
    attend(r2, date(2025, 2, 8), patients=6, user_representatives=1)
    make_run(o1, start=date(2025, 6, 1))
    attend(make_run(o1, start=date(2025, 3, 1), status="avlyst"), user_representatives=50)
    attend(make_run(o1, start=date(2026, 1, 5)), user_representatives=50)
    attend(make_run(o2, start=date(2025, 4, 1)), patients=9, user_representatives=3)
    make_run(o3, start=date(2024, 5, 1))
    attend(make_run(o4, start=date(2025, 9, 1)), patients=7, user_representatives=6)
    attend(make_run(o5, start=date(2025, 10, 1)), patients=4)
    attend(make_run(o6, start=date(2024, 11, 1)), patients=8, user_representatives=0)
    make_run(o6, start=date(2025, 11, 1))
    attend(make_run(o7, start=date(2025, 1, 1)), user_representatives=50)
    make_run(o8, start=date(2025, 3, 1))


def report(**filters):
    return participation(ReportFilter(fra=date(2024, 1, 1), til=date(2025, 12, 31), **filters))


def values(table, *keys):
    return [(row.code, *(row.values[key] for key in keys)) for row in table.rows]


STANDARD = ("gjennomforinger", "standard_metode", "andel")


def test_plain_rules():
    assert standard_method((True, True, True)) is True
    assert standard_method((True, False, True)) is False
    assert standard_method((True, None, True)) is None
    assert organisation_names([" LHL ", "LHL", "", "  ", 3, "dia"], {"dia": "Diabetes"}) == {
        "LHL",
        "Diabetes",
    }
    assert sorted(["Øst", "Ålesund", "Bergen", "ærlig"], key=norwegian_key) == [
        "Bergen",
        "ærlig",
        "Øst",
        "Ålesund",
    ]


def test_standard_method_per_region_leaves_out_missing_answers(data):
    table = report().table("standard_metode_region")
    assert table.n == 8  # O3 and O8 have a missing answer
    assert values(table, *STANDARD) == [
        ("helse_sor_ost", 4, 3, 75),  # O1 3 runs, O2 1 run not following
        ("helse_vest", 1, 1, 100),
        ("helse_midt", 3, 1, 33),  # O5 1 of 1, O6 0 of 2; the centre's region by municipality
        ("helse_nord", 0, 0, None),
        ("samlet", 8, 5, 63),  # 62.5, rounded half up
    ]


def test_standard_method_per_provider_sorted_by_norwegian_name(data):
    table = report().table("standard_metode_tilbyder")
    assert [row.label for row in table.rows][:5] == [
        "Bergen LMS",
        "Frisklivssentralen i Trondheim",
        "Klinikk for psykisk helse",
        "Øst LMS",
        "Ålesund LMS",
    ]
    assert values(table, *STANDARD) == [
        ("lms-bergen", 1, 1, 100),
        ("frisk", 1, 1, 100),
        ("klinikk", 0, 0, None),  # counted run, but no answer on delivery
        ("lms-ost", 4, 3, 75),
        ("lms-alesund", 2, 0, 0),
        ("samlet", 8, 5, 63),
    ]


def test_standard_method_with_a_provider_type_filter(data):
    table = report(tilbydertype=("lms",)).table("standard_metode_region")
    # O1 3 + O2 1 + O4 1 + O6 2 = 7 answered, 3 + 1 following: 4 of 7 = 57.1 %.
    assert table.row("samlet").values == {
        "gjennomforinger": 7,
        "standard_metode": 4,
        "andel": 57,
    }


def test_service_level_trend_per_year(data):
    table = report().table("brukermedvirkning_tjeneste")
    assert table.n == 8
    assert values(table, "planlegging", "gjennomforing", "evaluering", "besvart") == [
        # 2024: O1 (T T T) and O6 (F F F); O3 has no answer on planning.
        ("2024", 50, 50, 50, 2),
        # 2025: O1 ×2, O2 (T F T), O4, O5, O6 (F F F): 5, 4, 5 of 6.
        ("2025", 83, 67, 83, 6),
        # 6, 5 and 6 of 8: delivery is 62.5 %, rounded half up.
        ("samlet", 75, 63, 75, 8),
    ]


def test_user_representatives_from_attendance(data):
    table = report().table("brukerrepresentanter_gjennomforing")
    keys = ("med_oppmote", "med_brukerrepresentant", "andel", "brukerrepresentanter")
    assert values(table, *keys) == [
        # O1's 2024 run (2 at its first session) and O6's 2024 run (0).
        ("2024", 2, 1, 50, 2),
        # O1 (0 + 1), O2 (3), O4 (6) and O5 (none registered); the 50s are not counted.
        ("2025", 4, 3, 75, 10),
        ("samlet", 6, 4, 67, 12),
    ]
    assert table.n == 6


def test_user_organisations_counted_per_offer(data):
    table = report().table("brukerorganisasjoner")
    assert table.n == 5  # O1, O2, O3, O4, O8 name at least one
    assert values(table, "tilbud", "gjennomforinger") == [
        ("Mental Helse", 3, 5),  # O1 (3 runs), O3, O8
        ("LHL", 2, 4),  # " LHL " trimmed; O2 names it twice but counts once
        ("Diabetesforbundet", 1, 1),  # by id and by name on O4: once
    ]


def test_representative_affiliation_per_region(data):
    table = report().table("brukerrepresentant_tilknytning")
    keys = (
        "med_organisasjon",
        "uten_organisasjon",
        "lms_ansatt",
        "tilbud",
        "andel_med_organisasjon",
        "andel_uten_organisasjon",
        "andel_lms_ansatt",
    )
    assert table.n == 5  # offers, not runs; O3 ("ingen") and O8 (blank) left out
    assert values(table, *keys) == [
        ("helse_sor_ost", 1, 1, 0, 2, 50, 50, 0),
        ("helse_vest", 0, 0, 1, 1, 0, 0, 100),
        ("helse_midt", 2, 0, 0, 2, 100, 0, 0),
        ("helse_nord", 0, 0, 0, 0, None, None, None),
        ("samlet", 3, 1, 1, 5, 60, 20, 20),
    ]
    assert len(table.footnotes) == 2


def test_public_report_hides_small_user_representative_counts(data):
    public = protect_report(report(), threshold=5)
    table = public.table("brukerrepresentanter_gjennomforing")
    # 2 is below 5; 10 is hidden too, or 12 − 10 would give it away.
    assert table.row("2024").hidden == {"brukerrepresentanter": "primary"}
    assert table.row("2025").hidden == {"brukerrepresentanter": "secondary"}
    assert table.row("samlet").values["brukerrepresentanter"] == 12
    assert table.row("2024").values["med_brukerrepresentant"] == 1  # runs are not persons
    assert public.suppressed
    exact_tables = report().tables
    for exact, shown in zip(exact_tables, public.tables, strict=True):
        if exact.id != "brukerrepresentanter_gjennomforing":
            assert exact == shown


def test_service_and_api(data, client):
    assert "brukermedvirkning" in REPORTS
    period = ReportFilter(fra=date(2024, 1, 1), til=date(2025, 12, 31))
    built = build_report("brukermedvirkning", period)
    assert built.id == "brukermedvirkning"
    assert built.title == "Brukermedvirkning og Standard metode"
    response = client.get(
        "/api/v1/rapporter/brukermedvirkning", {"fra": "2024-01-01", "til": "2025-12-31"}
    )
    assert response.status_code == 200
    body = response.json()
    assert [t["id"] for t in body["tabeller"]] == [
        "standard_metode_region",
        "standard_metode_tilbyder",
        "brukermedvirkning_tjeneste",
        "brukerrepresentanter_gjennomforing",
        "brukerorganisasjoner",
        "brukerrepresentant_tilknytning",
    ]
    reps = body["tabeller"][3]["rader"][0]
    assert reps["verdier"]["brukerrepresentanter"] is None
    assert reps["skjulte_verdier"] == {"brukerrepresentanter": "<5"}


def test_page_every_format_and_the_command(data, client, tmp_path):
    period = {"fra": "2024-01-01", "til": "2025-12-31"}
    page = client.get("/statistikk/brukermedvirkning/", period)
    assert page.status_code == 200
    assert "Brukerrepresentantenes tilknytning per helseregion" in page.content.decode()
    assert "systemnivå per helseregion" not in page.content.decode()
    assert "brukermedvirkning" in client.get("/statistikk/").content.decode()
    for fmt in ("csv", "xlsx", "json", "pdf"):
        download = client.get("/statistikk/brukermedvirkning/", {**period, "format": fmt})
        assert download.status_code == 200
        assert len(download.content) > 500
    out = tmp_path / "brukermedvirkning.csv"
    call_command(
        "rapport",
        "brukermedvirkning",
        *("--fra", "2024-01-01", "--til", "2025-12-31"),
        *("--format", "csv", "--out", str(out)),
    )
    text = out.read_text(encoding="utf-8-sig")
    assert "brukerorganisasjoner;" in text and "Mental Helse" in text
