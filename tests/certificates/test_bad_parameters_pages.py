"""Malformed and oversized parameters of the site's pages and feeds: each answers 400 with a page naming the
parameter (the list and compare pages re-rendered with the message), never a 5xx, and at once."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from certificates.choices import FlagKind

pytestmark = pytest.mark.django_db

DETAIL = "/certificates/OCA.0016.0009.CSMS/"
FLAGS = [kind for kind, _ in FlagKind.choices]


def bad(path: str) -> str:
    """GET ``path`` with DEBUG off; check it answered an HTML 400 at once; return the page."""
    started = time.perf_counter()
    response = Client(raise_request_exception=False).get(path)
    assert time.perf_counter() - started < 0.5
    assert response.status_code == 400, response.content[:2000]
    assert response["Content-Type"] == "text/html; charset=utf-8"
    return response.content.decode()


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("&".join(f"flag={kind}" for kind in [*FLAGS, FLAGS[0]]), "flag", f"at most {len(FLAGS)} values"),
        ("profile=Core&" * 10 + "profile=Core", "profile", "at most 10 values"),
        ("q=korea&q=korea", "q", "once"),
        ("ordering=number&ordering=-number", "ordering", "once"),
        ("page_size=%C2%B2", "page_size", "whole number"),
        ("page_size=%D9%A3", "page_size", "whole number"),
        ("q=x&page=%D9%A3", "page", "Give a page"),
        ("page_size=2&page_size=3", "page_size", "once"),
        ("updated_since=0001-01-01T00:00%2B23:59", "updated_since", "out of range"),
        ("ordering=number&cursor=eyJvIjoibnVtYmVyIiwidiI6ImFcdTAwMDBiIiwiaWQiOjEsInIiOmZhbHNlfQ", "cursor", "cursor"),
    ],
)
def test_the_list_is_shown_again_with_the_message(query: str, parameter: str, message: str) -> None:
    html = bad(f"/certificates/?{query}")
    assert "This search cannot be run" in html
    assert f"<strong>{parameter}</strong>" in html and message in html


@pytest.mark.parametrize("query", ["q=a%00b", "q=%01", "q=a%0Ab", "certificate_type=Full%1B", "utm_source=%00"])
def test_control_characters_get_a_page_naming_the_parameter(query: str) -> None:
    html = bad(f"/certificates/?{query}")
    assert "This request cannot be answered" in html and 'role="search"' in html
    assert f"<strong>{query.split('=')[0]}</strong>: This value holds a control character." in html


@pytest.mark.parametrize("repeats", [215, 300, 1000])
def test_the_audits_repeated_flags_get_a_page_at_once(repeats: int) -> None:
    html = bad("/certificates/?" + "&".join(["flag=holder_renamed"] * repeats))
    assert "flag" in html or "longer than" in html


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        (f"{DETAIL}?version=%C2%B2", "version"),
        (f"{DETAIL}?version=%D9%A1", "version"),
        (f"{DETAIL}?version=99999999999999999999", "version"),
        (f"{DETAIL}?version=0", "version"),
        (f"{DETAIL}?version=1&version=1", "version"),
        ("/certificates/a%00b/", "number"),
        ("/certificates/OCA.0016.0009.CSMS%1B/", "number"),
        (f"/certificates/{'9' * 41}/", "number"),
    ],
)
def test_a_certificate_page_names_the_bad_parameter(seeds: None, path: str, parameter: str) -> None:
    html = bad(path)
    assert "This request cannot be answered" in html and f"<strong>{parameter}</strong>" in html


def test_a_certificate_version_in_ascii_digits_is_shown(client: Client, seeds: None) -> None:
    assert client.get(f"{DETAIL}?version=1").status_code == 200
    assert client.get(f"{DETAIL}?version=2").status_code == 404


def test_an_unknown_number_suggests_numbers_by_their_ascii_digits(client: Client, seeds: None) -> None:
    response = client.get("/certificates/OCA.0016.0009.CSMS%C2%B2/")  # ² is no digit of a number
    assert response.status_code == 404
    html = response.content.decode()
    assert "Certificates with a similar number" in html and "/certificates/OCA.0016.0009.CSMS/" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("number=OCA.0016.0009.CSMS&number=" + "x" * 41, "A certificate number has 1 to 40 characters"),
        ("number=A&number=B&number=C&number=D&number=E", "You can compare at most 4 certificates at a time"),
    ],
)
def test_compare_is_shown_again_with_the_message(seeds: None, query: str, message: str) -> None:
    html = bad(f"/compare/?{query}")
    assert "Choose two to four certificates" in html and message in html


def test_compare_refuses_a_number_with_a_control_character(seeds: None) -> None:
    html = bad("/compare/?number=OCA.0016.0009.CSMS&number=a%00b")
    assert "<strong>number</strong>: This value holds a control character." in html


def test_compare_counts_a_number_given_twice_once(client: Client, seeds: None) -> None:
    response = client.get("/compare/?number=OCA.0016.0009.CSMS&number=OCA.0016.0019.CSMS&number=OCA.0016.0009.CSMS")
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="col"><a href="/certificates/') == 2


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("ocpp_version=9", "ocpp_version"),
        ("&".join(f"flag={kind}" for kind in [*FLAGS, FLAGS[0]]), "flag"),
        ("q=a&q=b", "q"),
        ("updated_since=9999-12-31T23:59-23:59", "updated_since"),
        ("q=%00", "q"),
    ],
)
def test_the_search_feed_names_the_bad_parameter(query: str, parameter: str) -> None:
    assert f"<strong>{parameter}</strong>" in bad(f"/feeds/search.atom?{query}")


def test_a_request_django_refuses_before_any_view_gets_the_sites_page() -> None:
    response = Client(raise_request_exception=False).get("/certificates/", headers={"host": "bad host"})
    assert response.status_code == 400
    assert "This request cannot be answered" in response.content.decode()
