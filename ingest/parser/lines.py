"""The parser's view of a document: lines of cells, each assigned to a section of the certificate.

A certificate prints the same sections in every layout: the certificate page (``header``), the OCA
signature, the abstract of the test report, the results, the performance measurements, the test
configuration, the limits and settings, and the Statement of Approval. Lines are matched to sections by
their headings, read through OCR noise with ``key``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# Cells are separated by tabs or wide gaps; on a line without tabs (space-aligned columns, OCR of ruled
# tables) also by two spaces or a spaced bar.
_TABBED_CELL_SPLIT = re.compile(r"\t|\s{3,}")
_CELL_SPLIT = re.compile(r"\t|\s{3,}| {2,}(?=\S)|\s+\|\s+|^\s*\|\s*|\s*\|\s*$")
_OCR_IN_WORDS = str.maketrans({"0": "o", "1": "l", "5": "s", "|": "l"})
_NON_ALNUM = re.compile(r"[^a-z0-9]")
_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_FOOTER = re.compile(r"^\s*page\s*[\dlIO]+\s*(?:of|from|/|von)\s*[\dlIO]+\s*$|^\s*\d+\s*/\s*\d+\s*$", re.IGNORECASE)
# A word broken at the end of a line by hyphenation ("Manage-" / "ment System").
_HYPHENATED = re.compile(r"(?<=[a-z])-\n(?=[a-z])")


def key(text: str) -> str:
    """Return a comparison key for a label or heading: lower case, letters and digits, OCR digits as letters.

    ``Certificate ho1der:`` and ``CERTIFICATE HOLDER`` both give ``certificateholder``.
    """
    lowered = text.lower()
    if _LETTER.search(lowered):
        lowered = lowered.translate(_OCR_IN_WORDS)
    return _NON_ALNUM.sub("", lowered)


def collapse(text: str) -> str:
    """Return ``text`` with runs of white space folded into single spaces and the ends trimmed."""
    return " ".join(text.split())


@dataclass
class Line:
    """One printed line: its cells (non-empty, white space collapsed), its section, and a blank before it.

    ``text`` (the cells joined by spaces) and ``key`` (its comparison key) are computed once.
    """

    index: int
    cells: list[str]
    blank_before: bool
    section: str = "header"

    text: str = field(init=False)
    key: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = " ".join(self.cells)
        self.key = key(self.text)


def split_lines(text: str) -> list[Line]:
    """Return the non-empty, non-footer lines of plain ``text``; tabs (or wide gaps) separate cells."""
    lines: list[Line] = []
    blank = False
    for raw in _HYPHENATED.sub("", text).split("\n"):
        cells = [collapse(cell) for cell in (_TABBED_CELL_SPLIT if "\t" in raw else _CELL_SPLIT).split(raw)]
        cells = [cell for cell in cells if cell]
        if not cells or _FOOTER.match(" ".join(cells)):
            blank = blank or not cells
            continue
        lines.append(Line(index=len(lines), cells=cells, blank_before=blank))
        blank = False
    return lines


def is_noise(text: str) -> bool:
    """Return True for debris: fewer than three letters, or mostly punctuation, digits and stray glyphs."""
    letters = len(_LETTER.findall(text))
    if letters < 3:
        return True
    return letters < len(text.replace(" ", "")) * 0.5


# Headings that open a section, as ``key`` prefixes, in the order sections normally come.
SECTION_HEADINGS = [
    ("oca", ("fortheopenchargealliance", "onbehalfoftheopenchargealliance")),
    ("abstract", ("abstractoftestreport", "abstractofthetestreport")),
    (
        "results",
        ("testresultsummaryforthe", "functionalitiesocpp", "certificationprofiles", "functionalities"),
    ),
    ("performance", ("performancemeasurement",)),
    ("configuration", ("testconfiguration",)),
    ("settings", ("allrelevantlimits", "limitsetting", "limitsandsettings")),
    ("approval", ("statementofapproval",)),
]
# A heading is a short line; prose that happens to start with a heading's words is not one.
MAX_HEADING_WORDS = 8
# Headings printed as a whole sentence, specific enough to be known by their first words.
SENTENCE_HEADINGS = {"allrelevantlimits", "fortheopenchargealliance", "onbehalfoftheopenchargealliance"}


def section_of(line: Line) -> str | None:
    """Return the section a heading line opens, or None when the line is not a heading."""
    line_key = line.key
    first = key(line.cells[0])
    short = len(line.text.split()) <= MAX_HEADING_WORDS and not line.text.endswith(".")
    for section, prefixes in SECTION_HEADINGS:
        for prefix in prefixes:
            if first == prefix or ((short or prefix in SENTENCE_HEADINGS) and line_key.startswith(prefix)):
                return section
    return None


def assign_sections(lines: Iterable[Line]) -> None:
    """Set ``line.section`` for every line, following the headings; lines before the first are ``header``.

    The results table, performance table and approval block are also recognised by their column headers
    when their heading is missing.
    """
    section = "header"
    for line in lines:
        opened = section_of(line)
        if opened is None and _opens_approval(line, section):
            opened = "approval"
        if opened is not None:
            section = opened
        line.section = section


def _opens_approval(line: Line, section: str) -> bool:
    """Return True for a signature block's first row ("Vendor … Date: …") outside the approval section."""
    first = key(line.cells[0])
    return section != "approval" and first in ("vendor", "vendorsignatory") and "date" in line.key


def in_section(lines: Iterable[Line], *sections: str) -> list[Line]:
    """Return the lines assigned to any of ``sections``, in document order."""
    return [line for line in lines if line.section in sections]
