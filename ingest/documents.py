"""One entry point for every input: the bytes of a PDF or a text file in, a parsed record out.

Used by the ``parse_certificate`` command and the ingest pipeline alike, so both read a file the same way:
its media type is told once (``media_type_of``), then its text is read by that type (``read_document``) and
parsed. Pure Python; no Django.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from certificates.domain.record import ParsedCertificate
from ingest import pdf
from ingest.errors import ExtractionError
from ingest.parser import parse_certificate
from ingest.text import decode_text

PDF = "application/pdf"
# How much of a text file is decoded to tell its type (the whole file is decoded when it is read).
SNIFF_BYTES = 65536
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


def media_type_of(data: bytes, filename: str = "") -> str:
    """Return the media type of a certificate file: ``application/pdf``, or ``text/html``, ``text/markdown`` or
    ``text/plain`` (by the name's extension, else by a look at the start of the text).

    Raises ``ExtractionError`` saying what the file is when it is neither a PDF nor text.
    """
    if pdf.is_pdf(data):
        return PDF
    for magic, what in _KNOWN_BINARIES:
        if data.startswith(magic):
            raise ExtractionError(f"the file is {what}, not a certificate PDF or text")
    by_extension = _TEXT_TYPES.get(PurePath(filename).suffix.lower())
    head = decode_text(data[:SNIFF_BYTES])
    if by_extension:
        return by_extension
    if any(tag in head[:4000].lower() for tag in ("<html", "<body", "<table", "<p>", "<div", "<td")):
        return "text/html"
    return "text/plain"


def read_document(data: bytes, media_type: str) -> Document:
    """Return the text of ``data`` as its ``media_type`` says: extracted with its tables from a PDF, decoded
    from text.

    Raises ``ExtractionError`` with a message fit for the uploader when the file can't be read.
    """
    if media_type == PDF:
        extracted = pdf.extract_text(data)
        return Document(extracted.text, PDF, extracted.pages)
    return Document(decode_text(data), media_type, None)


def parse_document(data: bytes, filename: str) -> tuple[Document, ParsedCertificate]:
    """Return the document read from ``data`` and the certificate parsed from it.

    Raises ``CertificateError`` (``ExtractionError`` or ``ParseError``) when either step fails.
    """
    document = read_document(data, media_type_of(data, filename))
    return document, parse_certificate(document.text)


def source_of(data: bytes, filename: str, document: Document | None = None) -> dict[str, Any]:
    """Return the record's ``source`` for a file (media type and pages null until it was read as ``document``)."""
    return {
        "filename": PurePath(filename).name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "media_type": document.media_type if document else None,
        "pages": document.pages if document else None,
    }


def record_of(data: bytes, filename: str) -> dict[str, Any]:
    """Return the contract's JSON record for one file: ``source`` first, then the parsed fields.

    Raises ``CertificateError`` when the file is no readable certificate.
    """
    document, parsed = parse_document(data, filename)
    return {"source": source_of(data, filename, document), **parsed.to_dict()}
