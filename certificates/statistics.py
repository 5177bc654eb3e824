"""The registry's statistics, from the public certificates in five queries: certificates per year,
OCPP version, product type and lab; the holders; profile adoption; the distribution of measured values.

Each table is read once and grouped in SQL; Python only reshapes the groups. The result is kept in the cache
under the registry's generation (``certificates.caching``), so it is computed again only after the registry
changes (or after five minutes), and beat computes it after a change before a visitor asks.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import ExtractYear, Floor

from certificates.caching import PerGeneration
from certificates.choices import OcppVersion, ProductType
from certificates.domain.profiles import PROFILE_BITS, PROFILE_NAMES
from certificates.models import Certificate, Holder, Lab, PerformanceMeasurement

TOP_LABS = 10
TOP_MEASUREMENTS = 3
TARGET_BINS = 12
MAX_BINS = 24
UNKNOWN = "Unknown"
PROFILES = list(PROFILE_NAMES)
VERSIONS: list[str] = list(OcppVersion.values)
PRODUCT_TYPES: list[str] = list(ProductType.values)
# What Certificate.objects.public() selects, as a condition on a child row's certificate (a join, not IN).
PUBLIC = Q(certificate__is_current=True, certificate__is_published=True)


@dataclass(frozen=True)
class LabCount:
    """A lab and its number of certificates; ``lab_id`` is None for the "other labs" and "no lab" rows."""

    name: str
    count: int
    lab_id: int | None = None


@dataclass(frozen=True)
class Adoption:
    """A profile and, per OCPP version, how many certificates of each year passed it per their document and how
    many claim it by OCA's type code without a document row showing it (aligned with the years). Certificates for
    which neither holds are unknown for the profile and counted in neither."""

    name: str
    passed: dict[str, list[int]]
    claimed: dict[str, list[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Histogram:
    """The ``count`` measured values of one measurement, in ``bins`` of ``(label, count)``."""

    name: str
    count: int
    bins: list[tuple[str, int]]


@dataclass(frozen=True)
class RegistryStatistics:
    """Everything the statistics page shows; per-year lists are aligned with ``years`` (every year, none skipped)."""

    total: int
    undated: int
    holders: int
    lab_count: int
    years: list[int]
    by_version: dict[str, list[int]]
    by_product_type: dict[str, list[int]]
    labs: list[LabCount]
    adoption: list[Adoption]
    histograms: list[Histogram]


def compute_statistics() -> RegistryStatistics:
    """Return the statistics of the public certificates, read from the database (five queries)."""
    cells = certificate_cells()
    years = _years(cells)
    labs, lab_count = _labs(cells)
    return RegistryStatistics(
        total=sum(cell.n for cell in cells),
        undated=sum(cell.n for cell in cells if cell.year is None),
        holders=Holder.objects.filter(Exists(Certificate.objects.public().filter(holder=OuterRef("pk")))).count(),
        lab_count=lab_count,
        years=years,
        by_version=_per_year(cells, years, "version", VERSIONS),
        by_product_type=_per_year(cells, years, "product_type", PRODUCT_TYPES),
        labs=labs,
        adoption=profile_adoption(years),
        histograms=measurement_histograms(),
    )


class Cell(NamedTuple):
    """The number of public certificates of one year (None: undated), OCPP version, product type and lab."""

    year: int | None
    version: str
    product_type: str
    lab_id: int | None
    n: int


def certificate_cells() -> list[Cell]:
    """Return the public certificates counted per year, OCPP version, product type and lab. One query."""
    rows = (
        Certificate.objects.public()
        .order_by()
        .values_list(ExtractYear("certification_date"), "ocpp_version", "product_type", "lab_id")
        .annotate(n=Count("pk"))
    )
    return [Cell(*row) for row in rows]


def _years(cells: Iterable[Cell]) -> list[int]:
    """Return every year from the first to the last year certified."""
    dated = [cell.year for cell in cells if cell.year is not None]
    return list(range(min(dated), max(dated) + 1)) if dated else []


def _per_year(cells: Iterable[Cell], years: list[int], field: str, order: list[str]) -> dict[str, list[int]]:
    """Return the dated certificates per value of ``field`` and year: values in ``order``, others after."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0] * len(years))
    for cell in cells:
        if cell.year is not None:
            sums[getattr(cell, field) or UNKNOWN][cell.year - years[0]] += cell.n
    return {key: sums[key] for key in sorted(sums, key=lambda key: _rank(key, order))}


def _rank(value: str, order: list[str]) -> tuple[int, str]:
    """Sort key: the values of ``order`` in their order, then others by name, ``UNKNOWN`` last."""
    return (order.index(value), "") if value in order else (len(order) + (value == UNKNOWN), value)


def _labs(cells: Iterable[Cell]) -> tuple[list[LabCount], int]:
    """Return the ``TOP_LABS`` labs with the most certificates, then "other labs" and "no lab recorded" rows
    when there are any; and the number of labs. Reads the top labs' names (one query)."""
    per_lab: dict[int | None, int] = defaultdict(int)
    for cell in cells:
        per_lab[cell.lab_id] += cell.n
    without = per_lab.pop(None, 0)
    ranked = sorted(per_lab.items(), key=lambda item: (-item[1], item[0]))
    names = dict(Lab.objects.filter(pk__in=[pk for pk, _ in ranked[:TOP_LABS]]).values_list("pk", "name"))
    labs = sorted((LabCount(names[pk], n, pk) for pk, n in ranked[:TOP_LABS]), key=lambda lab: (-lab.count, lab.name))
    if rest := ranked[TOP_LABS:]:
        labs.append(LabCount(f"{len(rest)} other lab{'s' if len(rest) > 1 else ''}", sum(n for _, n in rest)))
    if without:
        labs.append(LabCount("No lab recorded", without))
    return labs, len(ranked)


def profile_adoption(years: list[int]) -> list[Adoption]:
    """Return, per profile some public dated certificate passed or claims, how many of each year and OCPP version
    passed it per their document and how many claim it by type code (``Adoption``).

    Only OCA's profiles (``PROFILE_NAMES``, in that order) count; a name the parser did not recognise is left
    out. One query: the certificates grouped by year, version, profiles passed and profiles claimed.
    """
    rows = (
        Certificate.objects.public()
        .filter(certification_date__isnull=False)
        .order_by()
        .values_list(ExtractYear("certification_date"), "ocpp_version", "profiles_passed", "profiles_claimed")
        .annotate(n=Count("pk"))
    )
    passed: dict[str, dict[str, list[int]]] = {name: {} for name in PROFILES}
    claimed: dict[str, dict[str, list[int]]] = {name: {} for name in PROFILES}
    for year, version, passed_mask, claimed_mask, n in rows:
        for name in PROFILES:
            for counts, mask in ((passed, passed_mask), (claimed, claimed_mask)):
                if mask & PROFILE_BITS[name]:
                    counts[name].setdefault(version or UNKNOWN, [0] * len(years))[year - years[0]] += n
    return [
        Adoption(name, _by_version_rank(passed[name]), _by_version_rank(claimed[name]))
        for name in PROFILES
        if passed[name] or claimed[name]
    ]


def _by_version_rank(per_version: dict[str, list[int]]) -> dict[str, list[int]]:
    """``per_version`` with the OCPP versions in the registry's order, others after."""
    return {v: per_version[v] for v in sorted(per_version, key=lambda v: _rank(v, VERSIONS))}


def measurement_histograms() -> list[Histogram]:
    """Return histograms of the measured values (seconds) of the ``TOP_MEASUREMENTS`` most often measured
    measurements, most measured first.

    One query counts the values per measurement, rounded to the hundredth of a second; the bins are made from those
    counts (certificates print whole or tenths of seconds, so there are few distinct values).
    """
    rows = (
        PerformanceMeasurement.objects.filter(PUBLIC, measured_value_s__isnull=False)
        .order_by()
        .values_list("name", Floor(F("measured_value_s") * 100 + 0.5))
        .annotate(n=Count("pk"))
    )
    values: dict[str, dict[int, int]] = defaultdict(dict)
    for name, hundredths, n in rows:
        values[name][int(hundredths)] = n
    ranked = sorted(values, key=lambda name: (-sum(values[name].values()), name))[:TOP_MEASUREMENTS]
    return [_histogram(name, values[name]) for name in ranked]


class Scale(NamedTuple):
    """The bins of a histogram: ``bins`` bins of ``width`` seconds from 0, then, when ``overflow``, one more for
    every larger value; ``whole`` when every value is a whole number of seconds."""

    width: float
    bins: int
    overflow: bool
    whole: bool


def _histogram(name: str, counts: dict[int, int]) -> Histogram:
    """Return the histogram of one measurement from its counts per value in hundredths of a second."""
    scale = _scale(counts)
    last = scale.bins if scale.overflow else scale.bins - 1
    per_bin = [0] * (last + 1)
    for hundredths, n in counts.items():
        per_bin[min(math.floor(max(hundredths, 0) / 100 / scale.width + 1e-9), last)] += n
    return Histogram(name, sum(counts.values()), [(_bin_label(scale, i), n) for i, n in enumerate(per_bin)])


def _scale(counts: dict[int, int]) -> Scale:
    """Return the bins for values counted per hundredth of a second.

    They cover 0 to the largest value; when that is an outlier (over 1.5 times the 95th percentile), only to the
    95th percentile, with one more bin for the larger values. Whole seconds get bins of whole seconds.
    """
    top = max(max(counts), 0) / 100
    cap = _percentile(counts, 0.95) / 100
    if top <= 1.5 * cap:
        cap = top
    whole = all(h % 100 == 0 for h in counts)
    width = _nice_width(cap / TARGET_BINS, whole)
    bins = min(math.floor(cap / width + 1e-9) + 1, MAX_BINS)
    return Scale(width, bins, top >= width * bins - 1e-9, whole)


def _percentile(counts: dict[int, int], share: float) -> int:
    """Return the smallest value that at least ``share`` of the counted values are at most (never below 0)."""
    total, seen = sum(counts.values()), 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= share * total:
            return max(value, 0)
    return 0


def _nice_width(raw: float, whole: bool) -> float:
    """Return the smallest of 1, 2 or 5 × 10ⁿ seconds at least ``raw`` (at least 0.01; 1 for whole seconds)."""
    if raw <= 0:
        return 1.0 if whole else 0.01
    magnitude = 10.0 ** math.floor(math.log10(raw))
    width = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw - 1e-12)
    return max(width, 1.0 if whole else 0.01)


def _bin_label(scale: Scale, index: int) -> str:
    """Return a bin's label in seconds: "3" or "2–3" for whole seconds, "0.5–1" (from, up to) otherwise, and
    "≥ 10" for the bin of larger values."""
    low = round(index * scale.width, 6)
    if index == scale.bins:
        return f"≥ {low:g}"
    if scale.whole:
        high = low + scale.width - 1
        return f"{low:g}" if high == low else f"{low:g}–{high:g}"
    return f"{low:g}–{round(low + scale.width, 6):g}"


# The statistics of the public certificates, computed once per generation of the registry (five queries).
STATISTICS = PerGeneration("registry:statistics:v2", compute_statistics)


def registry_statistics() -> RegistryStatistics:
    """Return the statistics of the public certificates, from the cache when this generation has them."""
    return STATISTICS.get()
