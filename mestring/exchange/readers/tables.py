"""What every reader gives: a file set of tables of raw rows, and the problems found reading."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ..issues import Issue
from ..limits import Limits, too_many_rows

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


def bounded(source: str, rows: Iterable[Row], limits: Limits, issues: list[Issue]):
    """The rows of one list, stopping with an error after `limits.max_rows` data rows."""
    for count, row in enumerate(rows, start=1):
        if limits.max_rows is not None and count > limits.max_rows:
            issues.append(too_many_rows(source, row[0], limits.max_rows))
            return
        yield row


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
