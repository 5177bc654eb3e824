"""What crawlers and browsers ask every site for: robots.txt, sitemap.xml and the favicon."""

from __future__ import annotations

from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from rest_framework.exceptions import ValidationError

from certificates import params
from certificates.sitemaps import SITEMAPS
from certificates.siteurl import absolute_url
from certificates.views.errors import bad_request

# Searches, comparisons and the API are endless combinations of the same records (and throttled); every
# certificate, holder and lab page is reachable from the sitemap.
MAX_SITEMAP_PAGE = 1_000  # of 50,000 links each: far more than OCA has certified
DISALLOWED = ["/certificates/?", "/compare/", "/feeds/search.atom", "/api/", "/admin/", "/documents/"]


@require_safe
@cache_control(public=True, max_age=86_400)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """robots.txt: what crawlers may skip, and where the sitemap is (reads nothing)."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {absolute_url(request, reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """/favicon.ico, asked for by browsers that ignore the pages' ``<link rel="icon">``: to the SVG (301)."""
    return HttpResponsePermanentRedirect(static("certificates/favicon.svg"))


@require_safe
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """sitemap.xml (``certificates.sitemaps``; reads every published certificate, holder and lab). Its page,
    ``p``, is a whole number checked like every parameter (400 with the page naming it otherwise); a page past
    the last is a 404, as Django's sitemaps answer."""
    try:
        params.whole_number(request.GET, "p", 1, MAX_SITEMAP_PAGE, 1)
    except ValidationError as error:
        return bad_request(request, error.detail)  # type: ignore[arg-type]
    response: HttpResponse = sitemap(request, sitemaps=SITEMAPS)
    return response
