"""Parse one raw row into a record keyed by the core dataset's names (columns.py)."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from .columns import ListSpec
from .parsing import PARSERS, ParseError, is_empty, split_multi

# Multi-valued fields whose order carries no meaning are kept sorted, like the export.
_SORTED_KINDS = frozenset({"code", "ref"})

Report = Callable[[str, str], None]


def parse_value(spec: ListSpec, column, value):
    if column.multi:
        if is_empty(value):
            return []
        parser = PARSERS[column.kind]
        items = list(dict.fromkeys(parser(item) for item in split_multi(value)))
        return sorted(items) if column.kind in _SORTED_KINDS else items
    if value is None or (value.__class__ is str and not value.strip()):
        return None
    if isinstance(value, list | dict):
        raise ParseError(_("Forventet én verdi, ikke en liste."))
    parsed = PARSERS[column.kind](value)
    if column.kind == "int":
        return _in_range(spec, column, parsed)
    limit = spec.max_length(column)
    if limit and len(parsed) > limit:
        raise ParseError(
            _("Teksten er for lang: %(length)s tegn, høyst %(limit)s er lov.")
            % {"length": len(parsed), "limit": limit}
        )
    if parsed == "":
        return None
    return parsed


def _in_range(spec: ListSpec, column, number: int) -> int:
    """An integer the database column can hold (a huge one would overflow it)."""
    low, high = spec.int_range(column)
    if low == 0 and number < 0:
        raise ParseError(_("Tallet kan ikke være negativt."))
    if (low is not None and number < low) or (high is not None and number > high):
        shown = str(number) if len(str(number)) <= 20 else str(number)[:20] + "…"
        raise ParseError(
            _("«%(value)s» er utenfor det lovlige området %(low)s–%(high)s.")
            % {"value": shown, "low": low, "high": high}
        )
    return number


def parse_row(spec: ListSpec, raw: dict, report: Report) -> tuple[dict, set[str]]:
    """The parsed record and the fields that could not be parsed (already reported)."""
    record, bad = {}, set()
    for column in spec.columns:
        try:
            record[column.name] = parse_value(spec, column, raw.get(column.name))
        except ParseError as error:
            report(column.name, str(error))
            bad.add(column.name)
            record[column.name] = [] if column.multi else None
    return record, bad
