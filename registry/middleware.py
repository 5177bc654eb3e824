"""Limits every web request is held to: the shape of its query string.

``QueryLimitsMiddleware`` refuses, before any view or database is reached, a query string longer than
``certificates.params.MAX_QUERY_CHARS``, with more than ``MAX_PARAMETERS`` parameters, or with a control
character in any parameter: 400, JSON under ``/api/``, the site's page with the message elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase, JsonResponse

from certificates import params
from certificates.views.errors import bad_request
from registry.views import is_api


class QueryLimitsMiddleware:
    """400 for a query string too long, with too many parameters, or with control characters."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        errors = params.query_string_errors(request.META.get("QUERY_STRING", ""))
        errors = errors or params.character_errors(request.GET)
        if errors:
            return JsonResponse(errors, status=400) if is_api(request) else bad_request(request, errors)
        return self.get_response(request)
