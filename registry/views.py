"""Error pages: JSON under /api/, HTML elsewhere; the admin login's lockout page."""

from __future__ import annotations

import math
from typing import Any

from axes.helpers import get_cool_off, get_failure_limit
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

from certificates.views.errors import bad_request as bad_request_page


def is_api(request: HttpRequest) -> bool:
    """Whether ``request`` is for the API (JSON answers) rather than the site."""
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400 for a request Django refuses before any view (``SuspiciousOperation``: too many fields, a bad host
    header…): ``{"detail": …}`` for the API, the site's page elsewhere."""
    message = "This request cannot be answered."
    if is_api(request):
        return JsonResponse({"detail": message}, status=400)
    return bad_request_page(request, {"request": [message]})


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: ``{"detail": …}`` for the API, the site's page elsewhere."""
    if is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: ``{"detail": …}`` for the API, the site's page elsewhere."""
    if is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """429 for a login from a client address django-axes has locked out: how many failures lock, how long the
    lockout lasts (also as ``Retry-After``), and that every further attempt starts it again."""
    cool_off = get_cool_off(request)
    seconds = math.ceil(cool_off.total_seconds()) if cool_off else 0
    context = {"failure_limit": get_failure_limit(request, credentials), "minutes": math.ceil(seconds / 60)}
    response = render(request, "admin/locked_out.html", context, status=429)
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
