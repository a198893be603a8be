"""Names from the data in report spreadsheets never run as formulas (CSV injection)."""

import csv
import io

from openpyxl import load_workbook

from mestring.statistics.render.tabular import report_csv, report_xlsx
from mestring.statistics.tables import Report, Row, Table

FORMULA = '=HYPERLINK("http://x","klikk")'


def _report() -> Report:
    rows = (Row(code="lms-1", label=FORMULA, count=12), Row(code="@x", label="-1+2", count=7))
    table = Table(id="per_tilbyder", title="+Tabell", n=19, rows=rows)
    return Report("aktivitet", "Aktivitet", ("2026-01-01", "2026-12-31"), {}, (table,))


def test_report_csv_neutralises_formula_text_but_not_numbers():
    text = report_csv(_report()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    assert [row[1] for row in rows] == ["'+Tabell", "'+Tabell"]
    assert [row[3] for row in rows] == ["lms-1", "'@x"]
    assert [row[4] for row in rows] == ["'" + FORMULA, "'-1+2"]
    assert [row[6] for row in rows] == ["12", "7"]


def test_report_xlsx_writes_formula_text_as_text():
    sheet = load_workbook(io.BytesIO(report_xlsx(_report())))["per_tilbyder"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    assert "'" + FORMULA in [cell.value for cell in cells]
