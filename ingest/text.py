"""Text inputs: decode bytes, then strip Markdown, HTML and typographic noise down to plain lines.

The result keeps the one structure the parser relies on: one line per printed line, table cells separated by
tabs. Markdown pipe tables and HTML table cells become tab-separated rows, so every input format reaches the
parser in the shape a PDF's tables are extracted into. Pure functions; no Django.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata

from ingest.errors import ExtractionError

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Control characters other than white space, and the replacement mark: text has next to none of them.
_BINARY_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def decode_text(data: bytes) -> str:
    """Return ``data`` decoded as UTF-8 (BOM or not), UTF-16 (BOM, or NUL-interleaved) or Windows-1252.

    Raises ``ExtractionError`` for empty input and for binary data that is not text in any of them.
    """
    if not data.strip(b" \t\r\n\x00"):
        raise ExtractionError("the file is empty")
    codec = _utf16_codec(data)
    if codec is not None:
        try:
            return _require_text(data.decode(codec))
        except UnicodeDecodeError:
            raise ExtractionError("the file is neither a PDF nor readable text") from None
    try:
        return _require_text(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    return _require_text(data.decode("cp1252", errors="replace"))


def charset_of(head: bytes) -> str:
    """Return the charset a text file is in, named as HTTP names it, from its first bytes (64 KB are plenty):
    ``utf-8`` (BOM or not), ``utf-16`` (with a BOM), ``utf-16le`` / ``utf-16be`` (NUL-interleaved) or
    ``windows-1252``, as ``decode_text`` reads it."""
    codec = _utf16_codec(head)
    if codec is not None:
        return codec.replace("-le", "le").replace("-be", "be")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)  # a character cut at the end is fine
    except UnicodeDecodeError:
        return "windows-1252"
    return "utf-8"


def _utf16_codec(data: bytes) -> str | None:
    """Return the UTF-16 codec ``data`` is in, or None when it does not look like UTF-16.

    A BOM names the byte order; without one, every second byte of the first kilobyte is NUL: the odd bytes in
    little-endian text, the even ones in big-endian.
    """
    if data.startswith(_UTF16_BOMS):
        return "utf-16"
    head = data[:1024]
    if len(head) < 4:
        return None
    if head[1::2].count(0) > len(head) * 0.4:
        return "utf-16-le"
    if head[0::2].count(0) > len(head) * 0.4:
        return "utf-16-be"
    return None


def _require_text(text: str) -> str:
    """Return ``text`` unless it is empty, or control characters or replacement marks show it is binary data."""
    if not text.strip(" \t\r\n\x00\ufeff"):
        raise ExtractionError("the file is empty")
    sample = text[:20000]
    bad = len(_BINARY_CHARACTERS.findall(sample))
    if bad > max(8, len(sample) // 50):
        raise ExtractionError("the file is neither a PDF nor readable text (binary content)")
    return text


# Odd spaces become plain ones; invisible characters (BOM, zero widths, soft hyphen) go; colon look-alikes
# become colons. Regexes: str.translate with a dict walks every character in Python-level lookups.
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile("[\ufeff\u200b-\u200d\u2060\u00ad\r]")
_COLON_LIKE = re.compile("[\uff1a\u2236]")

_BLOCK_TAGS = re.compile(r"<\s*(?:br|/p|/div|/tr|/h[1-6]|/li|/table|/thead|/tbody|hr)\b[^>]*>", re.IGNORECASE)
# Whatever is no content: comments, Word's conditional comments, and the head, script and style elements.
_NO_CONTENT = re.compile(
    r"<!--.*?-->|<!\[[^>]*\]>|<\s*(head|script|style|title)\b.*?<\s*/\s*\1\s*>", re.IGNORECASE | re.DOTALL
)
# A table row whose cells may hold paragraphs; the row ends at </tr>, at the next <tr>, or where its table does.
_TABLE_ROW = re.compile(r"<\s*tr\b.*?(?:<\s*/\s*tr\s*>|(?=<\s*tr\b)|(?=<\s*/\s*table\b))", re.IGNORECASE | re.DOTALL)
_CELL_OPEN = re.compile(r"<\s*t[dh]\b[^>]*>", re.IGNORECASE)
_IN_CELL_BREAKS = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6])\b[^>]*>|\n", re.IGNORECASE)
# Tags, namespaced ones (Word's <o:p>) included.
_TAGS = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
# A Markdown pipe-table row; cells split at bars that are not escaped (``\|``).
_MD_PIPE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.MULTILINE)
_MD_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")


def clean_markup(text: str) -> str:
    """Return ``text`` as plain lines: no BOM, CR, odd spaces, HTML tags or entities, or Markdown markup.

    Table cells (HTML ``<td>``, Markdown ``| a | b |``) come back separated by tabs. One pass: entities are
    decoded once, so an escaped ``&amp;lt;b&amp;gt;`` stays the literal text ``&lt;b&gt;`` the document shows.
    """
    text = _plain_characters(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.isascii():
        # Compatibility forms to plain ones: PDF ligatures (ﬁ), fullwidth letters and digits, ².
        text = unicodedata.normalize("NFKC", text)
    if "|" in text:
        text = _MD_PIPE_ROW.sub(_markdown_row, text)
    if "<" in text:
        text = _strip_html(text)
    if "&" in text:
        text = _plain_characters(html.unescape(text))
    return "\n".join(_clean_line(line) for line in text.split("\n"))


def _markdown_row(match: re.Match[str]) -> str:
    """Return a Markdown pipe-table row as tab-separated cells; ``<br>`` and escapes inside cells resolved."""
    if _MD_TABLE_RULE.match(match.group(0)):
        return ""
    row = _IN_CELL_BREAKS.sub(" ", match.group(0).strip())
    cells = _MD_CELL_SPLIT.split(row.strip("|"))
    return "\t".join(_MD_ESCAPE.sub(r"\1", cell.strip()) for cell in cells)


def _plain_characters(text: str) -> str:
    """Return ``text`` with odd spaces, invisible characters and colon look-alikes made plain."""
    if text.isascii():
        return text
    return _COLON_LIKE.sub(":", _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text)))


def _strip_html(text: str) -> str:
    """Return ``text`` without HTML: each table row on one line, its cells separated by tabs, block ends as
    newlines, every other tag removed."""
    text = _NO_CONTENT.sub("", text)
    text = _TABLE_ROW.sub(_one_line_row, text)
    text = _BLOCK_TAGS.sub("\n", text)
    return _TAGS.sub("", text)


def _one_line_row(match: re.Match[str]) -> str:
    """Return one table row as a line: paragraphs and breaks inside cells become spaces, cells tabs."""
    cells = _CELL_OPEN.split(_IN_CELL_BREAKS.sub(" ", match.group(0)))[1:]
    return "\n" + "\t".join(_TAGS.sub("", cell).strip() for cell in cells) + "\n"


def _clean_line(line: str) -> str:
    """Return one line without Markdown markup, escapes and trailing white space."""
    if _MD_TABLE_RULE.match(line) and "-" in line:
        return ""
    line = _MD_HEADING.sub("", _MD_QUOTE.sub("", line))
    if "*" in line or "__" in line:
        line = _MD_EMPHASIS.sub("", line)
    if "\\" in line:
        line = _MD_ESCAPE.sub(r"\1", line)
    return line.rstrip()
