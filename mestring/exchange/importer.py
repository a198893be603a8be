"""Import a file set in the exchange format (core dataset §7): all or nothing.

Every row of every list is checked first and every error is collected. Only when there
are none is anything written, as an upsert by `id` in one transaction. A dry run checks
and counts what would change without writing.
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from django.db import transaction
from django.utils.translation import gettext as _

from .checks import validate
from .issues import Issue, MissingAnswers
from .limits import Limits
from .plan import Counts, Plan, plan_changes
from .readers import read_files
from .store import store
from .validation import Dataset


@dataclass
class ImportResult:
    counts: dict[str, Counts]
    warnings: list[MissingAnswers]
    dry_run: bool
    # List → ids of the records that are (or would be) created or changed; runs include
    # those whose sessions are replaced. For recording history (revisions.py).
    stored: dict[str, set[str]] = field(default_factory=dict)

    def summary(self) -> list[str]:
        """One Norwegian line per list: 'tilbud: nye 3, endrede 1, uendrede 10.'"""
        lines = []
        for list_name, counts in self.counts.items():
            line = _("%(list)s: nye %(created)s, endrede %(updated)s, uendrede %(unchanged)s") % {
                "list": list_name,
                "created": counts.created,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
            }
            if counts.deleted:
                line += _(", fjernede %(deleted)s") % {"deleted": counts.deleted}
            lines.append(line + ".")
        return lines


class ImportFailed(Exception):
    """Nothing was stored; `errors` lists every problem found."""

    def __init__(self, errors: list[Issue], warnings: list[MissingAnswers]):
        super().__init__(_("Ingenting ble lagret: %(count)s feil.") % {"count": len(errors)})
        self.errors, self.warnings = errors, warnings


def import_files(
    paths: Iterable[str | Path],
    *,
    dry_run: bool = False,
    stream: TextIO | None = None,
    limits: Limits | None = None,
) -> ImportResult:
    """Check and store a file set; raise ImportFailed with every error when any is found.

    `stream` receives progress lines (silent when None). With `dry_run` nothing is
    written, and the result says how many records would be new, changed and unchanged.
    `limits` bounds the files (limits.py); the settings' bounds when None.
    """
    stream = stream or io.StringIO()
    with transaction.atomic():
        files = read_files(paths, limits)
        try:
            validation = validate(files, stream)
        finally:
            files.close()
        if validation.errors:
            raise ImportFailed(validation.errors, validation.warnings)
        plan = plan_changes(validation.dataset)
        if not dry_run:
            store(validation.dataset, plan, stream)
    return ImportResult(
        plan.counts, validation.warnings, dry_run, _stored(validation.dataset, plan)
    )


def _stored(data: Dataset, plan: Plan) -> dict[str, set[str]]:
    incoming = {
        "tilbydere": data.organisations,
        "tilbud": data.offers,
        "gjennomforinger": data.runs,
    }
    stored = {
        name: {key for key in records if key not in plan.pks[name]} | plan.changed[name]
        for name, records in incoming.items()
    }
    stored["gjennomforinger"] |= plan.session_runs
    return stored
