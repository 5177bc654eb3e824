"""The evidence for each profile of a certificate, read from the rows the registry loads with it.

One small function, shared by the compare page and the exports, so that the one place that builds evidence
(``certificates.domain.typecodes.profile_evidence``) is called the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from certificates.choices import CertificateSource
from certificates.domain.typecodes import ProfileEvidence, claims_type_code, listed_type_code, profile_evidence


def evidence_of(
    *,
    ocpp_version: str,
    source: str,
    certificate_type: str,
    profiles: Iterable[Mapping[str, Any]],
    listing: Iterable[Mapping[str, Any]],
) -> list[ProfileEvidence]:
    """Return the evidence for every profile of a certificate from its profile rows (``name``, ``result``) and
    its listing entries (``certificate_type``, ``withdrawn_on``): the rows as ``CertificateQuerySet.with_tables``
    loads them and the API's records carry them. OCA's type code is the listing's (a listed entry first), else
    the certificate's own ``certificate_type``. Reads nothing."""
    listed = listed_type_code((entry.get("certificate_type") or "", entry.get("withdrawn_on")) for entry in listing)
    return profile_evidence(
        ocpp_version=ocpp_version,
        type_code=claims_type_code(listed, certificate_type),
        rows=[(row["name"], row["result"]) for row in profiles],
        has_document=source == CertificateSource.DOCUMENT,
    )
