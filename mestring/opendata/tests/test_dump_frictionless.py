"""`frictionless validate` on the dump of `mestring demo` (mini scale) finds no error: every
CSV has a Table Schema whose types, formats and required columns match the values."""

import csv
import io

import pytest
from django.core.management import call_command
from frictionless import validate

from mestring.opendata.dump import write_dump

pytestmark = pytest.mark.django_db


@pytest.fixture
def dump(refdata, tmp_path):
    call_command("demo", "--scale", "mini", "--seed", "7", verbosity=0, stdout=io.StringIO())
    folder = tmp_path / "apne-data"
    package = write_dump(folder, year=2025)
    return folder, package


def test_frictionless_finds_no_error_in_the_demo_dump(dump):
    folder, package = dump
    report = validate(str(folder / "datapackage.json"))
    problems = [
        f"{task.name}: {error.message}" for task in report.tasks for error in task.errors[:3]
    ]
    assert report.valid, "\n".join(problems[:30])
    assert report.stats["tasks"] == len(package["resources"])


def test_every_csv_has_a_table_schema(dump):
    _folder, package = dump
    csvs = [r for r in package["resources"] if r["path"].endswith(".csv")]
    assert any(r["path"].startswith("statistikk/") for r in csvs)
    assert all(r.get("schema", {}).get("fields") for r in csvs), [r["path"] for r in csvs]


def test_municipality_numbers_keep_their_leading_zero(dump):
    folder, package = dump
    resource = next(
        r
        for r in package["resources"]
        if r["path"].startswith("statistikk/dekning") and r["path"].endswith(".csv")
    )
    kode = next(f for f in resource["schema"]["fields"] if f["name"] == "kode")
    assert kode["type"] == "string"
    text = (folder / resource["path"]).read_text(encoding="utf-8-sig")
    codes = {row["kode"] for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert "0301" in codes


def test_session_start_is_typed_as_it_is_written(dump):
    folder, package = dump
    resource = next(r for r in package["resources"] if r["path"].endswith("samlinger.csv"))
    start = next(f for f in resource["schema"]["fields"] if f["name"] == "start")
    assert start["type"] == "datetime" and start["constraints"] == {"required": True}
    report = validate(resource, basepath=str(folder))
    assert report.valid
