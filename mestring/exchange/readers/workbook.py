"""An XLSX workbook with one sheet per list; cells may be typed (numbers, dates, booleans)."""

from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ..columns import KEY_COLUMNS, LISTS
from ..issues import Issue
from . import FileSet, Row, Table, missing_key_columns, unknown_column


def read(path: Path) -> FileSet:
    files = FileSet("xlsx")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a broken file
        message = _("Arbeidsboken kan ikke leses. Er det en .xlsx-fil fra Excel?")
        files.issues.append(Issue(path.name, None, None, message))
        return files
    files.closers.append(book.close)
    for sheet in book.worksheets:
        list_name = sheet.title.strip().lower()
        if list_name in LISTS and list_name not in files.tables:
            rows = _rows(sheet, list_name, files.issues)
            files.tables[list_name] = Table(list_name, sheet.title, rows)
        elif any(_value(v) is not None for row in sheet.iter_rows(values_only=True) for v in row):
            message = _("Ukjent ark. Arkene skal hete %(names)s.") % {"names": ", ".join(LISTS)}
            files.issues.append(Issue(sheet.title, None, None, message))
    return files


def _value(value):
    if isinstance(value, str):
        return value.strip() or None
    return value


def _rows(sheet, list_name: str, issues: list[Issue]) -> Iterator[Row]:
    source, spec = sheet.title, LISTS[list_name]
    known: dict[int, str] = {}
    named: set[int] = set()
    header_row = None
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=sheet.min_row or 1):
        cells = [_value(cell) for cell in cells]
        if header_row is None:
            if all(cell is None for cell in cells):
                continue
            header_row = number
            known = _header(source, number, cells, spec, issues)
            named = {index for index, cell in enumerate(cells) if cell is not None}
            missing = [n for n in KEY_COLUMNS[list_name] if n not in known.values()]
            if missing:
                issues.extend(missing_key_columns(source, number, missing))
                return
            continue
        values = {}
        for index, cell in enumerate(cells):
            if cell is None:
                continue
            if index in known:
                values[known[index]] = cell
            elif index not in named:
                message = _("Cellen har en verdi, men kolonnen har ingen overskrift.")
                issues.append(Issue(source, number, None, message))
        if values:
            yield number, values


def _header(source, number, cells, spec, issues) -> dict[int, str]:
    known: dict[int, str] = {}
    for index, cell in enumerate(cells):
        if cell is None:
            continue
        name = str(cell).strip().lower()
        if name not in spec.names:
            issues.append(unknown_column(source, number, name, spec.names))
        elif name in known.values():
            message = _("Kolonnen «%(name)s» står to ganger.") % {"name": name}
            issues.append(Issue(source, number, name, message))
        else:
            known[index] = name
    return known
