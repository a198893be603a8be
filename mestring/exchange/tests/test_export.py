"""The CSV and XLSX encodings are written for Norwegian Excel."""

import csv
import io

import pytest
from openpyxl import load_workbook

from mestring.exchange.exporters.core import export_data

from .factories import make_realistic_set


@pytest.mark.django_db
def test_csv_export_uses_bom_semicolons_ja_nei_and_decimal_comma(refdata, tmp_path):
    make_realistic_set()

    export_data("csv", tmp_path)

    raw = (tmp_path / "tilbud.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid;tittel;beskrivelse;")
    header, *rows = csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";")
    row = dict(zip(header, next(r for r in rows if r[0] == "t-diabetes"), strict=True))
    assert row["pris"] == "250,5"
    assert row["diagnoser"] == "diabetes|overvekt"
    assert row["standard_metode_planlegging"] == "ja"
    assert row["standard_metode_evaluering"] == "nei"
    assert row["beskrivelse"].startswith("Et kurs over **fire kvelder**.\n\n- Kosthold")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "aktivitet.csv",
        "gjennomforinger.csv",
        "samlinger.csv",
        "tilbud.csv",
        "tilbydere.csv",
    ]


@pytest.mark.django_db
def test_xlsx_export_has_bold_frozen_headers_and_text_codes(refdata, tmp_path):
    make_realistic_set()
    path = tmp_path / "data.xlsx"

    export_data("xlsx", path)

    book = load_workbook(path)
    assert book.sheetnames == ["tilbydere", "tilbud", "gjennomforinger", "samlinger", "aktivitet"]
    sheet = book["tilbydere"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "hf-ous")
    municipality = row[header.index("kommunenummer")]
    assert (municipality.value, municipality.data_type, municipality.number_format) == (
        "0301",
        "s",
        "@",
    )
    assert row[header.index("orgnr")].value == "993467049"
