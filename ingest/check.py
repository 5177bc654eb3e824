"""Check a certificate file a vendor sent against the registry, without storing anything.

The file is read and parsed exactly as the pipeline reads a document (``ingest.isolation.parse_isolated``, in a
forked child with the pipeline's limits), then compared with the registry's record of its number: **identical**
(the same bytes as a document the registry holds), **differs** (the same number, other facts, each named),
**same fields** (other bytes, the facts agree) or **not listed** (a number the registry does not know). Nothing
is written: no document, no file in storage, no row.

A number the registry knows only from OCA's listing (no document read) is compared with what the listing says:
holder, product, software, OCPP version, product and certificate type, and each profile the file passes or
not against the type code's claims. The file's laboratory and results are not "differences" from a document
nobody has read, and the answer says which of the two it was compared with.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import IO

from django.conf import settings

from certificates.domain.facts import Difference, differing_facts, facts_of, shown, text_key
from certificates.domain.plausible import implausibilities
from certificates.domain.profiles import PASS
from certificates.domain.record import ParsedCertificate
from certificates.domain.typecodes import CLAIMED
from certificates.models import Certificate
from certificates.verdicts import Verdict, certificate_facts, certificate_verdict
from ingest.documents import media_type_of
from ingest.errors import CertificateError, ExtractionError
from ingest.isolation import parse_isolated
from ingest.models import DocumentStatus, SourceDocument
from ingest.services import parse_limits

IDENTICAL = "identical"
DIFFERS = "differs"
SAME_FIELDS = "same_fields"
NOT_LISTED = "not_listed"
# What each outcome of a check says, for a page and the API alike.
OUTCOME_WORDS = {
    IDENTICAL: "Identical to the registry's document: the same file, byte for byte.",
    DIFFERS: "The same certificate number, with differences from the registry's record.",
    SAME_FIELDS: "A different file, but the facts agree with the registry's record.",
    NOT_LISTED: "A number OCA does not list and the registry does not know.",
}
# The same outcomes when the registry has only OCA's listing row of the number (no document read).
LISTING_OUTCOME_WORDS = {
    DIFFERS: "The same certificate number, with differences from what OCA's listing says (the registry has not read "
    "its document).",
    SAME_FIELDS: "The facts agree with what OCA's listing says; the registry has not read its document, so the "
    "file's test results could only be compared with the profiles OCA's type code claims.",
}
DOCUMENT = "document"
LISTING = "listing"
# How a check names what it compared the file with.
COMPARED_WORDS = {DOCUMENT: "the registry", LISTING: "OCA's listing"}
# Room in a request's body for the form around the file (boundaries, headers, the CSRF token).
FORM_OVERHEAD_BYTES = 16 * 1024
# Documents whose record is the registry's (a published version, or a duplicate or an earlier print of one).
_REGISTRY_DOCUMENTS = (DocumentStatus.PUBLISHED, DocumentStatus.DUPLICATE, DocumentStatus.SUPERSEDED)


class CheckRefused(Exception):
    """The file cannot be checked; ``str(exc)`` says why and ``too_large`` whether it is past the cap."""

    def __init__(self, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large


@dataclass(frozen=True)
class CheckResult:
    """What a check found: the outcome (``IDENTICAL``, ``DIFFERS``, ``SAME_FIELDS``, ``NOT_LISTED``), the file's
    SHA-256 and the number it prints, each difference, and the registry's verdict on the version compared
    (None for a number it does not know)."""

    outcome: str
    sha256: str
    number: str
    differences: tuple[Difference, ...]
    verdict: Verdict | None
    compared_with: str = DOCUMENT  # or LISTING: the registry holds only OCA's listing row of the number

    @property
    def summary(self) -> str:
        if self.compared_with == LISTING:
            return LISTING_OUTCOME_WORDS.get(self.outcome, OUTCOME_WORDS[self.outcome])
        return OUTCOME_WORDS[self.outcome]

    @property
    def difference_lines(self) -> list[str]:
        """Each difference in words: 'software version "1.2" here, "1.3" in the registry' (or "in OCA's
        listing" when that is what the file was compared with)."""
        where = COMPARED_WORDS[self.compared_with]
        return [f"{d.label} {shown(d.new)} here, {shown(d.old)} in {where}" for d in self.differences]


def certificate_check_upload(*, file: IO[bytes], size: int, filename: str = "") -> CheckResult:
    """Return how the uploaded ``file`` (``size`` bytes, named ``filename``) compares with the registry; stores nothing.

    Reads at most ``CHECK_UPLOAD_MAX_BYTES`` of the file, parses it in the pipeline's sandbox (a forked child)
    and reads the registry (a few queries). Raises ``CheckRefused`` for a file past the cap (``too_large``),
    empty, neither a PDF nor text, or no certificate.
    """
    limit = settings.CHECK_UPLOAD_MAX_BYTES
    if size > limit:
        raise CheckRefused(f"the file is {size:,} bytes; a check takes at most {limit:,} bytes", too_large=True)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise CheckRefused(f"the file is larger than {limit:,} bytes, the most a check takes", too_large=True)
    record = _parsed(data, filename)
    return certificate_compare(record=record, sha256=hashlib.sha256(data).hexdigest())


def body_too_large(content_length: str | None) -> str:
    """Why a request whose body is declared ``content_length`` bytes is refused before it is read ("" when it
    is not): a body past the cap and room for a form's fields and boundaries."""
    limit = settings.CHECK_UPLOAD_MAX_BYTES
    declared = int(content_length) if content_length and content_length.isascii() and content_length.isdigit() else 0
    if declared > limit + FORM_OVERHEAD_BYTES:
        return f"the upload is {declared:,} bytes; a check takes a file of at most {limit:,} bytes"
    return ""


def _parsed(data: bytes, filename: str) -> ParsedCertificate:
    """Return the certificate ``data`` holds, read as the pipeline reads it; ``CheckRefused`` saying why not."""
    if not data:
        raise CheckRefused("the file is empty")
    try:
        parsed = parse_isolated(data, media_type_of(data, filename), parse_limits())
    except ExtractionError as exc:
        raise CheckRefused(f"the file cannot be read as a certificate: {exc}") from exc
    except CertificateError as exc:
        raise CheckRefused(f"the file is no certificate: {exc}") from exc
    record = parsed.record
    if not record.certificate_number:
        raise CheckRefused("the file is no certificate: it prints no certificate number")
    reasons = implausibilities(record, text_chars=len(parsed.text))
    if reasons:
        raise CheckRefused("the file is no certificate: " + "; ".join(reasons))
    return record


def certificate_compare(*, record: ParsedCertificate, sha256: str) -> CheckResult:
    """Return how ``record`` (of a file whose bytes hash to ``sha256``) compares with the registry's record of
    its number: the version of the same certification date if there is one, else the current one. Reads only."""
    number = record.certificate_number or ""
    version = _version_of_date(number, record)
    verdict = certificate_verdict(number, version)
    if verdict is None:
        return CheckResult(NOT_LISTED, sha256, number, (), None)
    if _registry_holds(sha256, number):
        return CheckResult(IDENTICAL, sha256, number, (), verdict)
    if not verdict.from_document:
        differences = tuple(_listing_differences(record, verdict))
        return CheckResult(DIFFERS if differences else SAME_FIELDS, sha256, number, differences, verdict, LISTING)
    differences = tuple(differing_facts(facts_of(record), certificate_facts(verdict.certificate)))
    return CheckResult(DIFFERS if differences else SAME_FIELDS, sha256, number, differences, verdict)


def _listing_differences(record: ParsedCertificate, verdict: Verdict) -> list[Difference]:
    """Each fact of ``record`` that differs from what OCA's listing says of a number the registry has no document
    of: the listed facts (not the laboratory: the listing names none), then each profile the file passes that
    the type code does not claim, or does not pass although the type code claims it. No profile is compared
    when the type code claims none (it cannot be read)."""
    facts = replace(facts_of(record), profiles=())
    listed = replace(certificate_facts(verdict.certificate), profiles=())
    differences = differing_facts(facts, listed, skip_facts=("test_lab",))
    claimed = {item.name for item in verdict.profiles if item.evidence == CLAIMED}
    if not claimed:
        return differences
    for profile in record.profiles:
        passes = text_key(profile.result) == text_key(PASS)
        if passes != (profile.name in claimed):
            claim = "claimed by the type code" if profile.name in claimed else "not claimed by the type code"
            differences.append(Difference(f"profile {profile.name}", profile.result, claim))
    return differences


def _version_of_date(number: str, record: ParsedCertificate) -> int | None:
    """The published version of ``number`` certified on the record's date (None: compare with the current)."""
    if record.certification_date is None:
        return None
    same_date = Certificate.objects.filter(
        number=number, is_published=True, certification_date=record.certification_date
    ).order_by("-version")
    return same_date.values_list("version", flat=True).first()


def _registry_holds(sha256: str, number: str) -> bool:
    """Whether the registry holds a document of ``number`` with exactly these bytes."""
    documents = SourceDocument.objects.filter(sha256=sha256, status__in=_REGISTRY_DOCUMENTS)
    return any((document.parsed or {}).get("certificate_number") == number for document in documents)
