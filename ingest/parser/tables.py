"""The annex tables: profile results (with OCPP 2.0.1's PICS rows), performance measurements, settings.

Rows are read from cells when the extraction kept them, and by the shape of their values (a result word,
two durations) when it did not, so rows merged onto one line or split over two still come out whole.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.normalize import (
    DURATION_RE,
    RESULT_WORDS,
    canonical_profile_name,
    duration_from_match,
    normalize_profile_name,
    normalize_result,
    parse_duration,
)
from ingest.parser.lines import Line, collapse, is_noise, key
from ingest.parser.records import PerformanceMeasurement, PicsEntry, ProfileResult, Setting

_PROFILE_PATTERNS = {
    "Core": r"C[o0]re(?:\s+Profile)?",
    "Firmware Management": r"Firmware\s*Management",
    "Smart Charging": r"Smart\s*Charging",
    "Reservation": r"Reservation",
    "Local Authorization List Management": r"Local\s*Auth(?:ori[sz]ation)?\.?\s*List(?:\s*Management)?",
    "Remote Trigger": r"Remote\s*Trigger",
    "Advanced Security": r"(?:Advanced\s*)?Security",
    "Advanced Device Management": r"Advanced\s*Device\s*Management",
    "Advanced User Interface": r"Advanced\s*User\s*Interface",
    "ISO 15118 support": r"ISO\s*15118(?:\s*[Ss]upport)?",
}
_PROFILE_NAMES = list(_PROFILE_PATTERNS)
_RESULT = (
    r"(?P<result>N[o0]t\s*T[a-z]{2,4}d|N[o0]t\s*Applicable|N\s?/\s?A|Pass(?:ed)?|P[a@4][s5]{2}|Fail(?:ed)?|Yes|No)"
    r"(?![A-Za-z])"
)
_PROFILE_ROW = re.compile(
    r"(?<![A-Za-z])(?:"
    + "|".join(f"(?P<p{i}>{pattern})" for i, pattern in enumerate(_PROFILE_PATTERNS.values()))
    + r")\s*[:|\-–]?\s*"
    + _RESULT,
    re.IGNORECASE,
)
RESULTS = set(RESULT_WORDS)
_PICS_ID = re.compile(r"^(?P<id>[A-Z]{1,4}\d?-\d+(?:\.\d+)*[a-z]?)(?:\s+(?P<rest>.*))?$")
_PICS_VALUE = re.compile(r"^(?P<desc>.*?)\s*\b(?P<value>Yes|No)$", re.IGNORECASE)
_TABLE_HEADER_KEYS = (
    "functionalities",
    "functionality",
    "profile",
    "certificationprofile",
    "testresultsummary",
)


def parse_profiles(lines: list[Line]) -> tuple[list[ProfileResult], list[PicsEntry]]:
    """Return the profile rows and PICS rows found in ``lines`` (the results section)."""
    profiles: list[ProfileResult] = []
    pics: list[PicsEntry] = []
    for line in lines:
        if key(line.cells[0]).startswith(_TABLE_HEADER_KEYS):
            continue
        found = _known_profile_rows(line) or _cell_profile_row(line)
        if found:
            profiles.extend(found)
            continue
        entry = _pics_row(line)
        if entry is not None:
            pics.append(entry)
        elif profiles and not is_noise(line.text):
            profiles[-1] = _continue_row(profiles[-1], line)
    return profiles, pics


def _continue_row(row: ProfileResult, line: Line) -> ProfileResult:
    """Return ``row`` continued by a wrapped line: the rest of an unknown name that becomes known, else
    more of its description."""
    if row.name not in _PROFILE_NAMES:
        completed = canonical_profile_name(f"{row.raw_name} {line.cells[0]}")
        if completed is not None:
            row = replace(row, name=completed, raw_name=f"{row.raw_name} {line.cells[0]}")
            return _extend_description(row, " ".join(line.cells[1:])) if len(line.cells) > 1 else row
    return _extend_description(row, line.text)


def _known_profile_rows(line: Line) -> list[ProfileResult]:
    """Return every "<known profile> <result>" on the line; the text up to the next one is its description."""
    text = "\t".join(line.cells)
    matches = list(_PROFILE_ROW.finditer(text))
    if not matches or len(re.findall(r"[A-Za-z]{2,}", text[: matches[0].start()])) >= 3:
        return []
    rows = []
    for position, match in enumerate(matches):
        end = matches[position + 1].start() if position + 1 < len(matches) else len(text)
        name = next(_PROFILE_NAMES[i] for i in range(len(_PROFILE_NAMES)) if match.group(f"p{i}"))
        raw_name = collapse(match.group(0)[: match.start("result") - match.start()]).strip(" :|-–")
        description = collapse(text[match.end() : end].replace("\t", " ")).strip(" |") or None
        result = normalize_result(match.group("result"))
        rows.append(ProfileResult(name, result, description, raw_name, match.group("result")))
    return rows


def _cell_profile_row(line: Line) -> list[ProfileResult]:
    """Return the row whose second cell is a result word: an unknown profile, or a known one OCR misspelt."""
    if len(line.cells) < 2 or _PICS_ID.match(line.cells[0]) or line.cells[1].lower() in ("yes", "no"):
        return []
    result = normalize_result(line.cells[1])
    if result not in RESULTS:
        return []
    raw_name = line.cells[0].rstrip(": ")
    description = " ".join(line.cells[2:]) or None
    return [ProfileResult(normalize_profile_name(raw_name), result, description, raw_name, line.cells[1])]


def _pics_row(line: Line) -> PicsEntry | None:
    """Return a PICS row (``C-11 <description> Yes``), or None."""
    match = _PICS_ID.match(line.cells[0])
    if match is None:
        return None
    if len(line.cells) > 1:
        return PicsEntry(match.group("id"), " ".join(line.cells[1:-1]) or match.group("rest"), line.cells[-1])
    valued = _PICS_VALUE.match(match.group("rest") or "")
    if valued is None:
        return None
    return PicsEntry(match.group("id"), valued.group("desc") or None, valued.group("value"))


def _extend_description(row: ProfileResult, text: str) -> ProfileResult:
    """Return ``row`` with ``text`` (a wrapped line of its description) appended to the description."""
    description = collapse(f"{row.description or ''} {text}")
    return ProfileResult(row.name, row.result, description, row.raw_name, row.raw_result)


KNOWN_MEASUREMENTS = (
    "OCPP response timeout",
    "Response time Authorize",
    "OCPP triggered function timeout",
    "Transaction authorization time by RemoteStartTransaction",
    "Transaction authorization end time by RemoteStopTransaction",
)
_KNOWN_MEASUREMENT_KEYS = [key(name) for name in KNOWN_MEASUREMENTS]
_MISSING_VALUE = re.compile(r"^(?:N\s?/\s?A|n\.\s?a\.?|-+|–|—|none|not measured)$", re.IGNORECASE)


def parse_performance(lines: list[Line]) -> list[PerformanceMeasurement]:
    """Return the rows of the performance table in ``lines``; names wrapped over two lines are joined.

    A line without values continues the previous row (the rest of its name in the first cell, then its
    description) or, when it completes the next row's name, starts that one.
    """
    rows: list[PerformanceMeasurement] = []
    pending: list[Line] = []
    for line in lines:
        if _is_performance_header(line) or is_noise(line.text):
            continue
        row = _measurement(line)
        if row is not None:
            rows, row = _prefix_with_pending(rows, row, pending)
            rows.append(row)
            pending = []
            continue
        if rows and not pending and _completes(rows[-1].name, line.cells[0], after=True):
            rows[-1] = _with_description(_complete_name(rows[-1], line.cells[0], after=True), line.cells[1:])
        else:
            pending.append(line)
    return _place_pending(rows, pending)


def _prefix_with_pending(
    rows: list[PerformanceMeasurement], row: PerformanceMeasurement, pending: list[Line]
) -> tuple[list[PerformanceMeasurement], PerformanceMeasurement]:
    """Return the rows and ``row`` after placing the lines seen since the last row: the last of them that
    complete ``row``'s name ("Transaction authorization time by" / "RemoteStartTransaction: …") go before
    it, the others to the previous row's description."""
    for start in range(len(pending)):
        heads = " ".join(line.cells[0] for line in pending[start:])
        if _completes(row.name, heads, after=False):
            return _place_pending(rows, pending[:start]), _complete_name(row, heads, after=False)
    return _place_pending(rows, pending), row


def _place_pending(rows: list[PerformanceMeasurement], pending: list[Line]) -> list[PerformanceMeasurement]:
    """Return ``rows`` with the pending lines added to the last row's description, unless they start the next."""
    if not pending or not rows:
        return rows
    return [*rows[:-1], _with_description(rows[-1], [cell for line in pending for cell in line.cells])]


def _is_performance_header(line: Line) -> bool:
    """Return True for the table's title and column-header rows."""
    line_key = line.key
    return line_key.startswith("performancemeasurement") or ("picsvalue" in line_key and "measured" in line_key)


def _completes(name: str, fragment: str, *, after: bool) -> bool:
    """Return True when ``fragment`` before or after ``name`` gives a known measurement name."""
    joined = key(f"{name} {fragment}" if after else f"{fragment} {name}")
    return not any(known == key(name) for known in _KNOWN_MEASUREMENT_KEYS) and any(
        known.startswith(joined) or joined == known for known in _KNOWN_MEASUREMENT_KEYS
    )


def _complete_name(row: PerformanceMeasurement, fragment: str, *, after: bool) -> PerformanceMeasurement:
    """Return ``row`` with ``fragment`` joined to its name, after or before it."""
    fragment = fragment.rstrip(": ")
    name = f"{row.name} {fragment}" if after else f"{fragment} {row.name}"
    return replace(row, name=collapse(name).rstrip(": "))


def _with_description(row: PerformanceMeasurement, parts: list[str]) -> PerformanceMeasurement:
    """Return ``row`` with ``parts`` (wrapped lines of its description) appended to the description."""
    if not parts:
        return row
    return replace(row, description=collapse(" ".join([row.description or "", *parts])))


def _measurement(line: Line) -> PerformanceMeasurement | None:
    """Return the measurement a line holds (name, PICS value, measured value, description), or None."""
    cells = line.cells
    if len(cells) >= 3 and _is_value(cells[1]) and _is_value(cells[2]):
        name = cells[0].rstrip(": ")
        if len(re.findall(r"[A-Za-z]", name)) >= 3:
            return _measurement_of(name, cells[1], cells[2], " ".join(cells[3:]))
    text = " ".join(cells)
    matches = list(DURATION_RE.finditer(text))
    if not matches:
        return None
    name = text[: matches[0].start()].strip().rstrip(":").strip()
    if len(re.findall(r"[A-Za-z]", name)) < 3 or len(name) > 90:
        return None
    pics_raw = matches[0].group(0).strip()
    measured_raw = matches[1].group(0).strip() if len(matches) > 1 else None
    tail = text[(matches[1] if len(matches) > 1 else matches[0]).end() :]
    return _measurement_of(name, pics_raw, measured_raw, tail)


def _is_value(cell: str) -> bool:
    """Return True when a cell holds a duration or a placeholder for a missing one."""
    return DURATION_RE.fullmatch(cell.strip()) is not None or _MISSING_VALUE.match(cell.strip()) is not None


def _measurement_of(name: str, pics: str, measured: str | None, description: str) -> PerformanceMeasurement:
    """Return a measurement from its printed parts, converting the values to seconds."""
    return PerformanceMeasurement(
        name=collapse(name),
        pics_value_s=_seconds(pics),
        measured_value_s=_seconds(measured),
        pics_value_raw=pics,
        measured_value_raw=measured,
        description=collapse(description) or None,
    )


def _seconds(text: str | None) -> float | None:
    """Return the seconds in a printed value, None for a placeholder or nothing."""
    if not text:
        return None
    match = DURATION_RE.search(text)
    return duration_from_match(match) if match else parse_duration(text)


_SETTINGS_SENTENCE = key(
    "All relevant limits and non-OCPP settings that are relevant for the test laboratory and for the correct "
    "functioning of the"
)
_SETTINGS_HEADER_KEYS = {
    "limitsetting",
    "limitsettingvalue",
    "value",
    "limitsettingsvalue",
    "limitsettings",
    "setting",
}
_DANGLING = {
    "in",
    "of",
    "for",
    "to",
    "with",
    "the",
    "a",
    "an",
    "and",
    "or",
    "by",
    "on",
    "at",
    "from",
    "per",
    "when",
}
_VALUE_WORD = re.compile(r"^(?P<name>.*?)\s*(?P<value>Yes|No|True|False|Enabled|Disabled|\d+(?:[.,]\d+)?\s*\w*)$", re.I)


def parse_settings(settings: list[Line], configuration: list[Line]) -> tuple[list[Setting], list[str]]:
    """Return the limits/settings rows and the warnings about them.

    A row name cut short by the extraction ("… milliseconds in") is completed with a displaced fragment
    ("timestamps:") found among the unlabelled lines of the configuration and settings sections.
    """
    rows: list[tuple[str | None, str | None]] = []
    fragments = [line.text for line in configuration if _is_fragment(line)]
    for line in settings:
        if _is_settings_boilerplate(line):
            continue
        row = _setting_row(line)
        if row is None:
            fragments.append(line.text)
        else:
            rows.append(row)
    return _complete_settings(rows, fragments)


def _is_fragment(line: Line) -> bool:
    """Return True for a short unlabelled line of one cell (a piece displaced from a table)."""
    return (
        len(line.cells) == 1
        and len(line.text.split()) <= 3
        and not is_noise(line.text)
        and not (line.key.startswith("testconfiguration"))
    )


def _is_settings_boilerplate(line: Line) -> bool:
    """Return True for the table's heading sentence (whole or wrapped) and its column header."""
    line_key = line.key
    if line_key in _SETTINGS_HEADER_KEYS or line_key.startswith("allrelevantlimits"):
        return True
    trimmed = re.sub(r"(csms|chargingstation|chargepoint|centralsystem|dut|sut|cs)$", "", line_key)
    return len(trimmed) >= 12 and trimmed in _SETTINGS_SENTENCE


def _setting_row(line: Line) -> tuple[str | None, str | None] | None:
    """Return (name, value) for a settings row, (None, value) for a value printed without its name."""
    if len(line.cells) >= 2:
        return line.cells[0].rstrip(": ") or None, line.cells[1]
    text = line.text
    if ":" in text.rstrip(":"):
        name, _, value = text.rpartition(":")
        return name.strip() or None, value.strip()
    match = _VALUE_WORD.match(text)
    if match is None:
        return None
    return (match.group("name").rstrip(": ") or None), match.group("value")


def _complete_settings(
    rows: list[tuple[str | None, str | None]], fragments: list[str]
) -> tuple[list[Setting], list[str]]:
    """Return the settings with cut names completed from ``fragments``, and warnings for what was guessed."""
    settings: list[Setting] = []
    warnings: list[str] = []
    for name, value in rows:
        if name and name.split()[-1].lower() in _DANGLING and fragments:
            fragment = fragments.pop(0).rstrip(": ")
            warnings.append(f'setting name "{name}" completed with the displaced fragment "{fragment}"')
            name = f"{name} {fragment}"
        if name is None:
            warnings.append(f'a setting value "{value}" is printed without its name and was left out')
            continue
        settings.append(Setting(name, value))
    return settings, warnings
