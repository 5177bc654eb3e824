"""How a source document is handed out: the name it is saved under and its Content-Disposition header.

Pure functions; no Django.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath
from urllib.parse import quote

PDF = "application/pdf"
# Text documents are served as plain text; saved, they keep an extension no program opens as a web page.
_TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
_QUOTABLE = {chr(c) for c in range(0x20, 0x7F)} - {'"', "\\"}


def download_name(filename: str, media_type: str) -> str:
    """Return the name a document is saved under: its uploaded name, ending in ``.pdf`` for a PDF and in a
    plain-text extension for text (``report.html`` becomes ``report.html.txt``)."""
    suffix = PurePosixPath(filename).suffix.lower()
    if media_type == PDF:
        return filename if suffix == ".pdf" else f"{filename}.pdf"
    return filename if suffix in _TEXT_SUFFIXES else f"{filename}.txt"


def content_disposition(name: str, *, inline: bool) -> str:
    """Return a Content-Disposition value (RFC 6266): ``inline`` or ``attachment``, a quoted ASCII
    ``filename`` every client reads, and for a name beyond ASCII its exact form as ``filename*`` (RFC 5987,
    UTF-8, percent-encoded)."""
    disposition = "inline" if inline else "attachment"
    fallback = _ascii_fallback(name)
    header = f'{disposition}; filename="{fallback}"'
    if fallback != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


def _ascii_fallback(name: str) -> str:
    """Return ``name`` in printable ASCII without quotes or backslashes: accents dropped, other characters as
    ``_``, "document" for a stem with nothing left."""
    path = PurePosixPath(name)
    stem, suffix = (path.stem, path.suffix) if path.suffix and path.stem else (name, "")
    plain = _ascii(stem)
    return (plain if plain.strip("._- ") else "document") + _ascii(suffix)


def _ascii(text: str) -> str:
    """Return ``text`` with each character as its ASCII letters (``é`` as ``e``), or ``_`` when it has none."""
    folded = (unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode("ascii") or "_" for c in text)
    return "".join(c if c in _QUOTABLE else "_" for c in "".join(folded)).strip()
