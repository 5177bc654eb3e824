"""The site's answers to requests it cannot run: a parameter it refuses (400), a database too slow (503)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from certificates.params import Errors


def bad_request(request: HttpRequest, errors: Errors) -> HttpResponse:
    """The page naming each parameter of ``errors`` and what is wrong with it, status 400 (reads nothing)."""
    return render(request, "certificates/bad_request.html", {"errors": errors}, status=400)


def database_busy(request: HttpRequest) -> HttpResponse:
    """The page saying the database took too long, status 503 (reads nothing)."""
    response = render(request, "certificates/busy.html", status=503)
    response["Retry-After"] = "10"
    return response
