"""An XLSX workbook with one sheet per list; cells may be typed (numbers, dates, booleans)."""

import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from mestring.core.spreadsheet import unescape_formula

from ..columns import KEY_COLUMNS, LISTS
from ..issues import Issue
from ..limits import Limits, cell_too_large, check_archive, too_many_columns, too_many_rows
from .tables import FileSet, Row, Table, missing_key_columns, unknown_column


def read(path: Path, limits: Limits) -> FileSet:
    files = FileSet("xlsx")
    try:
        # The sizes in the zip directory bound what openpyxl later inflates (a zip bomb).
        with zipfile.ZipFile(path) as archive:
            if refused := check_archive(path, archive, limits):
                files.issues.append(refused)
                return files
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a broken file
        message = _("Arbeidsboken kan ikke leses. Er det en .xlsx-fil fra Excel?")
        files.issues.append(Issue(path.name, None, None, message))
        return files
    files.closers.append(book.close)
    for sheet in book.worksheets:
        if refused := _oversized(sheet, limits):
            files.issues.append(refused)
            continue
        list_name = sheet.title.strip().lower()
        if list_name in LISTS and list_name not in files.tables:
            rows = _rows(sheet, list_name, limits, files.issues)
            files.tables[list_name] = Table(list_name, sheet.title, rows)
        elif any(_value(v) is not None for row in _bounded_rows(sheet, limits) for v in row):
            message = _("Ukjent ark. Arkene skal hete %(names)s.") % {"names": ", ".join(LISTS)}
            files.issues.append(Issue(sheet.title, None, None, message))
    return files


def _oversized(sheet, limits: Limits) -> Issue | None:
    """A sheet whose stated size (its `dimension`) is over the bounds, refused unread."""
    columns, rows = sheet.max_column, sheet.max_row
    if limits.max_columns is not None and columns and columns > limits.max_columns:
        return too_many_columns(sheet.title, None, columns, limits.max_columns)
    if limits.max_rows is not None and rows and rows > limits.max_rows + _LEADING_ROWS:
        return too_many_rows(sheet.title, None, limits.max_rows)
    return None


# Rows above the header a sheet may have (a title, notes) beyond the data rows' bound.
_LEADING_ROWS = 100


def _bounded_rows(sheet, limits: Limits):
    """The rows as values, at most one column more than the bound (so that a value there
    is seen) and never expanding an empty sheet's stated size."""
    width = limits.max_columns + 1 if limits.max_columns is not None else None
    height = limits.max_rows + _LEADING_ROWS + 1 if limits.max_rows is not None else None
    return sheet.iter_rows(max_col=width, max_row=height, values_only=True)


def too_long(value, limits: Limits) -> bool:
    return (
        limits.max_cell_chars is not None
        and isinstance(value, str)
        and len(value) > limits.max_cell_chars
    )


def _value(value):
    if isinstance(value, str):
        return unescape_formula(value.strip()) or None
    return value


def _rows(sheet, list_name: str, limits: Limits, issues: list[Issue]) -> Iterator[Row]:
    source, spec = sheet.title, LISTS[list_name]
    known: dict[int, str] = {}
    named: set[int] = set()
    header_row = None
    start = sheet.min_row or 1
    for number, cells in enumerate(_bounded_rows(sheet, limits), start=start):
        if header_row is not None and limits.max_rows is not None:
            if number - header_row > limits.max_rows:
                issues.append(too_many_rows(source, number, limits.max_rows))
                return
        if header_row is None and limits.max_rows is not None and number - start >= _LEADING_ROWS:
            message = _("Fant ingen overskriftsrad blant de første %(count)s radene.") % {
                "count": _LEADING_ROWS
            }
            issues.append(Issue(source, None, None, message))
            return
        cells = [_value(cell) for cell in cells]
        if limits.max_columns is not None and len(cells) > limits.max_columns:
            if cells[limits.max_columns] is not None:
                issues.append(too_many_columns(source, number, None, limits.max_columns))
                return
            cells = cells[: limits.max_columns]
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
            if limits.max_cell_chars is not None and too_long(cell, limits):
                issues.append(
                    cell_too_large(source, number, known.get(index), limits.max_cell_chars)
                )
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
