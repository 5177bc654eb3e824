"""The check of a certificate number (``/check/<number>/``): the registry's verdict a buyer can cite, and the
badge of a certificate (``/certificates/<number>/badge.svg``). The check of an uploaded file is the pipeline's
(``ingest.check_views``): it parses the file."""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from certificates import params
from certificates.badges import badge_svg, certificate_badge, unknown_badge
from certificates.caching import cached_page
from certificates.models import Certificate
from certificates.siteurl import absolute_url
from certificates.verdicts import certificate_verdict
from certificates.views.pages import _unknown_number, canonical_redirect, number_and_version


@cached_page
def check_number(request: HttpRequest, number: str) -> HttpResponse:
    """The verdict on a certificate number (its current version, or ``?version=N``): listed by OCA or not, read
    from its document or not, current or superseded, its profiles with their evidence, and the date checked.
    A malformed number or version answers 400, an unknown number 404 with the numbers close to it."""
    asked = number_and_version(request, number, "check:number")
    if isinstance(asked, HttpResponse):
        return asked
    number, version = asked
    verdict = certificate_verdict(number, version)
    if verdict is None:
        return _unknown_number(request, number)
    path = reverse("check:number", args=[number]) + (f"?version={version}" if version else "")
    context = {"verdict": verdict, "checked_on": timezone.localdate(), "permalink": absolute_url(request, path)}
    return render(request, "check/number.html", context)


# How long a browser or a proxy (a README's image cache) may reuse a badge, and one of an unknown number.
BADGE_SECONDS = 3600
UNKNOWN_BADGE_SECONDS = 300


def badge(request: HttpRequest, number: str) -> HttpResponse:
    """The badge of a certificate's current version as SVG (OCPP version, product type, listing status), with
    an ETag (a matching ``If-None-Match`` gets 304) and ``Cache-Control``; an unknown number gets an "unknown"
    badge with 404, a malformed one an "invalid number" badge with 400. One query."""
    try:
        canonical = params.certificate_number(number)
    except ValidationError:
        return _svg(badge_svg("OCA certificate", "invalid number", "#5b616b"), 400, UNKNOWN_BADGE_SECONDS)
    if canonical != number:
        return canonical_redirect(request, "certificates:badge", canonical)
    found = (
        Certificate.objects.public()
        .filter(number=number)
        .values_list("ocpp_version", "product_type", "listing_status")
        .first()
    )
    if found is None:
        return _svg(unknown_badge(number), 404, UNKNOWN_BADGE_SECONDS)
    ocpp_version, product_type, status = found
    svg = certificate_badge(number=number, ocpp_version=ocpp_version, product_type=product_type, status=status)
    return _svg(svg, 200, BADGE_SECONDS)


def _svg(svg: str, status: int, seconds: int) -> HttpResponse:
    """An SVG answer with its ETag (of its bytes) and ``Cache-Control``: public, for ``seconds``."""
    body = svg.encode()
    response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8", status=status)
    response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response["Cache-Control"] = f"public, max-age={seconds}"
    return response
