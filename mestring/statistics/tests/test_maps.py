import json
import xml.etree.ElementTree as ET

import pytest

from mestring.statistics.maps import GEO_DIR, PALETTE, areas, choropleth, class_ranges

NS = {"svg": "http://www.w3.org/2000/svg"}


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own markup, parsed to prove it well-formed


def _features(filename: str) -> list[dict]:
    return json.loads((GEO_DIR / filename).read_text(encoding="utf-8"))["features"]


def _paths(root: ET.Element) -> dict[str, ET.Element]:
    return {p.get("data-code"): p for p in root.iterfind(".//svg:path[@data-code]", NS)}


@pytest.fixture(scope="module")
def municipality_values() -> dict[str, float | None]:
    codes = [f["properties"]["kommunenummer"] for f in _features("kommuner_2024_s.geojson")]
    values: dict[str, float | None] = {code: float(i % 50) for i, code in enumerate(codes)}
    values["0301"] = 1234.5
    values[codes[1]] = None
    values[codes[2]] = None
    values["9999"] = 5.0  # not a municipality: ignored
    return values


@pytest.fixture(scope="module")
def municipality_svg(municipality_values) -> str:
    return choropleth(
        municipality_values,
        level="kommune",
        title="Gjennomføringer per kommune",
        legend_title="Gjennomføringer per 10 000 innbyggere",
        map_id="km",
    )


def test_municipality_map_has_a_path_per_feature(municipality_svg):
    root = _parse(municipality_svg)
    paths = _paths(root)
    codes = {f["properties"]["kommunenummer"] for f in _features("kommuner_2024_s.geojson")}
    assert len(codes) > 350
    assert set(paths) == codes
    assert all(p.get("d").startswith("M") for p in paths.values())
    assert paths["0301"].find("svg:title", NS).text == "Oslo: 1\xa0234,5"
    assert "9999" not in municipality_svg


def test_municipality_map_is_labelled(municipality_svg):
    root = _parse(municipality_svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "km-title km-desc"
    assert root.find("svg:title", NS).get("id") == "km-title"
    assert root.find("svg:title", NS).text == "Gjennomføringer per kommune"
    desc = root.find("svg:desc", NS)
    assert desc.get("id") == "km-desc"
    assert desc.text.startswith(
        "Kart over Norge etter kommune. Høyest: Oslo (1\xa0234,5), lavest: "
    )
    assert desc.text.endswith(" 2 kommuner uten data.")


def test_municipality_map_is_small(municipality_svg):
    assert len(municipality_svg.encode()) < 700_000


def test_min_in_first_class_and_max_in_last(municipality_svg, municipality_values):
    root = _parse(municipality_svg)
    paths = _paths(root)
    known = {c: v for c, v in municipality_values.items() if v is not None and c in paths}
    fills = [PALETTE[0], PALETTE[2], PALETTE[3], PALETTE[5], PALETTE[6]]
    lowest = min(known, key=known.get)
    assert paths[lowest].get("fill") == fills[0]
    assert paths["0301"].get("fill") == fills[-1]
    ordered = sorted(known, key=known.get)
    ranks = [fills.index(paths[c].get("fill")) for c in ordered]
    assert ranks == sorted(ranks)
    legend = [
        "".join(t.itertext()) for t in root.iterfind(".//svg:g[@class='legend']/svg:text", NS)
    ]
    assert legend[:2] == ["Gjennomføringer per 10 000", "innbyggere"]
    assert legend[2].startswith("0–")
    assert legend[-2].endswith("–1\xa0234,5")
    assert legend[-1] == "Ingen data"


def test_no_data_areas_are_hatched(municipality_svg, municipality_values):
    root = _parse(municipality_svg)
    missing = [c for c, v in municipality_values.items() if v is None]
    pattern = root.find(".//svg:defs/svg:pattern", NS)
    assert pattern.get("id") == "km-ingen-data"
    for code in missing:
        path = _paths(root)[code]
        assert path.get("fill") == "url(#km-ingen-data)"
        assert path.find("svg:title", NS).text.endswith(": ingen data")


def test_county_map_with_labels_and_format():
    codes = [f["properties"]["fylkesnummer"] for f in _features("fylker_2024_s.geojson")]
    svg = choropleth(
        dict.fromkeys(codes[:-1], 0.25),
        level="fylke",
        title="Andel",
        legend_title="Andel",
        map_id="fy",
        labels={"03": "Oslo kommune"},
        value_format=lambda v: f"{round(v * 100)} %",
    )
    root = _parse(svg)
    paths = _paths(root)
    assert len(paths) == len(codes) == 15
    assert paths["03"].find("svg:title", NS).text == "Oslo kommune: 25 %"
    assert len({p.get("fill") for p in paths.values()}) == 2  # one class, one without data
    assert root.find("svg:desc", NS).text.endswith("(25 %). 1 fylke uten data.")
    legend = [t.text for t in root.iterfind(".//svg:g[@class='legend']/svg:text", NS)]
    assert legend == ["Andel", "25 %", "Ingen data"]


def test_map_without_any_values():
    root = _parse(choropleth({}, level="fylke", title="Tomt", legend_title="Antall", map_id="t"))
    assert root.find("svg:desc", NS).text == "Kart over Norge etter fylke. Ingen data."
    assert {p.get("fill") for p in _paths(root).values()} == {"url(#t-ingen-data)"}


def test_hostile_text_is_escaped():
    hostile = '<script>alert(1)</script> & "quotes"'
    svg = choropleth(
        {"03": 1},
        level="fylke",
        title=hostile,
        legend_title=hostile,
        map_id="h",
        labels={"03": hostile},
    )
    root = _parse(svg)
    assert "<script" not in svg
    assert root.find("svg:title", NS).text == hostile
    assert _paths(root)["03"].find("svg:title", NS).text == f"{hostile}: 1"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], []),
        ([3, 3, 3], [(3, 3)]),
        ([1, 2], [(1, 1), (2, 2)]),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]),
        ([0, 0, 0, 0, 0, 0, 0, 0, 1, 9], [(0, 0), (1, 1), (9, 9)]),
        ([0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 9], [(0, 0), (1, 1), (2, 4), (5, 9)]),
    ],
)
def test_class_ranges(values, expected):
    assert class_ranges(values) == expected


def test_projection_keeps_norway_upright():
    shapes = {a.name: a.d for a in areas("fylke")}

    def first_point(d: str) -> tuple[float, float]:
        x, y = d[1:].split(" ")[:2]
        return float(x), float(y)

    oslo_x, oslo_y = first_point(shapes["Oslo"])
    finnmark_x, finnmark_y = first_point(shapes["Finnmark"])
    assert finnmark_y < oslo_y and finnmark_x > oslo_x
    assert 0 <= oslo_x <= 600 and 0 <= finnmark_y <= 800
