"""Errors and warnings of an import, each pointing at a file or sheet, a row and a field."""

import dataclasses
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Issue:
    """One problem: `source` is a file name, a sheet name or "JSON: tilbud"; `row` is the
    spreadsheet row as Excel shows it (header = 1) or the 1-based index in a JSON list."""

    source: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        place = self.source
        if self.row is not None:
            place += ", " + _("rad %(row)s") % {"row": self.row}
        if self.field:
            place += f", {self.field}"
        return f"{place}: {self.message}"


# How many row numbers a warning lists before it says "…".
SHOWN_ROWS = 5


@dataclass
class MissingAnswers:
    """Rows of one list that leave a field the forms require without an answer (§4)."""

    source: str
    field: str
    count: int = 0
    # `field` is the name of a field here, so the dataclass helper goes by its module.
    rows: list[int] = dataclasses.field(default_factory=list)

    def add(self, row: int) -> None:
        self.count += 1
        if len(self.rows) < SHOWN_ROWS:
            self.rows.append(row)

    def __str__(self) -> str:
        rows = ", ".join(str(row) for row in self.rows)
        if self.count > len(self.rows):
            rows += " …"
        return ngettext(
            "%(source)s, %(field)s: %(count)s rad mangler svar (rad %(rows)s). "
            "Svaret blir stående som manglende.",
            "%(source)s, %(field)s: %(count)s rader mangler svar (rad %(rows)s). "
            "Svaret blir stående som manglende.",
            self.count,
        ) % {"source": self.source, "field": self.field, "count": self.count, "rows": rows}
