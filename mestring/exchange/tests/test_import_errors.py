"""A file set with errors is rejected as a whole, with every error named."""

import pytest
from stdnum.no import fodselsnummer

from mestring.exchange.importer import ImportFailed, import_files

from .factories import make_offer, make_run, table_counts
from .files import write_csv_set, write_json, write_workbook

NATIONAL_ID = "01010750160"
assert fodselsnummer.is_valid(NATIONAL_ID)

BAD_SET = {
    "tilbydere": [
        {
            "id": "lms-a",
            "navn": "LMS A",
            "type": "lms",
            "orgnr": "974116805",
            "region": "helse_vest",
        },
        {"id": "kommune-x", "navn": "Kommune X", "type": "kommune", "kommunenummer": "9999"},
    ],
    "tilbud": [
        {
            "id": "t-1",
            "tittel": "Kurs om diabetes",
            "beskrivelse": f"Spør etter Kari, fødselsnummer {NATIONAL_ID}.",
            "ansvarlig": "lms-a",
            "hovedtematikk": "spesifikk_diagnose",
            "diagnoser": "diabetes",
            "status": "publisert",
        },
        {
            "id": "t-2",
            "tittel": "Kurs uten diagnose",
            "ansvarlig": "lms-a",
            "hovedtematikk": "spesifikk_diagnose",
            "nivaa": "fylke",
            "status": "publisert",
        },
    ],
    "gjennomforinger": [
        {
            "id": "g-1",
            "tilbud": "t-1",
            "start": "2025-03-10",
            "slutt": "2025-03-01",
            "status": "planlagt",
        },
    ],
}

FNR_MESSAGE = (
    "Teksten ser ut til å inneholde et fødselsnummer. Personopplysninger om deltakere skal "
    "ikke registreres."
)
EXPECTED = [
    ("tilbydere", 1, "orgnr", "Organisasjonsnummeret «974116805» har feil kontrollsiffer."),
    ("tilbydere", 2, "kommunenummer", "Kommunenummeret «9999» finnes ikke."),
    ("tilbud", 1, "beskrivelse", FNR_MESSAGE),
    ("tilbud", 2, "nivaa", "Ukjent kode «fylke». Gyldige koder er: nasjonal, regional, lokal."),
    (
        "tilbud",
        2,
        "diagnoser",
        "Velg minst én diagnosegruppe når hovedtematikken er «Spesifikk diagnose».",
    ),
    ("gjennomforinger", 1, "slutt", "Slutt (01.03.2025) kan ikke være før start (10.03.2025)."),
]


def _expected(source_of, row_offset):
    return sorted(
        (source_of(name), row + row_offset, field, message)
        for name, row, field, message in EXPECTED
    )


def _rejected(paths) -> list[tuple]:
    with pytest.raises(ImportFailed) as failure:
        import_files(paths)
    return sorted((e.source, e.row, e.field, e.message) for e in failure.value.errors)


@pytest.fixture
def existing(refdata):
    offer = make_offer(external_id="t-1", title="Gammel tittel")
    make_run(offer, external_id="g-1", sessions=2)
    return table_counts()


@pytest.mark.django_db
def test_json_with_errors_lists_every_error_and_stores_nothing(existing, tmp_path):
    path = write_json(tmp_path / "feil.json", BAD_SET)

    errors = _rejected([path])

    assert errors == _expected(lambda name: f"JSON: {name}", 0)
    assert table_counts() == existing


@pytest.mark.django_db
def test_csv_set_with_errors_lists_every_error_and_stores_nothing(existing, tmp_path):
    paths = write_csv_set(tmp_path / "csv", BAD_SET)

    errors = _rejected(paths)

    # Spreadsheet rows: the header is row 1, so the first record is row 2.
    assert errors == _expected(lambda name: f"{name}.csv", 1)
    assert table_counts() == existing


@pytest.mark.django_db
def test_workbook_with_errors_lists_every_error_and_stores_nothing(existing, tmp_path):
    path = write_workbook(tmp_path / "feil.xlsx", BAD_SET)

    errors = _rejected([path])

    assert errors == _expected(lambda name: name, 1)
    assert table_counts() == existing


@pytest.mark.django_db
def test_unknown_column_is_an_error_naming_it(refdata, tmp_path):
    rows = [{"id": "o-1", "navn": "LMS", "type": "lms", "regoin": "helse_vest"}]
    paths = write_csv_set(tmp_path, {"tilbydere": rows})

    errors = _rejected(paths)

    assert errors[0][:3] == ("tilbydere.csv", 1, "regoin")
    assert errors[0][3].startswith("Ukjent kolonne «regoin». Gyldige kolonner er: id, navn,")


@pytest.mark.django_db
def test_references_duplicates_and_parse_errors_are_reported(refdata, tmp_path):
    lists = {
        "tilbud": [
            {
                "id": "t-1",
                "tittel": "A",
                "ansvarlig": "finnes-ikke",
                "hovedtematikk": "levevaner",
                "status": "publisert",
                "pris": "gratis",
            },
            {
                "id": "t-1",
                "tittel": "B",
                "ansvarlig": "finnes-ikke",
                "hovedtematikk": "levevaner",
                "status": "publisert",
            },
        ],
        "aktivitet": [
            {"gjennomforing": "g-x", "dato": "01.02.2025", "pasienter": "-1"},
            {"gjennomforing": "g-x", "dato": "2025-02-01", "pasienter": "fem"},
        ],
    }
    errors = _rejected(write_csv_set(tmp_path, lists))

    assert (
        "tilbud.csv",
        2,
        "ansvarlig",
        "Finner ingen tilbyder med id «finnes-ikke» i filene eller i databasen.",
    ) in errors
    assert ("tilbud.csv", 2, "pris", "«gratis» er ikke et tall.") in errors
    assert ("tilbud.csv", 3, "id", "Id-en «t-1» står også i rad 2.") in errors
    assert ("aktivitet.csv", 2, "pasienter", "Tallet kan ikke være negativt.") in errors
    assert ("aktivitet.csv", 3, "pasienter", "«fem» er ikke et helt tall.") in errors
    assert (
        "aktivitet.csv",
        3,
        "dato",
        "Gjennomføringen «g-x» har allerede en rad for 01.02.2025 (rad 2).",
    ) in errors
    assert (
        "aktivitet.csv",
        2,
        "gjennomforing",
        "Finner ikke gjennomføringen «g-x» i filene eller i databasen.",
    ) in errors


@pytest.mark.django_db
def test_json_must_say_its_format_and_version(refdata, tmp_path):
    path = write_json(tmp_path / "x.json", {}, versjon=2)

    errors = _rejected([path])

    assert errors == [
        ("x.json", None, "versjon", "Versjon 2 støttes ikke; denne versjonen leser versjon 1.")
    ]
