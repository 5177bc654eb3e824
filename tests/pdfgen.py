"""Build realistic OCA certificate PDFs from seed-style text, for tests.

The seeds in ``tests/fixtures/seeds`` are text extractions of real OCA OCPP certificates: tabs
separate table cells, and there is HTML / Markdown markup and extraction noise.
:func:`build_certificate_pdf` lays such a text out the way an original certificate is laid out
(certificate page, abstract of the test report, performance / configuration / approval page) so
that the PDF path of the parser can be tested against the same expected records as the text path.

Layout rules (see :func:`build_certificate_pdf`):

* markup is stripped first (:func:`clean_certificate_text`); noise lines are kept verbatim;
* page 2 starts at "Abstract of test report", page 3 at the first "Performance Measurement
  Results" that starts a section; every page gets a "Page N from 3" footer;
* runs of consecutive lines containing tabs become one table (ruled grid, or unruled tab-stop
  columns), every other non-empty line is a paragraph.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

__all__ = ["PAGE_COUNT", "SEEDS_DIR", "build_certificate_pdf", "clean_certificate_text", "load_seeds"]

PAGE_COUNT = 3

# Copies of the five seed certificates (text extractions of real OCA certificates).
SEEDS_DIR = Path(__file__).resolve().parent / "fixtures" / "seeds"

FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"

ABSTRACT_MARKER = "abstract of test report"
PERFORMANCE_MARKER = "performance measurement results"

# Section headings of the annex, rendered as headings (bold, larger).
_HEADINGS = frozenset(
    {
        "abstract of test report",
        "test result summary",
        "test result summary for the certified functionalities",
        "performance measurement results",
        "test configuration",
        "statement of approval",
    }
)

_MARGIN_X = 20 * mm
_MARGIN_TOP = 22 * mm
_MARGIN_BOTTOM = 22 * mm
_FRAME_WIDTH = A4[0] - 2 * _MARGIN_X

# Font scales tried in turn until every section fits on its page.
_SCALES = (1.0, 0.92, 0.85, 0.78, 0.7, 0.62, 0.55)


def load_seeds(directory: Path = SEEDS_DIR) -> dict[str, str]:
    """Read the seed texts (``*.txt``) of ``directory``, byte-for-byte (no newline translation).

    Returns a dict mapping each file's stem (e.g. ``"000_d42e1137ead7e816"``) to its text,
    sorted by name.
    """
    return {p.stem: p.read_bytes().decode("utf-8") for p in sorted(directory.glob("*.txt"))}


# --------------------------------------------------------------------------------------------
# Text clean-up
# --------------------------------------------------------------------------------------------

_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_MD_HEADING_RE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)")
_TRAILING_WS_RE = re.compile(r"[^\S\t]+$")  # trailing whitespace except tabs (they carry cells)
_SPACE_CHARS = "\u00a0\u2007\u202f"


def clean_certificate_text(text: str) -> str:
    """Strip markup from a seed-style certificate text.

    Removes HTML tags and entities, Markdown heading hashes and ``**`` bold markers, trailing
    whitespace (tabs are kept: they separate table cells); normalises CRLF / CR line ends, a BOM
    and non-breaking spaces. Everything else, including extraction noise, is kept verbatim.

    Returns the cleaned text (lines joined with ``"\\n"``, no trailing newline added).
    """
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = _COMMENT_RE.sub("", text)
    lines: list[str] = []
    for raw in text.split("\n"):
        line = _BR_RE.sub(" ", raw)
        line = _TAG_RE.sub("", line)
        line = html.unescape(line)
        for ch in _SPACE_CHARS:
            line = line.replace(ch, " ")
        line = line.replace("\ufeff", "")
        line = _MD_HEADING_RE.sub("", line)
        line = line.replace("**", "")
        line = _TRAILING_WS_RE.sub("", line)
        lines.append(line)
    return "\n".join(lines)


# Close ASCII / WinAnsi equivalents for characters Helvetica (WinAnsiEncoding) cannot render and
# that Unicode normalisation does not map to something renderable.
_FALLBACKS = {
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2015": "\u2014",  # horizontal bar -> em dash
    "\u2212": "-",  # minus sign
    "\u2032": "'",
    "\u2033": '"',
    "\u2190": "<-",
    "\u2192": "->",
    "\u2194": "<->",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2260": "!=",
    "\u2248": "~",
    "\u2713": "v",
    "\u2714": "v",
    "\u2717": "x",
    "\u2718": "x",
    "\u0141": "L",
    "\u0142": "l",
    "\u0110": "D",
    "\u0111": "d",
    "\u0131": "i",
}


def _renderable(ch: str) -> bool:
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return False
    try:
        ch.encode("cp1252")  # == reportlab's WinAnsiEncoding for printable characters
    except UnicodeEncodeError:
        return False
    return True


def _to_winansi(text: str) -> str:
    """Replace characters the standard Helvetica font cannot render (outside WinAnsi)."""
    out: list[str] = []
    for ch in text:
        if _renderable(ch):
            out.append(ch)
            continue
        if ch in _FALLBACKS:
            out.append(_FALLBACKS[ch])
            continue
        nfkc = unicodedata.normalize("NFKC", ch)
        if nfkc != ch and all(_renderable(c) for c in nfkc):
            out.append(nfkc)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if base != ch and base and all(_renderable(c) for c in base):
            out.append(base)
        # otherwise: drop (Arabic, CJK, Hangul, emoji, control characters, ...)
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Blocks
# --------------------------------------------------------------------------------------------


@dataclass
class _Para:
    text: str


@dataclass
class _Gap:
    lines: int


@dataclass
class _Rows:
    rows: list[list[str]] = field(default_factory=list)


_Block = _Para | _Gap | _Rows


def _split_cells(line: str) -> list[str]:
    cells = [_to_winansi(c).strip() for c in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _blocks(lines: Sequence[str]) -> list[_Block]:
    blocks: list[_Block] = []
    for line in lines:
        if "\t" in line:
            cells = _split_cells(line)
            if cells:
                if blocks and isinstance(blocks[-1], _Rows):
                    blocks[-1].rows.append(cells)
                else:
                    blocks.append(_Rows([cells]))
                continue
            line = ""
        text = _to_winansi(line).strip()
        if text:
            blocks.append(_Para(text))
        elif blocks and isinstance(blocks[-1], _Gap):
            blocks[-1].lines += 1
        else:
            blocks.append(_Gap(1))
    return blocks


def _line_key(line: str) -> str:
    """Text a line starts a section with: the paragraph, or a table row's first cell."""
    return " ".join(line.split("\t", 1)[0].split()).casefold()


def _split_pages(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Split the cleaned lines into the three pages of a certificate."""

    def starts_section(i: int, marker: str) -> bool:
        if _line_key(lines[i]) != marker:
            return False
        # A table row only starts a section when it is the first row of its table.
        return "\t" not in lines[i] or i == 0 or "\t" not in lines[i - 1]

    abstract = next((i for i in range(len(lines)) if starts_section(i, ABSTRACT_MARKER)), None)
    start = abstract if abstract is not None else 0
    perf = next((i for i in range(start, len(lines)) if starts_section(i, PERFORMANCE_MARKER)), None)
    p2 = abstract if abstract is not None else (perf if perf is not None else len(lines))
    p3 = perf if perf is not None else len(lines)
    return lines[:p2], lines[p2:p3], lines[p3:]


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Styles:
    scale: float

    def _style(self, name: str, font: str, size: float, **kw: Any) -> ParagraphStyle:
        s = size * self.scale
        return ParagraphStyle(name, fontName=font, fontSize=s, leading=s * 1.25, alignment=TA_LEFT, **kw)

    @property
    def title(self) -> ParagraphStyle:
        return self._style("title", FONT_BOLD, 20, spaceAfter=6 * self.scale)

    @property
    def heading(self) -> ParagraphStyle:
        return self._style("heading", FONT_BOLD, 12, spaceBefore=2 * self.scale, spaceAfter=2 * self.scale)

    @property
    def body(self) -> ParagraphStyle:
        return self._style("body", FONT, 9.5)

    @property
    def cell(self) -> ParagraphStyle:
        return self._style("cell", FONT, 8.5)

    @property
    def cell_bold(self) -> ParagraphStyle:
        return self._style("cell_bold", FONT_BOLD, 8.5)


_FIELD_RE = re.compile(r"^([A-Z][A-Za-z /]{2,40}:)(\s.*)?$")


def _para_flowable(text: str, styles: _Styles, *, is_title: bool, fields: bool) -> Paragraph:
    if is_title:
        return Paragraph(escape(text), styles.title)
    if " ".join(text.split()).casefold() in _HEADINGS:
        return Paragraph(escape(text), styles.heading)
    m = _FIELD_RE.match(text) if fields else None
    if m:  # certificate field "Label: value" -> bold label
        return Paragraph(f"<b>{escape(m.group(1))}</b>{escape(m.group(2) or '')}", styles.body)
    return Paragraph(escape(text), styles.body)


def _column_widths(rows: list[list[str]], ncols: int, avail: float, size: float, pad: float) -> list[float]:
    """Auto layout (like an HTML table): narrow columns keep their content width, the wide
    (description) columns share the rest, and no column is narrower than its longest word.

    Rows with a single leading cell (table captions such as "Test Report OCPP 1.6 Certification")
    do not widen the first column: they wrap inside it instead.
    """
    natural = [0.0] * ncols
    minimum = [0.0] * ncols
    captions = [bool(row[0]) and not any(row[1:]) for row in rows]
    use_captions = ncols == 1 or all(captions)
    for r, row in enumerate(rows):
        font = FONT_BOLD if r == 0 else FONT
        for c, cell in enumerate(row):
            if use_captions or not captions[r]:
                natural[c] = max(natural[c], stringWidth(cell, font, size))
            for word in cell.split():
                minimum[c] = max(minimum[c], stringWidth(word, font, size))
    empty = 4 * size
    minimum = [(m if m else empty) + pad + 1 for m in minimum]
    natural = [max((n if n else empty) + pad + 1, m) for n, m in zip(natural, minimum, strict=True)]

    if sum(natural) <= avail:  # everything fits on one line: stretch to the full width
        total = sum(natural)
        return [n * avail / total for n in natural]
    if sum(minimum) >= avail:  # cannot even fit the longest words: shrink proportionally
        total = sum(minimum)
        return [m * avail / total for m in minimum]

    widths: dict[int, float] = {}
    free = list(range(ncols))
    remaining = avail
    while free:  # columns that fit their fair share keep their natural width
        share = remaining / len(free)
        small = [c for c in free if natural[c] <= share]
        if not small:
            break
        for c in small:
            widths[c] = natural[c]
            remaining -= natural[c]
        free = [c for c in free if c not in small]
    # The others get their minimum plus a share of the rest proportional to what they lack.
    spare = remaining - sum(minimum[c] for c in free)
    if spare < 0:  # give back from the fixed columns, down to their minimum
        fixed = list(widths)
        slack = sum(widths[c] - minimum[c] for c in fixed)
        for c in fixed:
            widths[c] -= (widths[c] - minimum[c]) * min(1.0, -spare / slack) if slack else 0.0
        spare = 0.0
    lack = sum(natural[c] - minimum[c] for c in free)
    for c in free:
        widths[c] = minimum[c] + (spare * (natural[c] - minimum[c]) / lack if lack else spare / len(free))
    return [widths[c] for c in range(ncols)]


def _table_flowable(rows: list[list[str]], styles: _Styles, *, ruled: bool) -> Table:
    ncols = max(len(r) for r in rows)
    padded = [r + [""] * (ncols - len(r)) for r in rows]
    size = styles.cell.fontSize
    if ruled:
        lpad, rpad = 4.0, 4.0
    else:
        lpad, rpad = 0.0, 14.0  # tab-stop look: no lines, a clear gap between columns
    widths = _column_widths(padded, ncols, _FRAME_WIDTH, size, lpad + rpad)
    data = [
        [Paragraph(escape(cell), styles.cell_bold if r == 0 else styles.cell) if cell else "" for cell in row]
        for r, row in enumerate(padded)
    ]
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), lpad),
        ("RIGHTPADDING", (0, 0), (-1, -1), rpad),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5 * styles.scale),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5 * styles.scale),
    ]
    if ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.6, colors.black))
    # spaceBefore/After keep the rules of neighbouring tables well apart (more than pdfplumber's
    # 3 pt snap / join tolerances), so that they are never merged into one table.
    return Table(
        data,
        colWidths=widths,
        hAlign="LEFT",
        style=TableStyle(commands),
        spaceBefore=4,
        spaceAfter=4,
    )


def _section_flowables(lines: list[str], styles: _Styles, *, ruled: bool, first_page: bool) -> list[Flowable]:
    flowables: list[Flowable] = [Spacer(1, 0.1)]  # every page has content, even an empty section
    title_done = not first_page
    for block in _blocks(lines):
        if isinstance(block, _Gap):
            flowables.append(Spacer(1, min(block.lines, 2) * 4 * styles.scale))
        elif isinstance(block, _Rows):
            flowables.append(_table_flowable(block.rows, styles, ruled=ruled))
        else:
            flowables.append(_para_flowable(block.text, styles, is_title=not title_done, fields=first_page))
            title_done = True
    return flowables


def _decorate(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    width, height = A4
    canvas.saveState()
    # A plain header rule (no text, no rectangles: it must not create tables in pdfplumber).
    canvas.setStrokeColor(colors.HexColor("#4b9b3c"))
    canvas.setLineWidth(1.5)
    canvas.line(_MARGIN_X, height - 14 * mm, width - _MARGIN_X, height - 14 * mm)
    canvas.setFont(FONT, 8)
    canvas.setFillColor(colors.black)
    canvas.drawCentredString(width / 2, 11 * mm, f"Page {canvas.getPageNumber()} from {PAGE_COUNT}")
    canvas.restoreState()


def _render(pages: tuple[list[str], list[str], list[str]], *, ruled: bool, scale: float) -> tuple[bytes, int]:
    styles = _Styles(scale)
    story: list[Flowable] = []
    for n, lines in enumerate(pages):
        if n:
            story.append(PageBreak())
        story.extend(_section_flowables(lines, styles, ruled=ruled, first_page=n == 0))

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=_MARGIN_X,
        rightMargin=_MARGIN_X,
        topMargin=_MARGIN_TOP,
        bottomMargin=_MARGIN_BOTTOM,
        title="OCPP Certificate",
        author="Open Charge Alliance",
        subject="OCPP conformance certificate (generated test fixture)",
        creator="tests.pdfgen",
        producer="tests.pdfgen",
        invariant=1,  # fixed dates and document id: identical bytes on every build
    )
    page_count = [0]

    def on_page(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        page_count[0] += 1
        _decorate(canvas, doc)

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue(), page_count[0]


def build_certificate_pdf(text: str, *, ruled: bool = True) -> bytes:
    """Lay out a seed-style certificate text as a 3-page A4 OCA certificate PDF.

    ``text`` is in the seeds' format (tab-separated table cells, optional HTML / Markdown
    markup). Page 1 holds the certificate, page 2 starts at "Abstract of test report", page 3 at
    the first "Performance Measurement Results" that starts a section; each page has a
    "Page N from 3" footer. Runs of tab rows become tables with wrapping cells: ruled grids when
    ``ruled`` is true (found by pdfplumber's default lattice table finder), unruled tab-stop
    columns otherwise. Characters Helvetica cannot render (outside WinAnsi) are replaced by a
    close ASCII equivalent or dropped. Fonts shrink if a section would overflow its page.

    Returns the PDF as bytes; the output is deterministic (identical bytes for identical input).
    Raises ``ValueError`` if the text cannot be fitted on three pages.
    """
    pages = _split_pages(clean_certificate_text(text).split("\n"))
    for scale in _SCALES:
        pdf, count = _render(pages, ruled=ruled, scale=scale)
        if count == PAGE_COUNT:
            return pdf
    raise ValueError(f"certificate text does not fit on {PAGE_COUNT} pages")
