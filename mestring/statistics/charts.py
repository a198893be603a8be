"""Accessible SVG charts for statistics tables, rendered on the server as plain markup strings.

No scripts, no external fonts, nothing fetched: the markup can be inlined in a page or saved
as a file. Every piece of text goes through `svg.esc`.
"""

from __future__ import annotations

import math
import textwrap

from mestring.statistics.suppression import hidden_mark
from mestring.statistics.svg import (
    BAR,
    GRID,
    MUTED,
    SERIES_COLOURS,
    SERIES_DASHES,
    esc,
    join,
    num,
    percent,
    svg_open,
    title_desc,
)
from mestring.statistics.tables import Row, Table, share

CHAR_W = 7.2  # rough average glyph width at 13px, used to lay out text without a font

WIDTH = 640
LABEL_W = 216
BAR_X = 224
BAR_MAX_W = 280
LINE_H = 16


def _value(row: Row, column: str | None) -> tuple[int | float | None, str]:
    """The row's number for the chart and, when hidden, why."""
    if column is None:
        return row.count, row.suppressed
    return row.values.get(column), row.hidden.get(column, "")


def _row_share(row: Row, table: Table, column: str | None) -> int | None:
    if column is not None or row.count is None:
        return None
    if row.share is not None:
        return row.share
    return share(row.count, table.n) if table.n else None


def _value_text(row: Row, table: Table, column: str | None) -> str:
    value, hidden = _value(row, column)
    if value is None:
        return hidden_mark("primary" if hidden == "primary" else "secondary")
    pct = _row_share(row, table, column)
    return num(value) if pct is None else f"{num(value)} ({percent(pct)})"


def _label_lines(label: str, width: int = 30) -> list[str]:
    """At most two lines; a longer label is cut with an ellipsis (the full one is in <title>)."""
    lines = textwrap.wrap(label, width=width, break_long_words=True) or [""]
    if len(lines) > 2:
        rest = " ".join(lines[1:])
        lines = [lines[0], rest[: width - 1].rstrip() + "…"]
    return lines


def summary(table: Table, *, column: str | None = None) -> str:
    """A short Norwegian sentence or two on what the chart shows."""
    rows = [r for r in table.rows if not r.is_total]
    shown = [(r, v) for r in rows if (v := _value(r, column)[0]) is not None]
    hidden_note = " Noen tall er skjult av personvernhensyn." if len(shown) < len(rows) else ""
    if rows and not shown:
        return "Alle tall er skjult av personvernhensyn."
    if not any(v for _, v in shown):
        return f"Ingen {table.unit or 'data'} i utvalget.{hidden_note}"

    def part(word: str, value: float) -> str:
        names = [f"«{r.label}»" for r, v in shown if v == value]
        pcts = {_row_share(r, table, column) for r, v in shown if v == value}
        pct = pcts.pop() if len(pcts) == 1 else None
        numbers = num(value) if pct is None else f"{num(value)}, {percent(pct)}"
        each = " hver" if len(names) > 1 else ""
        return f"{word} i {join(names)} ({numbers}{each})."

    values = [v for _, v in shown]
    high, low = max(values), min(values)
    text = part("Flest", high)
    if low != high:
        text += " " + part("Færrest", low)
    if column is None and table.n is not None:
        text += f" n = {num(table.n)}."
    return text + hidden_note


def bar_chart(table: Table, *, column: str | None = None, chart_id: str) -> str:
    """Horizontal bars, one per row (totals left out), labelled with value and share."""
    rows = [r for r in table.rows if not r.is_total]
    numbers = [v for r in rows if (v := _value(r, column)[0]) is not None]
    top = max(numbers, default=0) or 1
    parts: list[str] = []
    y = 8.0
    for row in rows:
        lines = _label_lines(row.label)
        height = LINE_H * len(lines) + 12
        mid = y + height / 2
        value, _ = _value(row, column)
        value_text = _value_text(row, table, column)
        first = mid - (len(lines) - 1) * LINE_H / 2 + 4.5
        tspans = "".join(
            f'<tspan x="{LABEL_W}" y="{first + i * LINE_H:g}">{esc(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(f'<g class="bar-row"><title>{esc(f"{row.label}: {value_text}")}</title>')
        parts.append(f'<text text-anchor="end">{tspans}</text>')
        text_x: float = BAR_X + 6
        if value is not None:
            bar_w = round(BAR_MAX_W * max(value, 0) / top, 1)
            parts.append(
                f'<rect class="bar" x="{BAR_X}" y="{mid - 8:g}" width="{bar_w:g}" height="16" '
                f'fill="{BAR}"/>'
            )
            text_x += bar_w
        parts.append(
            f'<text class="value" x="{text_x:g}" y="{mid + 4.5:g}">{esc(value_text)}</text>'
        )
        parts.append("</g>")
        y += height
    parts.append(f'<line x1="{BAR_X}" y1="4" x2="{BAR_X}" y2="{y + 4:g}" stroke="{MUTED}"/>')
    y += 8
    if column is None and table.n is not None:
        y += 16
        parts.append(f'<text x="{BAR_X}" y="{y:g}" fill="{MUTED}">n = {esc(num(table.n))}</text>')
        y += 8
    head = svg_open(chart_id, WIDTH, y) + title_desc(
        chart_id, table.title, summary(table, column=column)
    )
    return head + "".join(parts) + "</svg>"


def _ticks(low: float, high: float) -> list[float]:
    """Round axis ticks (1, 2 or 5 times a power of ten) covering low..high."""
    raw = (high - low) / 5 or 1
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    start, stop = math.floor(low / step), math.ceil(high / step)
    if start == stop:
        stop += 1
    return [round(i * step, 10) for i in range(start, stop + 1)]


def _line_summary(series: list[tuple[str, list[tuple[str, float | None]]]], unit: str) -> str:
    suffix = f" {unit}" if unit else ""
    sentences = []
    for name, points in series:
        known = [(x, v) for x, v in points if v is not None]
        if not known:
            sentences.append(f"{name}: ingen data.")
            continue
        hx, hv = max(known, key=lambda p: p[1])
        lx, lv = known[-1]
        sentences.append(f"{name}: høyest {num(hv)}{suffix} ({hx}), sist {num(lv)}{suffix} ({lx}).")
    return " ".join(sentences) or "Ingen data."


def line_chart(
    series: list[tuple[str, list[tuple[str, int | float | None]]]],
    *,
    title: str,
    chart_id: str,
    unit: str = "",
) -> str:
    """One line per series over shared x labels; None leaves a gap in the line."""
    xs: list[str] = []
    for _, points in series:
        xs += [x for x, _ in points if x not in xs]
    values = [v for _, points in series for _, v in points if v is not None]
    ticks = _ticks(min(values + [0]), max(values + [0]))
    low, high = ticks[0], ticks[-1]

    left = max(len(num(t)) for t in ticks) * CHAR_W + 16
    right, top, plot_h = 16, 28, 240
    plot_w = WIDTH - left - right
    bottom = top + plot_h
    label_w = max((len(x) for x in xs), default=0) * CHAR_W + 8
    # Keep the first and last x labels clear of the y labels and the right edge.
    pad = max(12.0, label_w / 2)
    step = (plot_w - 2 * pad) / (len(xs) - 1) if len(xs) > 1 else 0

    def px(x: str) -> float:
        return round(left + pad + xs.index(x) * step if step else left + plot_w / 2, 1)

    def py(v: float) -> float:
        return round(bottom - (v - low) / (high - low) * plot_h, 1)

    parts: list[str] = []
    if unit:
        parts.append(f'<text x="{left:g}" y="16" fill="{MUTED}">{esc(unit)}</text>')
    for t in ticks:
        ty = py(t)
        parts.append(
            f'<line x1="{left:g}" y1="{ty:g}" x2="{WIDTH - right}" y2="{ty:g}" stroke="{GRID}"/>'
            f'<text x="{left - 8:g}" y="{ty + 4.5:g}" text-anchor="end" fill="{MUTED}">'
            f"{esc(num(t))}</text>"
        )
    every = math.ceil(label_w / step) if step else 1
    for i, x in enumerate(xs):
        if i % every == 0:
            parts.append(
                f'<text x="{px(x):g}" y="{bottom + 18}" text-anchor="middle">{esc(x)}</text>'
            )
    parts.append(
        f'<line x1="{left:g}" y1="{bottom}" x2="{WIDTH - right}" y2="{bottom}" stroke="{MUTED}"/>'
    )

    for i, (name, points) in enumerate(series):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        dash = SERIES_DASHES[i % len(SERIES_DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        d, pen_down = [], False
        for x, v in points:
            if v is None:
                pen_down = False
                continue
            d.append(f"{'L' if pen_down else 'M'}{px(x):g} {py(v):g}")
            pen_down = True
        parts.append(f'<g class="series"><title>{esc(name)}</title>')
        parts.append(
            f'<path d="{" ".join(d)}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        suffix = f" {unit}" if unit else ""
        for x, v in points:
            if v is not None:
                label = f"{name}, {x}: {num(v)}{suffix}"
                parts.append(
                    f'<circle class="point" cx="{px(x):g}" cy="{py(v):g}" r="4" fill="{colour}" '
                    f'stroke="#fff"><title>{esc(label)}</title></circle>'
                )
        parts.append("</g>")

    # Legend: items flow left to right and wrap onto new rows.
    lx, ly = left, bottom + 44
    for i, (name, _) in enumerate(series):
        item_w = 36 + len(name) * CHAR_W + 20
        if lx + item_w > WIDTH and lx > left:
            lx, ly = left, ly + 22
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        dash = SERIES_DASHES[i % len(SERIES_DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<g class="legend-item">'
            f'<line x1="{lx:g}" y1="{ly - 4}" x2="{lx + 28:g}" y2="{ly - 4}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            f'<circle cx="{lx + 14:g}" cy="{ly - 4}" r="4" fill="{colour}" stroke="#fff"/>'
            f'<text x="{lx + 36:g}" y="{ly + 0.5:g}">{esc(name)}</text></g>'
        )
        lx += item_w
    height = ly + 12
    head = svg_open(chart_id, WIDTH, height) + title_desc(
        chart_id, title, _line_summary(series, unit)
    )
    return head + "".join(parts) + "</svg>"
