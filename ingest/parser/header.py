"""The certificate page: title, labelled fields, the holder, the reference specification, the applied-tests
row and the OCA signatory."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.normalize import find_date, normalize_certificate_type
from ingest.parser.labels import Labelled, read_label
from ingest.parser.lines import Line, collapse, is_noise, key

_TITLE_RE = re.compile(
    r"[O0]CPP\s*(?:v\.?\s*)?(?P<version>\d(?:\s?\.\s?\d){1,2})\s*(?P<before>.*?)\s*Certificate\b(?P<after>.*)",
    re.I,
)
_SPEC_RE = re.compile(
    r"reference\s+specification\s*:?\s*(?P<spec>.+?)\s*(?:\.\s+(?=(?:The|This|Test|All|Optional)\b)|\.?\s*$)",
    re.I,
)
_ATTESTATION_KEYS = ("thiscertificateattests", "thiscertificateconfirms", "thisistocertify", "thiscertifies")
_OCA_TITLES = re.compile(r"\s*[,-]?\s*\b(?:Chairman|Chairwoman|Chairperson|Chair|President|Secretary)\b.*$", re.I)
_OCA_HEADING = re.compile(r"^\s*(?:For|On behalf of) the Open Charge Alliance\s*:?", re.I)
_APPLIED_PHRASE = "Conformance testing according to the test specification referenced by the test report"
_APPLIED_DESCRIPTION = key(_APPLIED_PHRASE)
_APPLIED_DESCRIPTION_WORDS = _APPLIED_PHRASE.lower().split()
# A report identifier's word: an underscore, or letters and digits together.
_IDENTIFIER = re.compile(r"_|[A-Za-z][^\s,]*\d|\d[^\s,]*[A-Za-z]")
_APPLIED_END_KEYS = ("theabstract", "thiscertificate", "fortheopencharge", "thiscertificateshall")


@dataclass(frozen=True)
class Title:
    """The certificate's title line: the OCPP version and the type it states (None when it states none)."""

    text: str
    ocpp_version: str | None
    certificate_type: str | None


def parse_title(lines: list[Line]) -> Title | None:
    """Return the first line before the certificate fields that reads "OCPP <version> … Certificate"."""
    head: list[Line] = []
    for line in lines[:12]:
        if read_label(line) is not None:
            break
        head.append(line)
    # A large title may wrap: "OCPP 1.6 Full" / "Certificate".
    candidates = [line.text for line in head] + [f"{a.text} {b.text}" for a, b in zip(head, head[1:], strict=False)]
    for text in candidates:
        match = _TITLE_RE.search(text)
        if match is None:
            continue
        version = re.sub(r"\s", "", match.group("version"))
        stated = _strip_decoration(match.group("before")) or _strip_decoration(match.group("after"))
        return Title(text, version, normalize_certificate_type(stated))
    return None


def _strip_decoration(text: str) -> str:
    """Return ``text`` without dashes, brackets and product words around a type (``– Full``, ``(Core + S)``)."""
    text = re.sub(r"\b(?:CSMS|Charging Station(?: Management System)?|Conformance|OCPP)\b", " ", text, flags=re.I)
    return collapse(text.strip(" -–—:()[]|"))


def header_region(header: list[Line]) -> list[Line]:
    """Return the lines of the certificate page before its attestation sentence (the field block)."""
    for position, line in enumerate(header):
        if line.key.startswith(_ATTESTATION_KEYS) or "successfullycompletedcertification" in line.key:
            return header[:position]
    return header


def orphan_holder(region: list[Line], labels: list[Labelled], title: Title | None) -> str | None:
    """Return the holder printed away from its label: the unlabelled lines of the field block, joined.

    Lines that belong to a label (its value or continuation), the title and debris are not orphans.
    """
    claimed = {labelled.line.index for labelled in labels}
    claimed |= _continuation_indexes(region, labels)
    parts: list[str] = []
    for line in region:
        if line.index in claimed or (title and line.text in title.text) or is_noise(line.text):
            if parts and line.index in claimed:
                break
            continue
        if _TITLE_RE.search(line.text) or "openchargealliance" in line.key:
            continue
        parts.append(line.text)
    return collapse(" ".join(parts)) or None


def _continuation_indexes(region: list[Line], labels: list[Labelled]) -> set[int]:
    """Return the indexes of lines whose text was already used as a label's continued value."""
    used: set[int] = set()
    by_index = {line.index: line for line in region}
    for labelled in labels:
        position = labelled.line.index + 1
        while position in by_index and by_index[position].text in labelled.value:
            if read_label(by_index[position]) is not None:
                break
            used.add(position)
            position += 1
    return used


def parse_specification(header: list[Line]) -> str | None:
    """Return the reference specification the attestation sentence names, or None."""
    text = " ".join(line.text for line in header)
    match = _SPEC_RE.search(text)
    if match is None:
        return None
    return match.group("spec").strip(" .")


@dataclass(frozen=True)
class AppliedTests:
    """The applied-tests row: who performed the tests, when, and the document evidence."""

    lab: str | None
    test_date: date | None
    evidence: str | None


def parse_applied_tests(header: list[Line], reference: date | None) -> AppliedTests | None:
    """Return the row under "Applied tests | Performed by / on | Document evidence", or None if absent."""
    for position, line in enumerate(header):
        if "appliedtests" in line.key or "performedbyon" in line.key:
            row = _row_lines(header[position + 1 : position + 9])
            cells = _flat_row_cells(row) if all(len(line.cells) == 1 for line in row) else _row_cells(row)
            return _split_applied_row(cells, reference) if cells else None
    return None


def _row_lines(lines: list[Line]) -> list[Line]:
    """Return the lines of the row under the applied-tests header: up to a blank line or the next paragraph."""
    row: list[Line] = []
    for line in lines:
        if line.key.startswith(_APPLIED_END_KEYS) or (row and line.blank_before):
            break
        row.append(line)
    return row


def _flat_row_cells(row: list[Line]) -> list[str]:
    """Return [lab and date, evidence] from a row whose cells ran together, as copied from a PDF viewer.

    The boilerplate description's words are dropped in order wherever its wrapped pieces begin a line; on
    each line, the first identifier-like word ("KSGA_20211007_Test", "LIEE-OCPP16-CS-2026-007") starts
    the evidence column, the words before it belong to the lab and date.
    """
    description = _APPLIED_DESCRIPTION_WORDS
    used = 0
    lab: list[str] = []
    evidence: list[str] = []
    for line in row:
        words = line.text.split()
        while words and used < len(description) and words[0].lower() == description[used]:
            words.pop(0)
            used += 1
        split = next((i for i, word in enumerate(words) if _IDENTIFIER.search(word)), len(words))
        lab.extend(words[:split])
        evidence.extend(words[split:])
    return [" ".join(part) for part in (lab, evidence) if part]


def _row_cells(row: list[Line]) -> list[str]:
    """Return the cells of a table row that may wrap over several lines, joined column by column.

    The widest line gives the columns. A narrower line's cells fill the columns from the left, except that
    the description column is skipped when its first cell is no piece of the boilerplate description
    (only the lab cell wrapped).
    """
    if not row:
        return []
    width = max(len(line.cells) for line in row)
    columns: list[list[str]] = [[] for _ in range(width)]
    for line in row:
        start = 0 if len(line.cells) == width or _is_description_piece(line.cells[0]) else 1
        for offset, cell in enumerate(line.cells):
            columns[min(start + offset, width - 1)].append(cell)
    return [collapse(" ".join(column)) for column in columns if column]


def _is_description_piece(cell: str) -> bool:
    """Return True when ``cell`` is part of "Conformance testing according to … the test report"."""
    cell_key = key(cell)
    return len(cell_key) >= 6 and cell_key in _APPLIED_DESCRIPTION


def _split_applied_row(cells: list[str], reference: date | None) -> AppliedTests:
    """Return lab, date and evidence from the row's cells, leaving out the boilerplate description."""
    cells = [c for c in cells if not _is_description_piece(c)]
    cells = [_drop_description_prefix(c) for c in cells]
    cells = [c for c in cells if c]
    for position, cell in enumerate(cells):
        found = find_date(cell, reference)
        if found is None:
            continue
        when, start, end = found
        before, after = (
            cell[:start].strip(" ,;-"),
            " ".join([cell[end:].strip(" ,;-"), *cells[position + 1 :]]),
        )
        if not before and not after.strip() and position >= 2:
            # A row wrapped over two lines without its columns: lab, evidence, then the lab's date below.
            return AppliedTests(cells[0].strip(" ,;-"), when, " ".join(cells[1:position]))
        lab = before or " ".join(cells[:position]).strip(" ,;-") or None
        return AppliedTests(lab, when, after.strip() or None)
    return AppliedTests(cells[0] if len(cells) > 1 else None, None, cells[-1] if cells else None)


def _drop_description_prefix(cell: str) -> str:
    """Return ``cell`` without a leading "Conformance testing according to … the test report"."""
    return re.sub(r"^\s*Conformance testing according to .*?test report\s*", "", cell, flags=re.I).strip()


def parse_oca_signatory(oca: list[Line]) -> str | None:
    """Return the name signed for the Open Charge Alliance, title-cased if printed in capitals."""
    for line in oca:
        text = _OCA_TITLES.sub("", _OCA_HEADING.sub("", line.text)).strip(" ,")
        if not text or is_noise(text) or "signature" in line.key or len(text.split()) > 5:
            continue
        return text.title() if text.isupper() else text
    return None
