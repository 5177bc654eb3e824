"""Every surface says where a record comes from (read from its document, or only listed by OCA) and where its
number stands in OCA's listing: list rows, holder and lab pages, the Atom feeds, the CSV export, the API, the
coverage on the home and statistics pages, and the page of a certificate no document of which was read."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from html import unescape
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks
from rest_framework.test import APIClient

from certificates.choices import ListingSource
from certificates.domain.provenance import Coverage
from certificates.listing import listing_import
from certificates.models import Certificate
from certificates.selectors import certificate_coverage
from tests.helpers import listing_row

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DOCUMENTED = "OCA.0016.0009.CSMS"  # a seed: read from its document, and listed
LISTED = "OCA.0016.0528.CSMS"  # listed only
GONE = "OCA.0016.0600.CSMS"  # listed only, then withdrawn
PDF = "https://example.org/Certificate_OCA.0016.0528.CSMS_AHA.pdf"
ROWS = [
    listing_row(certificate_no=DOCUMENTED, company="Current Eco AS", certificate_url=""),
    listing_row(certificate_no=LISTED, certificate_url=PDF, software_version="v1.0.0", country="Republic of Korea"),
    listing_row(certificate_no=GONE, company="Gone Charging B.V.", certificate_url="", country="Netherlands"),
]


def imported(rows: list, on: date) -> None:
    rows = [replace(row, position=n) for n, row in enumerate(rows, start=1)]
    listing_import(rows=rows, source_name="test", sha256="0" * 64, source=ListingSource.OCA, scope=("CSMS",), on=on)


@pytest.fixture
def listed(seeds: None) -> None:
    """The five seeds (documents), one of them listed; one number listed only; one listed only and withdrawn."""
    imported(ROWS, on=date(2026, 3, 1))
    imported(ROWS[:2], on=date(2026, 3, 4))


def get(path: str, **query: str) -> str:
    """GET ``path``: check it answers 200, return its HTML with character references read ("OCA's")."""
    response = Client().get(path, query)
    assert response.status_code == 200, response.content[:1000]
    return unescape(response.content.decode())


def row_of(html: str, number: str) -> str:
    """The list row (``<li>`` of a result list) of ``number`` in ``html``."""
    start = html.index(f'">{number}</a>')
    return html[html.rindex("<li>", 0, start) : html.index("</li>", start)]


def test_every_list_row_says_where_it_comes_from_and_its_status(listed: None) -> None:
    html = get("/certificates/")
    assert "Read from its document" in row_of(html, DOCUMENTED)
    assert "Listed by OCA" in row_of(html, DOCUMENTED) and "2026-03-01" not in row_of(html, DOCUMENTED)
    assert "Listed by OCA only — no document read" in row_of(html, LISTED)
    gone = row_of(html, GONE)
    assert "Listed by OCA only — no document read" in gone
    assert "<strong>Withdrawn from OCA's listing on 2026-03-04</strong>" in gone
    unlisted = row_of(html, "OCA.0016.0019.CSMS")
    assert "Read from its document" in unlisted and "Not in OCA's listing" in unlisted
    home = get("/")
    assert "Read from its document" in row_of(home, DOCUMENTED)


def test_holder_and_lab_pages_count_the_certificates_read_from_their_documents(listed: None) -> None:
    listed_only = Certificate.objects.get(number=LISTED)
    assert '<p class="coverage">1 certificate, 0 read from their documents.</p>' in get(
        f"/holders/{listed_only.holder_id}/"
    )
    documented = Certificate.objects.get(number=DOCUMENTED)
    holder = get(f"/holders/{documented.holder_id}/")
    assert '<p class="coverage">1 certificate, 1 read from its document.</p>' in holder
    lab_total = Certificate.objects.public().filter(lab=documented.lab_id).count()
    lab = get(f"/labs/{documented.lab_id}/")
    assert f"Test laboratory of {lab_total} certificate" in lab
    assert f"{lab_total} read from" in lab


def entries(path: str) -> dict[str, ElementTree.Element]:
    feed = ElementTree.fromstring(Client().get(path).content)
    return {e.find(f"{ATOM}link").get("href").rstrip("/").rsplit("/", 1)[1]: e for e in feed.iter(f"{ATOM}entry")}


def test_feed_entries_say_what_is_known_of_their_source_and_are_filed_under_it(listed: None) -> None:
    found = entries("/feeds/certificates.atom")
    documented = unescape(found[DOCUMENTED].find(f"{ATOM}summary").text)
    lab = Certificate.objects.get(number=DOCUMENTED).lab.name
    assert f"Read from its document: tested by {lab}. Listed by OCA." in documented
    gone = unescape(found[GONE].find(f"{ATOM}summary").text)
    assert "Listed by OCA only — no document read, so its test laboratory is not known." in gone
    assert "Withdrawn from OCA's listing on 2026-03-04." in gone
    for entry in found.values():
        assert "unnamed" not in entry.find(f"{ATOM}summary").text
    categories = [(urlsplit(c.get("scheme")).path, urlsplit(c.get("scheme")).query, c.get("term"), c.get("label"))
                  for c in found[GONE].findall(f"{ATOM}category")]  # fmt: skip
    assert categories == [
        ("/certificates/", "source=", "listing", "Listed by OCA only — no document read"),
        ("/certificates/", "status=", "withdrawn", "Withdrawn from OCA's listing"),
    ]
    searched = entries("/feeds/search.atom?source=listing")
    assert set(searched) == {LISTED, GONE}
    assert [c.get("term") for c in searched[LISTED].findall(f"{ATOM}category")] == ["listing", "active"]


def test_the_csv_export_has_a_source_and_a_status_column(listed: None) -> None:
    response = APIClient().get("/api/v1/certificates/export.csv")
    rows = {row["number"]: row for row in csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))}
    assert (rows[DOCUMENTED]["source"], rows[DOCUMENTED]["status"]) == ("document", "active")
    assert (rows[LISTED]["source"], rows[LISTED]["status"]) == ("listing", "active")
    assert (rows[GONE]["source"], rows[GONE]["status"], rows[GONE]["withdrawn_on"]) == (
        "listing", "withdrawn", "2026-03-04",
    )  # fmt: skip
    assert rows["OCA.0016.0019.CSMS"]["status"] == "unlisted"


def test_api_records_give_their_source_and_status_in_lists_and_details(listed: None) -> None:
    api = APIClient()
    results = {r["number"]: r for r in api.get("/api/v1/certificates/", {"page_size": 50}).json()["results"]}
    assert (results[DOCUMENTED]["source"], results[DOCUMENTED]["status"]) == ("document", "active")
    assert (results[GONE]["source"], results[GONE]["status"]) == ("listing", "withdrawn")
    detail = api.get(f"/api/v1/certificates/{LISTED}/").json()
    assert (detail["source"], detail["status"]) == ("listing", "active")
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    schema = schema["components"]["schemas"]
    for name in ("CertificateList", "Certificate"):
        properties = schema[name]["properties"]
        assert "no document read" in properties["source"]["description"]
        assert "withdrawn" in properties["status"]["description"]


def test_the_coverage_counts_each_source_and_the_withdrawn(listed: None) -> None:
    assert certificate_coverage() == Coverage(total=7, documented=5, listed_only=2, withdrawn=1)


def test_the_coverage_is_kept_until_the_registry_changes(
    listed: None, read_cache: None, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    certificate_coverage()
    with CaptureQueriesContext(connection) as queries:
        assert certificate_coverage().total == 7
    assert len(queries) == 0
    with django_capture_on_commit_callbacks(execute=True):
        imported(ROWS, on=date(2026, 3, 5))  # the withdrawn number is back
    assert certificate_coverage().withdrawn == 0


def test_the_home_and_statistics_pages_show_the_coverage(listed: None) -> None:
    sentence = (
        "7 certificates, 5 read from their documents; 2 listed by OCA only, no document read; "
        "1 withdrawn from OCA's listing."
    )
    assert f'<p class="coverage">{sentence}</p>' in get("/")
    assert f'<p class="coverage">{sentence}</p>' in get("/statistics/")


def test_a_listed_only_page_says_no_document_was_read_and_what_the_listing_says(listed: None) -> None:
    html = get(f"/certificates/{LISTED}/")
    assert "Listed by OCA only — no document read." in html
    assert "No document of this certificate has been read" in html
    assert html.index(f'id="oca-pdf" href="{PDF}"') < html.index('id="profiles"')  # OCA's PDF at the top
    says = html[html.index("What OCA's listing says") :]
    for label, value in [("Company", "AHA Co., Ltd"), ("Country", "Republic of Korea"),
                         ("Product", "AHAEVC CSMS 1.6"), ("Type code", "Full"), ("Software version", "v1.0.0"),
                         ("Protocol", "OCPP 1.6"), ("Registered", "2023-10-11"),
                         ("First seen in the listing", "2026-03-01"),
                         ("Last seen in the listing", "2026-03-04")]:  # fmt: skip
        assert f"<dt>{label}</dt><dd>{value}</dd>" in says
    # The profiles section is left out: it shows each profile's evidence, whatever the source.
    header, rest = html[: html.index('id="profiles"')], html[html.index('id="listing-heading"') :]
    for document_words in ("The document", "Test laboratory", "Holder, as named on the certificate", "Performance"):
        assert document_words not in header + rest


def test_a_withdrawn_listed_only_page_gives_the_date_and_no_pdf_link_it_does_not_have(listed: None) -> None:
    html = get(f"/certificates/{GONE}/")
    assert "<strong>Withdrawn from OCA's listing on 2026-03-04: seen in its listing on 2026-03-01.</strong>" in html
    assert "<dt>Withdrawn on</dt><dd>2026-03-04</dd>" in html
    assert 'id="oca-pdf"' not in html


def test_a_page_read_from_its_document_keeps_its_document_sections(listed: None) -> None:
    html = get(f"/certificates/{DOCUMENTED}/")
    assert "<strong>Read from its document.</strong>" in html
    assert "No document of this certificate has been read" not in html
    assert "Holder, as named on the certificate" in html and "Test laboratory" in html
    assert "What OCA's listing says" in html  # its listing entry, as a table
