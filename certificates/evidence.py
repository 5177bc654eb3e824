"""The evidence for each profile of a certificate, read from the rows the registry loads with it.

One small function, shared by the compare page and the exports, so that the one place that builds evidence
(``certificates.domain.typecodes.profile_evidence``) is called the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from certificates.choices import CertificateSource
from certificates.domain.typecodes import ProfileEvidence, profile_evidence


def evidence_of(
    *, ocpp_version: str, source: str, profiles: Iterable[Mapping[str, Any]], listing: Iterable[Mapping[str, Any]]
) -> list[ProfileEvidence]:
    """Return the evidence for every profile of a certificate from its profile rows (``name``, ``result``) and
    its listing entries (OCA's type code is an entry's ``certificate_type``): the rows as
    ``CertificateQuerySet.with_tables`` loads them and the API's records carry them. Reads nothing."""
    type_code = next((entry["certificate_type"] for entry in listing if entry.get("certificate_type")), "")
    return profile_evidence(
        ocpp_version=ocpp_version,
        type_code=type_code,
        rows=[(row["name"], row["result"]) for row in profiles],
        has_document=source == CertificateSource.DOCUMENT,
    )
