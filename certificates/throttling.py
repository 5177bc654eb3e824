"""Who a client is, and how often an anonymous one may ask for what costs the registry most.

``client_address`` is the one place that decides a client's address, for the API's throttles, the site's
and the admin's login lockout (django-axes, ``AXES_CLIENT_IP_CALLABLE``). It is DRF's ``get_ident`` with
``NUM_PROXIES`` set from ``TRUSTED_PROXY_COUNT``: with 0 (the default) the address the connection came from
(``REMOTE_ADDR``); behind n proxies that each append the address they saw to ``X-Forwarded-For``, the n-th
address from the right, the one the outermost proxy saw. What a client writes into the header itself stays
on the left and is never read, so a forged header gives no new budget. An IPv6 client counts as its /64
network, written as the network's first address (a valid address, as the lockout's table stores it): one
subscriber is routed a whole /64, so its single addresses would give it 2**64 budgets.

The site's throttle is DRF's anonymous throttle too, with a scope of its own (``site_search``): counters in
the cache (Redis in production, shared by every web process), a rate from ``SITE_SEARCH_RATE``.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from rest_framework.throttling import AnonRateThrottle, BaseThrottle, ScopedRateThrottle

SITE_SCOPE = "site_search"
CHECK_SCOPE = "check_upload"
_DRF_IDENT = BaseThrottle().get_ident


def client_address(request: HttpRequest) -> str:
    """Return the client's address as the configured proxies tell it, an IPv6 one as the first address of its
    /64 network (see the module's docstring); "" when there is none."""
    return network_of(_DRF_IDENT(request) or "")


def network_of(address: str) -> str:
    """Return ``address`` itself for IPv4 (an IPv4-mapped IPv6 address as its IPv4 address), its /64 network for
    IPv6 (``2001:db8:1:2::`` for any ``2001:db8:1:2:*``), and anything that is no address unchanged."""
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False).network_address)
    return str(parsed)


class AnonThrottle(AnonRateThrottle):
    """DRF's throttle of anonymous API clients (``anon``), per ``client_address``."""

    def get_ident(self, request: Any) -> str:
        return client_address(request)


class ScopedThrottle(ScopedRateThrottle):
    """DRF's throttle of the views with a ``throttle_scope`` (``export``), per ``client_address``."""

    def get_ident(self, request: Any) -> str:
        return client_address(request)


class SiteThrottle(AnonThrottle):
    """The site's expensive pages (searches, feeds, compare), per anonymous ``client_address``."""

    scope = SITE_SCOPE


class CheckUploadThrottle(AnonThrottle):
    """Checks of an uploaded file (the site's and the API's), per anonymous ``client_address``."""

    scope = CHECK_SCOPE


def throttled_answer(request: HttpRequest, kind: type[AnonThrottle] = SiteThrottle) -> HttpResponse | None:
    """Count ``request`` against its client's budget of ``kind`` (the site's searches by default); return the
    429 page when the budget is spent, else None. Reads and writes the client's counter in the cache;
    signed-in users are not counted."""
    throttle = kind()
    if throttle.allow_request(request, None):
        return None
    seconds = math.ceil(throttle.wait() or 1)
    response = render(request, "certificates/throttled.html", {"seconds": seconds}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def throttled(
    when: Callable[[HttpRequest], bool] = lambda request: True,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Decorate a site view so that requests for which ``when(request)`` holds are counted against the
    client's budget (``throttled_answer``) before the view, or the read cache, answers them."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            refused = throttled_answer(request) if when(request) else None
            return refused or view(request, *args, **kwargs)

        return wrapper

    return decorate
