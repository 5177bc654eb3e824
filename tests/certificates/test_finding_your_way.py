"""The list understands what people type, says where a page is, and helps when nothing matches; the A-Z
directories, breadcrumbs and name links; the list on phones (folding filters, focus back on a facet)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from certificates import search
from certificates.models import Certificate, Holder, Lab
from tests.certificates.test_pages import page
from tests.factories import make_certificates, make_holder

pytestmark = pytest.mark.django_db


def redirected(client: Client, path: str) -> dict[str, list[str]]:
    """GET ``path``, check it redirects (302) within the same page, and return the parameters it redirects to."""
    response = client.get(path)
    assert response.status_code == 302, response.content[:500]
    location = urlsplit(response["Location"])
    assert location.path == urlsplit(path).path
    return parse_qs(location.query)


def test_words_naming_filters_become_filters(client: Client, seeds: None) -> None:
    moved = redirected(client, "/certificates/?q=SemaConnect+smart+charging+1.6")
    assert moved == {"q": ["SemaConnect"], "profile": ["Smart Charging"], "ocpp_version": ["1.6"]}


def test_the_page_redirected_to_shows_each_filter_as_a_removable_chip(client: Client, seeds: None) -> None:
    html = page(client, "/certificates/?q=SemaConnect&profile=Smart+Charging&ocpp_version=1.6")
    assert 'id="hit-count">Showing 1–1 of 1 certificate<' in html and "OCA.0016.0019.CSMS" in html
    assert 'aria-label="Remove Profile: Smart Charging"' in html
    assert 'href="?q=SemaConnect&amp;ocpp_version=1.6" aria-label="Remove Profile: Smart Charging"' in html
    assert 'aria-label="Remove OCPP version: OCPP 1.6"' in html
    assert 'aria-label="Remove Search: “SemaConnect”"' in html
    assert 'Filters\n          <span class="count">· 2 set</span>' in html


def test_a_lab_named_in_the_search_becomes_the_lab_filter(client: Client, seeds: None) -> None:
    lab = Lab.objects.get(name="Korea Smart Grid Association")
    assert redirected(client, "/certificates/?q=korea+smart+grid+association+csms") == {
        "lab": [str(lab.pk)],
        "product_type": ["CSMS"],
    }
    html = page(client, f"/certificates/?lab={lab.pk}&product_type=CSMS")
    assert 'aria-label="Remove Test laboratory: Korea Smart Grid Association"' in html


def test_the_words_keep_the_other_parameters_and_leave_a_chosen_filter_alone(client: Client, seeds: None) -> None:
    moved = redirected(client, "/certificates/?ordering=number&ocpp_version=2.0.1&q=1.6+csms&cursor=abc")
    assert moved == {"ordering": ["number"], "ocpp_version": ["2.0.1"], "q": ["1.6"], "product_type": ["CSMS"]}
    page(client, "/certificates/?q=1.6&ocpp_version=2.0.1")  # nothing left to read: no redirect (no loop)


def test_the_search_feed_reads_the_words_too_and_the_api_does_not(client: Client, seeds: None) -> None:
    assert redirected(client, "/feeds/search.atom?q=meshcrafts+ocpp+1.6") == {
        "q": ["meshcrafts"],
        "ocpp_version": ["1.6"],
    }
    literal = client.get("/api/v1/certificates/?q=meshcrafts+ocpp+1.6")
    assert literal.status_code == 200 and literal.json()["count"] == 0


@pytest.mark.parametrize("text", ["sema connect", "Sema-Connect", "semaconnect", "SEMA CONNECT network"])
def test_spaces_and_hyphens_inside_a_name_are_forgiven(client: Client, seeds: None, text: str) -> None:
    public = Certificate.objects.public()
    numbers = {"OCA.0016.0019.CSMS"}
    assert set(search.search(public, text).values_list("number", flat=True)) == numbers  # this database's path
    terms = search.terms_of(text)
    assert set(search._search_words(public, terms).values_list("number", flat=True)) == numbers  # SQLite's path
    assert "OCA.0016.0019.CSMS" in page(client, f"/certificates/?q={text}")


def test_a_joined_spelling_does_not_match_words_far_apart(seeds: None) -> None:
    assert not search.search(Certificate.objects.public(), "mesh connect").exists()


def test_no_hits_says_what_was_searched_and_offers_the_closest_names(client: Client, seeds: None) -> None:
    html = page(client, "/certificates/?q=semaconnect&ocpp_version=2.0.1")
    notice = html.split('id="no-hits"')[1].split("</div>")[0]
    assert "the search “semaconnect”" in notice and "with\n" in notice and "OCPP version: 2.0.1" in notice
    nearest = notice.split('id="nearest"')[1].split("</ul>")[0]
    assert nearest.index(">SemaConnect<") < nearest.index(">SemaConnect Network Platform<")
    assert 'href="?q=semaconnect" aria-label="Remove OCPP version: 2.0.1"' in notice


def test_no_hits_without_filters_suggests_removing_none(client: Client, seeds: None) -> None:
    html = page(client, "/certificates/?q=meshcrafts+qqqq")
    notice = html.split('id="no-hits"')[1].split("</div>")[0]
    assert "the search “meshcrafts qqqq”." in notice
    assert "Remove a filter" not in notice
    assert ">Meshcrafts AS<" in notice.split('id="nearest"')[1]


def test_the_list_says_where_each_page_is_and_the_cursors_carry_it(client: Client) -> None:
    make_certificates(120)
    first = page(client, "/certificates/?page_size=50")
    assert 'id="hit-count">Showing 1–50 of 120 certificates<' in first
    second_url = first.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    second = page(client, second_url)
    assert 'id="hit-count">Showing 51–100 of 120 certificates<' in second
    third = page(client, second.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&"))
    assert 'id="hit-count">Showing 101–120 of 120 certificates<' in third
    back = page(client, third.split('rel="prev" href="')[1].split('"')[0].replace("&amp;", "&"))
    assert 'id="hit-count">Showing 51–100 of 120 certificates<' in back
    again = page(client, back.split('rel="prev" href="')[1].split('"')[0].replace("&amp;", "&"))
    assert 'id="hit-count">Showing 1–50 of 120 certificates<' in again


def test_a_search_by_relevance_says_where_its_page_is(client: Client) -> None:
    make_certificates(60)
    html = page(client, "/certificates/?q=alpha&page_size=10&page=2")
    assert 'id="hit-count">Showing 11–20 of 30 certificates<' in html


def test_the_holder_directory_lists_names_with_counts_by_letter(client: Client, seeds: None) -> None:
    make_holder(name="Nobody Certified Ltd")
    html = page(client, "/holders/", bound=4)
    semaconnect = Holder.objects.get(name="SemaConnect")
    assert f'<a href="/holders/{semaconnect.pk}/">SemaConnect</a>' in html
    assert "1 certificate</span>" in html and "Nobody Certified" not in html
    assert '<a href="#letter-s">S</a>' in html and '<h2 id="letter-s">S</h2>' in html
    assert '<span class="muted" aria-hidden="true">Z</span>' in html
    assert html.index(">EVAR<") < html.index(">I-Charge") < html.index(">Meshcrafts AS<")
    assert 'method="get"' in html and 'name="q"' in html


def test_the_directory_filter_box_works_without_script(client: Client, seeds: None) -> None:
    html = page(client, "/holders/?q=sema-connect")
    assert ">SemaConnect</a>" in html and "Meshcrafts" not in html
    assert "1 name containing “sema-connect”" in html
    assert "No name contains" in page(client, "/labs/?q=xyzzy")
    assert "q" in page(client, "/holders/?q=" + "x" * 101, status=400)
    assert page(client, "/holders/?q=a&q=b", status=400)


def test_the_lab_directory_links_each_lab(client: Client, seeds: None) -> None:
    html = page(client, "/labs/", bound=4)
    lab = Lab.objects.get(name="Korea Smart Grid Association")
    assert f'<a href="/labs/{lab.pk}/">Korea Smart Grid Association</a>' in html
    assert '<a href="#letter-k">K</a>' in html


def test_the_header_links_the_directories(client: Client) -> None:
    html = page(client, "/")
    assert '<a href="/holders/">Holders</a>' in html and '<a href="/labs/">Labs</a>' in html


def test_holder_lab_and_certificate_pages_have_breadcrumbs(client: Client, seeds: None) -> None:
    certificate = Certificate.objects.get(number="OCA.0016.0019.CSMS")
    crumbs = page(client, "/certificates/OCA.0016.0019.CSMS/").split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert [part.split('"')[1] for part in crumbs.split('<a href=')[1:]] == [
        "/", "/holders/", f"/holders/{certificate.holder_id}/"
    ]  # fmt: skip
    assert '<li aria-current="page">OCA.0016.0019.CSMS</li>' in crumbs
    holder = page(client, f"/holders/{certificate.holder_id}/")
    assert '<a href="/holders/">Holders</a></li>' in holder and '<li aria-current="page">SemaConnect</li>' in holder
    lab = page(client, f"/labs/{certificate.lab_id}/")
    assert '<a href="/labs/">Test laboratories</a></li>' in lab


def test_holder_and_lab_names_are_links_in_rows_and_compare(client: Client, seeds: None) -> None:
    certificate = Certificate.objects.get(number="OCA.0016.0019.CSMS")
    holder_link = f'<a class="holder-link" href="/holders/{certificate.holder_id}/">SemaConnect</a>'
    assert holder_link in page(client, "/certificates/") and holder_link in page(client, "/")
    html = page(client, "/compare/?number=OCA.0016.0019.CSMS&number=OCA.0016.0009.CSMS")
    assert f'<a href="/holders/{certificate.holder_id}/">SemaConnect</a>' in html
    assert f'<a href="/labs/{certificate.lab_id}/">' in html


def test_the_list_folds_its_filters_and_skips_to_the_results(client: Client, seeds: None) -> None:
    html = page(client, "/certificates/")
    assert html.index('href="#results">Skip to results</a>') < html.index('<details class="facet-fold"')
    assert html.index('<details class="facet-fold"') < html.index('<section id="results"')
    assert '<script src="/static/certificates/list.js" defer></script>' in html
    assert ' style="' not in html and "onclick" not in html


def test_words_on_the_pages_are_for_users(client: Client, seeds: None) -> None:
    html = page(client, "/certificates/?q=semaconnect") + page(client, "/certificates/OCA.0016.0009.CSMS/")
    for code_speak in ("parser", "as printed", "for mirrors", "updated_since", "Data-quality"):
        assert code_speak not in html
    lab = page(client, f"/labs/{Lab.objects.get(name='Korea Smart Grid Association').pk}/")
    assert '<abbr title="Certificates naming this profile, whatever its result">Named</abbr>' in lab


def test_a_lab_typed_by_its_initials_becomes_the_lab_filter(client: Client, seeds: None) -> None:
    from certificates.models import Lab

    ksga = Lab.objects.get(name="Korea Smart Grid Association")
    assert redirected(client, "/certificates/?q=ksga+1.6") == {"lab": [str(ksga.pk)], "ocpp_version": ["1.6"]}
