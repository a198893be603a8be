"""The open data dump: every file described, hashes right, nothing private inside."""

import csv
import hashlib
import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from mestring.activity.models import Attendance
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.opendata.dump import write_dump

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(refdata):
    lms = make_organisation(external_id="lms-x", name="LMS X")
    published = make_offer(external_id="kurs-offentlig", responsible=lms)
    make_offer(external_id="kurs-utkast", responsible=lms, status="utkast")
    run = make_run(published, external_id="gj-1", start=date(2025, 3, 4), sessions=2)
    Attendance.objects.create(run=run, date=date(2025, 3, 4), patients=3, relatives=7)


def test_the_dump_describes_every_file_and_holds_no_drafts_or_attendance(catalogue, tmp_path):
    folder = tmp_path / "apne-data"
    package = write_dump(folder, year=2025)
    described = {resource["path"] for resource in package["resources"]}
    written = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {
        "datapackage.json"
    }
    assert described == written
    assert package["licenses"][0]["name"] == "NLOD-2.0"
    for resource in package["resources"]:
        data = (folder / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["bytes"] == len(data)
    catalogue_json = json.loads((folder / "katalog/katalog.json").read_text(encoding="utf-8"))
    assert [o["id"] for o in catalogue_json["tilbud"]] == ["kurs-offentlig"]
    assert catalogue_json["aktivitet"] == []
    assert not (folder / "katalog/csv/aktivitet.csv").exists()
    assert "kurs-utkast" not in (folder / "katalog/csv/tilbud.csv").read_text(encoding="utf-8-sig")


def test_csv_files_match_their_table_schema(catalogue, tmp_path):
    folder = tmp_path / "apne-data"
    package = write_dump(folder, year=2025)
    for resource in package["resources"]:
        if "schema" not in resource:
            continue
        text = (folder / resource["path"]).read_text(encoding="utf-8-sig")
        header = next(csv.reader(io.StringIO(text), delimiter=";"))
        assert header == [field["name"] for field in resource["schema"]["fields"]]


def test_public_statistics_are_suppressed(catalogue, tmp_path):
    folder = tmp_path / "apne-data"
    write_dump(folder, year=2025)
    activity = json.loads((folder / "statistikk/aktivitet-2025.json").read_text())
    table = next(t for t in activity["tabeller"] if t["id"] == "deltakere_kategori")
    patients = next(r for r in table["rader"] if r["kode"] == "pasienter")
    assert patients["antall"] is None and patients["skjult"] == "<5"


def test_the_command_and_the_pages(catalogue, tmp_path, settings, client):
    settings.OPEN_DATA_DIR = tmp_path / "apne-data"
    assert "ikke laget ennå" in client.get("/apne-data/").content.decode()
    call_command("open_data", "--ar", "2025", verbosity=0)
    page = client.get("/apne-data/").content.decode()
    assert "katalog/katalog.json" in page and "NLOD" in page
    response = client.get("/apne-data/datapackage.json")
    assert response.status_code == 200
    assert client.get("/apne-data/../settings.py").status_code == 404
    assert client.get("/apne-data/finnes-ikke.csv").status_code == 404


def test_files_are_served_with_etag_last_modified_and_cors(catalogue, tmp_path, client, settings):
    settings.OPEN_DATA_DIR = tmp_path / "apne-data"
    package = write_dump(settings.OPEN_DATA_DIR, year=2025)
    resource = next(r for r in package["resources"] if r["path"].endswith("tilbud.csv"))
    url = f"/apne-data/{resource['path']}"
    response = client.get(url, HTTP_ORIGIN="https://andre.example")
    assert response.status_code == 200
    assert response["ETag"] == f'"{resource["hash"].removeprefix("sha256:")}"'
    assert response["Last-Modified"]
    assert response["Access-Control-Allow-Origin"] == "*"
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    assert client.get("/apne-data/finnes-ikke.csv").status_code == 404
