"""The public site's pages on the seed certificates: what each shows, and in how many queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks

from certificates.models import Certificate, Holder, Lab
from tests.factories import make_certificate, make_certificates

pytestmark = pytest.mark.django_db


def page(client: Client, path: str, status: int = 200, bound: int = 15) -> str:
    """GET ``path``; check its status and that it ran at most ``bound`` queries; return its HTML."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == status, response.content[:2000]
    assert len(queries) <= bound, [q["sql"][:200] for q in queries]
    assert len(response.content) < 150_000
    return response.content.decode()


def test_the_home_page_has_a_search_box_counts_and_the_latest(client: Client, seeds: None) -> None:
    html = page(client, "/", bound=5)
    assert 'role="search"' in html and 'name="q"' in html
    assert "<strong>5</strong> certificates" in html
    assert html.index("OCA.0016.0232.CSMS") < html.index("OCA.0016.0009.CSMS")  # latest first


def test_the_home_page_says_when_nothing_is_published(client: Client) -> None:
    assert "No certificate is published yet" in page(client, "/")


def test_the_list_searches_and_shows_the_hits(client: Client, seeds: None) -> None:
    html = page(client, "/certificates/?q=semaconect")
    assert 'id="hit-count">Showing 1–1 of 1 certificate<' in html
    assert "OCA.0016.0019.CSMS" in html and "OCA.0016.0009.CSMS" not in html


def test_the_list_facets_count_and_link_to_their_filter(client: Client, seeds: None) -> None:
    html = page(client, "/certificates/")
    lab = Lab.objects.get(name="Korea Smart Grid Association")
    assert (
        f'<a id="facet-lab-{lab.pk}" href="?lab={lab.pk}#facet-lab-{lab.pk}" data-facet="lab">Korea Smart Grid '
        'Association</a>\n                <span class="count">2</span>' in html
    )
    narrowed = page(client, f"/certificates/?lab={lab.pk}")
    assert narrowed.count('class="certificate-link"') == 2
    assert 'aria-current="true">✓ Korea Smart Grid Association' in narrowed


def test_the_list_with_a_search_and_two_facets_stays_in_bounds(client: Client) -> None:
    make_certificates(100)
    html = page(client, "/certificates/?q=alpha&ocpp_version=1.6&profile=Core", bound=15)
    assert 'id="hit-count">Showing 1–50 of 50 certificates<' in html


def test_a_search_with_no_hits_suggests_a_spelling(client: Client, seeds: None) -> None:
    html = page(client, "/certificates/?q=meshcarfts")  # letters swapped: too far for trigrams
    assert "No certificate matches" in html
    assert 'id="did-you-mean" href="?q=meshcrafts"' in html


def test_an_invalid_filter_is_explained(client: Client, seeds: None) -> None:
    html = page(client, "/certificates/?certified_after=yesterday", status=400)
    assert "certified_after" in html and "This search cannot be run" in html


def test_the_list_pages_with_cursors(client: Client) -> None:
    make_certificates(60)
    first = page(client, "/certificates/")
    assert first.count('class="certificate-link"') == 50 and 'rel="next"' in first
    following = first.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    assert page(client, following).count('class="certificate-link"') == 10


def test_a_certificate_page_shows_every_part(client: Client, seeds: None) -> None:
    html = page(client, "/certificates/OCA.0016.0009.CSMS/", bound=3)
    assert "<h1>OCA.0016.0009.CSMS" in html
    assert '<span class="badge passed" title="Passed per its document">Passed</span>' in html
    assert '<span class="badge unknown" title="Unknown">Unknown</span>' in html  # Advanced Security: not printed
    assert 'id="performance"' in html and "3 sec" in html
    assert "Casper van der Sluis" in html and "DNVGL_20210125_Test Report_Meshcrafts_V104" in html
    assert "Notes on reading this document" in html and "parser" not in html
    assert "The original document" in html


def test_an_earlier_version_is_shown_and_linked(client: Client, seeds: None) -> None:
    old = Certificate.objects.get(number="OCA.0016.0009.CSMS")
    Certificate.objects.filter(pk=old.pk).update(is_current=False)
    make_certificate(
        number=old.number, version=2, holder=old.holder, holder_name="x", certification_date=date(2023, 1, 1)
    )
    current = page(client, "/certificates/OCA.0016.0009.CSMS/")
    assert "?version=1" in current
    assert "superseded" in page(client, "/certificates/OCA.0016.0009.CSMS/?version=1")


def test_an_unknown_number_gets_a_helpful_404(client: Client, seeds: None) -> None:
    html = page(client, "/certificates/OCA.0016.0010.CSMS/", status=404)
    assert "No certificate OCA.0016.0010.CSMS" in html
    assert 'role="search"' in html


def test_a_holder_page_lists_its_certificates_and_names(client: Client, seeds: None) -> None:
    holder = Holder.objects.get(name="Meshcrafts AS")
    html = page(client, f"/holders/{holder.pk}/", bound=4)
    assert "OCA.0016.0009.CSMS" in html and "SmartCharge" in html and "Names it appears under" in html


def test_a_lab_page_counts_per_year_and_profile(client: Client, seeds: None) -> None:
    lab = Lab.objects.get(name="Korea Smart Grid Association")
    html = page(client, f"/labs/{lab.pk}/", bound=6)
    assert '<th scope="row"><a href="/certificates/?lab=' in html
    assert '<td class="number">2</td>' in html  # two certificates in 2022, each profile passed twice


def test_compare_asks_for_two_to_four(client: Client, seeds: None) -> None:
    html = page(client, "/compare/?number=OCA.0016.0009.CSMS&number=NOPE", status=400)
    assert "Not found: NOPE" in html
    assert "Choose two to four" in page(client, "/compare/")


def test_the_feeds_list_the_newest_certificates(client: Client, seeds: None) -> None:
    feed = page(client, "/feeds/certificates.atom")
    assert feed.startswith(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xml:lang="en-us" xmlns="http://www.w3.org/2005/Atom"'
    )
    assert feed.count("<entry>") == 5
    search = page(client, "/feeds/search.atom?q=korea")
    assert search.count("<entry>") == 2
    assert "ocpp_version" in page(client, "/feeds/search.atom?ocpp_version=9", status=400)


def test_api_and_site_404s_differ(client: Client) -> None:
    assert client.get("/api/v1/nothing/")["Content-Type"] == "application/json"
    assert "text/html" in client.get("/nothing-here/")["Content-Type"]


def test_an_anonymous_page_is_served_from_the_cache_until_the_registry_changes(
    client: Client,
    seeds: None,
    read_cache: None,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    first = page(client, "/certificates/")
    assert page(client, "/certificates/", bound=0) == first
    with django_capture_on_commit_callbacks(execute=True):
        Certificate.objects.filter(number="OCA.0016.0009.CSMS").get().delete()
    assert "OCA.0016.0009.CSMS" not in page(client, "/certificates/")
