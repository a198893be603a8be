"""CSV files and an XLSX workbook in the exchange format, written for Norwegian Excel:
`;` separator, UTF-8 with BOM, ja/nei, decimal comma, multi-values joined with `|`."""

import csv
import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from mestring.activity.models import Attendance
from mestring.core.spreadsheet import escape_formula

from ..columns import LISTS
from ..parsing import OSLO
from .sources import LIST_RECORDS

# Excel's limit, header row included.
XLSX_MAX_ROWS = 1_048_576
_TEXT_COLUMNS = frozenset({"kommunenummer", "orgnr"})


class ExportError(ValueError):
    pass


def _decimal_text(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f").replace(".", ",")


def _local(moment: datetime) -> tuple[datetime, bool]:
    """Local time, and whether the naive local time alone says which instant it is."""
    local = moment.astimezone(OSLO)
    naive = local.replace(tzinfo=None, fold=0)
    exact = naive.replace(tzinfo=OSLO).astimezone(UTC) == local.astimezone(UTC)
    return local, exact


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    if isinstance(value, list):
        return escape_formula("|".join(value))
    if isinstance(value, str):
        return escape_formula(value)
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, datetime):
        local, exact = _local(value)
        if exact and not local.second and not local.microsecond:
            return local.strftime("%Y-%m-%d %H:%M")
        return local.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _write_csv_file(stream, list_name: str) -> None:
    spec = LISTS[list_name]
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(spec.names)
    for record in LIST_RECORDS[list_name]():
        writer.writerow([csv_value(record[name]) for name in spec.names])


def write_csv(path: Path) -> None:
    """Five files in a directory, or in a .zip archive when the path ends with .zip."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for list_name in LISTS:
                # A fixed date makes the archive the same for the same data.
                info = zipfile.ZipInfo(f"{list_name}.csv", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with archive.open(info, "w") as raw:
                    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                    _write_csv_file(text, list_name)
                    text.flush()
                    text.detach()
        return
    path.mkdir(parents=True, exist_ok=True)
    for list_name in LISTS:
        with (path / f"{list_name}.csv").open("w", encoding="utf-8-sig", newline="") as stream:
            _write_csv_file(stream, list_name)


def xlsx_value(value):
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    if isinstance(value, list):
        return escape_formula("|".join(value)) or None
    if isinstance(value, str):
        return escape_formula(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        local, exact = _local(value)
        return local.replace(tzinfo=None) if exact else local.isoformat()
    return value


def _cell(sheet, name: str, value):
    cell = WriteOnlyCell(sheet, value=xlsx_value(value))
    if name in _TEXT_COLUMNS:
        cell.number_format = "@"
    elif isinstance(cell.value, datetime):
        cell.number_format = "dd.mm.yyyy hh:mm"
    elif isinstance(cell.value, date):
        cell.number_format = "dd.mm.yyyy"
    return cell


def write_xlsx(path: Path) -> None:
    """One workbook, one sheet per list, with a bold, frozen header row."""
    rows = Attendance.objects.count()
    if rows >= XLSX_MAX_ROWS:
        raise ExportError(
            _(
                "Aktiviteten har %(rows)s rader, flere enn et Excel-ark kan ha. "
                "Eksporter som CSV eller JSON i stedet."
            )
            % {"rows": rows}
        )
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for list_name in LISTS:
        spec = LISTS[list_name]
        sheet = book.create_sheet(list_name)
        sheet.freeze_panes = "A2"
        for index, name in enumerate(spec.names):
            letter = get_column_letter(index + 1)
            sheet.column_dimensions[letter].width = max(12, len(name) + 2)
        header = []
        for name in spec.names:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for record in LIST_RECORDS[list_name]():
            sheet.append([_cell(sheet, name, record[name]) for name in spec.names])
    book.save(path)
