"""Small-count suppression of person counts (core dataset §6).

Primary: a count from 1 to threshold − 1 is hidden and shown as `<5`. Secondary: every
published sum ("line": the parts of a row or column and its total) that would let a
reader work out a hidden number gets one more hidden number, shown as `x`.

The secondary cell is the smallest part larger than the threshold (so that neither it
nor the small number beside it sits at the edge of what a reader knows it can be), then
any part of at least the threshold, then the line's total. Zeros are always published:
a count of nobody identifies nobody, and a hidden zero protects nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings

from .tables import Suppression

Key = Hashable


@dataclass(frozen=True)
class Line:
    """A published sum: the parts add up to the total."""

    parts: tuple[Key, ...]
    total: Key

    @property
    def cells(self) -> tuple[Key, ...]:
        return (*self.parts, self.total)


def hidden_mark(kind: str | None) -> str:
    """How a hidden number is shown: `<5` (below the threshold, from
    settings.SUPPRESSION_THRESHOLD) for a primary suppression, `x` for a secondary one."""
    if not kind:
        return ""
    if kind == "primary":
        return f"<{settings.SUPPRESSION_THRESHOLD}"
    return "x"


def _candidate(
    line: Line, values: Mapping[Key, int], hidden: dict[Key, Suppression], threshold: int
) -> Key | None:
    open_parts = [key for key in line.parts if key not in hidden]
    ranked = (
        [k for k in open_parts if values[k] > threshold],
        [k for k in open_parts if values[k] >= threshold],
        [line.total] if line.total not in hidden else [],
    )
    for group in ranked:
        if group:
            return min(group, key=lambda key: values[key])
    return None


def _allowed(kind: Suppression, value: int, threshold: int) -> bool:
    """What a reader knows a hidden number can be: `<5` is 1–4, `x` is 0 or at least 5."""
    if kind == "primary":
        return 0 < value < threshold
    return value == 0 or value >= threshold


def _exposed(
    line: Line, values: Mapping[Key, int], hidden: dict[Key, Suppression], threshold: int
) -> bool:
    """Whether the line alone pins down one of its hidden numbers.

    With one hidden number it is the total minus the rest. With more, each must be able
    to change while another hidden number of the line changes back, within what the
    marks tell (two `<5` cells that add up to 2 are both 1).
    """
    inside = [key for key in line.cells if key in hidden]
    if not inside:
        return False
    if len(inside) == 1:
        return True
    sign = {key: -1 if key == line.total else 1 for key in inside}
    for cell in inside:
        movable = any(
            _allowed(hidden[cell], values[cell] + step, threshold)
            and _allowed(hidden[other], values[other] - step * sign[cell] * sign[other], threshold)
            for other in inside
            if other != cell
            for step in range(-2 * threshold, 2 * threshold + 1)
            if step
        )
        if not movable:
            return True
    return False


def _signs(lines: Sequence[Line]) -> dict[Key, list[tuple[int, int]]]:
    """For each cell, the lines it is in and its sign there (+1 part, −1 total)."""
    memberships: dict[Key, list[tuple[int, int]]] = {}
    for index, line in enumerate(lines):
        for key in line.parts:
            memberships.setdefault(key, []).append((index, 1))
        memberships.setdefault(line.total, []).append((index, -1))
    return memberships


def _can_change(
    start: Key,
    lines: Sequence[Line],
    values: Mapping[Key, int],
    hidden: dict[Key, Suppression],
    threshold: int,
    max_cells: int = 8,
) -> bool:
    """Whether another table agrees with everything published but differs at `start`.

    Looks for a cycle of hidden cells through `start` — each line it touches has one cell
    going up and one going down by the same step — that keeps every cell within what its
    mark tells. Such a cycle proves the value cannot be worked out; not finding one within
    `max_cells` cells is treated as if it could.
    """
    memberships = _signs(lines)
    steps = [step for t in range(1, 2 * threshold + 1) for step in (t, -t)]

    def fits(cycle: list[tuple[Key, int]], step: int) -> bool:
        return all(
            _allowed(hidden[key], values[key] + step * factor, threshold) for key, factor in cycle
        )

    start_signs = dict(memberships[start])

    def extend(cycle: list[tuple[Key, int]], via: int, closing: int | None, used: set) -> bool:
        key, factor = cycle[-1]
        line_sign = dict(memberships[key])
        for other in lines[via].cells:
            if other not in hidden or any(other == k for k, _ in cycle):
                continue
            other_lines = dict(memberships[other])
            other_factor = -factor * line_sign[via] * other_lines[via]
            path = [*cycle, (other, other_factor)]
            onward = [index for index in other_lines if index != via]
            if not onward or onward[0] == closing:
                if not onward:
                    closes = closing is None
                else:
                    closes = other_factor * other_lines[onward[0]] == -start_signs[onward[0]]
                if closes and any(fits(path, step) for step in steps):
                    return True
                continue
            if onward[0] in used or len(path) >= max_cells:
                continue
            if extend(path, onward[0], closing, used | {onward[0]}):
                return True
        return False

    own = memberships[start]
    closing = own[1][0] if len(own) > 1 else None
    return extend([(start, 1)], own[0][0], closing, {own[0][0], closing})


def _nearest_candidate(
    key: Key,
    lines: Sequence[Line],
    memberships: dict[Key, list[tuple[int, int]]],
    values: Mapping[Key, int],
    hidden: dict[Key, Suppression],
    threshold: int,
) -> Key | None:
    """A cell to hide next to `key`: in its own lines, else in lines further along
    the hidden cells, nearest first."""
    seen_lines: set[int] = set()
    frontier = [key]
    while frontier:
        indexes = [i for cell in frontier for i, _ in memberships[cell] if i not in seen_lines]
        seen_lines.update(indexes)
        options = [_candidate(lines[i], values, hidden, threshold) for i in indexes]
        options = [option for option in options if option is not None]
        if options:
            return min(options, key=lambda option: values[option])
        frontier = [cell for i in indexes for cell in lines[i].cells if cell in hidden]
    return None


def suppress(
    values: Mapping[Key, int], lines: Sequence[Line], threshold: int
) -> dict[Key, Suppression]:
    """Which cells to hide and why; cells not in the result are published."""
    hidden: dict[Key, Suppression] = {
        key: "primary" for key, value in values.items() if 0 < value < threshold
    }
    while True:
        changed = False
        for line in lines:
            if _exposed(line, values, hidden, threshold):
                key = _candidate(line, values, hidden, threshold)
                if key is not None:
                    hidden[key] = "secondary"
                    changed = True
        if changed:
            continue
        memberships = _signs(lines)
        for key in list(hidden):
            if _can_change(key, lines, values, hidden, threshold):
                continue
            extra = _nearest_candidate(key, lines, memberships, values, hidden, threshold)
            if extra is not None:
                hidden[extra] = "secondary"
                changed = True
                break
        if not changed:
            return hidden


def grid_lines(rows: int, columns: int) -> list[Line]:
    """The sums of a table with a total column (index `columns`) and total row (`rows`)."""
    lines = [Line(tuple((r, c) for c in range(columns)), (r, columns)) for r in range(rows + 1)]
    lines += [Line(tuple((r, c) for r in range(rows)), (rows, c)) for c in range(columns + 1)]
    return lines


def list_lines(parts: int) -> list[Line]:
    """The sum of a list of counts with its total at index `parts`."""
    return [Line(tuple(range(parts)), parts)]


def protect_table(table, *, threshold: int):
    """The same table with its person counts suppressed (a `Table` from tables.py).

    Narrow person-count tables: the rows before the total row add up to it. Wide tables:
    the person columns of each row add up to the column marked as their total, and the
    rows add up to the total row; a rate column (`Column.rate_of`) is hidden with the
    count it is computed from.
    """
    from dataclasses import replace

    if not table.person_counts and not any(c.is_person_count for c in table.columns):
        return table
    if not table.is_wide:
        return _protect_narrow(table, threshold, replace)
    return _protect_wide(table, threshold, replace)


def _protect_narrow(table, threshold, replace):
    rows = list(table.rows)
    totals = [i for i, row in enumerate(rows) if row.is_total]
    values = {i: row.count or 0 for i, row in enumerate(rows) if row.count is not None}
    lines = []
    if totals:
        total = totals[0]
        lines.append(Line(tuple(i for i in range(total) if i in values), total))
    hidden = suppress(values, lines, threshold)
    rows = [
        replace(row, count=None, share=None, suppressed=hidden[i]) if i in hidden else row
        for i, row in enumerate(rows)
    ]
    return replace(table, rows=tuple(rows))


def _protect_wide(table, threshold, replace):
    person = [c.key for c in table.columns if c.is_person_count and not c.total_of]
    total_columns = [c for c in table.columns if c.is_person_count and c.total_of]
    rows = list(table.rows)
    body = [i for i, row in enumerate(rows) if not row.is_total]
    total_row = next((i for i, row in enumerate(rows) if row.is_total), None)
    values = {
        (i, key): rows[i].values.get(key) or 0
        for i in range(len(rows))
        for key in [*person, *(c.key for c in total_columns)]
    }
    lines = []
    for total_column in total_columns:
        parts = tuple(k for k in total_column.total_of)
        lines += [
            Line(tuple((i, k) for k in parts), (i, total_column.key)) for i in range(len(rows))
        ]
    if total_row is not None:
        for key in [*person, *(c.key for c in total_columns)]:
            lines.append(Line(tuple((i, key) for i in body), (total_row, key)))
    hidden = suppress(values, lines, threshold)
    rates = {c.key: c.rate_of for c in table.columns if c.rate_of}
    protected = []
    for i, row in enumerate(rows):
        marks = {key: kind for (r, key), kind in hidden.items() if r == i}
        for rate, source in rates.items():
            if source in marks:
                marks[rate] = "secondary"
        if not marks:
            protected.append(row)
            continue
        new_values = {k: (None if k in marks else v) for k, v in row.values.items()}
        protected.append(replace(row, values=new_values, hidden=marks))
    return replace(table, rows=tuple(protected))


def protect_report(report, *, threshold: int):
    """The report as the public may see it: every person count protected."""
    from dataclasses import replace

    tables = tuple(protect_table(table, threshold=threshold) for table in report.tables)
    changed = any(a is not b for a, b in zip(tables, report.tables, strict=True))
    note = (
        f"Tall fra 1 til {threshold - 1} vises som <{threshold}; tall merket x er skjult for "
        "at de små tallene ikke skal kunne regnes ut av summene."
    )
    return replace(
        report,
        tables=tables,
        suppressed=changed,
        notes=(*report.notes, note) if changed else report.notes,
    )
