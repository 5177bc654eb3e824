"""What the registry says of one certificate number, as a buyer cites it: listed by OCA or not, read from its
document or not, the current version or superseded, and each profile with its evidence.

Reads only; shared by the check page, the check API (``ingest.check`` compares an uploaded file with it) and the
badge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from certificates.choices import CertificateSource, ListingStatus
from certificates.domain.facts import Facts
from certificates.domain.typecodes import ProfileEvidence
from certificates.models import Certificate
from certificates.selectors import certificate_profile_evidence, certificate_version

# How a listing status reads in a verdict.
STATUS_WORDS = {
    ListingStatus.ACTIVE: "listed by OCA",
    ListingStatus.WITHDRAWN: "withdrawn from OCA's listing",
    ListingStatus.UNLISTED: "not listed by OCA",
}


@dataclass(frozen=True)
class Verdict:
    """The registry's word on one version of a certificate number: ``certificate`` (a ``with_tables()`` row),
    the latest published version of its number, and its profiles with their evidence."""

    certificate: Certificate
    latest_version: int
    profiles: tuple[ProfileEvidence, ...]

    @property
    def number(self) -> str:
        return self.certificate.number

    @property
    def status(self) -> str:
        """``active``, ``withdrawn`` or ``unlisted`` (in OCA's listing)."""
        return str(self.certificate.listing_status)

    @property
    def listed_since(self) -> date | None:
        return self.certificate.listed_since

    @property
    def withdrawn_on(self) -> date | None:
        return self.certificate.withdrawn_on

    @property
    def from_document(self) -> bool:
        """Whether the record was read from the certificate's document (else it is only OCA's listing row)."""
        return bool(self.certificate.source == CertificateSource.DOCUMENT)

    @property
    def is_current(self) -> bool:
        return bool(self.certificate.is_current)

    @property
    def superseded_by(self) -> int | None:
        """The latest version's number when this version is not the latest; None when it is."""
        return None if self.is_current else self.latest_version

    @property
    def listing(self) -> str:
        """The listing status in words, with its dates: "listed by OCA (seen in its listing from 2023-07-18 to
        2026-12-05)", the registry's first and last sighting of the number there (not OCA's own listing date)."""
        words = STATUS_WORDS[ListingStatus(self.status)]
        if self.status == ListingStatus.ACTIVE and self.listed_since:
            return f"{words} ({self.certificate.provenance.listing_dates})"
        if self.status == ListingStatus.WITHDRAWN and self.withdrawn_on:
            return f"{words} on {self.withdrawn_on.isoformat()}"
        return words


def certificate_verdict(number: str, version: int | None = None) -> Verdict | None:
    """Return the verdict on ``number`` (its current published version, or ``version``); None when the registry
    holds no such published certificate. One query."""
    certificate = certificate_version(number, version)
    if certificate is None:
        return None
    rows: list[dict[str, Any]] = certificate.version_rows  # type: ignore[attr-defined]
    latest = max((row["version"] for row in rows), default=certificate.version)
    return Verdict(certificate, latest, tuple(certificate_profile_evidence(certificate)))


def certificate_facts(certificate: Certificate) -> Facts:
    """Return the facts a ``with_tables()`` certificate states, as a document's record is compared with them."""
    rows: list[dict[str, Any]] = certificate.profile_rows  # type: ignore[attr-defined]
    return certificate.stated_facts((row["name"], row["result"]) for row in rows)
