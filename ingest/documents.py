"""One entry point for every input: the bytes of a PDF or a text file in, a parsed record out.

Used by the ``parse_certificate`` command and the ingest pipeline alike, so both read a file the same way.
Pure Python; no Django.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from ingest import pdf
from ingest.errors import ExtractionError
from ingest.parser import ParsedCertificate, parse_certificate
from ingest.text import decode_text

# Magic bytes of files people upload by mistake, to name them in the error.
_KNOWN_BINARIES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)
_TEXT_TYPES = {
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
}


@dataclass(frozen=True)
class Document:
    """A file's text in the parser's shape, with what the record's ``source`` says about the file."""

    text: str
    media_type: str
    pages: int | None


def read_document(data: bytes, filename: str = "") -> Document:
    """Return the text of ``data``: extracted with its tables if it is a PDF, decoded if it is text.

    Raises ``ExtractionError`` with a message fit for the uploader when the file can't be read.
    """
    if pdf.is_pdf(data):
        extracted = pdf.extract_text(data)
        return Document(extracted.text, "application/pdf", extracted.pages)
    for magic, what in _KNOWN_BINARIES:
        if data.startswith(magic):
            raise ExtractionError(f"the file is {what}, not a certificate PDF or text")
    text = decode_text(data)
    return Document(text, _text_media_type(filename, text), None)


def _text_media_type(filename: str, text: str) -> str:
    """Return the media type of a text input, by its extension, else by a look at its content."""
    by_extension = _TEXT_TYPES.get(PurePath(filename).suffix.lower())
    if by_extension:
        return by_extension
    head = text[:4000].lower()
    if any(tag in head for tag in ("<html", "<body", "<table", "<p>", "<div", "<td")):
        return "text/html"
    return "text/plain"


def source_of(data: bytes, filename: str) -> dict[str, Any]:
    """Return the record's ``source`` for a file whose type is not known yet (media type and pages null)."""
    return {
        "filename": PurePath(filename).name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "media_type": None,
        "pages": None,
    }


def parse_document(data: bytes, filename: str) -> tuple[Document, ParsedCertificate]:
    """Return the document read from ``data`` and the certificate parsed from it.

    Raises ``CertificateError`` (``ExtractionError`` or ``ParseError``) when either step fails.
    """
    document = read_document(data, filename)
    return document, parse_certificate(document.text)


def record_of(data: bytes, filename: str) -> dict[str, Any]:
    """Return the contract's JSON record for one file: ``source`` first, then the parsed fields.

    Raises ``CertificateError`` when the file is no readable certificate.
    """
    return record_and_text(data, filename)[0]


def record_and_text(data: bytes, filename: str) -> tuple[dict[str, Any], str]:
    """Return the contract's record for one file and the text it was parsed from (read once).

    Raises ``CertificateError`` when the file is no readable certificate.
    """
    source = source_of(data, filename)
    document, parsed = parse_document(data, filename)
    source.update(media_type=document.media_type, pages=document.pages)
    return {"source": source, **parsed.to_dict()}, document.text
