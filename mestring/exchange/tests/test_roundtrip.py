"""Export → import → export gives the same bytes, in every encoding."""

import io

import pytest
from django.core.management import call_command

from mestring.exchange.exporters.core import export_data
from mestring.exchange.importer import import_files

from .factories import clear_catalogue, make_realistic_set, table_counts


def _json() -> str:
    out = io.StringIO()
    export_data("json", out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "csv", "csv.zip", "xlsx"])
def test_export_import_export_is_lossless(refdata, tmp_path, fmt):
    make_realistic_set()
    before, counts = _json(), table_counts()
    path = tmp_path / ("data.json" if fmt == "json" else f"data.{fmt}".replace("data.csv", "data"))
    export_data(fmt.split(".")[0], path)
    clear_catalogue()

    import_files([path])

    assert table_counts() == counts
    assert _json() == before


@pytest.mark.django_db
def test_reimporting_an_export_changes_nothing(refdata, tmp_path):
    make_realistic_set()
    path = tmp_path / "data.json"
    export_data("json", path)

    result = import_files([path])

    assert {name: (c.created, c.updated) for name, c in result.counts.items()} == dict.fromkeys(
        result.counts, (0, 0)
    )
    assert result.counts["tilbud"].unchanged == 3


@pytest.mark.django_db
def test_streamed_json_is_what_json_dumps_gives(refdata):
    import json

    make_realistic_set()
    text = _json()

    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


@pytest.mark.django_db
def test_export_command_writes_json_to_stdout(refdata):
    make_realistic_set()
    out = io.StringIO()

    call_command("export_data", "--format", "json", "--out", "-", stdout=out)

    assert out.getvalue() == _json()


@pytest.mark.django_db
def test_demo_data_survives_a_round_trip(refdata, tmp_path):
    from django.core.management import get_commands

    if "demo" not in get_commands():
        pytest.skip("The demo command is not available yet.")
    call_command("demo", "--scale", "mini")
    before, path = _json(), tmp_path / "demo.json"
    path.write_text(before, encoding="utf-8")
    clear_catalogue()

    import_files([path])

    assert _json() == before
