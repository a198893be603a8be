"""`mestring import` and `mestring export`: output and exit codes."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from mestring.catalogue.models import Organisation
from mestring.cli import main

from .factories import make_realistic_set, table_counts
from .files import write_csv_set

GOOD = {"tilbydere": [{"id": "lms-b", "navn": "LMS Bergen", "type": "lms"}]}
BAD = {
    "tilbud": [
        {
            "id": "t-1",
            "tittel": "Kurs",
            "ansvarlig": "lms-b",
            "status": "publisert",
            "hovedtematikk": "levevaner",
            "nivaa": "fylke",
        }
    ]
}


@pytest.fixture
def keep_connection(monkeypatch):
    """The command line closes database connections when done; the test still needs its own."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


@pytest.mark.django_db
def test_import_exits_with_zero_when_stored(refdata, keep_connection, tmp_path, capsys):
    paths = write_csv_set(tmp_path, GOOD)

    main(["import", *map(str, paths)])  # no SystemExit: exit code 0

    assert Organisation.objects.filter(external_id="lms-b").exists()
    out, err = capsys.readouterr()
    assert "tilbydere: nye 1, endrede 0, uendrede 0." in out
    assert "Advarsel: tilbydere.csv, region: 1 rad mangler svar (rad 2)." in err


@pytest.mark.django_db
def test_import_exits_non_zero_and_prints_every_error(refdata, keep_connection, tmp_path, capsys):
    paths = write_csv_set(tmp_path, BAD)
    before = table_counts()

    with pytest.raises(SystemExit) as exit_:
        main(["import", *map(str, paths)])

    assert exit_.value.code == 1
    err = capsys.readouterr().err.splitlines()
    assert (
        "tilbud.csv, rad 2, nivaa: Ukjent kode «fylke». Gyldige koder er: nasjonal, "
        "regional, lokal." in err
    )
    assert (
        "tilbud.csv, rad 2, ansvarlig: Finner ingen tilbyder med id «lms-b» i filene eller "
        "i databasen." in err
    )
    assert table_counts() == before


@pytest.mark.django_db
def test_import_command_raises_command_error(refdata, tmp_path):
    paths = write_csv_set(tmp_path, BAD)

    with pytest.raises(CommandError, match="Ingenting ble lagret: 2 feil."):
        call_command("import_data", *map(str, paths), stderr=io.StringIO())


@pytest.mark.django_db
def test_import_dry_run_stores_nothing(refdata, tmp_path):
    out = io.StringIO()

    call_command(
        "import_data",
        *map(str, write_csv_set(tmp_path, GOOD)),
        "--dry-run",
        stdout=out,
        stderr=io.StringIO(),
    )

    assert not Organisation.objects.filter(external_id="lms-b").exists()
    assert "Prøvekjøring: ingenting ble lagret." in out.getvalue()


@pytest.mark.django_db
def test_import_of_a_directory_and_a_zip_of_csv_files(refdata, tmp_path):
    make_realistic_set()
    call_command(
        "export_data", "--format", "csv", "--out", str(tmp_path / "dir"), stderr=io.StringIO()
    )
    call_command(
        "export_data", "--format", "csv", "--out", str(tmp_path / "d.zip"), stderr=io.StringIO()
    )

    for target in ("dir", "d.zip"):
        out = io.StringIO()
        call_command("import_data", str(tmp_path / target), stdout=out, stderr=io.StringIO())
        assert "tilbud: nye 0, endrede 0, uendrede 3." in out.getvalue()


@pytest.mark.django_db
def test_export_refuses_csv_on_stdout(refdata):
    with pytest.raises(CommandError):
        call_command("export_data", "--format", "csv", "--out", "-")
