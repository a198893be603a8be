"""Registry extracts (NPR/KPR per run, KOSTRA aggregated) on hand-made data.

Every expected number is worked out by hand in the comments next to the data.
"""

import io
from datetime import date
from pathlib import Path

import pytest

from mestring.activity.models import COUNT_FIELDS, Attendance
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.statistics.extracts import (
    KOSTRA_COLUMNS,
    NPR_COLUMNS,
    icd10_blocks,
    kostra_rows,
    npr_rows,
    write_csv,
)

pytestmark = pytest.mark.django_db

FRA, TIL = date(2024, 1, 1), date(2025, 6, 30)


def attend(run, day, **counts):
    """One attendance record, with counts by their core dataset names."""
    return Attendance.objects.create(
        run=run, date=day, **{COUNT_FIELDS[name]: value for name, value in counts.items()}
    )


@pytest.fixture
def data(refdata):
    lms = make_organisation(
        external_id="lms-a",
        name="LMS Bergen",
        type="lms",
        orgnr="974633574",
        municipality_id="4601",
        region_id="helse_vest",
    )
    clinic = make_organisation(
        external_id="klinikk-a",
        name="Hjerteklinikken",
        type="klinikk",
        parent=lms,
        municipality_id="4601",
        region_id="helse_vest",
    )
    other = make_organisation(external_id="lms-b", name="LMS Oslo", municipality_id="0301")

    rus = make_offer(
        external_id="tilbud-rus",
        title="Leve med rus og ADHD",
        responsible=lms,
        main_theme="spesifikk_diagnose",
        session_count=4,
        codes={"diagnoser": ["rus", "adhd"], "fagfelt": ["rus", "psykisk_helse"]},
    )
    heart = make_offer(
        external_id="tilbud-hjerte",
        title="Hjertekurs",
        responsible=clinic,
        main_theme="tvers_av_diagnoser",
        session_count=2,
        status="arkivert",  # archived offers still count for the periods they ran in
    )
    draft = make_offer(external_id="tilbud-utkast", responsible=lms, status="utkast")
    foreign = make_offer(external_id="tilbud-annen", responsible=other)

    # Three sessions, attendance on two of them:
    # pasienter 8+7=15, parorende 3+2=5, barn 0+missing=0, andre 1+0=1,
    # brukerrepresentanter 1+1=2, fagpersoner 2+2=4; deltakere 15+5+0+1=21.
    a1 = make_run(
        rus, external_id="gj-a1", start=date(2024, 2, 5), sessions=3, municipality_id="4601"
    )
    attend(
        a1,
        date(2024, 2, 5),
        pasienter=8,
        parorende=3,
        barn_som_parorende=0,
        andre_deltakere=1,
        brukerrepresentanter=1,
        fagpersoner=2,
    )
    attend(
        a1,
        date(2024, 2, 12),
        pasienter=7,
        parorende=2,
        barn_som_parorende=None,
        andre_deltakere=0,
        brukerrepresentanter=1,
        fagpersoner=2,
    )

    # Same start as gj-a1, sorts before it by id; in Oslo (another municipality).
    # One session, one dated record: deltakere 5+0+0+0=5.
    a0 = make_run(
        heart, external_id="gj-a0", start=date(2024, 2, 5), sessions=1, municipality_id="0301"
    )
    attend(
        a0,
        date(2024, 2, 5),
        pasienter=5,
        parorende=0,
        barn_som_parorende=0,
        andre_deltakere=0,
        brukerrepresentanter=0,
        fagpersoner=1,
    )

    # No sessions (the offer's 2 count), attendance for the whole run:
    # andre_deltakere missing; deltakere 12+4+2=18; no dated record.
    b2 = make_run(
        heart,
        external_id="gj-b2",
        start=date(2024, 9, 10),
        end=date(2024, 9, 17),
        format="digitalt_direkte",
        municipality_id="4601",
    )
    attend(
        b2,
        None,
        pasienter=12,
        parorende=4,
        barn_som_parorende=2,
        andre_deltakere=None,
        brukerrepresentanter=0,
        fagpersoner=3,
    )

    # Self-study without a municipality: KOSTRA counts it where the clinic is (4601).
    make_run(
        heart,
        external_id="gj-b5",
        start=date(2024, 10, 1),
        end=date(2024, 12, 31),
        format="digitalt_selvstudium",
        venue="digitalt",
        municipality_id=None,
    )

    # No attendance at all: counts are empty, not zero. Starts on the last day (inclusive).
    make_run(rus, external_id="gj-a3", start=TIL, sessions=2, municipality_id="4601")

    # Left out: cancelled, a draft offer, outside the period, another organisation.
    cancelled = make_run(
        rus, external_id="gj-avlyst", start=date(2024, 4, 1), status="avlyst", sessions=2
    )
    attend(cancelled, None, pasienter=50)
    attend(make_run(draft, external_id="gj-utkast", start=date(2024, 5, 1)), None, pasienter=50)
    attend(make_run(rus, external_id="gj-for-tidlig", start=date(2023, 12, 31)), None, pasienter=50)
    make_run(rus, external_id="gj-for-sent", start=date(2025, 7, 1))
    attend(make_run(foreign, external_id="gj-annen", start=date(2024, 6, 1)), None, pasienter=50)


RUS = {
    "organisasjon_id": "lms-a",
    "organisasjon_navn": "LMS Bergen",
    "orgnr": "974633574",
    "tilbud_id": "tilbud-rus",
    "tilbud_tittel": "Leve med rus og ADHD",
    "hovedtematikk": "spesifikk_diagnose",
    "diagnosegrupper": "rus|adhd",
    "icd10_blokker": "F10–F19|F90",
    "fagfelt": "psykisk_helse|rus",
}
HEART = {
    "organisasjon_id": "klinikk-a",
    "organisasjon_navn": "Hjerteklinikken",
    "orgnr": "",
    "tilbud_id": "tilbud-hjerte",
    "tilbud_tittel": "Hjertekurs",
    "hovedtematikk": "tvers_av_diagnoser",
    "diagnosegrupper": "",
    "icd10_blokker": "",
    "fagfelt": "somatikk",
}
NO_COUNTS = dict.fromkeys([*COUNT_FIELDS, "deltakere_totalt"])

EXPECTED_NPR = [
    {
        **HEART,
        "gjennomforing_id": "gj-a0",
        "start": "2024-02-05",
        "slutt": "2024-02-05",
        "kommunenummer": "0301",
        "format": "fysisk",
        "antall_samlinger": 1,
        "samlinger_med_oppmote": 1,
        "pasienter": 5,
        "parorende": 0,
        "barn_som_parorende": 0,
        "andre_deltakere": 0,
        "brukerrepresentanter": 0,
        "fagpersoner": 1,
        "deltakere_totalt": 5,
    },
    {
        **RUS,
        "gjennomforing_id": "gj-a1",
        "start": "2024-02-05",
        "slutt": "2024-02-19",
        "kommunenummer": "4601",
        "format": "fysisk",
        "antall_samlinger": 3,
        "samlinger_med_oppmote": 2,
        "pasienter": 15,
        "parorende": 5,
        "barn_som_parorende": 0,
        "andre_deltakere": 1,
        "brukerrepresentanter": 2,
        "fagpersoner": 4,
        "deltakere_totalt": 21,
    },
    {
        **HEART,
        "gjennomforing_id": "gj-b2",
        "start": "2024-09-10",
        "slutt": "2024-09-17",
        "kommunenummer": "4601",
        "format": "digitalt_direkte",
        "antall_samlinger": 2,
        "samlinger_med_oppmote": 0,
        "pasienter": 12,
        "parorende": 4,
        "barn_som_parorende": 2,
        "andre_deltakere": None,
        "brukerrepresentanter": 0,
        "fagpersoner": 3,
        "deltakere_totalt": 18,
    },
    {
        **HEART,
        "gjennomforing_id": "gj-b5",
        "start": "2024-10-01",
        "slutt": "2024-12-31",
        "kommunenummer": "",
        "format": "digitalt_selvstudium",
        "antall_samlinger": 2,
        "samlinger_med_oppmote": 0,
        **NO_COUNTS,
    },
    {
        **RUS,
        "gjennomforing_id": "gj-a3",
        "start": "2025-06-30",
        "slutt": "2025-07-07",
        "kommunenummer": "4601",
        "format": "fysisk",
        "antall_samlinger": 2,
        "samlinger_med_oppmote": 0,
        **NO_COUNTS,
    },
]


def test_npr_rows_one_per_counted_run(data):
    rows = npr_rows("lms-a", FRA, TIL)
    assert [list(row) for row in rows] == [NPR_COLUMNS] * len(rows)
    assert rows == EXPECTED_NPR


def test_npr_rows_of_the_clinic_leave_its_parent_out(data):
    rows = npr_rows("klinikk-a", FRA, TIL)
    assert [row["gjennomforing_id"] for row in rows] == ["gj-a0", "gj-b2", "gj-b5"]


def test_npr_rows_take_a_handful_of_queries(data, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        assert len(npr_rows("lms-a", FRA, TIL)) == 5


def test_empty_period_gives_no_rows(data):
    assert npr_rows("lms-a", date(2020, 1, 1), date(2020, 12, 31)) == []
    assert kostra_rows("lms-a", date(2020, 1, 1), date(2020, 12, 31)) == []


def test_kostra_rows_per_municipality_year_and_theme(data):
    assert kostra_rows("lms-a", FRA, TIL) == [
        # gj-a0
        {
            "kommunenummer": "0301",
            "kommunenavn": "Oslo",
            "ar": 2024,
            "hovedtematikk": "tvers_av_diagnoser",
            "tilbud": 1,
            "gjennomforinger": 1,
            "samlinger": 1,
            "pasienter": 5,
            "parorende": 0,
            "barn_som_parorende": 0,
            "andre_deltakere": 0,
            "brukerrepresentanter": 0,
            "fagpersoner": 1,
            "deltakere_totalt": 5,
        },
        # gj-a1
        {
            "kommunenummer": "4601",
            "kommunenavn": "Bergen",
            "ar": 2024,
            "hovedtematikk": "spesifikk_diagnose",
            "tilbud": 1,
            "gjennomforinger": 1,
            "samlinger": 3,
            "pasienter": 15,
            "parorende": 5,
            "barn_som_parorende": 0,
            "andre_deltakere": 1,
            "brukerrepresentanter": 2,
            "fagpersoner": 4,
            "deltakere_totalt": 21,
        },
        # gj-b2 and gj-b5 (no municipality of its own: the clinic's), one offer;
        # samlinger 2+2; gj-b5 has no attendance and andre_deltakere is missing in both.
        {
            "kommunenummer": "4601",
            "kommunenavn": "Bergen",
            "ar": 2024,
            "hovedtematikk": "tvers_av_diagnoser",
            "tilbud": 1,
            "gjennomforinger": 2,
            "samlinger": 4,
            "pasienter": 12,
            "parorende": 4,
            "barn_som_parorende": 2,
            "andre_deltakere": None,
            "brukerrepresentanter": 0,
            "fagpersoner": 3,
            "deltakere_totalt": 18,
        },
        # gj-a3, no attendance
        {
            "kommunenummer": "4601",
            "kommunenavn": "Bergen",
            "ar": 2025,
            "hovedtematikk": "spesifikk_diagnose",
            "tilbud": 1,
            "gjennomforinger": 1,
            "samlinger": 2,
            **NO_COUNTS,
        },
    ]


def test_kostra_counts_distinct_offers_and_puts_unknown_municipality_last(refdata):
    org = make_organisation(external_id="frisklivs", type="frisklivssentral", region_id=None)
    walk = make_offer(responsible=org, main_theme="levevaner", session_count=None)
    sleep = make_offer(responsible=org, main_theme="levevaner", session_count=6)
    make_run(walk, start=date(2024, 3, 1), municipality_id="5001", sessions=2)
    make_run(walk, start=date(2024, 8, 1), municipality_id="5001")  # sessions unknown
    make_run(sleep, start=date(2024, 9, 1), municipality_id="5001")
    make_run(sleep, start=date(2024, 9, 1), municipality_id=None, format="digitalt_selvstudium")
    rows = kostra_rows("frisklivs", FRA, TIL)
    assert [(r["kommunenummer"], r["kommunenavn"], r["ar"]) for r in rows] == [
        ("5001", "Trondheim", 2024),
        ("", "", 2024),
    ]
    assert [(r["tilbud"], r["gjennomforinger"], r["samlinger"]) for r in rows] == [
        (2, 3, 2 + 6),  # the run with unknown sessions adds nothing
        (1, 1, 6),
    ]
    assert rows[0]["pasienter"] is None
    assert list(rows[0]) == KOSTRA_COLUMNS


def test_icd10_blocks_follow_the_diagnosis_groups():
    assert "|".join(icd10_blocks(["rus", "adhd"])) == "F10–F19|F90"
    # Groups without an indicative block (smerte, sjelden, annet) give none.
    assert icd10_blocks(["demens", "smerte", "annet"]) == ["F00–F03, G30"]


def test_csv_header_and_rows(data):
    rows = npr_rows("lms-a", FRA, TIL)
    stream = io.StringIO(newline="")
    write_csv([rows[1], rows[4]], NPR_COLUMNS, stream)
    assert stream.getvalue() == (
        "organisasjon_id;organisasjon_navn;orgnr;tilbud_id;tilbud_tittel;hovedtematikk;"
        "diagnosegrupper;icd10_blokker;fagfelt;gjennomforing_id;start;slutt;kommunenummer;"
        "format;antall_samlinger;samlinger_med_oppmote;pasienter;parorende;"
        "barn_som_parorende;andre_deltakere;brukerrepresentanter;fagpersoner;"
        "deltakere_totalt\r\n"
        "lms-a;LMS Bergen;974633574;tilbud-rus;Leve med rus og ADHD;spesifikk_diagnose;"
        "rus|adhd;F10–F19|F90;psykisk_helse|rus;gj-a1;2024-02-05;2024-02-19;4601;fysisk;"
        "3;2;15;5;0;1;2;4;21\r\n"
        "lms-a;LMS Bergen;974633574;tilbud-rus;Leve med rus og ADHD;spesifikk_diagnose;"
        "rus|adhd;F10–F19|F90;psykisk_helse|rus;gj-a3;2025-06-30;2025-07-07;4601;fysisk;"
        "2;0;;;;;;;\r\n"
    )


def test_csv_file_has_a_bom(data, tmp_path):
    path = tmp_path / "kostra.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        write_csv(kostra_rows("lms-a", FRA, TIL)[:1], KOSTRA_COLUMNS, stream)
    assert path.read_bytes() == (
        b"\xef\xbb\xbf"
        b"kommunenummer;kommunenavn;ar;hovedtematikk;tilbud;gjennomforinger;samlinger;"
        b"pasienter;parorende;barn_som_parorende;andre_deltakere;brukerrepresentanter;"
        b"fagpersoner;deltakere_totalt\r\n"
        b"0301;Oslo;2024;tvers_av_diagnoser;1;1;1;5;0;0;0;0;1;5\r\n"
    )


def test_unknown_organisation_is_a_clear_error(data):
    with pytest.raises(ValueError, match="organisasjon.*«finnes-ikke»"):
        npr_rows("finnes-ikke", FRA, TIL)
    with pytest.raises(ValueError, match="organisasjon"):
        kostra_rows("finnes-ikke", FRA, TIL)


def test_period_must_not_end_before_it_starts(data):
    with pytest.raises(ValueError, match="til kan ikke være før fra"):
        npr_rows("lms-a", TIL, FRA)


def test_every_column_is_documented():
    docs = (Path(__file__).resolve().parents[3] / "docs" / "registeruttrekk.md").read_text(
        encoding="utf-8"
    )
    for column in {*NPR_COLUMNS, *KOSTRA_COLUMNS}:
        assert f"| `{column}` |" in docs, column
