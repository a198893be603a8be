"""Read a file set (JSON, CSV files, a directory or .zip of CSVs, an XLSX workbook) into
tables of raw rows keyed by the core dataset's column names."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ..issues import Issue
from ..limits import Limits, check_size

# A row as read: its number (Excel row, or 1-based JSON index) and raw values by column.
Row = tuple[int, dict[str, Any]]


@dataclass
class Table:
    list_name: str
    source: str
    rows: Iterable[Row]


@dataclass
class FileSet:
    kind: str  # "json", "csv" or "xlsx"
    tables: dict[str, Table] = field(default_factory=dict)
    # Problems with the files themselves; readers add to it while rows are read.
    issues: list[Issue] = field(default_factory=list)
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        for close in self.closers:
            close()


def read_files(paths: Iterable[str | Path], limits: Limits | None = None) -> FileSet:
    """One file set: a JSON document, an XLSX workbook, or CSV files (files, directories
    or .zip archives), never a mix. Problems are in `FileSet.issues`. `limits` bounds the
    files (the settings' bounds when None)."""
    from . import csvfiles, jsonfile, workbook

    limits = limits or Limits.from_settings()

    paths = [Path(p) for p in paths]
    kinds = {_kind(path) for path in paths}
    if None in kinds:
        unknown = next(p for p in paths if _kind(p) is None)
        message = _(
            "Ukjent filtype. Importer en .json-fil, .csv-filer, en mappe eller .zip med "
            ".csv-filer, eller en .xlsx-arbeidsbok."
        )
        return FileSet("unknown", issues=[Issue(unknown.name, None, None, message)])
    if len(kinds) > 1 or ("csv" not in kinds and len(paths) != 1):
        message = _("Importer én JSON-fil, én XLSX-arbeidsbok eller et sett CSV-filer om gangen.")
        return FileSet(
            "mixed", issues=[Issue(", ".join(p.name for p in paths), None, None, message)]
        )
    kind = kinds.pop() if kinds else "csv"
    for path in paths:
        if not path.exists():
            message = _("Filen finnes ikke.")
            return FileSet(kind, issues=[Issue(str(path), None, None, message)])
    if too_large := [issue for path in paths if (issue := check_size(path, limits))]:
        return FileSet(kind, issues=too_large)
    if kind == "json":
        return jsonfile.read(paths[0], limits)
    if kind == "xlsx":
        return workbook.read(paths[0], limits)
    return csvfiles.read(paths, limits)


def bounded(source: str, rows: Iterable[Row], limits: Limits, issues: list[Issue]):
    """The rows of one list, stopping with an error after `limits.max_rows` data rows."""
    from ..limits import too_many_rows

    for count, row in enumerate(rows, start=1):
        if limits.max_rows is not None and count > limits.max_rows:
            issues.append(too_many_rows(source, row[0], limits.max_rows))
            return
        yield row


def _kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if path.is_dir() or suffix in (".csv", ".zip"):
        return "csv"
    if suffix == ".json":
        return "json"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    return None


def unknown_column(source: str, row: int, name: str, allowed: Iterable[str]) -> Issue:
    message = _("Ukjent kolonne «%(name)s». Gyldige kolonner er: %(allowed)s.") % {
        "name": name,
        "allowed": ", ".join(allowed),
    }
    return Issue(source, row, name, message)


def missing_key_columns(source: str, row: int | None, names: Iterable[str]) -> list[Issue]:
    return [
        Issue(source, row, name, _("Kolonnen «%(name)s» mangler.") % {"name": name})
        for name in names
    ]
