"""The objects every report is made of, whatever it is rendered to.

A `Table` has its own n, rows in a fixed order (every code present, zero or not), and
per row a count and a share of n. Person counts can be suppressed (suppression.py):
the row then keeps its place but `count` is None and `suppressed` tells why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Suppression = Literal["", "primary", "secondary"]


def share(count: int, n: int) -> int | None:
    """Whole percent of n, rounded half up (core dataset §6): 1 of 8 = 12.5 % → 13 %."""
    if not n:
        return None
    return int((Decimal(count) * 100 / Decimal(n)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def per_100k(count: int | None, population: int | None) -> float | None:
    """Per 100 000 inhabitants, one decimal, rounded half up; None without a population."""
    if count is None or not population:
        return None
    rate = Decimal(count) * 100_000 / Decimal(population)
    return float(rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    is_person_count: bool = False
    # For a total column: the keys of the columns it adds up.
    total_of: tuple[str, ...] = ()
    # For a rate: the key of the count it is computed from (hidden with it).
    rate_of: str = ""


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    count: int | None
    share: int | None = None
    suppressed: Suppression = ""
    # Further columns of a wide table (Table.columns), by column key.
    values: Mapping[str, float | None] = field(default_factory=dict)
    hidden: dict[str, Suppression] = field(default_factory=dict)
    is_total: bool = False


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    n: int | None
    rows: tuple[Row, ...]
    # What the counts count: "gjennomføringer", "omtaler", "LMS", "personer", …
    unit: str = ""
    footnotes: tuple[str, ...] = ()
    # Wide tables (several numbers per row) name their columns; narrow ones leave it empty.
    columns: tuple[Column, ...] = ()
    # Whether `count` is a number of persons (suppressed in public outputs).
    person_counts: bool = False

    @property
    def is_wide(self) -> bool:
        return bool(self.columns)

    def row(self, code: str) -> Row:
        for row in self.rows:
            if row.code == code:
                return row
        raise KeyError(code)


@dataclass(frozen=True)
class Report:
    id: str
    title: str
    period: tuple[str, str]
    filter: dict[str, list[str] | str]
    tables: tuple[Table, ...]
    # True when person counts below the threshold were hidden.
    suppressed: bool = False
    notes: tuple[str, ...] = ()

    def table(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)


def count_table(
    table_id: str,
    title: str,
    counts: dict[str, int],
    order: list[tuple[str, str]],
    unit: str,
    footnotes: tuple[str, ...] = (),
    n: int | None = None,
) -> Table:
    """A narrow table with a row per code in `order`, zero rows included.

    n defaults to the sum of the counts: the runs (or mentions) with an answer.
    """
    total = sum(counts.get(code, 0) for code, _ in order) if n is None else n
    rows = tuple(
        Row(
            code=code,
            label=str(label),
            count=counts.get(code, 0),
            share=share(counts.get(code, 0), total),
        )
        for code, label in order
    )
    return Table(id=table_id, title=title, n=total, rows=rows, unit=unit, footnotes=footnotes)
