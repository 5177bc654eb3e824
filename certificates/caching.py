"""The read cache: rendered API answers and site pages kept for a short while, dropped whenever the registry
changes.

Every write to the registry (a certificate, its rows, a holder, a lab, an alias) bumps one generation
number in the cache, after the transaction commits; answers are stored under the generation they were made
in, so a change is visible at once. With ``REDIS_URL`` the generation and the answers live in Redis, shared
by every web process; otherwise in the process (the embedded default runs one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

GENERATION_KEY = "registry:generation"
T = TypeVar("T")


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


@dataclass(frozen=True)
class PerGeneration(Generic[T]):
    """A value computed from the whole registry (slow to compute, the same for every visitor), kept in the
    cache under the registry's generation so it is computed again only after a change.

    While one request computes it, others get the last value computed instead of computing it too; beat
    calls ``warm`` every minute, so after a change no visitor waits. With the read cache off
    (``API_CACHE_SECONDS=0``) ``get`` computes it every time.
    """

    name: str
    compute: Callable[[], T]
    seconds: int = 300  # how long one generation's value is kept
    latest_seconds: int = 86_400  # how long the last value computed may stand in for a newer one
    lock_seconds: int = 60

    @property
    def latest_key(self) -> str:
        return f"{self.name}:latest"

    @property
    def lock_key(self) -> str:
        return f"{self.name}:computing"

    def _key(self) -> str:
        return f"{self.name}:{generation()}"

    def get(self) -> T:
        """Return this generation's value: cached, else the last one while another request computes it,
        else computed here (and cached)."""
        if not cache_seconds():
            return self.compute()
        value: T | None = cache.get(self._key())
        if value is not None:
            return value
        computing = not cache.add(self.lock_key, True, self.lock_seconds)
        latest: T | None = cache.get(self.latest_key) if computing else None
        if latest is not None:
            return latest
        try:
            return self.refresh()
        finally:
            if not computing:
                cache.delete(self.lock_key)

    def refresh(self) -> T:
        """Compute the value, cache it under the current generation and as the latest, and return it."""
        key = self._key()
        value = self.compute()
        cache.set(key, value, self.seconds)
        cache.set(self.latest_key, value, self.latest_seconds)
        return value

    def warm(self) -> bool:
        """Compute and cache the value when this generation has none yet; return whether it did."""
        if not cache_seconds() or cache.get(self._key()) is not None:
            return False
        self.refresh()
        return True
