"""A certificate as schema.org structured data (JSON-LD), for search engines and other readers of its page."""

from __future__ import annotations

import json
from typing import Any

from certificates.choices import ListingStatus
from certificates.models import Certificate

# JSON inside <script>: no character may end the element or open markup (as Django's json_script escapes them).
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def certificate_json_ld(certificate: Certificate, url: str) -> dict[str, Any]:
    """The certificate at ``url`` as a schema.org ``Certification`` of its product (reads holder and lab)."""
    product = {
        "@type": "Product",
        "name": f"{certificate.product_designation} {certificate.software_version}".strip(),
        "category": f"OCPP {certificate.ocpp_version} {certificate.product_type}".strip(),
        "manufacturer": {"@type": "Organization", "name": certificate.holder.name},
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Certification",
        "name": f"OCPP {certificate.ocpp_version} conformance certificate {certificate.number}",
        "url": url,
        "certificationIdentification": certificate.number,
        "issuedBy": {"@type": "Organization", "name": "Open Charge Alliance"},
        "about": product,
        "certificationStatus": _status(certificate),
    }
    if certificate.certification_date:
        data["validFrom"] = certificate.certification_date.isoformat()
    if certificate.lab:
        data["auditor"] = {"@type": "Organization", "name": certificate.lab.name}
    return data


def _status(certificate: Certificate) -> str:
    """Inactive once OCA has withdrawn the number from its listing, or a later version supersedes this one."""
    if certificate.listing_status == ListingStatus.WITHDRAWN or not certificate.is_current:
        return "CertificationInactive"
    return "CertificationActive"


def script_json(data: dict[str, Any]) -> str:
    """``data`` as JSON safe to place inside a ``<script>`` element."""
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE)
