"""CSV files as Excel writes them: `;` or `,`, with or without BOM, a `sep=;` line, CRLF,
trailing empty rows and columns, and headers with stray spaces or capitals."""

import csv
import io
import re
import sys
import zipfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from itertools import chain, islice
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from mestring.core.spreadsheet import unescape_formula

from ..columns import KEY_COLUMNS, LISTS
from ..issues import Issue
from ..limits import (
    Limits,
    cell_too_large,
    check_archive,
    file_too_large,
    too_many_columns,
    too_many_rows,
)
from .tables import FileSet, Row, Table, bounded, missing_key_columns, unknown_column

_SEP_LINE = re.compile(r"^\ufeff?sep=(.)\s*$", re.IGNORECASE)
Opener = Callable[[], AbstractContextManager[IO[bytes]]]


# Characters one row may have beyond its longest cell: far more than any real row.
_ROW_CHARS_PER_COLUMN = 1000


class _RowTooLong(Exception):
    pass


def read(paths: list[Path], limits: Limits) -> FileSet:
    files = FileSet("csv")
    for name, opener in _members(paths, limits, files.issues):
        list_name = name.lower().removesuffix(".csv")
        if list_name not in LISTS:
            message = _("Ukjent fil. Filene skal hete %(names)s.") % {
                "names": ", ".join(f"{n}.csv" for n in LISTS)
            }
            files.issues.append(Issue(name, None, None, message))
        elif list_name in files.tables:
            message = _("Filen %(name)s er med to ganger.") % {"name": name}
            files.issues.append(Issue(name, None, None, message))
        else:
            rows = _rows(name, list_name, opener, limits, files.issues)
            rows = bounded(name, rows, limits, files.issues)
            files.tables[list_name] = Table(list_name, name, rows)
    return files


def _members(
    paths: list[Path], limits: Limits, issues: list[Issue]
) -> Iterator[tuple[str, Opener]]:
    for path in paths:
        if path.is_dir():
            for member in sorted(path.glob("*.csv")) + sorted(path.glob("*.CSV")):
                size = member.stat().st_size
                if limits.max_bytes is not None and size > limits.max_bytes:
                    issues.append(file_too_large(member.name, size, limits.max_bytes))
                    continue
                yield member.name, _file_opener(member)
        elif path.suffix.lower() == ".zip":
            try:
                with zipfile.ZipFile(path) as archive:
                    names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
                    refused = check_archive(path, archive, limits)
            except (zipfile.BadZipFile, OSError, EOFError):
                issues.append(Issue(path.name, None, None, _("Zip-filen kan ikke leses.")))
                continue
            if refused:
                issues.append(refused)
                continue
            for name in names:
                if "__MACOSX" not in name:
                    yield Path(name).name, _zip_opener(path, name)
        else:
            yield path.name, _file_opener(path)


def _file_opener(path: Path) -> Opener:
    return lambda: path.open("rb")


def _zip_opener(path: Path, member: str) -> Opener:
    @contextmanager
    def opener() -> Iterator[IO[bytes]]:
        with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
            yield stream

    return opener


def _rows(
    source: str, list_name: str, opener: Opener, limits: Limits, issues: list[Issue]
) -> Iterator[Row]:
    # The csv module's bound on one field (process-wide; every import sets it the same way).
    csv.field_size_limit(limits.max_cell_chars or sys.maxsize)
    if limits.max_rows is not None and _more_records(opener, limits.max_rows + 1):
        issues.append(too_many_rows(source, None, limits.max_rows))
        return
    with opener() as raw:
        # A zip member is readable raw input too; typeshed's protocol for it asks for more.
        buffered = io.BufferedReader(raw, buffer_size=1 << 16)  # type: ignore[type-var]
        if not _looks_like_utf8(buffered.peek(1 << 16)):
            message = _("Filen er ikke lagret som UTF-8. Velg «CSV UTF-8» når du lagrer i Excel.")
            issues.append(Issue(source, None, None, message))
            return
        text = io.TextIOWrapper(buffered, encoding="utf-8-sig", newline="")
        try:
            yield from _records(source, list_name, text, limits, issues)
        except UnicodeDecodeError:
            issues.append(Issue(source, None, None, _("Filen har tegn som ikke er UTF-8.")))
        except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile):
            issues.append(Issue(source, None, None, _("Zip-filen kan ikke leses.")))


def _more_records(opener: Opener, bound: int) -> bool:
    """Whether the file has more than `bound` records (header included), found before any
    row is checked: by counting line ends, and only when there are more of them than the
    bound (cells may hold line breaks) by letting the csv module split the records."""
    lines = 0
    with opener() as raw:
        while chunk := raw.read(1 << 20):
            lines += chunk.count(b"\n")
    if lines <= bound:
        return False
    with opener() as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        first = text.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        try:
            reader = csv.reader(chain([first], text), delimiter=delimiter)
            records = sum(1 for _ in islice(reader, bound + 1))
        except csv.Error:
            return False  # the reading proper reports the broken row
    return records > bound


def _looks_like_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A character cut at the end of the sample is fine.
        return error.start >= len(head) - 3 and error.reason == "unexpected end of data"
    return True


class _Lines:
    """The physical lines of a file, refusing a row (one record, which may span lines)
    longer than `bound` characters before the csv module splits it into fields."""

    def __init__(self, text: io.TextIOBase, bound: int | None):
        self.text, self.bound, self.in_row = text, bound, 0

    def readline(self) -> str:
        line = self.text.readline(self.bound + 1) if self.bound else self.text.readline()
        self.in_row += len(line)
        if self.bound and self.in_row > self.bound:
            raise _RowTooLong
        return line

    def __iter__(self):
        while line := self.readline():
            yield line


def _row_bound(limits: Limits) -> int | None:
    if limits.max_cell_chars is None or limits.max_columns is None:
        return None
    return limits.max_cell_chars + limits.max_columns * _ROW_CHARS_PER_COLUMN


def _records(source: str, list_name: str, text, limits: Limits, issues: list[Issue]):
    lines = _Lines(text, _row_bound(limits))
    row = 1  # the row being read, for messages
    try:
        first = lines.readline()
        if match := _SEP_LINE.match(first.strip("\r\n")):
            lines.in_row = 0
            delimiter, first = match.group(1), lines.readline()
        else:
            delimiter = ";" if first.count(";") > first.count(",") else ","
        if not first.strip():
            return
        reader = csv.reader(chain([first], lines), delimiter=delimiter)
        header = [name.replace("\ufeff", "").strip().lower() for name in next(reader)]
        lines.in_row, row = 0, 2
        if limits.max_columns is not None and len(header) > limits.max_columns:
            issues.append(too_many_columns(source, 1, len(header), limits.max_columns))
            return
        spec = LISTS[list_name]
        known: dict[int, str] = {}
        blank: list[int] = []
        for index, name in enumerate(header):
            if not name:
                blank.append(index)
            elif name not in spec.names:
                issues.append(unknown_column(source, 1, name, spec.names))
            elif name in known.values():
                message = _("Kolonnen «%(name)s» står to ganger.") % {"name": name}
                issues.append(Issue(source, 1, name, message))
            else:
                known[index] = name
        if missing := [n for n in KEY_COLUMNS[list_name] if n not in known.values()]:
            issues.extend(missing_key_columns(source, 1, missing))
            return
        for number, cells in enumerate(reader, start=2):
            lines.in_row, row = 0, number + 1
            if limits.max_columns is not None and len(cells) > limits.max_columns:
                issues.append(too_many_columns(source, number, len(cells), limits.max_columns))
                return
            values = {}
            for index, cell in enumerate(cells):
                cell = unescape_formula(cell.strip())
                if not cell:
                    continue
                if index in known:
                    values[known[index]] = cell
                elif index in blank or index >= len(header):
                    message = _("Cellen har en verdi, men kolonnen har ingen overskrift.")
                    issues.append(Issue(source, number, None, message))
            if values:
                yield number, values
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            issues.append(cell_too_large(source, row, None, limits.max_cell_chars or sys.maxsize))
        else:
            message = _("Raden kan ikke leses som CSV: %(error)s") % {"error": error}
            issues.append(Issue(source, row, None, message))
    except _RowTooLong:
        message = _(
            "Raden er for lang: over %(limit)s tegn. Har den for mange kolonner eller en "
            "for stor celle?"
        ) % {"limit": lines.bound}
        issues.append(Issue(source, row, None, message))
