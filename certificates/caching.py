"""The read cache: rendered API answers and site pages kept for a short while, dropped whenever the registry
changes.

Every write to the registry (a certificate, its rows, a holder, a lab, an alias) bumps one generation
number in the cache, after the transaction commits; answers are stored under the generation they were made
in, so a change is visible at once. With ``REDIS_URL`` the generation and the answers live in Redis, shared
by every web process; otherwise in the process (the embedded default runs one).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

GENERATION_KEY = "registry:generation"


def generation() -> int:
    """Return the registry's current generation (0 until the first change this cache has seen)."""
    return int(cache.get(GENERATION_KEY, 0))


def registry_changed() -> None:
    """Start a new generation once the current transaction commits (at once outside one)."""
    transaction.on_commit(_bump)


def _bump() -> None:
    cache.add(GENERATION_KEY, 0, timeout=None)
    cache.incr(GENERATION_KEY)


def cache_seconds() -> int:
    """How long an answer may be reused (``API_CACHE_SECONDS``); 0 turns the read cache off."""
    return int(settings.API_CACHE_SECONDS)


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve an anonymous GET of ``view`` from the read cache while the registry is unchanged.

    Only 200 answers are kept, by full path, for ``cache_seconds()``; signed-in users always get a fresh page.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = cache_seconds()
        if not seconds or request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = f"registry:page:{generation()}:{request.get_full_path()}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), seconds)
        return response

    return wrapper
