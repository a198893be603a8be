"""Shared pieces of the server-rendered SVG graphics (charts.py and maps.py): colours with
their contrast, escaping, Norwegian numbers and lists, and the accessible `<svg>` opening
with its title and description."""

from __future__ import annotations

from xml.sax.saxutils import escape

from babel.numbers import format_decimal

FONT = "system-ui, sans-serif"
TEXT = "#1a1a1a"  # 17:1 on white
MUTED = "#595959"  # 7:1 on white: axes and secondary text
GRID = "#d9d9d9"  # decorative only
BAR = "#1f5fa8"  # 6.4:1 on white
# Okabe–Ito hues that reach 3:1 against white (orange, sky blue and yellow do not).
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000")
# Lines also differ by dash pattern, so colour is not the only cue.
SERIES_DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2")


def esc(text: object) -> str:
    return escape(str(text), {'"': "&quot;"})


def num(value: float) -> str:
    return format_decimal(value, locale="nb")


def percent(value: int) -> str:
    return f"{value} %"


def join(names: list[str], limit: int = 3) -> str:
    """«A», «B» og «C»; beyond `limit` names, «A», «B», «C» og 4 andre."""
    if len(names) > limit:
        return f"{', '.join(names[:limit])} og {len(names) - limit} andre"
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} og {names[-1]}"


def svg_open(chart_id: str, width: float, height: float) -> str:
    cid = esc(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" viewBox="0 0 {width:g} {height:g}" '
        f'width="100%" font-family="{FONT}" font-size="13" fill="{TEXT}">'
    )


def title_desc(chart_id: str, title: str, desc: str) -> str:
    cid = esc(chart_id)
    return f'<title id="{cid}-title">{esc(title)}</title><desc id="{cid}-desc">{esc(desc)}</desc>'
