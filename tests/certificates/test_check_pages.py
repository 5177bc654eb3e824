"""The check of a number (/check/<number>/ and GET /api/v1/check/<number>/), the badge
(/certificates/<number>/badge.svg) and its snippet on the certificate page, and the read cache never keeping a
page that carries a CSRF token."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.utils import timezone
from pytest_django import Settings

from certificates.caching import read_cached
from certificates.choices import ListingStatus
from certificates.listing import listing_import
from certificates.models import Certificate
from tests.helpers import listing_row

pytestmark = pytest.mark.django_db
NUMBER = "OCA.0016.0009.CSMS"  # OCPP 1.6 CSMS of Meshcrafts AS, certified 2021-01-25


def text_of(response: HttpResponse) -> str:
    """The page's words, without markup."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_verdict_by_number_can_be_cited(seeds: None) -> None:
    active = {"listing_status": ListingStatus.ACTIVE, "listed_since": date(2023, 7, 18), "last_seen": date(2026, 3, 4)}
    Certificate.objects.filter(number=NUMBER).update(**active)
    response = Client().get(f"/check/{NUMBER}/")
    page = text_of(response)
    assert response.status_code == 200
    assert "is listed by OCA (seen in its listing from 2023-07-18 to 2026-03-04)" in page
    assert "read from its document" in page
    assert "Version 1, the current one." in page
    assert "Core Passed per its document" in page
    assert f"Checked on {timezone.localdate().isoformat()}" in page
    assert f"Permanent link: http://testserver/check/{NUMBER}/" in page
    body = Client().get(f"/api/v1/check/{NUMBER}/").json()
    assert (body["status"], body["listed_since"], body["last_seen"]) == ("active", "2023-07-18", "2026-03-04")
    assert body["listing"] == "listed by OCA (seen in its listing from 2023-07-18 to 2026-03-04)"


def test_a_withdrawn_certificate_says_since_when(seeds: None) -> None:
    Certificate.objects.filter(number=NUMBER).update(
        listing_status=ListingStatus.WITHDRAWN, withdrawn_on=date(2026, 11, 30)
    )
    assert "withdrawn from OCA's listing on 2026-11-30" in text_of(Client().get(f"/check/{NUMBER}/"))
    body = Client().get(f"/api/v1/check/{NUMBER}/").json()
    assert (body["status"], body["withdrawn_on"], body["is_current"]) == ("withdrawn", "2026-11-30", True)


def test_a_superseded_version_links_the_current_one(seeds: None) -> None:
    current = Certificate.objects.get(number=NUMBER)
    Certificate.objects.filter(pk=current.pk).update(version=2)
    older = Certificate.objects.get(pk=current.pk)
    older.pk, older.version, older.is_current = None, 1, False
    older.save()
    page = text_of(Client().get(f"/check/{NUMBER}/?version=1"))
    assert "superseded by version 2" in page
    body = Client().get(f"/api/v1/check/{NUMBER}/?version=1").json()
    assert (body["version"], body["is_current"], body["superseded_by"]) == (1, False, 2)


def test_a_listed_only_certificate_shows_its_claims(seeds: None) -> None:
    Certificate.objects.filter(number=NUMBER).update(source="listing")
    page = text_of(Client().get(f"/check/{NUMBER}/"))
    assert "its document has not been read" in page


def test_the_verdict_gives_the_evidence_the_certificate_page_and_api_give() -> None:
    listing_import(
        rows=[listing_row(certificate_no="OCA.0016.0528.CSMS", certificate_type="Full + Security")],
        source_name="listing.csv",
        sha256="2" * 64,
    )
    verdict = Client().get("/api/v1/check/OCA.0016.0528.CSMS/").json()
    detail = Client().get("/api/v1/certificates/OCA.0016.0528.CSMS/").json()
    claimed = [p["name"] for p in detail["profile_evidence"] if p["evidence"] == "claimed"]
    assert len(claimed) == 7  # Full's six (inferred) and Advanced Security
    assert [(p["name"], p["evidence"]) for p in verdict["profiles"]] == [
        (p["name"], p["evidence"]) for p in detail["profile_evidence"]
    ]
    assert "Claimed by OCA" in text_of(Client().get("/check/OCA.0016.0528.CSMS/"))


def test_the_form_sends_a_number_on_to_its_verdict(seeds: None) -> None:
    response = Client().get("/check/", {"number": f" {NUMBER} "})
    assert (response.status_code, response["Location"]) == (302, f"/check/{NUMBER}/")


@pytest.mark.parametrize(
    "url, name",
    [("/check/?number=", "number"), ("/check/?number=" + "9" * 41, "number"), ("/check/x%01/", "number"),
     ("/check/x/?version=0", "version")],
)  # fmt: skip
def test_a_malformed_number_gets_400_naming_the_parameter(url: str, name: str) -> None:
    response = Client().get(url)
    message = "A certificate number has 1 to 40" if name == "number" else "Give a whole number from 1"
    assert response.status_code == 400 and f"{name} : {message}" in text_of(response)


def test_an_unknown_number_gets_404_with_near_numbers(seeds: None) -> None:
    response = Client().get("/check/OCA.0016.0010.CSMS/")
    page = text_of(response)
    assert response.status_code == 404 and "No certificate OCA.0016.0010.CSMS" in page and "0016" in page
    api = Client().get("/api/v1/check/OCA.0016.0010.CSMS/")
    assert api.status_code == 404 and "OCA.0016.0010.CSMS" in api.json()["detail"]
    assert Client().get("/api/v1/check/x%01/").status_code == 400


def test_the_api_verdict_names_every_field(seeds: None) -> None:
    body = Client().get(f"/api/v1/check/{NUMBER}/").json()
    assert (body["number"], body["holder"], body["software_version"]) == (NUMBER, "Meshcrafts AS", "1.6J-24012021")
    assert (body["ocpp_version"], body["product_type"], body["certification_date"]) == ("1.6", "CSMS", "2021-01-25")
    assert (body["status"], body["listing"], body["from_document"]) == ("unlisted", "not listed by OCA", True)
    assert body["checked_on"] == timezone.localdate().isoformat()
    assert {"name": "Core", "evidence": "passed", "result": "Pass", "inferred": False,
            "label": "Passed per its document"} in body["profiles"]  # fmt: skip


def test_the_badge_shows_version_type_and_status(seeds: None) -> None:
    Certificate.objects.filter(number=NUMBER).update(listing_status=ListingStatus.ACTIVE)
    response = Client().get(f"/certificates/{NUMBER}/badge.svg")
    svg = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    assert response["Cache-Control"] == "public, max-age=3600" and response["ETag"].startswith('"')
    assert f'<title id="badge-title">OCA {NUMBER}: OCPP 1.6 · CSMS · active</title>' in svg
    assert 'role="img"' in svg
    again = Client().get(f"/certificates/{NUMBER}/badge.svg", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    Certificate.objects.filter(number=NUMBER).update(listing_status=ListingStatus.WITHDRAWN)
    changed = Client().get(f"/certificates/{NUMBER}/badge.svg")
    assert "withdrawn" in changed.content.decode() and changed["ETag"] != response["ETag"]


def test_an_unknown_number_gets_a_404_badge() -> None:
    response = Client().get("/certificates/OCA.0016.0010.CSMS/badge.svg")
    assert response.status_code == 404 and response["Content-Type"].startswith("image/svg+xml")
    assert ">unknown</text>" in response.content.decode()


def test_the_badge_escapes_its_text(seeds: None) -> None:
    Certificate.objects.filter(number=NUMBER).update(number="<b>&\"x'")
    svg = Client().get("/certificates/%3Cb%3E%26%22x'/badge.svg").content.decode()
    assert "<b>" not in svg and "&lt;b&gt;&amp;&quot;x&#x27;" in svg


def test_the_certificate_page_shows_the_snippet_to_embed_the_badge(seeds: None, settings: Settings) -> None:
    settings.SITE_URL = "https://registry.example.org"
    page = html.unescape(Client().get(f"/certificates/{NUMBER}/").content.decode())
    image, link = (
        f"https://registry.example.org/certificates/{NUMBER}/badge.svg",
        f"https://registry.example.org/certificates/{NUMBER}/",
    )
    assert "Embed a badge" in page
    assert f"[![OCA certificate {NUMBER}]({image})]({link})" in page
    assert f'<a href="{link}"><img src="{image}" alt="OCA certificate {NUMBER}"></a>' in page


def test_the_read_cache_never_keeps_a_page_with_a_csrf_token(settings: Settings) -> None:
    settings.API_CACHE_SECONDS = 60
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    calls = []

    def answer() -> HttpResponse:
        calls.append(1)
        return HttpResponse(f"<input value='{get_token(request)}'>")

    read_cached(request, answer)
    read_cached(request, answer)
    assert len(calls) == 2  # answered afresh: nothing was kept

    plain = RequestFactory().get("/elsewhere/")
    plain.user = AnonymousUser()
    read_cached(plain, lambda: calls.append(1) or HttpResponse("no form"))
    read_cached(plain, lambda: calls.append(1) or HttpResponse("no form"))
    assert len(calls) == 3  # the same kind of page without a token is kept


def test_the_check_page_is_answered_afresh_with_the_read_cache_on(settings: Settings) -> None:
    settings.API_CACHE_SECONDS = 60
    first, second = Client().get("/check/"), Client().get("/check/")
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
