"""PDF extraction with pdfplumber, keeping table structure: ruled tables come out as rows of cells.

The only module that imports pdfplumber. Each page is read once: its ruled tables (lattice finder) give
rows of cells; the words outside them are grouped into lines, and wide horizontal gaps between words (tab
stops, borderless columns) become cell boundaries too. The result is the text shape the parser reads: one
line per printed row, cells separated by tabs, blank lines between paragraphs.
"""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import PdfminerException

from ingest.errors import ExtractionError

PDF_MAGIC = b"%PDF-"
_TOO_BIG = "the PDF unpacks to more than a parse may use (a decompression bomb?)"
# A gap between two words wider than this many times the text height separates two cells.
CELL_GAP = 1.0
# A step between two lines larger than this many times the page's usual line pitch is a paragraph break.
PARAGRAPH_GAP = 1.6


@dataclass(frozen=True)
class PdfText:
    """The text of a PDF in the parser's shape, and its page count."""

    text: str
    pages: int


@dataclass(frozen=True)
class _Row:
    """One printed row of a page: its top, height and cells."""

    top: float
    height: float
    cells: list[str]


def is_pdf(data: bytes) -> bool:
    """Return True when ``data`` starts like a PDF (``%PDF-`` within its first kilobyte)."""
    return PDF_MAGIC in data[:1024]


def extract_text(data: bytes) -> PdfText:
    """Return the text of the PDF in ``data``: table rows as tab-separated cells, one line per printed row.

    Opens the document once and closes every page after reading it. Raises ``ExtractionError`` for an
    encrypted, damaged or truncated PDF, and for one without a text layer (a scan).
    """
    if not is_pdf(data):
        raise ExtractionError("not a PDF file")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_read_page(page) for page in pdf.pages]
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ExtractionError("the PDF is encrypted and cannot be read without its password") from exc
    except PdfminerException as exc:
        raise _pdfminer_error(exc) from exc
    except MemoryError:
        raise ExtractionError(_TOO_BIG) from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise ExtractionError(f"the PDF is damaged or truncated ({type(exc).__name__})") from exc
    if not pages:
        raise ExtractionError("the PDF has no pages")
    text = "\n\n".join(pages)
    if not text.strip():
        raise ExtractionError("the PDF has no text layer (a scanned image?); upload a text extraction of it")
    return PdfText(text=text, pages=len(pages))


def _pdfminer_error(exc: PdfminerException) -> ExtractionError:
    """Return the error to report for an exception pdfplumber wrapped around pdfminer's."""
    cause = exc.args[0] if exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return ExtractionError("the PDF is encrypted and cannot be read without its password")
    if isinstance(cause, MemoryError):
        return ExtractionError(_TOO_BIG)
    return ExtractionError(f"the PDF is damaged or truncated ({type(cause).__name__})")


def _read_page(page: Any) -> str:
    """Return one page as text lines (tables included), then release the page's cached objects."""
    try:
        tables = page.find_tables()
        boxes = [table.bbox for table in tables]
        # Each table is one block, so two tables side by side do not interleave their rows.
        blocks = [((table.bbox[1], table.bbox[0]), _table_rows(table)) for table in tables]
        words = [w for w in page.extract_words() if not _inside_any(w, boxes)]
        blocks.extend(((row.top, 0.0), [row]) for row in _word_rows(words))
    finally:
        page.close()
    return _render([row for _, rows in sorted(blocks, key=lambda block: block[0]) for row in rows])


def _table_rows(table: Any) -> list[_Row]:
    """Return the rows of a ruled table, each cell's wrapped lines joined back into one line."""
    rows = []
    for row, texts in zip(table.rows, table.extract(), strict=False):
        cells = [_join_wrapped(text) for text in texts if text and text.strip()]
        if cells:
            top, bottom = row.bbox[1], row.bbox[3]
            rows.append(_Row(top=top, height=min(bottom - top, 12.0), cells=cells))
    return rows


_JOIN_TIGHT = re.compile(r"(?<=[_/])\n|(?<=\S-)\n|\n(?=_)")


def _join_wrapped(text: str) -> str:
    """Return a cell's text on one line: lines joined by a space, or directly after ``_``, ``/`` and ``x-``."""
    return " ".join(_JOIN_TIGHT.sub("", text).split())


def _inside_any(word: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    """Return True when the centre of ``word`` lies inside one of the table boxes."""
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _word_rows(words: list[dict[str, Any]]) -> list[_Row]:
    """Group words into printed lines (by vertical overlap), splitting each line into cells at wide gaps."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        height = word["bottom"] - word["top"]
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= height * 0.5:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [_cells_of(sorted(line, key=lambda w: w["x0"])) for line in lines]


def _cells_of(line: list[dict[str, Any]]) -> _Row:
    """Return one printed line as a row; a gap wider than ``CELL_GAP`` text heights starts a new cell."""
    height = max(w["bottom"] - w["top"] for w in line)
    cells: list[list[str]] = [[line[0]["text"]]]
    for previous, word in zip(line, line[1:], strict=False):
        if word["x0"] - previous["x1"] > height * CELL_GAP:
            cells.append([])
        cells[-1].append(word["text"])
    return _Row(top=line[0]["top"], height=height, cells=[" ".join(cell) for cell in cells])


def _render(rows: list[_Row]) -> str:
    """Return the rows as text: cells joined by tabs, a blank line where a paragraph gap stands.

    A paragraph gap is a step between two rows larger than ``PARAGRAPH_GAP`` times the page's usual line
    pitch (the median step), so padded table rows and wrapped cells do not read as paragraph breaks.
    """
    tops = sorted(row.top for row in rows)
    steps = [b - a for a, b in zip(tops, tops[1:], strict=False) if b - a > 0.5]
    pitch = statistics.median(steps) if steps else 0.0
    out: list[str] = []
    for position, row in enumerate(rows):
        if position and pitch and row.top - rows[position - 1].top > pitch * PARAGRAPH_GAP:
            out.append("")
        out.append("\t".join(row.cells))
    return "\n".join(out)
