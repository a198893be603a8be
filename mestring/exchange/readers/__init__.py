"""Read a file set (JSON, CSV files, a directory or .zip of CSVs, an XLSX workbook) into
tables of raw rows keyed by the core dataset's column names."""

from collections.abc import Iterable
from pathlib import Path

from django.utils.translation import gettext as _

from ..issues import Issue
from ..limits import Limits, check_size
from . import csvfiles, jsonfile, workbook
from .tables import FileSet


def read_files(paths: Iterable[str | Path], limits: Limits | None = None) -> FileSet:
    """One file set: a JSON document, an XLSX workbook, or CSV files (files, directories
    or .zip archives), never a mix. Problems are in `FileSet.issues`. `limits` bounds the
    files (the settings' bounds when None)."""
    limits = limits or Limits.from_settings()

    files = [Path(p) for p in paths]
    kinds = {_kind(path) for path in files}
    if None in kinds:
        unknown = next(p for p in files if _kind(p) is None)
        message = _(
            "Ukjent filtype. Importer en .json-fil, .csv-filer, en mappe eller .zip med "
            ".csv-filer, eller en .xlsx-arbeidsbok."
        )
        return FileSet("unknown", issues=[Issue(unknown.name, None, None, message)])
    if len(kinds) > 1 or ("csv" not in kinds and len(files) != 1):
        message = _("Importer én JSON-fil, én XLSX-arbeidsbok eller et sett CSV-filer om gangen.")
        return FileSet(
            "mixed", issues=[Issue(", ".join(p.name for p in files), None, None, message)]
        )
    kind = next(iter(kinds), None) or "csv"
    for path in files:
        if not path.exists():
            message = _("Filen finnes ikke.")
            return FileSet(kind, issues=[Issue(str(path), None, None, message)])
    if too_large := [issue for path in files if (issue := check_size(path, limits))]:
        return FileSet(kind, issues=too_large)
    if kind == "json":
        return jsonfile.read(files[0], limits)
    if kind == "xlsx":
        return workbook.read(files[0], limits)
    return csvfiles.read(files, limits)


def _kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if path.is_dir() or suffix in (".csv", ".zip"):
        return "csv"
    if suffix == ".json":
        return "json"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    return None
