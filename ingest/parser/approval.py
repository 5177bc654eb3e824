"""The Statement of Approval: the vendor's and the test laboratory's signature blocks.

Blocks are printed one under the other or side by side; labels and values in cells or run together
("Department INC Position Consultant …"); signature glyphs land in a third column. Each block becomes a
``Signatory``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from certificates.domain.record import Signatory
from ingest.normalize import parse_date
from ingest.parser.lines import Line, collapse, key

_FIELDS = {
    "name": "name",
    "fullname": "name",
    "company": "company",
    "organisation": "company",
    "organization": "company",
    "department": "department",
    "division": "department",
    "position": "position",
    "title": "position",
    "function": "position",
    "jobtitle": "position",
    "location": "location",
    "place": "location",
    "address": "location",
    "date": "date",
}
_VENDOR_KEYS = ("vendor", "vendorsignatory", "manufacturer", "applicant", "forthevendor")
_LAB_KEYS = (
    "testlaboratory",
    "testlab",
    "laboratory",
    "testhouse",
    "forthetestlaboratory",
    "testlaboratorysignatory",
)
_INLINE_LABEL = re.compile(r"\b(Name|Company|Department|Position|Location|Date)\b\s*[:：]?\s*")
_SIGNATURE = re.compile(r"\s*\bSignature\b\s*:?\s*$", re.IGNORECASE)
_DATE_CELL = re.compile(r"^\s*Date\s*[:：]?\s*(?P<date>.*)$", re.IGNORECASE)
_DATE_IN_CELL = re.compile(r"(?:^|[\s,;—–-])Date\s*[:：]?\s*(?P<date>.*)$", re.IGNORECASE)


def parse_approval(lines: list[Line], reference: date | None) -> tuple[Signatory | None, Signatory | None]:
    """Return the (vendor, lab) signatories of the approval section; None for a block that is absent."""
    blocks: dict[str, dict[str, str]] = {}
    side = None
    for line in lines:
        opened = _block_side(line)
        if opened == "both":
            _read_side_by_side(lines[lines.index(line) :], blocks)
            break
        if opened is not None:
            side = opened
            blocks.setdefault(side, {})
        fields = _row_fields(line)
        if side is None and fields:
            side = "vendor"
            blocks.setdefault(side, {})
        if side is None:
            continue
        if any(name in blocks[side] and name != "date" for name in fields) and side == "vendor" and "lab" not in blocks:
            side = "lab"
            blocks.setdefault(side, {})
        for name, value in fields.items():
            blocks[side].setdefault(name, value)
    return _signatory(blocks.get("vendor"), reference), _signatory(blocks.get("lab"), reference)


def _block_side(line: Line) -> str | None:
    """Return "vendor", "lab" or "both" for a block's first row; None for other rows."""
    keys = [key(_DATE_IN_CELL.sub("", cell)) for cell in line.cells]
    vendor = any(k.startswith(_VENDOR_KEYS) for k in keys)
    lab = any(k.startswith(_LAB_KEYS) for k in keys)
    if vendor and lab:
        return "both"
    return "vendor" if vendor else "lab" if lab else None


def _row_fields(line: Line) -> dict[str, str]:
    """Return the labelled values of one row: ``{"name": "Elmir Zeynalov"}``, ``{"date": "25.01.2021"}``."""
    fields: dict[str, str] = {}
    for position, cell in enumerate(line.cells):
        dated = _DATE_IN_CELL.search(cell)
        if dated is not None and (dated.group("date") or position + 1 < len(line.cells)):
            fields.setdefault("date", dated.group("date") or line.cells[position + 1])
    label = _FIELDS.get(key(line.cells[0].rstrip(":： ")))
    if label is not None and label != "date":
        value = next((c for c in line.cells[1:] if not _is_decoration(c)), "")
        if value:
            fields[label] = _SIGNATURE.sub("", value)
        return fields
    fields.update(_inline_fields(line.cells[0]))
    return fields


def _inline_fields(cell: str) -> dict[str, str]:
    """Return the labelled values run together in one cell ("Department INC Position Consultant …")."""
    matches = list(_INLINE_LABEL.finditer(cell))
    if not matches or matches[0].start() != 0:
        return {}
    fields: dict[str, str] = {}
    for position, match in enumerate(matches):
        end = matches[position + 1].start() if position + 1 < len(matches) else len(cell)
        value = _SIGNATURE.sub("", cell[match.end() : end]).strip()
        if value:
            fields.setdefault(_FIELDS[match.group(1).lower()], value)
    return fields


def _is_decoration(cell: str) -> bool:
    """Return True for cells that are no value: the word "Signature" or a "Date: …" cell."""
    return key(cell) in ("signature", "") or _DATE_CELL.match(cell) is not None


def _read_side_by_side(lines: list[Line], blocks: dict[str, dict[str, str]]) -> None:
    """Fill ``blocks`` from blocks printed side by side: each row holds the vendor's value, then the lab's."""
    header_dates = [m.group("date") for c in lines[0].cells if (m := _DATE_CELL.match(c)) and m.group("date")]
    vendor: dict[str, str] = {}
    lab: dict[str, str] = {}
    for side, found in zip((vendor, lab), header_dates, strict=False):
        side["date"] = found
    for line in lines[1:]:
        label = _FIELDS.get(key(line.cells[0].rstrip(":： ")))
        if label is None:
            continue
        values = [c for c in line.cells[1:] if not _is_decoration(c) and _FIELDS.get(key(c.rstrip(":"))) != label]
        for side, value in zip((vendor, lab), values, strict=False):
            side.setdefault(label, _SIGNATURE.sub("", value))
    blocks["vendor"], blocks["lab"] = vendor, lab


def _without_debris(value: str) -> str:
    """Return ``value`` without the signature debris run onto its end: tokens with no letter ("43", "0 %"),
    or the Arabic or Hebrew glyphs OCR makes of a signature ("ام"), unless the value is in that script."""
    words = collapse(value).split()
    script = _script(words[0]) if words else None
    while len(words) > 1 and _script(words[-1]) in (None, *({"ARABIC", "HEBREW"} - {script})):
        words.pop()
    return " ".join(words)


def _script(word: str) -> str | None:
    """Return the Unicode script of the first letter in ``word`` ("LATIN", "ARABIC", "HANGUL"), None if none."""
    letter = next((c for c in word if c.isalpha()), None)
    return unicodedata.name(letter, "?").split()[0] if letter else None


def _signatory(fields: dict[str, str] | None, reference: date | None) -> Signatory | None:
    """Return the signatory a block's fields describe, or None for an empty block."""
    if not fields:
        return None
    text = {name: _without_debris(value) or None for name, value in fields.items() if name != "date"}
    return Signatory(
        name=text.get("name"),
        company=text.get("company"),
        department=text.get("department"),
        position=text.get("position"),
        location=text.get("location"),
        date=parse_date(fields.get("date"), reference),
    )
