import xml.etree.ElementTree as ET

import pytest

from mestring.statistics.charts import bar_chart, line_chart, summary
from mestring.statistics.svg import BAR, SERIES_COLOURS, TEXT
from mestring.statistics.tables import Column, Row, Table, count_table

NS = {"svg": "http://www.w3.org/2000/svg"}
HOSTILE = '<script>alert(1)</script> & "quotes"'


def _table() -> Table:
    return count_table(
        "malgruppe",
        "Gjennomføringer etter målgruppe",
        {"diag": 81, "tvers": 89, "parorende": 15, "opplaering": 4},
        [
            ("diag", "Diagnosespesifikke"),
            ("tvers", "På tvers av diagnoser"),
            ("parorende", "Pårørende"),
            ("opplaering", "Brukeropplæring"),
            ("annet", "Annet"),
        ],
        "gjennomføringer",
    )


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own markup, parsed to prove it well-formed
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    return root


def _assert_labelled(root: ET.Element, chart_id: str) -> tuple[str, str]:
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title.get("id") == f"{chart_id}-title"
    assert desc.get("id") == f"{chart_id}-desc"
    return title.text, desc.text


def _contrast(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def _texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_summary_names_largest_and_smallest():
    table = count_table(
        "t",
        "T",
        {"diag": 81, "tvers": 89, "parorende": 15, "opplaering": 4},
        [
            ("diag", "Diagnosespesifikke"),
            ("tvers", "På tvers av diagnoser"),
            ("parorende", "Pårørende"),
            ("opplaering", "Brukeropplæring"),
        ],
        "gjennomføringer",
    )
    assert summary(table) == (
        "Flest i «På tvers av diagnoser» (89, 47 %). Færrest i «Brukeropplæring» (4, 2 %). n = 189."
    )


def test_summary_counts_zero_rows_as_fewest():
    assert summary(_table()).endswith("Færrest i «Annet» (0, 0 %). n = 189.")


def test_summary_of_empty_and_all_zero_tables():
    empty = count_table("t", "T", {}, [], "gjennomføringer")
    zeros = count_table("t", "T", {}, [("a", "A"), ("b", "B")], "gjennomføringer")
    assert summary(empty) == "Ingen gjennomføringer i utvalget."
    assert summary(zeros) == "Ingen gjennomføringer i utvalget."


def test_summary_skips_suppressed_rows_and_ties():
    table = Table(
        id="t",
        title="T",
        n=30,
        rows=(
            Row("a", "A", 12, 40),
            Row("b", "B", 12, 40),
            Row("c", "C", None, None, suppressed="primary"),
            Row("d", "D", 6, 20),
            Row("all", "I alt", 30, 100, is_total=True),
        ),
        unit="personer",
    )
    assert summary(table) == (
        "Flest i «A» og «B» (12, 40 % hver). Færrest i «D» (6, 20 %). n = 30. "
        "Noen tall er skjult av personvernhensyn."
    )


def test_bar_chart_is_labelled_and_has_a_bar_per_row():
    svg = bar_chart(_table(), chart_id="mg")
    root = _parse(svg)
    title, desc = _assert_labelled(root, "mg")
    assert title == "Gjennomføringer etter målgruppe"
    assert desc == summary(_table())
    bars = root.findall(".//svg:rect[@class='bar']", NS)
    assert len(bars) == 5
    assert {b.get("fill") for b in bars} == {BAR}
    widths = [float(b.get("width")) for b in bars]
    assert widths[1] == max(widths)
    assert widths[4] == 0  # the zero row keeps its place, with an empty bar
    texts = _texts(root)
    assert "89 (47 %)" in texts
    assert "0 (0 %)" in texts
    assert "n = 189" in texts
    assert "<script" not in svg
    assert "style=" not in svg


def test_bar_chart_formats_numbers_norwegian_style():
    table = count_table("t", "T", {"a": 12345, "b": 5}, [("a", "A"), ("b", "B")], "omtaler")
    root = _parse(bar_chart(table, chart_id="n"))
    assert "12\xa0345 (100 %)" in _texts(root)


def test_bar_chart_shows_suppressed_rows_without_a_bar():
    table = Table(
        id="p",
        title="Deltakere etter alder",
        n=40,
        rows=(
            Row("a", "Under 18 år", None, None, suppressed="primary"),
            Row("b", "18–66 år", None, None, suppressed="secondary"),
            Row("c", "67 år og eldre", 31, 78),
            Row("all", "I alt", 40, 100, is_total=True),
        ),
        unit="personer",
        person_counts=True,
    )
    root = _parse(bar_chart(table, chart_id="p"))
    groups = root.findall(".//svg:g[@class='bar-row']", NS)
    assert len(groups) == 3  # no row for the total
    values = [g.find("svg:text[@class='value']", NS).text for g in groups]
    assert values == ["<5", "x", "31 (78 %)"]
    assert [g.find("svg:rect", NS) is None for g in groups] == [True, True, False]
    assert groups[0].find("svg:title", NS).text == "Under 18 år: <5"


def test_bar_chart_of_a_wide_table_column():
    table = Table(
        id="w",
        title="Per helseforetak",
        n=None,
        rows=(
            Row(
                "x",
                "Helse X",
                None,
                values={"runs": 7, "persons": None},
                hidden={"persons": "primary"},
            ),
            Row("y", "Helse Y", None, values={"runs": 2, "persons": 11}),
        ),
        columns=(Column("runs", "Gjennomføringer"), Column("persons", "Deltakere", True)),
    )
    root = _parse(bar_chart(table, column="persons", chart_id="w"))
    assert len(root.findall(".//svg:rect[@class='bar']", NS)) == 1
    assert [t.text for t in root.findall(".//svg:text[@class='value']", NS)] == ["<5", "11"]
    assert summary(table, column="runs") == "Flest i «Helse X» (7). Færrest i «Helse Y» (2)."


def test_long_labels_are_wrapped_and_kept_whole_in_the_title():
    label = "Lærings- og mestringstilbud for pårørende til personer med langvarige sykdommer"
    table = count_table("t", "T", {"a": 3}, [("a", label)], "gjennomføringer")
    root = _parse(bar_chart(table, chart_id="l"))
    group = root.find(".//svg:g[@class='bar-row']", NS)
    assert group.find("svg:title", NS).text == f"{label}: 3 (100 %)"
    lines = [t.text for t in group.iter("{http://www.w3.org/2000/svg}tspan")]
    assert len(lines) == 2
    assert all(len(line) <= 30 for line in lines)
    assert lines[1].endswith("…")


def test_hostile_text_is_escaped():
    table = count_table("t", HOSTILE, {"a": 3}, [("a", HOSTILE)], HOSTILE)
    svg = bar_chart(table, chart_id='x" onload="alert(1)')
    root = _parse(svg)
    assert "<script" not in svg
    assert root.get("onload") is None
    assert root.find("svg:title", NS).text == HOSTILE
    assert f"«{HOSTILE}»" in root.find("svg:desc", NS).text
    assert root.find(".//svg:g[@class='bar-row']/svg:title", NS).text == f"{HOSTILE}: 3 (100 %)"

    line = line_chart([(HOSTILE, [(HOSTILE, 1)])], title=HOSTILE, chart_id="h", unit=HOSTILE)
    root = _parse(line)
    assert "<script" not in line
    assert root.find("svg:title", NS).text == HOSTILE
    assert HOSTILE in _texts(root)


SERIES = [
    ("Kurs", [("2021", 10), ("2022", None), ("2023", 30), ("2024", 1234)]),
    ("Deltakere", [("2021", 5), ("2022", 7), ("2023", 9), ("2024", 2)]),
]


def test_line_chart_has_a_point_per_value_and_a_legend():
    root = _parse(line_chart(SERIES, title="Utvikling", chart_id="u", unit="kurs"))
    title, desc = _assert_labelled(root, "u")
    assert title == "Utvikling"
    assert desc.startswith("Kurs: høyest 1\xa0234 kurs (2024)")
    points = root.findall(".//svg:circle[@class='point']", NS)
    assert len(points) == 7  # the None value is a gap, not a point
    assert points[0].find("svg:title", NS).text == "Kurs, 2021: 10 kurs"
    assert points[2].find("svg:title", NS).text == "Kurs, 2024: 1\xa0234 kurs"
    first_line = root.find(".//svg:g[@class='series']/svg:path", NS).get("d")
    assert first_line.count("M") == 2  # broken at 2022
    legend = root.findall(".//svg:g[@class='legend-item']", NS)
    assert ["".join(g.itertext()) for g in legend] == ["Kurs", "Deltakere"]
    assert {"2021", "2022", "2023", "2024"} <= set(_texts(root))


def test_line_chart_without_values():
    root = _parse(line_chart([], title="Tomt", chart_id="e"))
    assert root.find("svg:desc", NS).text == "Ingen data."
    assert root.findall(".//svg:circle", NS) == []


@pytest.mark.parametrize("colour", [BAR, *SERIES_COLOURS])
def test_graphics_reach_3_to_1_against_white(colour):
    assert _contrast(colour) >= 3


def test_text_reaches_4_5_to_1_against_white():
    assert _contrast(TEXT) >= 4.5


def test_no_script_or_small_fonts():
    for svg in (bar_chart(_table(), chart_id="a"), line_chart(SERIES, title="T", chart_id="b")):
        root = _parse(svg)
        assert root.get("font-family") == "system-ui, sans-serif"
        sizes = [float(e.get("font-size")) for e in root.iter() if e.get("font-size")]
        assert sizes and min(sizes) >= 12
        assert not any(a.startswith("on") for e in root.iter() for a in e.attrib)
        assert "script" not in svg.lower()
