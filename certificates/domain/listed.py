"""What OCA's public listing says of a certificate, and where that disagrees with the certificate's document.

A ``ListingRow`` is one entry of the listing with its cells normalised, whichever way it was read (the CSV
mirror, OCA's JSON endpoint, or an entry stored before). ``ListingRow.row_flags`` reports the flaws a row shows
on its own; ``reconcile`` adds the differences from what the registry parsed from the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from certificates.domain.links import web_url
from certificates.domain.names import words_key
from certificates.domain.numbers import NUMBER_RE, find_number, kind_of, ocpp_version_of
from certificates.domain.products import KIND_PRODUCT_TYPES, PRODUCT_TYPE_LABELS
from certificates.domain.profiles import PASS, certificate_type_from_profiles
from certificates.domain.typecodes import VERSION_PROFILES, type_code_disagreement, unknown_type_code_message

UPDATE_RE = re.compile(r"update[\s_-]*(\d{4}-\d{2}-\d{2})", re.IGNORECASE)
VERSION_PREFIX_RE = re.compile(r"^(?:version|ver|v)[\s.:]*(?=\d)")


class FlagKind(StrEnum):
    """A kind of disagreement; the values are the stable codes stored in the database."""

    HOLDER_RENAMED = "holder_renamed"
    DESIGNATION_DIFFERS = "designation_differs"
    VERSION_DIFFERS = "version_differs"
    VERSION_MISSING = "version_missing"
    PRODUCT_TYPE_MISFILED = "product_type_misfiled"
    NUMBER_MALFORMED = "number_malformed"
    NUMBER_SUFFIXED = "number_suffixed"
    LINK_MISSING = "link_missing"
    LINK_MISMATCH = "link_mismatch"
    DATE_DIFFERS = "date_differs"
    TYPE_CODE_DIFFERS = "type_code_differs"
    TYPE_CODE_UNKNOWN = "type_code_unknown"


FLAG_LABELS: dict[FlagKind, str] = {
    FlagKind.HOLDER_RENAMED: "Holder renamed",
    FlagKind.DESIGNATION_DIFFERS: "Product designation differs",
    FlagKind.VERSION_DIFFERS: "Software version differs",
    FlagKind.VERSION_MISSING: "Software version missing",
    FlagKind.PRODUCT_TYPE_MISFILED: "Product type misfiled",
    FlagKind.NUMBER_MALFORMED: "Number malformed",
    FlagKind.NUMBER_SUFFIXED: "Number suffixed",
    FlagKind.LINK_MISSING: "Document link missing",
    FlagKind.LINK_MISMATCH: "Document link names another number",
    FlagKind.DATE_DIFFERS: "Date differs",
    FlagKind.TYPE_CODE_DIFFERS: "Type code and document disagree",
    FlagKind.TYPE_CODE_UNKNOWN: "Type code not understood",
}


@dataclass(frozen=True)
class Flag:
    """One disagreement: its kind, a sentence for people, the listing's value and the other value."""

    kind: FlagKind
    message: str
    listed: str = ""
    parsed: str = ""


@dataclass(frozen=True)
class ParsedFacts:
    """What the registry parsed from the certificate document; ``profiles`` its (profile, result) rows (none
    when the document lists no profile), ``ocpp_version`` its OCPP version."""

    holder: str
    product_designation: str
    software_version: str
    certification_date: date | None
    ocpp_version: str = ""
    profiles: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ListingRow:
    """One entry of the listing, its cells normalised; ``raw`` keeps the cells as read.

    ``number`` is the canonical number the number cell holds ("" when it holds none); ``product_type`` the kind
    the listing files it under ("CSMS" or "CS", "" when unknown).
    """

    position: int
    raw_number: str
    number: str
    reissued_on: date | None
    company: str
    company_link: str
    country: str
    product_designation: str
    certificate_type: str
    software_version: str
    ocpp_version: str
    registered_on: date | None
    certificate_url: str
    product_type: str
    raw: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def linked_number(self) -> str:
        """The number this row stands for: its own, or, when its number cell is malformed, the one its PDF link
        names (the E&H energy row links OCA.0016.0678.CSMS); "" when neither names one."""
        return self.number or number_in(self.certificate_url)

    def row_flags(self) -> list[Flag]:
        """Return the flags this row earns on its own, without a parsed certificate.

        A malformed row (no number in ``certificate_no``) never gets LINK_MISMATCH even when its link names a
        number: there is nothing to compare with. The NUMBER_MALFORMED flag carries that number as ``parsed``.
        """
        checks = (_number_flag, _product_type_flag, _link_flag, _version_missing_flag, _type_code_unknown_flag)
        return [flag for check in checks if (flag := check(self)) is not None]


def number_in(text: str) -> str:
    """Return the first certificate number in ``text`` (a cell or a URL) in canonical dotted form, or ""."""
    return find_number(text) or ""


def update_date(cell: str) -> date | None:
    """Return the date of an "update-YYYY-MM-DD" suffix of a number cell, or None."""
    match = UPDATE_RE.search(cell)
    return iso_date(match.group(1)) if match else None


def iso_date(text: str) -> date | None:
    """Return the ISO date ``text`` holds, or None when it is empty or invalid."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _number_flag(row: ListingRow) -> Flag | None:
    """Return NUMBER_MALFORMED when the cell holds no number, NUMBER_SUFFIXED when it holds more; else None."""
    if not row.number:
        hint = number_in(row.certificate_url)
        where = f"; its link names {hint}" if hint else ""
        message = f'The certificate number cell holds "{row.raw_number}", not a certificate number{where}.'
        return Flag(FlagKind.NUMBER_MALFORMED, message, listed=row.raw_number, parsed=hint)
    match = NUMBER_RE.search(row.raw_number)
    extra = row.raw_number[: match.start()] + row.raw_number[match.end() :] if match else ""
    if not extra.strip():
        return None
    message = f'The certificate number cell holds "{row.raw_number}": {row.number} followed by extra text.'
    return Flag(FlagKind.NUMBER_SUFFIXED, message, listed=row.raw_number, parsed=row.number)


def _product_type_flag(row: ListingRow) -> Flag | None:
    """Return PRODUCT_TYPE_MISFILED when the number's kind and the listed product type disagree, else None."""
    kind = kind_of(row.number)
    if not kind or not row.product_type or kind == row.product_type:
        return None
    filed = PRODUCT_TYPE_LABELS[KIND_PRODUCT_TYPES[row.product_type]]
    message = (
        f"{row.number} is a {PRODUCT_TYPE_LABELS[KIND_PRODUCT_TYPES[kind]]} certificate, "
        f"but the listing files it as a {filed}."
    )
    return Flag(FlagKind.PRODUCT_TYPE_MISFILED, message, listed=row.product_type, parsed=kind)


def _link_flag(row: ListingRow) -> Flag | None:
    """Return LINK_MISSING when the row has no web link (none, or one that is no http(s) URL: never shown),
    LINK_MISMATCH when its file names another number, else None."""
    if not web_url(row.certificate_url):
        return Flag(FlagKind.LINK_MISSING, f"The listing gives no certificate PDF for {row.raw_number}.")
    linked = number_in(row.certificate_url.rsplit("/", 1)[-1])
    if not row.number or not linked or linked == row.number:
        return None
    message = f"The listing links {row.number} to a PDF named for {linked}."
    return Flag(FlagKind.LINK_MISMATCH, message, listed=row.number, parsed=linked)


def _type_code_unknown_flag(row: ListingRow) -> Flag | None:
    """Return TYPE_CODE_UNKNOWN when the row's type code holds a token nobody knows, else None."""
    message = unknown_type_code_message(row.certificate_type, _version(row.ocpp_version, row.number))
    return Flag(FlagKind.TYPE_CODE_UNKNOWN, message, listed=row.certificate_type) if message else None


def _version(ocpp_version: str, number: str) -> str:
    """The OCPP version type codes are read for: ``ocpp_version`` when it is one the registry knows the profiles
    of, else the one the number names ("0016" is 1.6), else ""."""
    if ocpp_version in VERSION_PROFILES:
        return ocpp_version
    return ocpp_version_of(number) or ""


def _version_missing_flag(row: ListingRow) -> Flag | None:
    """Return VERSION_MISSING when the listing gives no software version, else None."""
    if row.software_version:
        return None
    return Flag(FlagKind.VERSION_MISSING, f"The listing gives no software version for {row.raw_number}.")


def normalize_version(version: str) -> str:
    """Return ``version`` lowercased, without a leading "version"/"ver."/"v" and without whitespace."""
    lowered = version.strip().lower()
    return re.sub(r"\s+", "", VERSION_PREFIX_RE.sub("", lowered))


def _designation_key(text: str) -> str:
    """Return ``text`` casefolded with all whitespace removed."""
    return re.sub(r"\s+", "", text.casefold())


def reconcile(row: ListingRow, parsed: ParsedFacts | None, key: Callable[[str], str] = words_key) -> list[Flag]:
    """Return the row's own flags plus, when ``parsed`` is given, where the listing and the certificate differ.

    ``key`` turns a company name into its comparison key (by default its words, sorted, legal forms left out).
    Versions are compared only when both are given, dates only when both are known; a re-issued row is compared
    by its ``registered_on`` like any other.
    """
    flags = row.row_flags()
    if parsed is None:
        return flags
    checks = (_holder_flag, _designation_flag, _version_flag, _date_flag, _type_code_flag)
    return flags + [flag for check in checks if (flag := check(row, parsed, key)) is not None]


def _holder_flag(row: ListingRow, parsed: ParsedFacts, key: Callable[[str], str]) -> Flag | None:
    """Return HOLDER_RENAMED when the holder's key differs from the listed company's, else None."""
    if key(row.company) == key(parsed.holder):
        return None
    message = f'The listing names the holder "{row.company}"; the certificate prints "{parsed.holder}".'
    return Flag(FlagKind.HOLDER_RENAMED, message, listed=row.company, parsed=parsed.holder)


def _designation_flag(row: ListingRow, parsed: ParsedFacts, key: Callable[[str], str]) -> Flag | None:
    """Return DESIGNATION_DIFFERS when the designations differ beyond case and spaces, else None."""
    if _designation_key(row.product_designation) == _designation_key(parsed.product_designation):
        return None
    message = (
        f'The listing names the product "{row.product_designation}"; '
        f'the certificate prints "{parsed.product_designation}".'
    )
    return Flag(
        FlagKind.DESIGNATION_DIFFERS, message, listed=row.product_designation, parsed=parsed.product_designation
    )


def _version_flag(row: ListingRow, parsed: ParsedFacts, key: Callable[[str], str]) -> Flag | None:
    """Return VERSION_DIFFERS when both versions are given and differ once normalised, else None."""
    listed, printed = row.software_version, parsed.software_version
    if not listed or not printed or normalize_version(listed) == normalize_version(printed):
        return None
    message = f'The listing gives software version "{listed}"; the certificate prints "{printed}".'
    return Flag(FlagKind.VERSION_DIFFERS, message, listed=listed, parsed=printed)


def _date_flag(row: ListingRow, parsed: ParsedFacts, key: Callable[[str], str]) -> Flag | None:
    """Return DATE_DIFFERS when both dates are known and differ, else None."""
    listed, printed = row.registered_on, parsed.certification_date
    if listed is None or printed is None or listed == printed:
        return None
    message = f"The listing registers the certificate on {listed}; the certificate is dated {printed}."
    return Flag(FlagKind.DATE_DIFFERS, message, listed=listed.isoformat(), parsed=printed.isoformat())


def _type_code_flag(row: ListingRow, parsed: ParsedFacts, key: Callable[[str], str]) -> Flag | None:
    """Return TYPE_CODE_DIFFERS when the document's passed profiles disagree with the row's type code (only the
    profiles the document has a row for count as not passed), else None."""
    if not parsed.profiles:
        return None
    reason = type_code_disagreement(
        ocpp_version=parsed.ocpp_version or _version(row.ocpp_version, row.number),
        type_code=row.certificate_type,
        passed=[name for name, result in parsed.profiles if result == PASS],
        documented=[name for name, _ in parsed.profiles],
    )
    if not reason:
        return None
    passed = certificate_type_from_profiles(name for name, result in parsed.profiles if result == PASS)
    return Flag(FlagKind.TYPE_CODE_DIFFERS, reason + ".", listed=row.certificate_type, parsed=passed)
