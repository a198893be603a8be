"""CSV files as Excel writes them: `;` or `,`, with or without BOM, a `sep=;` line, CRLF,
trailing empty rows and columns, and headers with stray spaces or capitals."""

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from ..columns import KEY_COLUMNS, LISTS
from ..issues import Issue
from . import FileSet, Row, Table, missing_key_columns, unknown_column

_SEP_LINE = re.compile(r"^\ufeff?sep=(.)\s*$", re.IGNORECASE)
Opener = Callable[[], AbstractContextManager[BinaryIO]]


def read(paths: list[Path]) -> FileSet:
    files = FileSet("csv")
    for name, opener in _members(paths, files.issues):
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
            rows = _rows(name, list_name, opener, files.issues)
            files.tables[list_name] = Table(list_name, name, rows)
    return files


def _members(paths: list[Path], issues: list[Issue]) -> Iterator[tuple[str, Opener]]:
    for path in paths:
        if path.is_dir():
            for member in sorted(path.glob("*.csv")) + sorted(path.glob("*.CSV")):
                yield member.name, (lambda member=member: member.open("rb"))
        elif path.suffix.lower() == ".zip":
            try:
                with zipfile.ZipFile(path) as archive:
                    names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            except zipfile.BadZipFile:
                issues.append(Issue(path.name, None, None, _("Zip-filen kan ikke leses.")))
                continue
            for member in names:
                if "__MACOSX" not in member:
                    yield Path(member).name, _zip_opener(path, member)
        else:
            yield path.name, (lambda path=path: path.open("rb"))


def _zip_opener(path: Path, member: str) -> Opener:
    @contextmanager
    def opener() -> Iterator[BinaryIO]:
        with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
            yield stream

    return opener


def _rows(source: str, list_name: str, opener: Opener, issues: list[Issue]) -> Iterator[Row]:
    with opener() as raw:
        buffered = io.BufferedReader(raw, buffer_size=1 << 16)
        if not _looks_like_utf8(buffered.peek(1 << 16)):
            message = _("Filen er ikke lagret som UTF-8. Velg «CSV UTF-8» når du lagrer i Excel.")
            issues.append(Issue(source, None, None, message))
            return
        text = io.TextIOWrapper(buffered, encoding="utf-8-sig", newline="")
        try:
            yield from _records(source, list_name, text, issues)
        except UnicodeDecodeError:
            issues.append(Issue(source, None, None, _("Filen har tegn som ikke er UTF-8.")))


def _looks_like_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A character cut at the end of the sample is fine.
        return error.start >= len(head) - 3 and error.reason == "unexpected end of data"
    return True


def _records(source: str, list_name: str, text: io.TextIOBase, issues: list[Issue]):
    first = text.readline()
    if match := _SEP_LINE.match(first.strip("\r\n")):
        delimiter, first = match.group(1), text.readline()
    else:
        delimiter = ";" if first.count(";") > first.count(",") else ","
    if not first.strip():
        return
    reader = csv.reader(chain([first], text), delimiter=delimiter)
    header = [name.replace("\ufeff", "").strip().lower() for name in next(reader)]
    spec = LISTS[list_name]
    known, blank = {}, []
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
        values = {}
        for index, cell in enumerate(cells):
            cell = cell.strip()
            if not cell:
                continue
            if index in known:
                values[known[index]] = cell
            elif index in blank or index >= len(header):
                message = _("Cellen har en verdi, men kolonnen har ingen overskrift.")
                issues.append(Issue(source, number, None, message))
        if values:
            yield number, values
