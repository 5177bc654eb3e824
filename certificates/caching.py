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
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.http import http_date

GENERATION_KEY = "registry:generation"
# The parameters a page or an answer reads besides the search filters (the filter set's own names): paging,
# the cursor, the API's ordering, a certificate's version, the numbers compared and the one compare adds.
READ_PARAMETERS = frozenset({"page", "page_size", "cursor", "limit", "offset", "ordering", "version", "number", "add"})
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


@dataclass(frozen=True)
class Kept:
    """What the read cache keeps of an answer: its body, its media type, and when what it shows last changed."""

    content: bytes
    content_type: str
    last_modified: float | None = None

    def response(self) -> HttpResponse:
        """The answer made again from what was kept."""
        response = HttpResponse(self.content, content_type=self.content_type)
        if self.last_modified is not None:
            response.headers["Last-Modified"] = http_date(self.last_modified)
        return response


def _kept(response: HttpResponseBase) -> Kept:
    """What to keep of a rendered page."""
    assert isinstance(response, HttpResponse)
    return Kept(response.content, response["Content-Type"])


def read_cached(
    request: HttpRequest,
    answer: Callable[[], HttpResponseBase],
    keep: Callable[[HttpResponseBase], Kept] = _kept,
    reads: frozenset[str] = frozenset(),
) -> HttpResponseBase:
    """Return the answer to ``request`` from the read cache while the registry is unchanged, else ``answer()``.

    Only anonymous GETs are served from the cache, by scheme, host and full path (an answer may hold absolute
    links, which name the host it was asked on when ``SITE_URL`` is unset); only their 200 answers that do not
    stream are kept (``keep`` says what of them), for ``cache_seconds()``, and only for requests whose every
    parameter is one the registry reads (``reads_only_known``, with ``reads``: the parameters only this answer
    reads, checked by its view before it calls this): a parameter nobody reads changes nothing in the answer,
    and keeping one answer per made-up parameter would let anyone fill the cache. An answer that
    carries a CSRF token (a page with a POST form) is never kept: the token belongs to one visitor. Signed-in users
    always get a fresh answer. The site's pages and the API's JSON answers both go through here.
    """
    seconds = cache_seconds()
    if not seconds or request.method != "GET" or request.user.is_authenticated or not reads_only_known(request, reads):
        return answer()
    key = f"registry:read:{generation()}:{request.scheme}://{request.get_host()}{request.get_full_path()}"
    kept: Kept | None = cache.get(key)
    if kept is None:
        response = answer()
        if response.status_code != 200 or response.streaming or carries_csrf_token(request):
            return response
        kept = keep(response)
        cache.set(key, kept, seconds)
    return kept.response()


def carries_csrf_token(request: HttpRequest) -> bool:
    """Whether the answer to ``request`` used its CSRF token (Django flags the request when a page asks for it:
    ``{% csrf_token %}``, ``get_token``); such an answer is one visitor's and is never kept."""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def reads_only_known(request: HttpRequest, reads: frozenset[str] = frozenset()) -> bool:
    """Whether every parameter of ``request`` is a search filter, one of ``READ_PARAMETERS`` or of ``reads``."""
    from certificates.filters import CertificateFilterSet  # the filter set reads the models, which import this

    known = READ_PARAMETERS | reads | CertificateFilterSet.base_filters.keys()
    return all(name in known for name in request.GET)


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponseBase]:
    """Serve ``view`` through the read cache (``read_cached``)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return read_cached(request, lambda: view(request, *args, **kwargs))

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
