"""Reports as CSV (one long table, `;`, UTF-8 with BOM for Norwegian Excel) and XLSX
(one sheet per table, with n, shares and footnotes)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from mestring.core.spreadsheet import escape_formula

from ..suppression import hidden_mark
from ..tables import Report, Table
from .labels import period_text, selection_text

CSV_COLUMNS = ["tabell", "tittel", "n", "kode", "etikett", "kolonne", "antall", "andel", "skjult"]


def _text(value):
    """Names from the data (offers, providers) never run as formulas in a spreadsheet."""
    return escape_formula(value) if isinstance(value, str) else value


def _cells(table: Table):
    """(row, column key, count, share, hidden mark) for every number of a table."""
    for row in table.rows:
        if table.is_wide:
            for column in table.columns:
                kind = row.hidden.get(column.key, "")
                yield row, column.key, row.values.get(column.key), None, hidden_mark(kind)
        else:
            share = None if row.is_total else row.share
            yield row, "", row.count, share, hidden_mark(row.suppressed)


def report_csv(report: Report) -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for table in report.tables:
        for row, column, count, share, hidden in _cells(table):
            writer.writerow(
                [
                    table.id,
                    _text(table.title),
                    "" if table.n is None else table.n,
                    _text(row.code),
                    _text(row.label),
                    column,
                    "" if count is None else count,
                    "" if share is None else share,
                    hidden,
                ]
            )
    return stream.getvalue().encode("utf-8-sig")


def _sheet_title(table: Table, used: set[str]) -> str:
    title = table.id[:31]
    while title in used:
        title = title[:28] + str(len(used))
    used.add(title)
    return title


def report_xlsx(report: Report) -> bytes:
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    used: set[str] = set()
    period, selection = period_text(report), selection_text(report)
    for table in report.tables:
        sheet = book.create_sheet(_sheet_title(table, used))
        sheet.append([_text(table.title)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([_("Periode"), period])
        if selection:
            sheet.append([_("Utvalg"), selection])
        if table.n is not None:
            sheet.append(["n", table.n])
        sheet.append([])
        if table.is_wide:
            header = [_("Kode"), "", *[_text(c.label) for c in table.columns]]
        else:
            header = [_("Kode"), "", _("Antall"), _("Andel (%)")]
        sheet.append(header)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in table.rows:
            if table.is_wide:
                numbers = [
                    hidden_mark(row.hidden[c.key])
                    if row.hidden.get(c.key)
                    else row.values.get(c.key)
                    for c in table.columns
                ]
            else:
                count = hidden_mark(row.suppressed) if row.suppressed else row.count
                numbers = [count, None if row.is_total else row.share]
            sheet.append([_text(row.code), _text(row.label), *numbers])
            if row.is_total:
                for cell in sheet[sheet.max_row]:
                    cell.font = bold
        for note in table.footnotes:
            sheet.append([note])
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 48
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()
