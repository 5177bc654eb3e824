"""What crawlers and browsers ask every site for: robots.txt and the favicon."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from certificates.siteurl import absolute_url

# Searches, comparisons and the API are endless combinations of the same records (and throttled); every
# certificate, holder and lab page is reachable from the sitemap.
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
