"""Certificates side by side: the rows of a comparison, each with one cell per certificate and whether they
differ.

Values are compared as a reader compares them (``certificates.domain.facts``): company names by their name key
("Meshcrafts AS" is "Meshcrafts"), other text with case and runs of white space ignored, times as numbers of
seconds ("5 sec" and "5 s" are both 5), profiles by their evidence. A value one certificate has and another
lacks is a difference. Pure: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from certificates.domain.facts import company_key, text_key
from certificates.domain.typecodes import (
    CLAIMED,
    FAILED,
    NOT_APPLICABLE_EVIDENCE,
    NOT_TESTED_EVIDENCE,
    PASSED,
    UNKNOWN,
    ProfileEvidence,
)

# The sections of a comparison, in order.
FACTS = "Facts"
PROFILES = "Profiles"
PERFORMANCE = "Performance (seconds)"
# A cell with no value.
NONE = "—"
# How each kind of evidence reads in a cell: short words, the same on the page and in the CSV.
EVIDENCE_WORDS = {
    PASSED: "Passed",
    FAILED: "Failed",
    NOT_TESTED_EVIDENCE: "Not tested",
    NOT_APPLICABLE_EVIDENCE: "Not applicable",
    CLAIMED: "Claimed by type code",
    UNKNOWN: "Unknown",
}
# The facts compared, in order: (key of ``Side.facts``, label, whether it is a company name).
FACT_ROWS = (
    ("holder", "Holder", True),
    ("product", "Product", False),
    ("software_version", "Software version", False),
    ("ocpp_version", "OCPP version", False),
    ("product_type", "Product type", False),
    ("certificate_type", "Certificate type", False),
    ("certified", "Certified", False),
    ("lab", "Test laboratory", True),
    ("octt_version", "OCTT version", False),
    ("source", "Source", False),
    ("status", "In OCA's listing", False),
)


@dataclass(frozen=True)
class Measurement:
    """One performance figure of a certificate: its PICS and measured values in seconds (None when not read)."""

    name: str
    pics_s: float | None = None
    measured_s: float | None = None


@dataclass(frozen=True)
class Side:
    """One certificate as a comparison reads it: its facts by the keys of ``FACT_ROWS`` ("" when absent), its
    profiles with their evidence, and its performance figures."""

    number: str
    facts: dict[str, str] = field(default_factory=dict)
    profiles: tuple[ProfileEvidence, ...] = ()
    measurements: tuple[Measurement, ...] = ()


@dataclass(frozen=True)
class Row:
    """A row of the comparison: its section, label, one cell (text) per certificate, and whether they differ.
    ``fact`` names the fact of ``FACT_ROWS`` (holder, lab, …) the row shows, "" for profiles and figures;
    ``kinds`` are the profile evidence kinds of the cells ("" where there is none)."""

    section: str
    label: str
    cells: tuple[str, ...]
    differs: bool
    fact: str = ""
    kinds: tuple[str, ...] = ()


def comparison_rows(sides: Sequence[Side]) -> list[Row]:
    """Return the rows comparing ``sides``: the facts, then every profile any of them has (in the order they
    come), then a PICS and a measured row per performance figure any of them has."""
    return [*_fact_rows(sides), *_profile_rows(sides), *_measurement_rows(sides)]


def _fact_rows(sides: Sequence[Side]) -> list[Row]:
    rows = []
    for fact, label, is_company in FACT_ROWS:
        values = [side.facts.get(fact, "") for side in sides]
        key = company_key if is_company else text_key
        rows.append(Row(FACTS, label, _shown(values), _differ(values, key), fact=fact))
    return rows


def _profile_rows(sides: Sequence[Side]) -> list[Row]:
    names = list(dict.fromkeys(evidence.name for side in sides for evidence in side.profiles))
    rows = []
    for name in names:
        found = [next((e for e in side.profiles if e.name == name), None) for side in sides]
        kinds = tuple(e.evidence if e else "" for e in found)
        cells = tuple(EVIDENCE_WORDS.get(kind, NONE) for kind in kinds)
        rows.append(Row(PROFILES, name, cells, len(set(kinds)) > 1, kinds=kinds))
    return rows


def _measurement_rows(sides: Sequence[Side]) -> list[Row]:
    names = list(dict.fromkeys(m.name for side in sides for m in side.measurements))
    rows = []
    for name in names:
        found = [next((m for m in side.measurements if m.name == name), Measurement(name)) for side in sides]
        for label, values in (("PICS", [m.pics_s for m in found]), ("measured", [m.measured_s for m in found])):
            cells = tuple(seconds(value) for value in values)
            rows.append(Row(PERFORMANCE, f"{name}: {label}", cells, len(set(cells)) > 1))
    return rows


def seconds(value: float | None) -> str:
    """Return a time in seconds as a cell shows it ("5 s", "0.25 s"), or ``NONE`` for no value."""
    if value is None:
        return NONE
    return f"{value:g} s"


def _shown(values: list[str]) -> tuple[str, ...]:
    return tuple(value.strip() or NONE for value in values)


def _differ(values: list[str], key: Callable[[str], str]) -> bool:
    """Whether ``values`` differ once each is reduced to its ``key`` (no value is a value of its own)."""
    return len({key(value) if value.strip() else "" for value in values}) > 1
