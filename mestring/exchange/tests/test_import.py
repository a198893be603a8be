"""Importing valid file sets: upsert, missing answers, Excel's CSV quirks, typed XLSX cells."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from mestring.activity.models import Attendance
from mestring.catalogue.models import Offer, Organisation, Run
from mestring.exchange.importer import import_files
from mestring.exchange.parsing import OSLO

from .factories import make_attendance, make_offer, make_organisation, make_run, table_counts
from .files import write_csv_set, write_json, write_workbook

ORG = {"id": "lms-b", "navn": "LMS Bergen", "type": "lms", "region": "helse_vest"}
OFFER = {
    "id": "t-b",
    "tittel": "Mestringskurs",
    "ansvarlig": "lms-b",
    "hovedtematikk": "tvers_av_diagnoser",
    "status": "publisert",
}


@pytest.mark.django_db
def test_upsert_updates_existing_rows_and_replaces_codes(refdata, tmp_path):
    partner = make_organisation(external_id="partner")
    offer = make_offer(
        external_id="t-b", codes={"fagfelt": ["rus"]}, co_organisers=[partner], title="Gammel"
    )
    lists = {
        "tilbydere": [ORG],
        "tilbud": [{**OFFER, "fagfelt": "somatikk|psykisk_helse", "sprak": "nb", "pris": "0"}],
    }

    result = import_files(write_csv_set(tmp_path, lists))

    offer.refresh_from_db()
    assert offer.title == "Mestringskurs"
    assert offer.responsible.external_id == "lms-b"
    assert offer.codes_for("fagfelt") == ["psykisk_helse", "somatikk"]
    assert list(offer.co_organisers.all()) == []
    assert (result.counts["tilbud"].created, result.counts["tilbud"].updated) == (0, 1)
    assert result.counts["tilbydere"].created == 1


@pytest.mark.django_db
def test_missing_answers_import_as_missing_with_a_warning(refdata, tmp_path):
    lists = {"tilbydere": [ORG], "tilbud": [OFFER, {**OFFER, "id": "t-c"}]}

    result = import_files(write_csv_set(tmp_path, lists))

    offer = Offer.objects.get(external_id="t-b")
    assert offer.age_group == "" and offer.requires_referral is None and offer.price is None
    warnings = {(w.source, w.field): (w.count, w.rows) for w in result.warnings}
    assert warnings[("tilbud.csv", "aldersgruppe")] == (2, [2, 3])
    assert warnings[("tilbud.csv", "standard_metode_planlegging")] == (2, [2, 3])
    assert str(result.warnings[0]).endswith("Svaret blir stående som manglende.")


@pytest.mark.django_db
@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_either_separator_with_or_without_bom(refdata, tmp_path, delimiter, bom):
    lists = {"tilbydere": [{**ORG, "navn": "LMS, Bergen"}], "tilbud": [OFFER]}

    import_files(write_csv_set(tmp_path, lists, delimiter=delimiter, bom=bom, newline="\n"))

    assert Organisation.objects.get(external_id="lms-b").name == "LMS, Bergen"
    assert Offer.objects.filter(external_id="t-b").exists()


@pytest.mark.django_db
def test_csv_as_norwegian_excel_saves_it(refdata, tmp_path):
    org = {
        " ID ": "kommune-oslo",
        "Navn": "Oslo kommune",
        "TYPE": "kommune",
        "orgnr": "974 116 804",
        "kommunenummer": "301",
        "": "",
    }
    offer = {
        **OFFER,
        "ansvarlig": "kommune-oslo",
        "pris": "1\u00a0250,50",
        "antall_samlinger": "4",
        "sist_bekreftet": "15.01.2025",
        "krav_henvisning": "Ja",
        "tolk": "USANN",
        "samisk_tilpasset": "0",
        "registreres_som_aktivitet": "true",
        "sprak": "nb | se",
        "aldersgruppe": "",
    }
    run = {"id": "g-1", "tilbud": "t-b", "start": "03.03.2025", "slutt": "2025-03-24"}
    sessions = [
        {"gjennomforing": "g-1", "start": "2025-03-03 18:00", "varighet_min": "120"},
        {"gjennomforing": "g-1", "start": "10.03.2025 18:00", "varighet_min": "1 20"},
        {"gjennomforing": "g-1", "start": "2025-03-17T18:00:00+01:00"},
    ]
    lists = {
        "tilbydere": [org],
        "tilbud": [offer],
        "gjennomforinger": [{**run, "status": "planlagt"}],
        "samlinger": sessions,
        "aktivitet": [{"gjennomforing": "g-1", "pasienter": "12"}],
    }
    paths = write_csv_set(tmp_path, lists, sep_line=True)
    paths[0].write_bytes(paths[0].read_bytes() + b";;;;;\r\n;;;;;\r\n")

    import_files(paths)

    organisation = Organisation.objects.get(external_id="kommune-oslo")
    assert (organisation.orgnr, organisation.municipality_id) == ("974116804", "0301")
    stored = Offer.objects.get(external_id="t-b")
    assert stored.price == Decimal("1250.50") and stored.last_confirmed == date(2025, 1, 15)
    assert (stored.requires_referral, stored.interpreter, stored.sami_adapted) == (
        True,
        False,
        False,
    )
    assert stored.codes_for("sprak") == ["nb", "se"]
    run = Run.objects.get(external_id="g-1")
    assert run.start == date(2025, 3, 3)
    starts = [s.start for s in run.sessions.order_by("start")]
    assert starts[1] == datetime(2025, 3, 10, 18, 0, tzinfo=OSLO)
    assert [s.duration_min for s in run.sessions.order_by("start")] == [120, 120, None]
    assert Attendance.objects.get(run=run, date=None).patients == 12


@pytest.mark.django_db
def test_workbook_with_typed_cells(refdata, tmp_path):
    lists = {
        "tilbydere": [{**ORG, "orgnr": 974116804, "kommunenummer": 301}],
        "tilbud": [{**OFFER, "pris": 250.0, "antall_samlinger": 6.0, "tolk": True}],
        "gjennomforinger": [
            {
                "id": "g-1",
                "tilbud": "t-b",
                "start": datetime(2025, 3, 3),
                "status": "planlagt",
                "kapasitet": 12,
            }
        ],
        "samlinger": [
            {"gjennomforing": "g-1", "start": datetime(2025, 3, 3, 18), "varighet_min": 90}
        ],
    }

    import_files([write_workbook(tmp_path / "data.xlsx", lists)])

    assert Organisation.objects.get(external_id="lms-b").municipality_id == "0301"
    offer = Offer.objects.get(external_id="t-b")
    assert (offer.price, offer.session_count, offer.interpreter) == (Decimal(250), 6, True)
    run = Run.objects.get(external_id="g-1")
    assert (run.start, run.capacity) == (date(2025, 3, 3), 12)
    assert run.sessions.get().start == datetime(2025, 3, 3, 18, tzinfo=OSLO)


@pytest.mark.django_db
def test_sessions_are_replaced_only_where_the_set_gives_them(refdata, tmp_path):
    offer = make_offer(external_id="t-b")
    kept = make_run(offer, external_id="g-kept", sessions=3)
    replaced = make_run(offer, external_id="g-new", sessions=3)
    runs = [
        {"id": "g-kept", "tilbud": "t-b", "start": str(kept.start), "status": "planlagt"},
        {
            "id": "g-new",
            "tilbud": "t-b",
            "start": str(replaced.start),
            "status": "planlagt",
            "samlinger": [{"start": "2030-01-01T10:00:00+01:00", "varighet_min": 60}],
        },
    ]

    result = import_files([write_json(tmp_path / "d.json", {"gjennomforinger": runs})])

    assert kept.sessions.count() == 3
    assert replaced.sessions.count() == 1
    counts = result.counts["samlinger"]
    assert (counts.created, counts.deleted) == (1, 3)


@pytest.mark.django_db
def test_attendance_reimport_replaces_the_row_for_that_date(refdata, tmp_path):
    run = make_run(make_offer(), external_id="g-1", start=date(2025, 2, 1))
    make_attendance(run, date=date(2025, 2, 1), patients=5)
    rows = [{"gjennomforing": "g-1", "dato": "2025-02-01", "pasienter": 7}]

    result = import_files([write_json(tmp_path / "a.json", {"aktivitet": rows})])

    row = Attendance.objects.get(run=run)
    assert (row.patients, row.relatives) == (7, None)
    assert result.counts["aktivitet"].updated == 1


@pytest.mark.django_db
def test_dry_run_counts_without_writing(refdata, tmp_path):
    make_organisation(external_id="lms-b", name="Gammelt navn", region_id="helse_vest")
    before = table_counts()
    lists = {"tilbydere": [ORG], "tilbud": [OFFER]}

    result = import_files(write_csv_set(tmp_path, lists), dry_run=True)

    assert table_counts() == before
    assert result.summary()[:2] == [
        "tilbydere: nye 0, endrede 1, uendrede 0.",
        "tilbud: nye 1, endrede 0, uendrede 0.",
    ]
