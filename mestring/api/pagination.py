"""Pages of /api/v1 lists: `side` (from 1) and `per_side`, answered as
{antall, side, per_side, resultater}."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ninja import Field

MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000


def page_field():
    return Field(1, ge=1, le=MAX_PAGE, description="Sidenummer, fra 1.")


def size_field(default: int, description: str):
    return Field(default, ge=1, le=MAX_PAGE_SIZE, description=description)


@dataclass(frozen=True)
class Page:
    """One page of a list; `number` and `size` are already validated by the query schema."""

    number: int
    size: int

    @classmethod
    def of(cls, query) -> Page:
        return cls(query.side, query.per_side)

    @property
    def start(self) -> int:
        return (self.number - 1) * self.size

    @property
    def stop(self) -> int:
        return self.number * self.size

    def body(self, total: int, rows: Sequence, convert: Callable) -> dict:
        return {
            "antall": total,
            "side": self.number,
            "per_side": self.size,
            "resultater": [convert(row) for row in rows],
        }

    def of_queryset(self, queryset, convert: Callable) -> dict:
        """Count the rows, read only this page's slice and convert it."""
        return self.body(queryset.count(), queryset[self.start : self.stop], convert)
