"""Template tags every page uses: its canonical link, and structured data."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from certificates.models import Certificate
from certificates.siteurl import absolute_url
from certificates.structured_data import certificate_json_ld, script_json

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context: dict[str, Any], with_query: bool = False) -> str:
    """The page's address on the canonical site (``SITE_URL``): its path, and its query string when
    ``with_query`` (a search, a comparison, a version); "" without a request (the 500 page)."""
    request = context.get("request")
    if request is None:
        return ""
    location = request.get_full_path() if with_query else request.path
    return absolute_url(request, location)


@register.simple_tag(takes_context=True)
def certificate_structured_data(context: dict[str, Any], certificate: Certificate) -> SafeString:
    """The certificate as JSON-LD, escaped for a ``<script type="application/ld+json">`` element."""
    url = absolute_url(context.get("request"), certificate.get_absolute_url())
    return mark_safe(script_json(certificate_json_ld(certificate, url)))  # noqa: S308 - escaped by script_json
