"""Template filters for links made of data from outside the registry."""

from __future__ import annotations

from django import template

from certificates.domain import links

register = template.Library()


@register.filter
def web_url(value: object) -> str:
    """The value as a web link (``certificates.domain.links.web_url``), or "" when it may not be one: every
    ``href`` made of data from outside goes through this, whatever the database holds."""
    return links.web_url(value) if isinstance(value, str) else ""
