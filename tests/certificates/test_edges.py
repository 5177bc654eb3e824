"""The edges of the site: styled 404 and 500 pages with DEBUG off, the favicon, gzip, robots.txt, sitemap.xml,
canonical links, JSON-LD on certificate pages, and the search feed's own link."""

from __future__ import annotations

import gzip
import json
import re
from typing import Any
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from certificates.models import Certificate, Holder, Lab
from certificates.sitemaps import CertificateSitemap
from registry import urls
from registry.views import server_error

pytestmark = pytest.mark.django_db

CANONICAL = "https://registry.example.org"
MESHCRAFTS = "OCA.0016.0009.CSMS"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def production(settings: Settings) -> None:
    """DEBUG off, as in production; the canonical site set."""
    settings.DEBUG = False
    settings.SITE_URL = CANONICAL


def assert_is_a_site_page(html: str) -> None:
    """The site's header, its search form and a way home are on the page."""
    assert '<header class="site">' in html
    assert 'role="search"' in html and 'name="q"' in html
    assert 'href="/"' in html


def test_an_unknown_address_gets_the_sites_404_page(client: Client, production: None) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert_is_a_site_page(html)
    assert 'rel="canonical"' not in html


def test_the_api_still_answers_404_as_json(client: Client, production: None) -> None:
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_server_error_gets_the_sites_500_page(production: None) -> None:
    assert urls.handler500 == "registry.views.server_error"
    response = server_error(RequestFactory().get("/certificates/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert_is_a_site_page(html)


def test_the_favicon_is_linked_and_favicon_ico_leads_to_it(client: Client) -> None:
    assert 'rel="icon" href="/static/certificates/favicon.svg"' in client.get("/").content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/certificates/favicon.svg"


def test_pages_are_gzipped_for_clients_that_accept_it(client: Client, seeds: None) -> None:
    plain = client.get(f"/certificates/{MESHCRAFTS}/")
    assert not plain.has_header("Content-Encoding")
    response = client.get(f"/certificates/{MESHCRAFTS}/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content) == plain.content
    api = client.get("/api/v1/certificates/", headers={"accept-encoding": "gzip"})
    assert api["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(api.content))["results"]


def test_what_is_compressed_already_is_not_gzipped_again(client: Client, seeds: None) -> None:
    response = client.get("/api/v1/dump/", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/gzip"
    assert not response.has_header("Content-Encoding")


def test_robots_txt_points_to_the_sitemap(client: Client, production: None) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines and "Disallow: /certificates/?" in lines
    assert f"Sitemap: {CANONICAL}/sitemap.xml" in lines


def locations(client: Client, url: str) -> list[str]:
    """The ``<loc>`` of every entry of the sitemap or sitemap index at ``url`` (asked for on the canonical site)."""
    response = client.get(url.removeprefix(CANONICAL))
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return [loc.text or "" for loc in ElementTree.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_the_sitemap_index_leads_to_every_certificate_holder_and_lab_on_the_canonical_site(
    client: Client, seeds: None, production: None
) -> None:
    sections = locations(client, "/sitemap.xml")
    assert sections == [f"{CANONICAL}/sitemap-{name}.xml" for name in ("pages", "certificates", "holders", "labs")]
    listed = [loc for section in sections for loc in locations(client, section)]
    certificates = {f"{CANONICAL}/certificates/{c.number}/" for c in Certificate.objects.public()}
    holders = {f"{CANONICAL}/holders/{pk}/" for pk in Holder.objects.values_list("pk", flat=True)}
    tested = Lab.objects.filter(certificates__isnull=False).values_list("pk", flat=True)
    labs = {f"{CANONICAL}/labs/{pk}/" for pk in tested}
    assert len(certificates) == 5 and holders and labs
    assert len(listed) == len(set(listed))
    assert set(listed) == {f"{CANONICAL}/", f"{CANONICAL}/certificates/", f"{CANONICAL}/statistics/"} | (
        certificates | holders | labs
    )


def test_a_section_past_one_sitemaps_links_is_paged_and_every_page_is_in_the_index(
    client: Client, seeds: None, production: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CertificateSitemap, "limit", 2)  # 50,000 links in production: 5 certificates → 3 pages
    sections = locations(client, "/sitemap.xml")
    pages = [f"{CANONICAL}/sitemap-certificates.xml{query}" for query in ("", "?p=2", "?p=3")]
    assert [loc for loc in sections if "certificates" in loc] == pages
    listed = [loc for page in pages for loc in locations(client, page)]
    assert sorted(listed) == sorted(f"{CANONICAL}/certificates/{c.number}/" for c in Certificate.objects.public())
    assert client.get("/sitemap-certificates.xml?p=4").status_code == 404


def test_an_unknown_sitemap_section_is_not_found(client: Client) -> None:
    assert client.get("/sitemap-passwords.xml").status_code == 404


def test_the_sitemap_index_with_a_parameter_is_sent_to_the_one_without(client: Client) -> None:
    response = client.get("/sitemap.xml?p=2&utm=x")
    assert response.status_code == 301
    assert response["Location"] == "/sitemap.xml"


def test_every_page_has_a_canonical_link_on_the_canonical_site(client: Client, seeds: None, production: None) -> None:
    holder = Holder.objects.first()
    assert holder is not None
    pages = {
        "/": f"{CANONICAL}/",
        f"/certificates/{MESHCRAFTS}/": f"{CANONICAL}/certificates/{MESHCRAFTS}/",
        f"/holders/{holder.pk}/": f"{CANONICAL}/holders/{holder.pk}/",
        "/statistics/": f"{CANONICAL}/statistics/",
        "/certificates/?q=meshcrafts": f"{CANONICAL}/certificates/?q=meshcrafts",
    }
    for path, canonical in pages.items():
        html = client.get(path).content.decode()
        assert f'<link rel="canonical" href="{canonical}">' in html, path


def test_a_certificate_page_carries_its_record_as_json_ld(client: Client, seeds: None, production: None) -> None:
    html = client.get(f"/certificates/{MESHCRAFTS}/").content.decode()
    (block,) = JSON_LD.findall(html)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Certification"
    assert data["certificationIdentification"] == MESHCRAFTS
    assert data["url"] == f"{CANONICAL}/certificates/{MESHCRAFTS}/"
    assert data["about"]["manufacturer"]["name"] == "Meshcrafts AS"
    assert data["validFrom"] == str(Certificate.objects.get(number=MESHCRAFTS).certification_date)


def test_json_ld_cannot_close_its_script_element(client: Client, seeds: None) -> None:
    Holder.objects.filter(certificates__number=MESHCRAFTS).update(name="Evil </script><script>alert(1)</script>")
    html = client.get(f"/certificates/{MESHCRAFTS}/").content.decode()
    (block,) = JSON_LD.findall(html)
    assert "<" not in block
    assert json.loads(block)["about"]["manufacturer"]["name"] == "Evil </script><script>alert(1)</script>"


def test_the_search_feeds_own_link_keeps_the_query(client: Client, seeds: None, production: None) -> None:
    feed = client.get("/feeds/search.atom?q=meshcrafts&ocpp_version=1.6").content
    links = ElementTree.fromstring(feed).findall("{http://www.w3.org/2005/Atom}link")
    (own,) = [link.get("href") for link in links if link.get("rel") == "self"]
    assert own == f"{CANONICAL}/feeds/search.atom?q=meshcrafts&ocpp_version=1.6"


@pytest.mark.parametrize("page", ["0", "x", "１", "99999"])
def test_a_sitemap_page_that_is_no_whole_number_in_range_is_refused(client: Client, page: str) -> None:
    response = client.get(f"/sitemap-certificates.xml?p={page}")
    assert response.status_code == 400
    assert "<strong>p</strong>: Give a whole number from 1 to 1000." in response.content.decode()


def test_a_sitemap_page_past_the_last_is_not_found(client: Client, seeds: None) -> None:
    assert client.get("/sitemap-certificates.xml?p=2").status_code == 404


def test_a_sitemap_page_is_kept_in_the_read_cache_and_its_page_parameter_nowhere_else(
    client: Client, seeds: None, read_cache: None, django_assert_num_queries: Any
) -> None:
    client.get("/sitemap-certificates.xml?p=1")
    with django_assert_num_queries(0):
        assert client.get("/sitemap-certificates.xml?p=1").status_code == 200
    page = f"/certificates/{MESHCRAFTS}/?p=7"  # "p" is no parameter of a certificate page: no answer is kept
    client.get(page)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    assert len(queries) > 0
