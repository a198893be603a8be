"""Choropleth maps of Norway by municipality or county, rendered on the server as SVG markup.

Boundaries come from the simplified 2024 GeoJSON files in refdata; they are projected and
fitted to the viewBox once per level and kept in memory.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple

from mestring.statistics.svg import TEXT, esc, join, num, svg_open, title_desc

Level = Literal["kommune", "fylke"]

GEO_DIR = Path(__file__).resolve().parent.parent / "refdata" / "data" / "geo"
SOURCES = {
    "kommune": ("kommuner_2024_s.geojson", "kommunenummer"),
    "fylke": ("fylker_2024_s.geojson", "fylkesnummer"),
}
NOUNS = {"kommune": ("kommune", "kommuner"), "fylke": ("fylke", "fylker")}
VIEW_W, VIEW_H, MARGIN = 600, 800, 10
ZOOM_H = 560  # a zoomed map fills the view down to here; the legend goes below
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
CENTRAL_MERIDIAN = 15.0  # as UTM zone 33, the projection of Norwegian national maps

# ColorBrewer YlGnBu without its two palest steps, so the lightest class still shows on
# white; fewer classes take colours spread over the whole range.
PALETTE = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58")
STROKE = "#737373"  # 4.7:1 on white, still visible on the darkest class
NO_DATA = "#e6e6e6"


class Area(NamedTuple):
    code: str
    name: str
    d: str


def _project(lon: float, lat: float) -> tuple[float, float]:
    """Spherical transverse Mercator: close enough to UTM 33 at this scale."""
    lam = math.radians(lon - CENTRAL_MERIDIAN)
    phi = math.radians(lat)
    return math.atanh(math.cos(phi) * math.sin(lam)), math.atan2(math.tan(phi), math.cos(lam))


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def _ring_path(ring: list[tuple[float, float]]) -> str | None:
    """'Mx y x y …Z' with consecutive duplicates dropped; None when too small to draw."""
    points: list[tuple[float, float]] = []
    for point in ring:
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 3:
        return None
    return "M" + " ".join(f"{x:g} {y:g}" for x, y in points) + "Z"


@lru_cache(maxsize=2)
def areas(level: Level) -> tuple[Area, ...]:
    """Every area of the level, projected and fitted to the viewBox, in file order."""
    filename, code_key = SOURCES[level]
    features = json.loads((GEO_DIR / filename).read_text(encoding="utf-8"))["features"]
    projected = [
        [[[_project(lon, lat) for lon, lat, *_ in ring] for ring in polygon] for polygon in shapes]
        for shapes in (_polygons(f["geometry"]) for f in features)
    ]
    xs = [x for shapes in projected for poly in shapes for ring in poly for x, _ in ring]
    ys = [y for shapes in projected for poly in shapes for ring in poly for _, y in ring]
    scale = min(
        (VIEW_W - 2 * MARGIN) / (max(xs) - min(xs)), (VIEW_H - 2 * MARGIN) / (max(ys) - min(ys))
    )
    x0 = (VIEW_W - (max(xs) - min(xs)) * scale) / 2 - min(xs) * scale
    y0 = (VIEW_H + (max(ys) - min(ys)) * scale) / 2 + min(ys) * scale

    result = []
    for feature, shapes in zip(features, projected, strict=True):
        rings = [
            [(round(x0 + x * scale, 1), round(y0 - y * scale, 1)) for x, y in ring]
            for poly in shapes
            for ring in poly
        ]
        paths = [p for ring in rings if (p := _ring_path(ring))]
        if not paths:  # never lose an area entirely, however small
            paths = ["M" + " ".join(f"{x:g} {y:g}" for x, y in rings[0]) + "Z"]
        props = feature["properties"]
        result.append(Area(str(props[code_key]), str(props["name"]), "".join(paths)))
    return tuple(result)


def class_ranges(values: list[float], classes: int = 5) -> list[tuple[float, float]]:
    """(lowest, highest) value of each class, lowest class first.

    With no more distinct values than classes, each value is a class of its own. Otherwise
    class tops are quantiles taken from the values themselves, so many ties give fewer
    classes.
    """
    ordered = sorted(values)
    k = max(1, min(classes, len(PALETTE)))
    distinct = sorted(set(ordered))
    if len(distinct) <= k:
        return [(v, v) for v in distinct]
    tops = sorted({ordered[math.ceil(i / k * len(ordered)) - 1] for i in range(1, k + 1)})
    ranges, start = [], 0
    for top in tops:
        members = [v for v in ordered[start:] if v <= top]
        ranges.append((members[0], members[-1]))
        start += len(members)
    return ranges


def class_colours(count: int) -> list[str]:
    if count == 1:
        return [PALETTE[len(PALETTE) // 2]]
    return [PALETTE[int(i * (len(PALETTE) - 1) / (count - 1) + 0.5)] for i in range(count)]


def _wrap(text: str, width: int = 26) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def choropleth(
    values: dict[str, float | None],
    *,
    level: Level,
    title: str,
    legend_title: str,
    map_id: str,
    labels: dict[str, str] | None = None,
    value_format: Callable[[float], str] | None = None,
    classes: int = 5,
    only: Iterable[str] | None = None,
) -> str:
    """Norway with each area coloured by its class; areas without a value are hatched grey.

    With `only`, just those areas are drawn, enlarged to fill the map (a region chosen in
    a filter, say); the legend then sits below them.
    """
    fmt = value_format or num
    shapes = areas(level)
    zoom = None
    if only is not None:
        chosen = set(only)
        picked = tuple(a for a in shapes if a.code in chosen)
        if picked and len(picked) < len(shapes):
            shapes, zoom = picked, _fit(picked)
    names = {a.code: (labels or {}).get(a.code, a.name) for a in shapes}
    known = {a.code: v for a in shapes if (v := values.get(a.code)) is not None}
    ranges = class_ranges(list(known.values()), classes)
    colours = class_colours(len(ranges)) if ranges else []
    hatch = f"{map_id}-ingen-data"

    def fill(value: float | None) -> str:
        if value is None:
            return f"url(#{hatch})"
        return next(c for (_, high), c in zip(ranges, colours, strict=True) if value <= high)

    stroke = 0.3 if level == "kommune" else 0.6
    transform = ""
    if zoom:
        scale, dx, dy = zoom
        stroke = round(stroke * 2 / scale, 3)
        transform = f' transform="translate({dx:g} {dy:g}) scale({scale:g})"'
    parts = [
        f'<defs><pattern id="{esc(hatch)}" patternUnits="userSpaceOnUse" width="5" height="5" '
        f'patternTransform="rotate(45)"><rect width="5" height="5" fill="{NO_DATA}"/>'
        f'<line x1="0" y1="0" x2="0" y2="5" stroke="#8c8c8c" stroke-width="1.5"/></pattern></defs>',
        f'<g stroke="{STROKE}" stroke-width="{stroke:g}"{transform} '
        f'stroke-linejoin="round" fill-rule="evenodd">',
    ]
    for area in shapes:
        value = known.get(area.code)
        shown = "ingen data" if value is None else fmt(value)
        parts.append(
            f'<path data-code="{esc(area.code)}" fill="{esc(fill(value))}" d="{area.d}">'
            f"<title>{esc(f'{names[area.code]}: {shown}')}</title></path>"
        )
    parts.append("</g>")

    # The legend sits in the empty lower right corner (Sweden on a real map), or below a
    # zoomed map.
    x, y = (MARGIN, ZOOM_H + 30) if zoom else (310, 540)
    legend = [f'<g class="legend" fill="{TEXT}">']
    for line in _wrap(legend_title):
        legend.append(f'<text x="{x}" y="{y}" font-weight="600">{esc(line)}</text>')
        y += 18
    items = [
        (colour, fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}")
        for (low, high), colour in zip(ranges, colours, strict=True)
    ]
    if len(known) < len(shapes):
        items.append((f"url(#{hatch})", "Ingen data"))
    for colour, text in items:
        legend.append(
            f'<rect x="{x}" y="{y - 4}" width="22" height="14" fill="{esc(colour)}" '
            f'stroke="{STROKE}"/><text x="{x + 30}" y="{y + 8}">{esc(text)}</text>'
        )
        y += 22
    legend.append("</g>")

    head = svg_open(map_id, VIEW_W, VIEW_H) + title_desc(
        map_id, title, _description(level, known, names, fmt, len(shapes), zoomed=bool(zoom))
    )
    return head + "".join(parts + legend) + "</svg>"


def _fit(shapes: tuple[Area, ...]) -> tuple[float, float, float]:
    """(scale, dx, dy) that enlarge the areas to fill the map above the legend."""
    numbers = [float(n) for area in shapes for n in _NUMBER.findall(area.d)]
    xs, ys = numbers[0::2], numbers[1::2]
    width, height = max(xs) - min(xs) or 1, max(ys) - min(ys) or 1
    scale = min((VIEW_W - 2 * MARGIN) / width, (ZOOM_H - MARGIN) / height)
    dx = MARGIN + ((VIEW_W - 2 * MARGIN) - width * scale) / 2 - min(xs) * scale
    dy = MARGIN - min(ys) * scale
    return round(scale, 4), round(dx, 1), round(dy, 1)


def _description(
    level: Level,
    known: dict[str, float],
    names: dict[str, str],
    fmt,
    total: int,
    *,
    zoomed: bool = False,
) -> str:
    singular, plural = NOUNS[level]
    if zoomed:
        text = f"Kart over de {total} {plural} i utvalget."
    else:
        text = f"Kart over Norge etter {singular}."
    if not known:
        return text + " Ingen data."
    high, low = max(known.values()), min(known.values())
    highest = join(sorted(names[c] for c, v in known.items() if v == high))
    lowest = join(sorted(names[c] for c, v in known.items() if v == low))
    text += f" Høyest: {highest} ({fmt(high)}), lavest: {lowest} ({fmt(low)})."
    missing = total - len(known)
    if missing:
        text += f" {missing} {singular if missing == 1 else plural} uten data."
    return text
