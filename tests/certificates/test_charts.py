"""The SVG charts: well-formed, accessible, escaped, compact; no database."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

from certificates import charts

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Lab <script>alert("x")</script> & Co\x00\x07'
Chart = Callable[..., str]


def stacked(**kwargs: object) -> str:
    defaults: dict[str, object] = {
        "chart_id": "years",
        "title": "Certificates per year",
        "description": "Bars per year.",
        "categories": ["2022", "2023", "2024"],
        "series": [charts.Series("OCPP 1.6", [3, 4, 0]), charts.Series("OCPP 2.0.1", [0, 1, 7])],
        "x_label": "Year certified",
        "y_label": "Certificates",
    }
    return charts.stacked_bars(**{**defaults, **kwargs})  # type: ignore[arg-type]


def horizontal(**kwargs: object) -> str:
    defaults: dict[str, object] = {
        "chart_id": "labs",
        "title": "Per lab",
        "description": "Bars per lab.",
        "bars": [("DNV", 12), ("TÜV SÜD", 5), ("3 other labs", 4)],
        "x_label": "Certificates",
        "muted": 1,
    }
    return charts.horizontal_bars(**{**defaults, **kwargs})  # type: ignore[arg-type]


def multiples(**kwargs: object) -> str:
    defaults: dict[str, object] = {
        "chart_id": "adoption",
        "title": "Profile adoption",
        "description": "Lines per profile.",
        "categories": ["2022", "2023", "2024"],
        "panels": [
            charts.Panel(
                "Core", [charts.Series("OCPP 1.6", [1.0, 1.0, 1.0]), charts.Series("OCPP 2.0.1", [None, 1, 1])]
            ),
            charts.Panel("Smart Charging", [charts.Series("OCPP 1.6", [0.5, None, 0.25])]),
        ],
        "x_label": "Year certified",
        "y_label": "Share passed",
    }
    return charts.line_multiples(**{**defaults, **kwargs})  # type: ignore[arg-type]


def histogram(**kwargs: object) -> str:
    defaults: dict[str, object] = {
        "chart_id": "measured",
        "title": "OCPP response timeout",
        "description": "Histogram.",
        "bins": [("0", 4), ("1", 10), ("2", 3), ("≥ 3", 1)],
        "x_label": "Measured value (seconds)",
        "y_label": "Certificates",
    }
    return charts.histogram(**{**defaults, **kwargs})  # type: ignore[arg-type]


CHARTS = [stacked, horizontal, multiples, histogram]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("chart", CHARTS)
def test_every_chart_is_an_image_named_by_its_title_and_description(chart: Chart) -> None:
    root = parse(chart())
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    assert root.find(f"{SVG}title").get("id") == title_id  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").get("id") == desc_id  # type: ignore[union-attr]
    assert root.find(f"{SVG}title").text  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text  # type: ignore[union-attr]
    assert root.get("viewBox", "").startswith("0 0 640 ")


@pytest.mark.parametrize("chart", CHARTS)
def test_every_chart_escapes_its_texts(chart: Chart) -> None:
    hostile: dict[Chart, dict[str, object]] = {
        stacked: {"series": [charts.Series(HOSTILE, [1, 2, 3])], "categories": ["a<b", "c&d", '"e"']},
        horizontal: {"bars": [(HOSTILE, 3)]},
        multiples: {"panels": [charts.Panel(HOSTILE, [charts.Series(HOSTILE, [0.5, 0.5, 0.5])])]},
        histogram: {"bins": [(HOSTILE, 3)]},
    }
    svg = chart(title=HOSTILE, description=HOSTILE, chart_id='x" onload="alert(1)', **hostile[chart])
    root = parse(svg)
    assert "<script" not in svg
    assert "\x00" not in svg and "\x07" not in svg
    assert set(root.attrib) == {
        "viewBox",
        "width",
        "height",
        "role",
        "aria-labelledby",
        "font-family",
        "font-size",
        "fill",
    }
    assert root.get("aria-labelledby") == "x-onload-alert-1-t x-onload-alert-1-d"
    assert root.find(f"{SVG}title").text == 'Lab <script>alert("x")</script> & Co'  # type: ignore[union-attr]
    assert not root.findall(f".//{SVG}script")


@pytest.mark.parametrize(
    ("chart", "nothing"),
    [
        (stacked, {"categories": [], "series": []}),
        (stacked, {"series": [charts.Series("OCPP 1.6", [0, 0, 0])]}),
        (horizontal, {"bars": []}),
        (multiples, {"panels": []}),
        (histogram, {"bins": []}),
        (histogram, {"bins": [("0", 0)]}),
    ],
)
def test_a_chart_without_data_says_so(chart: Chart, nothing: dict[str, object]) -> None:
    root = parse(chart(**nothing))
    assert root.get("role") == "img"
    assert texts(root) == ["No data yet"]


def test_stacked_bars_have_a_legend_axis_titles_totals_and_tooltips() -> None:
    root = parse(stacked())
    labels = texts(root)
    assert {"OCPP 1.6", "OCPP 2.0.1", "Year certified", "Certificates", "2022", "2024"} <= set(labels)
    assert {"7", "5", "8"} <= set(labels)  # each bar's total above it
    tips = ["".join(t.itertext()) for rect in root.iter(f"{SVG}rect") for t in rect.iter(f"{SVG}title")]
    assert "2024 · OCPP 2.0.1: 7" in tips
    assert not any(tip.endswith(": 0") for tip in tips)  # empty segments are not drawn


def test_series_keep_the_colour_they_are_given() -> None:
    svg = stacked(series=[charts.Series("OCPP 1.6", [1, 2, 3], "#123456")])
    assert 'fill="#123456"' in svg


def test_horizontal_bars_print_each_value_and_grey_the_muted_ones() -> None:
    root = parse(horizontal())
    assert {"DNV", "12", "TÜV SÜD", "5", "3 other labs", "4", "Certificates"} <= set(texts(root))
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert fills == [charts.PALETTE[0], charts.PALETTE[0], charts.OTHER]


def test_a_long_label_is_cut_but_its_tooltip_is_whole() -> None:
    name = "DEKRA Testing and Certification (Shanghai) Ltd., Shanghai Branch Laboratory"
    root = parse(horizontal(bars=[(name, 3)]))
    assert any(label.endswith("…") and name.startswith(label[:-1]) for label in texts(root))
    assert f"{name}: 3" in ["".join(t.itertext()) for t in root.iter(f"{SVG}title")]


def test_small_multiples_draw_a_panel_per_profile_and_break_lines_at_gaps() -> None:
    root = parse(multiples())
    labels = texts(root)
    assert {"Core", "Smart Charging", "OCPP 1.6", "OCPP 2.0.1", "Share passed", "Year certified"} <= set(labels)
    assert labels.count("100%") == 2
    lines = [line.get("points", "").split() for line in root.iter(f"{SVG}polyline")]
    # Core 1.6 (3 points), Core 2.0.1 (2), Smart Charging 1.6 (2 lone points, each a line of length 0)
    assert [len(points) for points in lines] == [3, 2, 2, 2]
    assert lines[2][0] == lines[2][1]
    assert len(root.findall(f".//{SVG}marker")) == 2  # one per series, in its colour
    tips = ["".join(t.itertext()) for t in root.iter(f"{SVG}title")]
    assert "Smart Charging · OCPP 1.6: 2022 50%, 2024 25%" in tips


def test_a_histogram_labels_its_bins_and_axes() -> None:
    root = parse(histogram())
    assert {"0", "1", "2", "≥ 3", "Measured value (seconds)", "Certificates"} <= set(texts(root))
    assert len(root.findall(f"{SVG}rect")) == 4


def test_charts_stay_small() -> None:
    years = [str(year) for year in range(2010, 2030)]
    series = [charts.Series(f"Series {i}", [1000 * i + year for year in range(20)]) for i in range(4)]
    assert len(stacked(categories=years, series=series)) < 15_000
    panels = [charts.Panel(f"Profile {i}", [charts.Series("A", [0.5] * 20), charts.Series("B", [0.25] * 20)])
              for i in range(10)]  # fmt: skip
    assert len(multiples(categories=years, panels=panels)) < 25_000


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [
        (0, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (26_444, [0, 10_000, 20_000, 30_000]),
        (100, [0, 20, 40, 60, 80, 100]),
    ],
)
def test_axis_ticks_are_round_and_reach_the_maximum(maximum: float, expected: list[float]) -> None:
    assert charts.nice_ticks(maximum) == expected


def test_numbers_read_well() -> None:
    assert charts.number(26444) == "26,444"
    assert charts.number(2.5) == "2.5"
    assert charts.percent(0.666) == "67%"
    assert charts.clip("Korea Smart Grid Association", 80) == "Korea Smar…"
