"""HTTP caching of the read API: how long an answer may be kept, when what it shows last changed, and its JSON
reused from the registry's read cache (``certificates.caching``) until the registry changes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.http import HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from certificates.caching import Kept, read_cached

# Public answers may be kept this long by browsers and shared caches (they revalidate with ETag after).
MAX_AGE_SECONDS = 60


class HTTPCachingMixin:
    """GET answers say how long they may be cached and when what they show last changed (``last_modified``,
    set by the view), and JSON answers are reused from the read cache until the registry changes.

    ``ConditionalGetMiddleware`` adds the ETag and answers 304 to ``If-None-Match`` / ``If-Modified-Since``.
    Throttling and permissions run before the cache is looked at.
    """

    last_modified: datetime | None = None

    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        answer = super().list  # type: ignore[misc]
        return self._cached(request, lambda: answer(request, *args, **kwargs))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        answer = super().retrieve  # type: ignore[misc]
        return self._cached(request, lambda: answer(request, *args, **kwargs))

    def _cached(self, request: Request, answer: Callable[[], Response]) -> HttpResponseBase:
        """The answer, from the read cache when this generation already made it (JSON answers only)."""
        if request.accepted_renderer.format != "json":
            return answer()
        return read_cached(request, answer, self._kept)

    def _kept(self, response: HttpResponseBase) -> Kept:
        """What the read cache keeps of an answer: its data rendered as JSON, and ``last_modified``."""
        assert isinstance(response, Response)
        changed = self.last_modified.timestamp() if self.last_modified else None
        return Kept(JSONRenderer().render(response.data), "application/json", changed)

    def finalize_response(self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
            patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
            if self.last_modified is not None:
                response.headers["Last-Modified"] = http_date(self.last_modified.timestamp())
        return response


def latest_change(rows: Iterable[Any]) -> datetime | None:
    """The latest ``updated_at`` of ``rows``, or None when there are none."""
    return max((row.updated_at for row in rows), default=None)
