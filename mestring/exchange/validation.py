"""Check every row of a file set before anything is stored, and collect every problem.

Each row is parsed (rows.py), checked with the core dataset's rules (catalogue/rules.py,
activity/rules.py) and against the other lists of the set and the database. Missing
answers the forms would require become warnings, counted per list and field.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TextIO

from django.utils.translation import gettext as _

from mestring.catalogue import rules
from mestring.catalogue.models import Offer, Organisation, Run
from mestring.refdata.models import Municipality, Region

from .columns import LISTS, missing_answers
from .issues import Issue, MissingAnswers
from .readers.tables import FileSet
from .rows import parse_row


def _reference_message(list_name: str, value: str) -> str:
    messages = {
        "tilbydere": _("Finner ingen tilbyder med id «%(value)s» i filene eller i databasen."),
        "tilbud": _("Finner ikke tilbudet «%(value)s» i filene eller i databasen."),
        "gjennomforinger": _("Finner ikke gjennomføringen «%(value)s» i filene eller i databasen."),
    }
    return messages[list_name] % {"value": value}


@dataclass
class Dataset:
    """Valid, parsed records, keyed by id; what the importer stores."""

    organisations: dict[str, dict] = field(default_factory=dict)
    offers: dict[str, dict] = field(default_factory=dict)
    runs: dict[str, dict] = field(default_factory=dict)
    # Run id → its sessions (start, minutes), for runs whose sessions the set gives.
    sessions: dict[str, list[tuple[datetime, int | None]]] = field(default_factory=dict)
    # Run id → date (None = whole run) → (row, *counts in COUNT_FIELDS order).
    attendance: dict[str, dict[date | None, tuple]] = field(default_factory=dict)


@dataclass
class Validation:
    dataset: Dataset
    errors: list[Issue]
    warnings: list[MissingAnswers]


class Context:
    """What rows are checked against: reference data, ids in the database, ids seen so far."""

    def __init__(self, files: FileSet, stream: TextIO):
        self.files, self.stream = files, stream
        self.errors: list[Issue] = files.issues
        self.warnings: dict[tuple[str, str], MissingAnswers] = {}
        self.municipalities = set(Municipality.objects.values_list("number", flat=True))
        self.regions = set(Region.objects.values_list("code", flat=True))
        self.known = {
            "tilbydere": set(Organisation.objects.values_list("external_id", flat=True)),
            "tilbud": set(Offer.objects.values_list("external_id", flat=True)),
            "gjennomforinger": set(Run.objects.values_list("external_id", flat=True)),
        }
        self.data = Dataset()
        self.row_numbers: dict[str, dict[str, int]] = {}

    def error(self, source: str, row: int | None, field_name: str | None, message: str) -> None:
        self.errors.append(Issue(source, row, field_name, message))

    def missing(self, list_name: str, source: str, row: int, record: dict, bad: set) -> None:
        for name in missing_answers(list_name, record):
            if name not in bad:
                key = (source, name)
                self.warnings.setdefault(key, MissingAnswers(source, name)).add(row)

    def problems(self, source, row, problems, bad) -> None:
        for problem in problems:
            if problem.field not in bad:
                self.error(source, row, problem.field, problem.message)

    def reference(self, list_name, source, row, field_name, value, in_file) -> None:
        if value and value not in in_file and value not in self.known[list_name]:
            self.error(source, row, field_name, _reference_message(list_name, value))


def parse(context: Context, list_name: str, source: str, number: int, raw: dict):
    """Parse one row, reporting parse errors with the row's place."""

    def report(field_name: str, message: str) -> None:
        context.error(source, number, field_name, message)

    return parse_row(LISTS[list_name], raw, report)


def check_region(context: Context, source: str, number: int, record: dict, bad: set) -> None:
    region = record.get("region")
    if (
        region
        and region not in context.regions
        and not rules.code_problem(region, rules.codes.RegionCode)
    ):
        message = _(
            "Helseregionen «%(value)s» finnes ikke i referansedataene. Kjør "
            "«mestring refdata load» først."
        ) % {"value": region}
        context.error(source, number, "region", message)
