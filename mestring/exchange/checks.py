"""The checks of each list, run in dependency order over every row of a file set."""

import io
from collections.abc import Iterable, Iterator
from typing import TextIO

from django.utils.translation import gettext as _

from mestring.activity.rules import attendance_problems
from mestring.catalogue import rules
from mestring.catalogue.models import Organisation
from mestring.core.progress import progress

from .columns import LISTS
from .issues import Issue
from .readers.tables import FileSet, Row, Table
from .rows import parse_row
from .validation import Context, Validation, check_region, parse

_STEP = 1000


def validate(files: FileSet, stream: TextIO | None = None) -> Validation:
    """Parse and check every row of every list in `files`; nothing is written."""
    context = Context(files, stream or io.StringIO())
    checks = {
        "tilbydere": check_organisations,
        "tilbud": check_offers,
        "gjennomforinger": check_runs,
        "samlinger": check_sessions,
        "aktivitet": check_attendance,
    }
    for list_name in LISTS:
        if table := files.tables.get(list_name):
            checks[list_name](context, table)
    check_organisation_cycles(context)
    errors = sorted(context.errors, key=_error_order)
    return Validation(context.data, errors, list(context.warnings.values()))


def _error_order(issue: Issue) -> tuple:
    order = {name: index for index, name in enumerate(LISTS)}
    name = issue.source.removeprefix("JSON: ").lower().removesuffix(".csv")
    return (order.get(name, -1), issue.source, issue.row or 0)


def _counted(context: Context, table: Table) -> Iterator[Row]:
    label = _("Kontrollerer %(source)s") % {"source": table.source}
    with progress(label, None, context.stream) as bar:
        count = 0
        for row in table.rows:
            yield row
            count += 1
            if count % _STEP == 0:
                bar.update(_STEP)
        bar.update(count % _STEP)


def _duplicate(context: Context, source: str, number: int, key: str, first: int) -> None:
    message = _("Id-en «%(id)s» står også i rad %(row)s.") % {"id": key, "row": first}
    context.error(source, number, "id", message)


def _keyed(context: Context, table: Table, list_name: str, check) -> dict[str, dict]:
    """Parse, check and key the rows of a list with an `id`; `check` adds list rules."""
    records: dict[str, dict] = {}
    first_rows: dict[str, int] = {}
    for number, raw in _counted(context, table):
        record, bad = parse(context, list_name, table.source, number, raw)
        check(record, bad, number, raw)
        context.missing(list_name, table.source, number, record, bad)
        key = record["id"]
        if not key:
            continue
        if key in first_rows:
            _duplicate(context, table.source, number, key, first_rows[key])
            continue
        first_rows[key] = number
        records[key] = record
    context.row_numbers[list_name] = first_rows
    return records


def check_organisations(context: Context, table: Table) -> None:
    source, parents = table.source, []

    def check(record, bad, number, raw):
        problems = rules.organisation_problems(record, context.municipalities)
        context.problems(source, number, problems, bad)
        check_region(context, source, number, record, bad)
        if record["overordnet"]:
            parents.append((number, record["overordnet"]))

    context.data.organisations = _keyed(context, table, "tilbydere", check)
    for number, parent in parents:
        context.reference(
            "tilbydere", source, number, "overordnet", parent, context.data.organisations
        )


def check_offers(context: Context, table: Table) -> None:
    source, organisations = table.source, context.data.organisations

    def check(record, bad, number, raw):
        context.problems(source, number, rules.offer_problems(record), bad)
        for name in record["brukerorganisasjoner"]:
            if message := rules.free_text_problem(name):
                context.error(source, number, "brukerorganisasjoner", message)
        responsible = record["ansvarlig"]
        context.reference("tilbydere", source, number, "ansvarlig", responsible, organisations)
        for co_organiser in record["medarrangorer"]:
            context.reference(
                "tilbydere", source, number, "medarrangorer", co_organiser, organisations
            )

    context.data.offers = _keyed(context, table, "tilbud", check)


def check_runs(context: Context, table: Table) -> None:
    source, data = table.source, context.data

    def check(record, bad, number, raw):
        context.problems(source, number, rules.run_problems(record, context.municipalities), bad)
        context.reference("tilbud", source, number, "tilbud", record["tilbud"], data.offers)
        if "samlinger" in raw and record["id"]:
            # JSON: a run's own list of sessions replaces the stored ones, even when empty.
            data.sessions[record["id"]] = list(
                _nested_sessions(context, source, number, record["id"], raw["samlinger"])
            )

    data.runs = _keyed(context, table, "gjennomforinger", check)
    if "samlinger" in context.files.tables:
        # samlinger.csv is authoritative for every run of the set (and every run it names).
        for key in data.runs:
            data.sessions.setdefault(key, [])


def _nested_sessions(context, source, number, run_key, items: Iterable[dict]):
    for index, item in enumerate(items, start=1):

        def report(name, message, index=index):
            context.error(source, number, f"samlinger[{index}].{name}", message)

        raw = {**item, "gjennomforing": run_key}
        record, bad = parse_row(LISTS["samlinger"], raw, report)
        for problem in rules.session_problems(record):
            if problem.field not in bad:
                report(problem.field, problem.message)
        if record["start"]:
            yield record["start"], record["varighet_min"]


def check_sessions(context: Context, table: Table) -> None:
    source, data = table.source, context.data
    for number, raw in _counted(context, table):
        record, bad = parse(context, "samlinger", source, number, raw)
        context.problems(source, number, rules.session_problems(record), bad)
        context.missing("samlinger", source, number, record, bad)
        run = record["gjennomforing"]
        context.reference("gjennomforinger", source, number, "gjennomforing", run, data.runs)
        if run and record["start"]:
            data.sessions.setdefault(run, []).append((record["start"], record["varighet_min"]))


def check_attendance(context: Context, table: Table) -> None:
    source, data = table.source, context.data
    counts = [c.name for c in LISTS["aktivitet"].columns[2:]]
    dates: dict = {}
    for number, raw in _counted(context, table):
        record, bad = parse(context, "aktivitet", source, number, raw)
        context.problems(source, number, attendance_problems(record), bad)
        run = record["gjennomforing"]
        context.reference("gjennomforinger", source, number, "gjennomforing", run, data.runs)
        if not run or "dato" in bad:
            continue
        day = dates.setdefault(record["dato"], record["dato"])
        per_run = data.attendance.setdefault(run, {})
        if day in per_run:
            message = _(
                "Gjennomføringen «%(run)s» har allerede en rad for %(day)s (rad %(row)s)."
            ) % {
                "run": run,
                "day": day.strftime("%d.%m.%Y") if day else _("hele gjennomføringen"),
                "row": per_run[day][0],
            }
            context.error(source, number, "dato", message)
            continue
        per_run[day] = (number, *(record[name] for name in counts))


def check_organisation_cycles(context: Context) -> None:
    """An organisation cannot end up above itself (LMS → HF → RHF, never back)."""
    records = context.data.organisations
    if not any(record["overordnet"] for record in records.values()):
        return
    parents = dict(
        Organisation.objects.values_list("external_id", "parent__external_id").iterator()
    )
    parents.update({key: record["overordnet"] for key, record in records.items()})
    source = context.files.tables["tilbydere"].source
    numbers = context.row_numbers["tilbydere"]
    for key in records:
        seen, current = [key], parents.get(key)
        while current and current not in seen:
            seen.append(current)
            current = parents.get(current)
        if current == key and len(seen) > 1:
            message = _("Tilbyderne danner en ring: %(chain)s.") % {
                "chain": " → ".join([*seen, key])
            }
            context.error(source, numbers[key], "overordnet", message)
