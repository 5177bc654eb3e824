"""What crawlers and browsers ask every site for: robots.txt, sitemap.xml (an index of one sitemap per section,
each paged at 50,000 links) and the favicon."""

from __future__ import annotations

from django.contrib.sitemaps.views import SitemapIndexItem, sitemap, x_robots_tag
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from rest_framework.exceptions import ValidationError

from certificates import params
from certificates.caching import cached_page, read_cached
from certificates.sitemaps import SITEMAPS
from certificates.siteurl import absolute_url
from certificates.views.errors import bad_request

# Searches, comparisons and the API are endless combinations of the same records (and throttled); every
# certificate, holder and lab page is reachable from the sitemap.
MAX_SITEMAP_PAGE = 1_000  # of 50,000 links each: far more than OCA has certified
SITEMAP_PARAMETERS = frozenset({"p"})  # what a section's sitemap reads: its page
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
@x_robots_tag
@cached_page
def sitemap_index(request: HttpRequest) -> HttpResponseBase:
    """sitemap.xml: the index of the sections' sitemaps (``certificates.sitemaps``), each page of each on the
    canonical site (one count per section). A sitemap holds at most 50,000 links, so past that a section has
    more pages (``?p=2``…), each listed here: every certificate stays reachable however large the registry.
    The index reads no parameter: a URL with any is sent to the one without (301), so a made-up parameter is
    neither computed again nor kept in the read cache."""
    if request.GET:
        return HttpResponsePermanentRedirect(reverse("sitemap"))
    items = []
    for section, sitemap_class in SITEMAPS.items():
        location = absolute_url(request, reverse("sitemap-section", kwargs={"section": section}))
        pages = sitemap_class().paginator.num_pages
        items.append(SitemapIndexItem(location))
        items.extend(SitemapIndexItem(f"{location}?p={page}") for page in range(2, pages + 1))
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml").render()


@require_safe
@x_robots_tag
def sitemap_section(request: HttpRequest, section: str) -> HttpResponseBase:
    """One section's sitemap (reads its published certificates, holders or labs). Its page, ``p``, is a whole
    number checked like every parameter (400 with the page naming it otherwise); a page past the last, or a
    section that does not exist, is a 404, as Django's sitemaps answer. A page checked so comes from the read
    cache: ``p`` is read here only, and at most ``MAX_SITEMAP_PAGE`` answers per section are kept."""
    if section not in SITEMAPS:
        raise Http404("No such sitemap.")
    try:
        params.whole_number(request.GET, "p", 1, MAX_SITEMAP_PAGE, 1)
    except ValidationError as error:
        return bad_request(request, error.detail)  # type: ignore[arg-type]
    return read_cached(
        request, lambda: sitemap(request, sitemaps=SITEMAPS, section=section).render(), reads=SITEMAP_PARAMETERS
    )
