"""Certificate numbers: their format, their canonical form, and what their parts say.

``OCA.VVVV.NNNN.T``: VVVV the protocol (``0016`` is OCPP 1.6, ``0201`` 2.0.1), NNNN a sequence, T the kind
(``CSMS`` or ``CS``), with an optional white-label or family prefix (``W01.``, ``F01.``). Numbers are read
from any spelling: dots, underscores, spaces or nothing between the parts, ``OCA_.`` in URLs, and the letters
OCR puts for digits.
"""

from __future__ import annotations

import re

from certificates.domain.products import KIND_PRODUCT_TYPES

# A digit, or the letter OCR reads for it (O for 0, l or I for 1); case-sensitive even in IGNORECASE patterns,
# so that "i" or "L" never count as digits.
OCR_DIGIT = r"(?-i:[0-9OoIl])"
_D = OCR_DIGIT
_SEP = r"\s?[._ ]{0,2}\s?"
NUMBER_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:(?P<prefix>[WF]" + _D + r"{2})" + _SEP + r")?"
    r"[O0]CA"
    + _SEP
    + r"(?P<protocol>"
    + _D
    + r"{4})"
    + _SEP
    + r"(?P<sequence>"
    + _D
    + r"{4})"
    + _SEP
    + r"(?P<kind>C[S5]M[S5]|C[S5])(?![A-Za-z0-9])",
    re.IGNORECASE,
)
# The OCPP version each protocol code stands for.
OCPP_VERSION_CODES = {"0016": "1.6", "0201": "2.0.1", "0021": "2.1", "0210": "2.1"}
_CANONICAL_RE = re.compile(r"OCA\.(?P<protocol>\d{4})\.\d{4}\.(?P<kind>CSMS|CS)$")
# A whole canonical number, with its optional white-label or family prefix.
_WHOLE_CANONICAL_RE = re.compile(r"(?:[WF][0-9]{2}\.)?OCA\.[0-9]{4}\.[0-9]{4}\.(?:CSMS|CS)")
_OCR_DIGITS = str.maketrans("OoIl", "0011")


def find_number(text: str | None) -> str | None:
    """Return the first certificate number in ``text`` (a cell, a line, a URL) in canonical dotted form, or None.

    ``OCA00160009CSMS``, ``OCA_0016_0009_CSMS`` and ``OCA_.0016.0009.CSMS`` all give ``OCA.0016.0009.CSMS``;
    a prefix is kept: ``W01.OCA.0016.1071.CSMS``.
    """
    if not text:
        return None
    match = NUMBER_RE.search(text)
    return canonical_number(match) if match else None


def canonical_number(match: re.Match[str]) -> str:
    """Return the dotted number of a ``NUMBER_RE`` match."""
    kind = match["kind"].upper().replace("5", "S")
    number = f"OCA.{ocr_digits(match['protocol'])}.{ocr_digits(match['sequence'])}.{kind}"
    prefix = match["prefix"]
    return f"{prefix[0].upper()}{ocr_digits(prefix[1:])}.{number}" if prefix else number


def is_canonical_number(number: str) -> bool:
    """Return whether ``number`` is a whole number in canonical dotted form (``W01.OCA.0016.1071.CSMS``)."""
    return _WHOLE_CANONICAL_RE.fullmatch(number) is not None


def ocr_digits(text: str) -> str:
    """Return ``text`` with OCR's letters for digits made digits again ("OO16" is "0016")."""
    return text.translate(_OCR_DIGITS)


def ocpp_version_of(number: str | None) -> str | None:
    """Return the OCPP version a canonical number's protocol part names ("0016" is "1.6"), or None."""
    match = _CANONICAL_RE.search(number or "")
    return OCPP_VERSION_CODES.get(match["protocol"]) if match else None


def kind_of(number: str | None) -> str | None:
    """Return the kind a canonical number ends with, "CSMS" or "CS", or None."""
    match = _CANONICAL_RE.search(number or "")
    return match["kind"] if match else None


def product_type_of(number: str | None) -> str | None:
    """Return the product type a canonical number names by its kind ("CSMS" or "Charging Station"), or None."""
    kind = kind_of(number)
    return KIND_PRODUCT_TYPES[kind] if kind else None
