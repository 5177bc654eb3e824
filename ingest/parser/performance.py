"""The performance table: name, PICS value, measured value and description per row, values in seconds.

Rows are read from cells when the extraction kept them, else by their two durations. A name wrapped over
two lines is joined back when the pieces make a known measurement name, or when the values open a line of
their own below the name.
"""

from __future__ import annotations

import re
from dataclasses import replace

from certificates.domain.record import PerformanceMeasurement
from ingest.normalize import DURATION_RE, duration_from_match, parse_duration
from ingest.parser.lines import Line, collapse, is_noise, key

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
        if row is None and pending and DURATION_RE.match(line.text):
            rows, row = _named_by_pending(rows, line, pending)
        elif row is not None:
            rows, row = _prefix_with_pending(rows, row, pending)
        if row is not None:
            rows.append(row)
            pending = []
            continue
        continued = _continued_name(rows[-1], line) if rows and not pending else None
        if continued is not None:
            rows[-1] = continued
        else:
            pending.append(line)
    return _place_pending(rows, pending)


def _continued_name(row: PerformanceMeasurement, line: Line) -> PerformanceMeasurement | None:
    """Return ``row`` with its name completed by the first words of ``line`` and the rest added to its
    description; None when no start of the line completes a known name."""
    words = line.cells[0].split()
    for count in range(min(3, len(words)), 0, -1):
        head = " ".join(words[:count])
        if _completes(row.name, head, after=True):
            rest = [part for part in (" ".join(words[count:]), *line.cells[1:]) if part]
            return _with_description(_complete_name(row, head, after=True), rest)
    return None


def _named_by_pending(
    rows: list[PerformanceMeasurement], line: Line, pending: list[Line]
) -> tuple[list[PerformanceMeasurement], PerformanceMeasurement | None]:
    """Return the rows and the row whose values open ``line``, named by the pending lines above it: those
    after the last one that ends a sentence (the previous row's description)."""
    start = max((i + 1 for i, part in enumerate(pending) if part.text.endswith(".")), default=0)
    name_lines = pending[start:] or pending[-1:]
    name = " ".join(part.text for part in name_lines)
    row = _measurement(Line(line.index, [f"{name} {line.text}"], line.blank_before))
    if row is None:
        return rows, None
    return _place_pending(rows, pending[: len(pending) - len(name_lines)]), row


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
