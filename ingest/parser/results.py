"""The results table: one row per certification profile, and OCPP 2.0.1's PICS rows printed with it.

Rows are read from cells when the extraction kept them, and by the shape of their values when it did not:
a known profile name followed by a result word (several on one line when rows merged), a short name and a
result with no separator, or a result word opening a line below a name wrapped over several lines.
"""

from __future__ import annotations

import re
from dataclasses import replace

from certificates.domain.record import PicsEntry, ProfileResult
from ingest.normalize import RESULT_WORDS, canonical_profile_name, normalize_profile_name, normalize_result
from ingest.parser.lines import Line, collapse, is_noise, key

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
# A result word that ends a row's name and no Yes/No: those answer PICS questions.
_ROW_RESULT = r"(?P<result>N[o0]t\s*T[a-z]{2,4}d|N[o0]t\s*Applicable|N\s?/\s?A|Pass(?:ed)?|P[a@4][s5]{2}|Fail(?:ed)?)"
_FLAT_ROW = re.compile(
    r"^(?P<name>[A-Z][\w/&().-]*(?:\s+[\w/&().-]+){0,4}?)\s*:?\s+"
    + _ROW_RESULT
    + r"(?![A-Za-z])\s*(?P<description>.*)$",
    re.IGNORECASE,
)
_RESULT_FIRST = re.compile(r"^\s*" + _ROW_RESULT + r"(?![A-Za-z])\s*(?P<description>.*)$", re.IGNORECASE)
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
    """Return the profile rows and PICS rows found in ``lines`` (the results section).

    Lines that are no row are held until the next row: the last of them may be that row's name, wrapped
    above its result; the rest continue the previous row.
    """
    profiles: list[ProfileResult] = []
    pics: list[PicsEntry] = []
    loose: list[Line] = []
    for line in lines:
        if key(line.cells[0]).startswith(_TABLE_HEADER_KEYS):
            continue
        found = _known_profile_rows(line) or _cell_profile_row(line) or _flat_profile_row(line)
        used = 0
        if not found:
            found, used = _result_first_row(line, loose)
        if found:
            profiles = _continue_last(profiles, loose[: len(loose) - used])
            profiles.extend(found)
            loose = []
            continue
        entry = _pics_row(line)
        if entry is not None:
            pics.append(entry)
        elif not is_noise(line.text):
            loose.append(line)
    return _continue_last(profiles, loose), pics


def _continue_last(profiles: list[ProfileResult], lines: list[Line]) -> list[ProfileResult]:
    """Return ``profiles`` with ``lines`` continuing the last row (its wrapped name or description)."""
    if not profiles or not lines:
        return profiles
    last = profiles[-1]
    for line in lines:
        last = _continue_row(last, line)
    return [*profiles[:-1], last]


def _continue_row(row: ProfileResult, line: Line) -> ProfileResult:
    """Return ``row`` continued by a wrapped line: the rest of an unknown name that becomes known (the first
    words or cell of the line), else more of its description."""
    if row.name not in _PROFILE_NAMES:
        words = line.cells[0].split()
        for count in range(min(3, len(words)), 0, -1):
            head = " ".join(words[:count])
            completed = canonical_profile_name(f"{row.raw_name} {head}")
            if completed is not None:
                row = replace(row, name=completed, raw_name=f"{row.raw_name} {head}")
                rest = " ".join([*words[count:], *line.cells[1:]])
                return _extend_description(row, rest) if rest else row
    return _extend_description(row, line.text)


def _flat_profile_row(line: Line) -> list[ProfileResult]:
    """Return the row of a line that runs a short name, a result and the description together
    ("Firmware Pass Support for …"), as copied from a PDF viewer."""
    match = _FLAT_ROW.match(line.text)
    if match is None or _PICS_ID.match(match.group("name")):
        return []
    raw_name = match.group("name").rstrip(": ")
    description = collapse(match.group("description")) or None
    result = normalize_result(match.group("result"))
    return [ProfileResult(normalize_profile_name(raw_name), result, description, raw_name, match.group("result"))]


def _result_first_row(line: Line, loose: list[Line]) -> tuple[list[ProfileResult], int]:
    """Return the row a line opens with its result word, named by the loose lines above it, and how many
    of them the name used: the shortest run at the end that makes a known profile name."""
    match = _RESULT_FIRST.match(line.text)
    if match is None or not loose:
        return [], 0
    for start in range(len(loose) - 1, -1, -1):
        raw_name = collapse(" ".join(part.text for part in loose[start:])).rstrip(": ")
        name = canonical_profile_name(raw_name)
        if name is not None:
            description = collapse(match.group("description")) or None
            row = ProfileResult(
                name, normalize_result(match.group("result")), description, raw_name, match.group("result")
            )
            return [row], len(loose) - start
    return [], 0


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
