"""Charts as inline SVG: stacked bars, horizontal bars, small multiples of lines, histograms.

Pure Python (no Django): each function takes plain numbers and returns one ``<svg>`` element as a string,
every text escaped, so a template may mark it safe. Every chart is ``role="img"`` named by its ``<title>`` and
``<desc>``, has axis titles and a legend where it has series, and uses the Okabe-Ito palette, which stays
distinguishable with every common colour-vision deficiency. Coordinates are rounded to one decimal to keep
the markup small.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

# Okabe-Ito, darkest first: blue, vermillion, bluish green, reddish purple, orange, sky blue, black, yellow.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
OTHER = "#8c959f"
INK = "#1b1f24"
MUTED = "#57606a"
GRID = "#d0d7de"
WIDTH = 640
FONT = 12
SMALL_FONT = 11  # axis labels: the smallest text, still 11 px where a chart is drawn at its own width or wider
CHAR = 0.6 * FONT  # the average width of a character, for laying out labels
LEGEND_ROW = 20
DASH = "4 3"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Series:
    """One named row of values over the chart's categories; ``None`` is a missing value (a gap in a line);
    a ``dashed`` series is drawn (and shown in the legend) as a dashed line."""

    name: str
    values: Sequence[float | None]
    colour: str = ""
    dashed: bool = False


@dataclass(frozen=True)
class Panel:
    """One small chart of a small-multiples figure: a title and its series."""

    title: str
    series: Sequence[Series] = field(default_factory=tuple)


def text(value: object) -> str:
    """Return ``value`` as XML text, safe inside an element or a double-quoted attribute."""
    return escape(_CONTROL.sub("", str(value)), {'"': "&quot;"})


def number(value: float) -> str:
    """Return ``value`` for a label: thousands separated, no decimals when it is whole."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def percent(value: float) -> str:
    """Return a share (0 to 1) as a whole percentage."""
    return f"{round(value * 100)}%"


def nice_ticks(maximum: float, *, count: int = 5, whole: bool = True) -> list[float]:
    """Return evenly spaced axis ticks from 0 to at least ``maximum``, on steps of 1, 2, 2.5 or 5 × 10ⁿ."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / count
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1.0, float(math.ceil(step)))
    steps = math.ceil(maximum / step - 1e-9)
    return [round(i * step, 10) for i in range(steps + 1)]


def clip(label: str, room: float) -> str:
    """Return ``label`` cut with an ellipsis to fit ``room`` pixels."""
    fits = max(int(room / CHAR + 1e-9), 2)
    return label if len(label) <= fits else label[: fits - 1].rstrip() + "…"


def _f(value: float) -> str:
    """Return a coordinate with at most one decimal."""
    return f"{round(value, 1):g}"


def ident(chart_id: str) -> str:
    """Return ``chart_id`` made fit for an XML id: lower-case letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9-]+", "-", chart_id.lower()).strip("-") or "chart"


def _svg(chart_id: str, title: str, description: str, height: float, body: Sequence[str]) -> str:
    """Return the ``<svg>`` element around ``body``, named by its title and description."""
    ident_ = ident(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_f(height)}" width="{WIDTH}" '
        f'height="{_f(height)}" role="img" aria-labelledby="{ident_}-t {ident_}-d" font-family="system-ui, sans-serif" '
        f'font-size="{FONT}" fill="{INK}"><title id="{ident_}-t">{text(title)}</title>'
        f'<desc id="{ident_}-d">{text(description)}</desc>{"".join(body)}</svg>'
    )


def empty(chart_id: str, title: str, description: str = "No data yet.") -> str:
    """Return a small chart that says there is nothing to show."""
    note = f'<text x="{WIDTH / 2:g}" y="40" text-anchor="middle" fill="{MUTED}">No data yet</text>'
    return _svg(chart_id, title, description, 70, [note])


def _colour(series: Series, index: int) -> str:
    return series.colour or PALETTE[index % len(PALETTE)]


def _legend(series: Sequence[Series], left: float, top: float) -> tuple[list[str], float]:
    """Return the legend's swatches and names, wrapped to the chart's width, and the height it takes."""
    parts: list[str] = []
    x, y = left, top
    for index, item in enumerate(series):
        label = clip(item.name, WIDTH - left - 24)
        room = 18 + len(label) * CHAR + 16
        if x > left and x + room > WIDTH:
            x, y = left, y + LEGEND_ROW
        swatch = (
            f'<line x1="{_f(x)}" x2="{_f(x + 12)}" y1="{_f(y + 6)}" y2="{_f(y + 6)}" stroke="{_colour(item, index)}" '
            f'stroke-width="3" stroke-dasharray="{DASH}"/>'
            if item.dashed
            else f'<rect x="{_f(x)}" y="{_f(y)}" width="12" height="12" fill="{_colour(item, index)}"/>'
        )
        parts.append(f'{swatch}<text x="{_f(x + 18)}" y="{_f(y + 10.5)}">{text(label)}</text>')
        x += room
    return parts, (y - top + LEGEND_ROW) if series else 0


def _y_axis(ticks: Sequence[float], left: float, top: float, height: float, label: str) -> list[str]:
    """Return gridlines and labels of a vertical value axis spanning ``height`` pixels below ``top``."""
    parts = []
    for tick in ticks:
        y = top + height - height * tick / ticks[-1]
        parts.append(
            f'<line x1="{_f(left)}" x2="{WIDTH - 8}" y1="{_f(y)}" y2="{_f(y)}" stroke="{GRID}"/>'
            f'<text x="{_f(left - 6)}" y="{_f(y + 4)}" text-anchor="end" fill="{MUTED}">{number(tick)}</text>'
        )
    middle = top + height / 2
    parts.append(f'<text transform="translate(14 {_f(middle)}) rotate(-90)" text-anchor="middle">{text(label)}</text>')
    return parts


def _x_title(label: str, y: float, left: float) -> str:
    return f'<text x="{_f((left + WIDTH) / 2)}" y="{_f(y)}" text-anchor="middle">{text(label)}</text>'


def _left_margin(ticks: Sequence[float]) -> float:
    return 30 + max(len(number(tick)) for tick in ticks) * CHAR


def stacked_bars(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    x_label: str,
    y_label: str,
) -> str:
    """Return a chart with one bar per category, stacked from the series' values (missing values count 0)."""
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(categories))]
    if not categories or not any(totals):
        return empty(chart_id, title, description)
    legend, legend_height = _legend(series, 8, 4)
    ticks = nice_ticks(max(totals))
    left, top, plot = _left_margin(ticks), legend_height + 16, 220.0
    body = [*legend, *_y_axis(ticks, left, top, plot, y_label)]
    band = (WIDTH - 8 - left) / len(categories)
    every = math.ceil(len(categories) * 40 / (WIDTH - left))  # label every n-th bar when they are crowded
    for i, category in enumerate(categories):
        x = left + band * i + band * 0.15
        body.append(_stack(series, i, x, band * 0.7, top + plot, plot / ticks[-1], category))
        if i % every == 0:
            body.append(
                f'<text x="{_f(x + band * 0.35)}" y="{_f(top + plot + 16)}" text-anchor="middle">'
                f"{text(category)}</text>"
            )
        if totals[i] and len(categories) <= 16:
            y = top + plot - totals[i] * plot / ticks[-1] - 4
            body.append(
                f'<text x="{_f(x + band * 0.35)}" y="{_f(y)}" text-anchor="middle" font-size="{SMALL_FONT}" '
                f'fill="{MUTED}">{number(totals[i])}</text>'
            )
    body.append(_x_title(x_label, top + plot + 38, left))
    return _svg(chart_id, title, description, top + plot + 46, body)


def _stack(series: Sequence[Series], i: int, x: float, width: float, base: float, scale: float, category: str) -> str:
    """Return the segments of one stacked bar, bottom up, each with a tooltip."""
    parts = ['<g stroke="#fff" stroke-width="1">']
    for index, item in enumerate(series):
        value = item.values[i] or 0
        if not value:
            continue
        height = value * scale
        base -= height
        parts.append(
            f'<rect x="{_f(x)}" y="{_f(base)}" width="{_f(width)}" height="{_f(height)}" fill="{_colour(item, index)}">'
            f"<title>{text(category)} · {text(item.name)}: {number(value)}</title></rect>"
        )
    parts.append("</g>")
    return "".join(parts)


def horizontal_bars(
    *,
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[tuple[str, float]],
    x_label: str,
    muted: int = 0,
) -> str:
    """Return one labelled horizontal bar per ``(label, value)``, in the order given, each value printed.

    The last ``muted`` bars (groups such as "other") are grey.
    """
    if not bars or not any(value for _, value in bars):
        return empty(chart_id, title, description)
    room_for_labels = min(max(len(label) for label, _ in bars) * CHAR, 220)
    left = room_for_labels + 12
    room = WIDTH - left - 8 - 8 * CHAR  # leave room for the printed value
    top, row, biggest = 8.0, 24.0, max(value for _, value in bars)
    body = []
    for i, (label, value) in enumerate(bars):
        y = top + row * i
        length = room * value / biggest
        colour = OTHER if i >= len(bars) - muted else PALETTE[0]
        body.append(
            f'<text x="{_f(left - 6)}" y="{_f(y + 15)}" text-anchor="end">{text(clip(label, room_for_labels))}</text>'
            f'<rect x="{_f(left)}" y="{_f(y + 3)}" width="{_f(max(length, 1))}" height="{_f(row - 6)}" '
            f'fill="{colour}"><title>{text(label)}: {number(value)}</title></rect>'
            f'<text x="{_f(left + length + 4)}" y="{_f(y + 15)}" fill="{MUTED}">{number(value)}</text>'
        )
    bottom = top + row * len(bars)
    body.append(f'<line x1="{_f(left)}" x2="{_f(left)}" y1="{_f(top)}" y2="{_f(bottom)}" stroke="{INK}"/>')
    body.append(_x_title(x_label, bottom + 20, left))
    return _svg(chart_id, title, description, bottom + 28, body)


def line_multiples(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    panels: Sequence[Panel],
    x_label: str,
    y_label: str,
    columns: int = 3,
) -> str:
    """Return one small line chart per panel, shares from 0 to 100 % over the categories, on a shared legend.

    Values are shares (0 to 1); a ``None`` breaks the line. Points are drawn as line markers (compact); each
    line's tooltip lists its values.
    """
    if not categories or not panels:
        return empty(chart_id, title, description)
    legend_series = list({s.name: s for p in panels for s in p.series}.values())
    legend, legend_height = _legend(legend_series, 8, 4)
    styles = {s.name: (_colour(s, i), f"{ident(chart_id)}-m{i}") for i, s in enumerate(legend_series)}
    left, top = 24.0, legend_height + 12
    cell_w, cell_h = (WIDTH - left) / columns, 112.0
    body = [_markers(styles.values()), *legend]
    for index, panel in enumerate(panels):
        x = left + cell_w * (index % columns)
        y = top + cell_h * (index // columns)
        body.append(_panel(panel, categories, styles, (x, y, cell_w), (x + 34, y + 24, cell_w - 48, cell_h - 56)))
    bottom = top + cell_h * math.ceil(len(panels) / columns)
    body.append(
        f'<text transform="translate(14 {_f((top + bottom) / 2)}) rotate(-90)" text-anchor="middle">'
        f"{text(y_label)}</text>"
    )
    body.append(_x_title(x_label, bottom + 4, left))
    return _svg(chart_id, title, description, bottom + 12, body)


def _markers(styles: Iterable[tuple[str, str]]) -> str:
    """Return the definitions of the round point markers, one per ``(colour, id)``."""
    markers = "".join(
        f'<marker id="{marker}" viewBox="0 0 6 6" refX="3" refY="3" markerWidth="6" markerHeight="6" '
        f'markerUnits="userSpaceOnUse"><circle cx="3" cy="3" r="2.8" fill="{colour}"/></marker>'
        for colour, marker in styles
    )
    return f"<defs>{markers}</defs>"


def _panel(
    panel: Panel,
    categories: Sequence[str],
    styles: dict[str, tuple[str, str]],
    cell: tuple[float, float, float],
    plot: tuple[float, float, float, float],
) -> str:
    """Return one small chart in its ``cell`` (x, y, width): its title, then in its ``plot`` area (x, y, width,
    height) 0/50/100 % gridlines, the first and last category, a line per series."""
    x0, top, w, h = plot
    title = clip(panel.title, (cell[2] - 12) / 1.1)  # bold letters are wider
    parts = [f'<g><text x="{_f(cell[0] + 4)}" y="{_f(cell[1] + 12)}" font-weight="600">{text(title)}</text>']
    for share in (0.0, 0.5, 1.0):
        y = top + h - h * share
        parts.append(
            f'<line x1="{_f(x0)}" x2="{_f(x0 + w)}" y1="{_f(y)}" y2="{_f(y)}" stroke="{GRID}"/>'
            f'<text x="{_f(x0 - 4)}" y="{_f(y + 4)}" text-anchor="end" font-size="{SMALL_FONT}" fill="{MUTED}">'
            f"{percent(share)}</text>"
        )
    step = w / max(len(categories) - 1, 1)
    for i in {0, len(categories) - 1}:
        parts.append(
            f'<text x="{_f(x0 + step * i)}" y="{_f(top + h + 14)}" text-anchor="middle" font-size="{SMALL_FONT}" '
            f'fill="{MUTED}">{text(categories[i])}</text>'
        )
    for item in panel.series:
        points = [(i, x0 + step * i, top + h - h * v) for i, v in enumerate(item.values) if v is not None]
        tip = f"{panel.title} · {item.name}: " + ", ".join(
            f"{category} {percent(v)}" for category, v in zip(categories, item.values, strict=True) if v is not None
        )
        parts.append(_line(points, tip, *styles[item.name], dashed=item.dashed))
    parts.append("</g>")
    return "".join(parts)


def _line(
    points: Sequence[tuple[int, float, float]], tip: str, colour: str, marker: str, *, dashed: bool = False
) -> str:
    """Return a line through ``(index, x, y)`` points, broken where an index is skipped, a marker on each point
    (a lone point is a line of length 0), and ``tip`` as its tooltip; dashed when ``dashed``."""
    runs: list[list[str]] = []
    for n, (i, x, y) in enumerate(points):
        if n == 0 or i != points[n - 1][0] + 1:
            runs.append([])
        runs[-1].append(f"{_f(x)},{_f(y)}")
    lines = "".join(f'<polyline points="{" ".join(run * (2 if len(run) == 1 else 1))}"/>' for run in runs)
    ends = f"url(#{marker})"
    dash = f' stroke-dasharray="{DASH}"' if dashed else ""
    return (
        f'<g fill="none" stroke="{colour}" stroke-width="2"{dash} marker-start="{ends}" marker-mid="{ends}" '
        f'marker-end="{ends}"><title>{text(tip)}</title>{lines}</g>'
    )


def histogram(
    *,
    chart_id: str,
    title: str,
    description: str,
    bins: Sequence[tuple[str, int]],
    x_label: str,
    y_label: str,
) -> str:
    """Return a histogram: one bar per ``(label, count)`` bin, side by side, each label under its bar."""
    if not bins or not any(count for _, count in bins):
        return empty(chart_id, title, description)
    ticks = nice_ticks(max(count for _, count in bins))
    left, top, plot = _left_margin(ticks), 12.0, 160.0
    body = _y_axis(ticks, left, top, plot, y_label)
    band = (WIDTH - 8 - left) / len(bins)
    widest = max(len(label) for label, _ in bins) * CHAR + 6
    every = math.ceil(widest / band)
    for i, (label, count) in enumerate(bins):
        x, height = left + band * i, plot * count / ticks[-1]
        body.append(
            f'<rect x="{_f(x + 0.5)}" y="{_f(top + plot - height)}" width="{_f(band - 1)}" height="{_f(height)}" '
            f'fill="{PALETTE[0]}"><title>{text(label)}: {number(count)}</title></rect>'
        )
        if i % every == 0:
            body.append(
                f'<text x="{_f(x + band / 2)}" y="{_f(top + plot + 16)}" text-anchor="middle">{text(label)}</text>'
            )
    body.append(_x_title(x_label, top + plot + 38, left))
    return _svg(chart_id, title, description, top + plot + 46, body)
