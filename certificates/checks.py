"""Deployment checks of the registry's own settings (``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_check(app_configs: list[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """Warn when ``SITE_URL`` is unset: absolute links would then name whichever allowed host a request asked."""
    if settings.SITE_URL:
        return []
    return [
        Warning(
            "SITE_URL is not set: absolute links (API urls, feeds, pages' next links) name the host each request "
            "came with.",
            hint="Set SITE_URL to the site's canonical root, such as https://registry.example.org.",
            id="registry.W001",
        )
    ]
