"""Absolute links: every absolute URL the registry writes (API ``url`` and ``document`` fields, pages' next and
previous links, feeds, and any sitemap or canonical link) starts with the site's canonical root.

The root is ``SITE_URL`` when it is set (``https://registry.example.org``), so no ``Host`` header a client
sends ends up in a link; unset (development), it is the scheme and host the request came with, which
``ALLOWED_HOSTS`` has already vetted, and the read cache keeps answers apart per host.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def site_root(request: HttpRequest | None) -> str:
    """The scheme and host absolute links start with: ``SITE_URL``, else the request's own (``""`` with neither)."""
    if settings.SITE_URL:
        return str(settings.SITE_URL)
    if request is None:
        return ""
    return f"{request.scheme}://{request.get_host()}"


def absolute_url(request: HttpRequest | None, location: str) -> str:
    """``location`` (a path, with its query) as an absolute URL on ``site_root``; a URL that already names its
    scheme and host (a file in remote storage) is returned as it is."""
    if urlsplit(location).scheme:
        return location
    return site_root(request) + location
