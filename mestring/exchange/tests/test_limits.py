"""Bounds on imported files (limits.py): each refused with a Norwegian message naming the
file and row, nothing stored, and `mestring import` can raise them for trusted files."""

import io
import json
import random
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mestring.catalogue.models import Offer
from mestring.catalogue.tests.factories import make_organisation
from mestring.exchange.importer import ImportFailed, import_files
from mestring.exchange.limits import UNLIMITED, Limits, json_depth_exceeds
from mestring.exchange.readers import read_files

from .files import write_csv_set

pytestmark = pytest.mark.django_db


def _depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _random_document(rng: random.Random, depth: int):
    if depth == 0 or rng.random() < 0.2:
        return rng.choice(
            ["[", "]", "{}", '\\"[', "\\\\", 'a"b', "x", 1, None, True, '"]}', '\\\\\\"[']
        )
    if rng.random() < 0.5:
        return [_random_document(rng, depth - 1) for _ in range(rng.randint(0, 3))]
    return {
        rng.choice(["a", "[", '"{', "\\"]) + str(i): _random_document(rng, depth - 1)
        for i in range(rng.randint(0, 3))
    }


def test_the_bracket_scan_measures_the_depth_json_would_recurse_into():
    rng = random.Random(19)
    for _ in range(500):
        document = _random_document(rng, rng.randint(0, 8))
        data = json.dumps(document, ensure_ascii=rng.random() < 0.5).encode()
        depth = _depth(document)
        for limit in (max(depth - 1, 1), depth, depth + 1):
            assert json_depth_exceeds(data, limit) == (depth > limit), (data, limit)


def test_unbalanced_or_endless_nesting_counts_as_too_deep():
    assert json_depth_exceeds(b"[" * 100_000, 20)
    assert json_depth_exceeds(b'{"a": ' * 50 + b"1", 20)
    assert not json_depth_exceeds(b"[[1]]]]]]", 20)  # invalid, but not deep: json reports it


def _offer_rows(count: int) -> list[dict]:
    return [
        {
            "id": f"t-{number}",
            "tittel": f"Kurs {number}",
            "ansvarlig": "lms-a",
            "hovedtematikk": "tvers_av_diagnoser",
            "status": "publisert",
        }
        for number in range(count)
    ]


def test_too_many_rows_stops_reading_and_names_the_file(tmp_path, refdata, settings):
    make_organisation(external_id="lms-a")
    settings.IMPORT_MAX_ROWS = 3
    paths = write_csv_set(tmp_path, {"tilbud": _offer_rows(5)})
    with pytest.raises(ImportFailed) as failure:
        import_files(paths)
    (error,) = failure.value.errors
    assert (error.source, error.row) == ("tilbud.csv", None)
    assert "flere enn 3 rader" in error.message
    assert Offer.objects.count() == 0


def test_line_breaks_inside_cells_are_not_counted_as_rows(tmp_path, refdata, settings):
    make_organisation(external_id="lms-a")
    settings.IMPORT_MAX_ROWS = 3
    rows = _offer_rows(3)
    for row in rows:
        row["beskrivelse"] = '"Første linje.\r\nAndre linje.\r\nTredje linje."'
    paths = write_csv_set(tmp_path, {"tilbud": rows})
    import_files(paths)
    assert Offer.objects.get(external_id="t-0").description.count("\n") == 2


def test_the_command_raises_the_row_bound_with_a_flag(tmp_path, refdata, settings):
    make_organisation(external_id="lms-a")
    settings.IMPORT_MAX_ROWS = 3
    paths = write_csv_set(tmp_path, {"tilbud": _offer_rows(5)})
    with pytest.raises(CommandError):
        call_command("import_data", *map(str, paths), stderr=io.StringIO())
    call_command("import_data", *map(str, paths), "--maks-rader", "5", stdout=io.StringIO())
    assert Offer.objects.count() == 5
    with pytest.raises(CommandError):
        call_command("import_data", *map(str, paths), "--maks-rader", "0")


def test_without_bounds_a_huge_cell_is_read(tmp_path, refdata, settings):
    make_organisation(external_id="lms-a")
    rows = _offer_rows(1)
    rows[0]["beskrivelse"] = "Lang tekst. " * 15_000  # 180 000 characters
    paths = write_csv_set(tmp_path, {"tilbud": rows})
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", *map(str, paths), stderr=errors)
    assert "tilbud.csv, rad 2: Cellen er for stor: høyst 100000 tegn er lov." in errors.getvalue()
    call_command("import_data", *map(str, paths), "--uten-grenser", stdout=io.StringIO())
    assert len(Offer.objects.get().description) > 150_000


def test_a_file_over_the_byte_bound_is_refused_unread(tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 1000
    path = tmp_path / "data.json"
    path.write_bytes(b" " * 2000)
    files = read_files([path])
    (issue,) = files.issues
    assert issue.source == "data.json"
    assert "Filen er for stor" in issue.message
    assert read_files([path], UNLIMITED).issues[0].message.startswith("Filen er ikke gyldig JSON")


def test_a_zip_member_that_expands_beyond_the_byte_bound_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 10_000
    path = tmp_path / "filer.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("tilbud.csv", "id;tittel\r\n" + "t-1;Kurs\r\n" * 2000)
    files = read_files([path])
    assert [issue.source for issue in files.issues] == ["filer.zip"]
    assert "når den pakkes ut" in files.issues[0].message


def test_limits_come_from_the_settings(settings):
    settings.IMPORT_MAX_COLUMNS = 0
    limits = Limits.from_settings()
    assert limits.max_columns is None
    assert limits.max_rows == settings.IMPORT_MAX_ROWS
