"""The survey report on a hand-made data set; every expected number is worked out by hand.

Period 2025. Counted runs: R1, R2, R5, R6, R7, R8, R9, R11 (8). Not counted: R3 (before the
period), R4 (cancelled), R10 (draft offer), R12 (after the period).
"""

import csv
from datetime import date
from pathlib import Path

import pytest

from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.statistics.filters import ReportFilter
from mestring.statistics.kartlegging import kartlegging

pytestmark = pytest.mark.django_db

REFDATA = Path(__file__).resolve().parents[2] / "refdata" / "data"


@pytest.fixture
def survey(refdata):
    lms_a = make_organisation(external_id="lms-a", region_id="helse_sor_ost")
    lms_b = make_organisation(external_id="lms-b", region_id="helse_vest")
    make_organisation(external_id="lms-c", region_id="helse_nord")
    clinic = make_organisation(
        external_id="klinikk-a1", type="klinikk", region_id=None, parent=lms_a
    )
    centre = make_organisation(
        external_id="frisklivs-x", type="frisklivssentral", region_id=None, municipality_id="5001"
    )
    o1 = make_offer(
        responsible=lms_a,
        main_theme="spesifikk_diagnose",
        main_target_group="parorende_foresatte",
        codes={"diagnoser": ["rus", "adhd"], "fagfelt": ["rus", "psykisk_helse"]},
    )
    o2 = make_offer(
        responsible=lms_a,
        main_theme="spesifikk_diagnose",
        main_target_group="pasient",
        age_group="ungdom",
        session_count=1,
        user_representative="ingen",
        users_in_planning=False,
        requires_referral=True,
        registered_as_activity=None,
        codes={"diagnoser": ["bipolar", "spiseforstyrrelser"], "fagfelt": ["psykisk_helse"]},
    )
    o3 = make_offer(
        responsible=lms_b,
        main_theme="helsepedagogikk",
        main_target_group="helsepersonell",
        age_group="",
        session_count=10,
        user_representative="lms_ansatt",
        users_in_evaluation=None,
        requires_referral=None,
        registered_as_activity=False,
        codes={"fagfelt": ["psykisk_helse"]},
    )
    o4 = make_offer(
        responsible=clinic,
        main_target_group="alle_interesserte",
        age_group="tvers_av_alder",
        session_count=None,
        user_representative="uten_organisasjon",
    )
    o5 = make_offer(
        responsible=centre,
        main_theme="levevaner",
        session_count=12,
        user_representative="",
    )
    o6 = make_offer(
        responsible=lms_a,
        status="utkast",
        main_theme="spesifikk_diagnose",
        codes={"diagnoser": ["rus"], "fagfelt": ["rus"]},
    )
    o7 = make_offer(
        responsible=lms_b,
        status="arkivert",
        main_theme="spesifikk_diagnose",
        main_target_group="pasient_og_parorende",
        age_group="eldre",
        codes={"diagnoser": ["depresjon", "angst"], "fagfelt": ["psykisk_helse"]},
    )
    make_run(o1, start=date(2025, 2, 1), sessions=6, hour=18, with_municipal_staff=True)
    make_run(
        o1, start=date(2025, 9, 1), hour=10, venue="kommunale_lokaler", with_municipal_staff=False
    )
    make_run(o1, start=date(2024, 12, 31), sessions=3)
    make_run(o1, start=date(2025, 3, 1), sessions=3, status="avlyst")
    make_run(o2, start=date(2025, 5, 5), time_of_day="", venue="", with_municipal_staff=None)
    make_run(o3, start=date(2025, 6, 1), hour=10, venue="andre_lokaler")
    make_run(
        o3,
        start=date(2025, 10, 1),
        sessions=16,
        time_of_day="helg",
        venue="digitalt",
        municipality_id=None,
        with_municipal_staff=True,
    )
    make_run(o4, start=date(2025, 4, 1), venue="kommunale_lokaler", with_municipal_staff=True)
    make_run(
        o5,
        start=date(2025, 11, 11),
        sessions=12,
        hour=9,
        venue="kommunale_lokaler",
        municipality_id="5001",
        with_municipal_staff=False,
    )
    make_run(o6, start=date(2025, 3, 3), sessions=2)
    make_run(o7, start=date(2025, 1, 1), sessions=2, with_municipal_staff=True)
    make_run(o7, start=date(2026, 1, 1), sessions=2)


def report(**filters):
    return kartlegging(ReportFilter(fra=date(2025, 1, 1), til=date(2025, 12, 31), **filters))


def counts(table):
    return [(row.code, row.count, row.share) for row in table.rows]


def test_table_2_regions_with_shares_rounded_half_up(survey):
    table = report().table("tabell_2")
    assert table.n == 8
    assert counts(table) == [
        ("helse_sor_ost", 4, 50),
        ("helse_vest", 3, 38),  # 37.5
        ("helse_midt", 1, 13),  # 12.5; the region comes from the centre's municipality
        ("helse_nord", 0, 0),
    ]


def test_table_3_themes(survey):
    table = report().table("tabell_3")
    assert table.n == 8
    assert counts(table) == [
        ("spesifikk_diagnose", 4, 50),
        ("tvers_av_diagnoser", 1, 13),
        ("helsepedagogikk", 2, 25),
        ("brukeropplaering", 0, 0),
        ("levevaner", 1, 13),
    ]


def test_table_4_counts_mentions_and_folds_into_annet_once(survey):
    table = report().table("tabell_4")
    assert table.n == 7
    assert counts(table) == [
        ("rus", 2, 29),
        ("demens", 0, 0),
        ("psykose", 0, 0),
        ("depresjon", 1, 14),
        ("angst", 1, 14),
        ("asperger", 0, 0),
        ("tourette", 0, 0),
        ("adhd", 2, 29),
        ("annet", 1, 14),  # bipolar and spiseforstyrrelser of one run: one mention
    ]


def test_table_5_leaves_out_health_pedagogy(survey):
    table = report().table("tabell_5")
    assert table.n == 6
    assert counts(table)[:8] == [
        ("nettverk", 0, 0),
        ("hele_familien", 0, 0),
        ("pasient_og_parorende", 1, 17),
        ("parorende_sosken", 0, 0),
        ("parorende_barn", 0, 0),
        ("parorende_foresatte", 2, 33),
        ("pasient", 2, 33),
        ("alle_interesserte", 1, 17),
    ]
    assert table.row("helsepersonell").count == 0


def test_table_6_age_groups_without_missing_answers(survey):
    table = report().table("tabell_6")
    assert table.n == 6
    assert counts(table) == [
        ("tvers_av_alder", 1, 17),
        ("eldre", 1, 17),
        ("voksne", 3, 50),
        ("unge_voksne", 0, 0),
        ("ungdom", 1, 17),
        ("barn", 0, 0),
    ]


def test_table_7_sessions_of_the_run_or_of_the_offer(survey):
    table = report().table("tabell_7")
    assert table.n == 7
    assert counts(table) == [
        ("16+", 1, 14),
        ("11-15", 1, 14),
        ("6-10", 2, 29),
        ("2-5", 2, 29),
        ("1", 1, 14),
    ]


def test_table_8_and_time_of_day(survey):
    result = report()
    assert result.table("tabell_8").n == 7
    assert counts(result.table("tabell_8")) == [
        ("kommunale_lokaler", 3, 43),
        ("spesialisthelsetjenesten", 2, 29),
        ("andre_lokaler", 1, 14),
        ("digitalt", 1, 14),
    ]
    assert counts(result.table("tidspunkt")) == [
        ("arbeidstid", 3, 43),
        ("kveld", 3, 43),
        ("helg", 1, 14),
    ]


def test_table_9_counts_none_as_missing(survey):
    table = report().table("tabell_9")
    assert table.n == 6
    assert counts(table) == [
        ("lms_ansatt", 2, 33),
        ("uten_organisasjon", 1, 17),
        ("med_organisasjon", 3, 50),
    ]


def test_yes_no_figures(survey):
    result = report()
    assert counts(result.table("samarbeid_kommunalt_personell")) == [
        ("ja", 4, 67),
        ("nei", 2, 33),
    ]
    assert counts(result.table("krav_henvisning")) == [("ja", 1, 17), ("nei", 5, 83)]
    assert counts(result.table("registreres_som_aktivitet")) == [("ja", 5, 71), ("nei", 2, 29)]


def test_standard_method_counts_lms(survey):
    result = report()
    # LMS A: 2 of 3 answered runs follow it (67 %); LMS B: 1 of 1; the clinic is no LMS.
    assert counts(result.table("standard_metode")) == [("minst_80", 1, 50), ("under_80", 1, 50)]
    rows = {r.code: r.values for r in result.table("lms_med_tilbud").rows}
    assert rows["helse_sor_ost"] == {"registrert": 1, "med_tilbud": 1}
    assert rows["helse_vest"] == {"registrert": 1, "med_tilbud": 1}
    assert rows["helse_nord"] == {"registrert": 1, "med_tilbud": 0}
    assert rows["samlet"] == {"registrert": 3, "med_tilbud": 2}


def test_standard_method_share_of_exactly_80_percent_counts(refdata):
    lms = make_organisation()
    following = make_offer(responsible=lms)
    not_following = make_offer(responsible=lms, users_in_delivery=False)
    for day in range(1, 5):
        make_run(following, start=date(2025, 3, day))
    make_run(not_following, start=date(2025, 3, 9))
    assert counts(report().table("standard_metode")) == [("minst_80", 1, 100), ("under_80", 0, 0)]


def test_table_1_from_reference_data(survey):
    table = report().table("tabell_1")
    rows = {r.code: r.values for r in table.rows}
    # helseforetak.csv: HF with and without catchment, private non-profit with catchment.
    assert [
        rows[r]["helseforetak"] for r in ("helse_sor_ost", "helse_vest", "helse_midt", "helse_nord")
    ] == [11, 5, 3, 4]
    assert [
        rows[r]["lms"] for r in ("helse_sor_ost", "helse_vest", "helse_midt", "helse_nord")
    ] == [1, 1, 0, 1]
    with (REFDATA / "kommuner.csv").open(encoding="utf-8") as file:
        population = sum(int(row["folketall"]) for row in csv.DictReader(file))
    assert rows["samlet"]["befolkning"] == population
    assert table.rows[-1].is_total


@pytest.mark.parametrize(
    ("filters", "expected_runs"),
    [
        ({"fagfelt": ("rus",)}, 2),
        ({"fagfelt": ("rus", "psykisk_helse")}, 6),
        ({"region": ("helse_vest",)}, 3),
        ({"region": ("helse_midt",)}, 1),
        ({"organisasjon": "lms-a"}, 4),  # with the clinic under it
        ({"kommune": ("0301",)}, 6),  # the digital run of LMS B has no place
        ({"kommune": ("5001",)}, 1),
        ({"fylke": ("50",)}, 1),
        ({"diagnose": ("adhd",)}, 2),
        ({"malgruppe": ("pasient",)}, 2),
        ({"tilbydertype": ("frisklivssentral",)}, 1),
    ],
)
def test_filters(survey, filters, expected_runs):
    assert report(**filters).table("tabell_3").n == expected_runs


def test_every_table_is_there_in_order(survey):
    assert [t.id for t in report().tables] == [
        "tabell_1",
        "tabell_2",
        "lms_med_tilbud",
        "standard_metode",
        "tabell_3",
        "tabell_4",
        "tabell_5",
        "tabell_6",
        "tidspunkt",
        "tabell_7",
        "tabell_8",
        "samarbeid_kommunalt_personell",
        "tabell_9",
        "krav_henvisning",
        "registreres_som_aktivitet",
    ]


def test_an_empty_period_gives_empty_tables(survey):
    result = kartlegging(ReportFilter(fra=date(2030, 1, 1), til=date(2030, 12, 31)))
    table = result.table("tabell_3")
    assert table.n == 0
    assert all(row.count == 0 and row.share is None for row in table.rows)
