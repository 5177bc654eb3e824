"""The statistics page: charts of the public certificates, drawn as inline SVG, each with its numbers as a table.

The numbers come from ``certificates.statistics`` (cached per generation of the registry); the SVG from
``certificates.charts``, which escapes every text, so the charts are marked safe here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from certificates import charts
from certificates.choices import OcppVersion
from certificates.selectors import certificate_coverage
from certificates.statistics import UNKNOWN, Histogram, RegistryStatistics, registry_statistics

# Each OCPP version keeps its colour in every chart (the product types chart reuses two of the palette).
VERSION_COLOURS = {"1.6": charts.PALETTE[0], "2.0.1": charts.PALETTE[1], "2.1": charts.PALETTE[2]}
TYPE_COLOURS = {"CSMS": charts.PALETTE[3], "Charging Station": charts.PALETTE[2]}
# A claim of the type code is drawn dashed, in a lighter colour of its version's hue.
CLAIMED_COLOURS = {"1.6": charts.PALETTE[5], "2.0.1": charts.PALETTE[4], "2.1": charts.PALETTE[3]}
VERSION_LABELS = dict(OcppVersion.choices)


@dataclass(frozen=True)
class Row:
    """A row of a chart's table: its heading (a link when ``url``) and its cells."""

    label: str
    cells: list[str]
    url: str = ""


@dataclass(frozen=True)
class Figure:
    """A chart with its caption and its numbers as a table (``head`` names the columns, the first the rows')."""

    id: str
    caption: str
    svg: SafeString
    head: list[str]
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    """A part of the page: a heading, a sentence on what it shows, its charts."""

    id: str
    heading: str
    intro: str
    figures: list[Figure]


def statistics(request: HttpRequest) -> HttpResponse:
    """Charts of the registry: per year by OCPP version and product type, per lab, profile adoption, measured
    values; how many certificates were read from their documents. Reads the statistics and the coverage from
    the cache, or computes them (five queries, and one)."""
    data = registry_statistics()
    context = {
        "stats": data,
        "totals": _totals(data),
        "coverage": certificate_coverage(),
        "sections": _sections(data) if data.total else [],
    }
    return render(request, "certificates/statistics.html", context)


def _totals(data: RegistryStatistics) -> list[tuple[str, str]]:
    """Return the registry's counts as ``(number, what)``: certificates, holders, labs and the years covered."""
    totals = [
        (charts.number(data.total), "certificates"),
        (charts.number(data.holders), "holders"),
        (charts.number(data.lab_count), "test laboratories"),
    ]
    if data.years:
        totals.append((f"{data.years[0]}–{data.years[-1]}", "years certified"))
    return totals


def _sections(data: RegistryStatistics) -> list[Section]:
    """Return the page's sections that have something to show."""
    undated = f" {charts.number(data.undated)} certificates without a date are left out." if data.undated else ""
    sections = [
        Section(
            "years",
            "Certificates per year",
            f"By the year they were certified.{undated}",
            [_by_version(data), _by_product_type(data)] if data.years else [],
        ),
        Section(
            "labs",
            "Test laboratories",
            "The laboratories that tested the most certificates.",
            [_labs(data)] if data.labs else [],
        ),
        Section(
            "profiles",
            "Profile adoption",
            "Of the certificates of each year and OCPP version, the share that passed each certification profile "
            "per their document (solid lines), and the share whose type code in OCA's listing claims it with no "
            "document showing it (dashed lines: a claim, not a test result). Certificates for which neither is "
            "known are left out of both lines: unknown is not counted as not passed.",
            [_adoption(data)] if data.adoption else [],
        ),
        Section(
            "measurements",
            "Measured response times",
            "How the measured values of the most often measured performance measurements are spread, in seconds.",
            [_histogram(h, i) for i, h in enumerate(data.histograms)],
        ),
    ]
    return [section for section in sections if section.figures]


def _series(per_key: dict[str, list[int]], labels: dict[str, str], colours: dict[str, str]) -> list[charts.Series]:
    return [
        charts.Series(labels.get(key, key), values, colours.get(key, charts.OTHER)) for key, values in per_key.items()
    ]


def _per_year_table(data: RegistryStatistics, series: list[charts.Series]) -> tuple[list[str], list[Row]]:
    """Return the head and rows of a table of ``series`` per year, with a total column."""
    head = ["Year", *(s.name for s in series), "Total"]
    rows = []
    for i, year in enumerate(data.years):
        values = [int(s.values[i] or 0) for s in series]
        rows.append(Row(str(year), [charts.number(v) for v in [*values, sum(values)]]))
    return head, rows


def _stacked_figure(data: RegistryStatistics, ident: str, caption: str, series: list[charts.Series]) -> Figure:
    """Return a stacked bar chart of ``series`` per year, described by its busiest year and its totals."""
    totals = [sum(int(s.values[i] or 0) for s in series) for i in range(len(data.years))]
    busiest = max(range(len(totals)), key=lambda i: totals[i])
    parts = "; ".join(f"{s.name}: {charts.number(sum(int(v or 0) for v in s.values))}" for s in series)
    description = (
        f"Stacked bars, one per year from {data.years[0]} to {data.years[-1]}. The most certificates were issued in "
        f"{data.years[busiest]} ({charts.number(totals[busiest])}). In all, {parts}."
    )
    svg = charts.stacked_bars(
        chart_id=ident,
        title=caption,
        description=description,
        categories=[str(year) for year in data.years],
        series=series,
        x_label="Year certified",
        y_label="Certificates",
    )
    head, rows = _per_year_table(data, series)
    return Figure(ident, caption, mark_safe(svg), head, rows)  # the charts escape every text


def _by_version(data: RegistryStatistics) -> Figure:
    series = _series(data.by_version, VERSION_LABELS, VERSION_COLOURS)
    return _stacked_figure(data, "chart-versions", "Certificates per year, by OCPP version", series)


def _by_product_type(data: RegistryStatistics) -> Figure:
    series = _series(data.by_product_type, {}, TYPE_COLOURS)
    return _stacked_figure(data, "chart-types", "Certificates per year, by product type", series)


def _labs(data: RegistryStatistics) -> Figure:
    """Return the horizontal bar chart of certificates per lab; "other" rows are grey."""
    caption = "Certificates per test laboratory"
    muted = sum(1 for lab in data.labs if lab.lab_id is None)
    top = data.labs[0]
    description = (
        f"Horizontal bars, one per lab, most certificates first: {top.name} tested {charts.number(top.count)}. "
        f"{data.lab_count} labs in all."
    )
    svg = charts.horizontal_bars(
        chart_id="chart-labs",
        title=caption,
        description=description,
        bars=[(lab.name, lab.count) for lab in data.labs],
        x_label="Certificates",
        muted=muted,
    )
    rows = [
        Row(lab.name, [charts.number(lab.count)], reverse("certificates:lab", args=[lab.lab_id]) if lab.lab_id else "")
        for lab in data.labs
    ]
    return Figure("chart-labs", caption, mark_safe(svg), ["Laboratory", "Certificates"], rows)


def _adoption(data: RegistryStatistics) -> Figure:
    """Return small line charts, one per profile: the share of each year's certificates of each OCPP version
    that passed it per their document, and the share that claim it by type code (dashed). A year without
    certificates of a version has no point."""
    caption = "Profile adoption: share of each year's certificates that passed or claim the profile"
    panels, rows = [], []
    for profile in data.adoption:
        series = []
        for kind, per_version in (("passed (document)", profile.passed), ("claimed (type code)", profile.claimed)):
            for version, counts in per_version.items():
                of = data.by_version.get(version, [])
                shares = [c / n if n else None for c, n in zip(counts, of, strict=True)]
                name = f"{VERSION_LABELS.get(version, version if version != UNKNOWN else 'Unknown version')}, {kind}"
                claim = kind.startswith("claimed")
                colour = (CLAIMED_COLOURS if claim else VERSION_COLOURS).get(version, charts.OTHER)
                series.append(charts.Series(name, shares, colour, dashed=claim))
                rows.append(
                    Row(f"{profile.name}, {name}", [charts.percent(s) if s is not None else "—" for s in shares])
                )
        panels.append(charts.Panel(profile.name, series))
    description = (
        f"Small line charts, one per certification profile, of the share of the certificates of each year from "
        f"{data.years[0]} to {data.years[-1]} that passed it per their document (solid) and that claim it by "
        "OCA's type code without a document showing it (dashed), a line of each per OCPP version. Certificates "
        "for which neither is known are in neither line."
    )
    svg = charts.line_multiples(
        chart_id="chart-adoption",
        title=caption,
        description=description,
        categories=[str(year) for year in data.years],
        panels=panels,
        x_label="Year certified",
        y_label="Share of certificates",
    )
    head = ["Profile, OCPP version", *(str(year) for year in data.years)]
    return Figure("chart-adoption", caption, mark_safe(svg), head, rows)


def _histogram(histogram: Histogram, index: int) -> Figure:
    """Return the histogram of one measurement's measured values, described by its most frequent bin."""
    ident = f"chart-measured-{index}"
    caption = f"{histogram.name}: measured values"
    label, most = max(histogram.bins, key=lambda item: item[1])
    description = (
        f"Histogram of the {charts.number(histogram.count)} measured values of “{histogram.name}”, in seconds. "
        f"The most frequent: {label} s ({charts.number(most)} certificates)."
    )
    svg = charts.histogram(
        chart_id=ident,
        title=caption,
        description=description,
        bins=histogram.bins,
        x_label="Measured value (seconds)",
        y_label="Certificates",
    )
    rows = [Row(f"{label} s", [charts.number(count)]) for label, count in histogram.bins]
    return Figure(ident, caption, mark_safe(svg), ["Measured (seconds)", "Certificates"], rows)
