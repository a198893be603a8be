"""Tables and figures prepared for the HTML page and document (and thereby the PDF)."""

from __future__ import annotations

from dataclasses import dataclass, field

from babel.numbers import format_decimal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..charts import bar_chart, line_chart, summary
from ..maps import choropleth
from ..suppression import hidden_mark
from ..tables import Report, Table

# Tables with more rows than this are folded away behind their figure.
LONG_TABLE = 25
# Which column of a wide table the figure shows, and on what kind of figure.
WIDE_FIGURES = {
    "aktivitet_region": ("bar", "per_100000"),
    "aktivitet_fylke": ("fylke", "per_100000"),
    "aktivitet_kommune": ("kommune", "per_100000"),
    "aktivitet_opptaksomrade": ("bar", "per_100000"),
    "aktivitet_periode": ("line", ""),
    "dekning_kommune": ("kommune", "per_100000"),
    "variasjon_aldersgruppe": ("bar-row", "nasjonalt"),
}


# Tables whose rows are the municipalities chosen in the filter, so their map zooms to them.
ZOOMED = {"dekning_kommune"}


def number(value) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale="nb")


@dataclass
class Section:
    table: Table
    headers: list[str]
    rows: list[dict]
    figure: SafeString | None = None
    summary: str = ""
    folded: bool = False
    notes: list[str] = field(default_factory=list)


def _cells(table: Table) -> tuple[list[str], list[dict]]:
    if table.is_wide:
        headers = [c.label for c in table.columns]
    else:
        headers = [_("Antall"), _("Andel")] if table.n is not None else [_("Antall")]
    rows = []
    for row in table.rows:
        if table.is_wide:
            cells = [
                hidden_mark(row.hidden[c.key])
                if row.hidden.get(c.key)
                else number(row.values.get(c.key))
                for c in table.columns
            ]
        else:
            count = hidden_mark(row.suppressed) if row.suppressed else number(row.count)
            cells = [count]
            if table.n is not None:
                cells.append(
                    "100 %" if row.is_total else ("" if row.share is None else f"{row.share} %")
                )
        rows.append({"label": row.label, "code": row.code, "cells": cells, "total": row.is_total})
    if not table.is_wide and table.n is not None:
        rows.append(
            {
                "label": _("Samlet n"),
                "code": "n",
                "cells": [number(table.n), "100 %"],
                "total": True,
            }
        )
    return headers, rows


def _figure(table: Table) -> tuple[str | None, str]:
    chart_id = f"figur-{table.id}"
    if not table.is_wide:
        if table.n is None and not table.person_counts:
            return None, ""
        return bar_chart(table, chart_id=chart_id), summary(table)
    kind, column = WIDE_FIGURES.get(table.id, ("", ""))
    if kind == "bar":
        return bar_chart(table, column=column, chart_id=chart_id), summary(table, column=column)
    if kind in ("kommune", "fylke"):
        values = {
            row.code: row.values.get(column)
            for row in table.rows
            if not row.is_total and not row.hidden.get(column)
        }
        label = next(c.label for c in table.columns if c.key == column)
        # A table of chosen municipalities (a region, county or municipalities in the
        # filter) is drawn as a map of just those, enlarged.
        only = [row.code for row in table.rows if not row.is_total] if table.id in ZOOMED else None
        svg = choropleth(
            values,
            level="kommune" if kind == "kommune" else "fylke",
            title=table.title,
            legend_title=label,
            map_id=chart_id,
            only=only,
        )
        return svg, _("Kartet viser %(what)s. Tabellen under har alle tallene.") % {
            "what": label.lower()
        }
    if kind == "line":
        body = [row for row in table.rows if not row.is_total]
        series: list[tuple[str, list[tuple[str, float | None]]]] = [
            (
                c.label,
                [
                    (row.label, None if row.hidden.get(c.key) else row.values.get(c.key))
                    for row in body
                ],
            )
            for c in table.columns
            if c.key in ("pasienter", "parorende", "barn_som_parorende", "andre_deltakere")
        ]
        if len(body) < 2:
            return None, ""
        return line_chart(series, title=table.title, chart_id=chart_id), _(
            "Deltakere per periode etter kategori. Tabellen under har alle tallene."
        )
    return None, ""


def sections(report: Report, *, figures: bool = True) -> list[Section]:
    out = []
    for table in report.tables:
        headers, rows = _cells(table)
        svg, text = _figure(table) if figures else (None, "")
        out.append(
            Section(
                table=table,
                headers=headers,
                rows=rows,
                figure=mark_safe(svg) if svg else None,  # noqa: S308 - built from escaped parts
                summary=text,
                folded=len(rows) > LONG_TABLE,
            )
        )
    return out
