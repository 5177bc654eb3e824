"""Links from outside the registry (OCA's listing) become links only when they are web links: stored, shown on
the site, given by the API, and cleaned in entries stored before the rule (the data migration).

The audit's finding: a ``javascript:`` URL in the listing's ``certificate_url`` became a clickable ``href``.
"""

from __future__ import annotations

import importlib
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.test import Client
from rest_framework.test import APIClient

from certificates.domain.links import web_url
from certificates.listing import listing_import
from certificates.models import Certificate, DataQualityFlag, ListingEntry
from tests.helpers import listing_row

pytestmark = pytest.mark.django_db

GOOD = "https://openchargealliance.org/wp-content/uploads/Certificate_OCA.0016.0528.CSMS.pdf"
HOSTILE = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example/Certificate_OCA.0016.0528.CSMS.pdf",
    "https://openchargealliance.org@evil.example/x.pdf",
]


def numbered(n: int) -> str:
    return f"OCA.0016.{7000 + n}.CSMS"


def import_rows(urls: list[str], company_link: str = "") -> list[ListingEntry]:
    """Import one listing row per URL (numbers OCA.0016.7000.CSMS on); return their entries in that order."""
    rows = [
        listing_row(certificate_no=numbered(n), certificate_url=url, company_link=company_link or url)
        for n, url in enumerate(urls)
    ]
    listing_import(rows=rows, source_name="listing.csv", sha256="0" * 64)
    return [ListingEntry.objects.get(raw_number=numbered(n)) for n in range(len(urls))]


class Links(HTMLParser):
    """Every URL a page's markup points to (href, src, action, formaction)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value or "" for name, value in attrs if name in {"href", "src", "action", "formaction"}]


def outside_links(html: str) -> list[str]:
    """The page's URLs that are neither the registry's own (a path, a query, a fragment) nor web links."""
    links = Links()
    links.feed(html)
    own = ("/", "?", "#")
    return [url for url in links.urls if not (url == "" or (url.startswith(own) and not url.startswith("//")))
            and not web_url(url)]  # fmt: skip


def test_it_stores_only_web_links_and_keeps_the_row_as_read() -> None:
    entries = import_rows([GOOD, *HOSTILE])
    assert (entries[0].certificate_url, entries[0].company_link) == (GOOD, GOOD)
    for entry, url in zip(entries[1:], HOSTILE, strict=True):
        assert (entry.certificate_url, entry.company_link) == ("", ""), url
        assert entry.raw["certificate_url"] == url.strip() and entry.raw["company_link"] == url.strip()
        assert entry.flags.filter(kind="link_missing").exists(), url


def test_a_re_import_of_the_same_rows_changes_nothing() -> None:
    import_rows([GOOD, *HOSTILE])
    listing_import(
        rows=[listing_row(certificate_no=numbered(n), certificate_url=url, company_link=url)
              for n, url in enumerate([GOOD, *HOSTILE])],
        source_name="listing.csv",
        sha256="0" * 64,
    )  # fmt: skip
    assert ListingEntry.objects.get(raw_number=numbered(0)).last_import.changed == 0


def test_the_certificate_page_links_only_web_urls(client: Client) -> None:
    import_rows([GOOD, *HOSTILE])
    page = client.get(f"/certificates/{numbered(0)}/").content.decode()
    assert f'href="{GOOD}"' in page
    for n, url in enumerate(HOSTILE, start=1):
        page = client.get(f"/certificates/{numbered(n)}/").content.decode()
        assert "PDF at OCA" not in page, url
        assert outside_links(page) == [], url


@pytest.mark.parametrize("url", HOSTILE)
def test_a_link_stored_before_the_rule_is_not_shown_or_given(client: Client, url: str) -> None:
    (entry,) = import_rows([GOOD])
    ListingEntry.objects.filter(pk=entry.pk).update(certificate_url=url, company_link=url)  # as stored before
    page = client.get(f"/certificates/{entry.number}/").content.decode()
    assert "PDF at OCA" not in page
    assert outside_links(page) == []
    (listed,) = APIClient().get(f"/api/v1/certificates/{entry.number}/").json()["listing"]
    assert listed["certificate_url"] == ""


def test_the_api_gives_web_links_as_they_are() -> None:
    (entry,) = import_rows([GOOD])
    (listed,) = APIClient().get(f"/api/v1/certificates/{entry.number}/").json()["listing"]
    assert listed["certificate_url"] == GOOD


def test_no_page_links_to_anything_but_the_registry_and_web_urls(client: Client) -> None:
    import_rows([GOOD, *HOSTILE])
    ListingEntry.objects.filter(raw_number=numbered(1)).update(certificate_url=HOSTILE[0])
    certificate = Certificate.objects.get(number=numbered(1))
    paths = ["/", "/certificates/", "/certificates/?q=javascript", f"/certificates/{numbered(1)}/",
             f"/holders/{certificate.holder_id}/", f"/compare/?number={numbered(0)}&number={numbered(1)}",
             "/statistics/"]  # fmt: skip
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert outside_links(response.content.decode()) == [], path


def test_the_migration_clears_stored_links_that_are_no_web_links() -> None:
    entries = import_rows([GOOD, *HOSTILE])
    for entry, url in zip(entries, [GOOD, *HOSTILE], strict=True):
        ListingEntry.objects.filter(pk=entry.pk).update(certificate_url=url, company_link=url)
    DataQualityFlag.objects.filter(kind="link_missing").delete()  # as reconciled before the rule
    migration = importlib.import_module("certificates.migrations.0008_listing_web_links")
    migration.clean_links(apps, None)
    stored = {e.raw_number: (e.certificate_url, e.company_link) for e in ListingEntry.objects.all()}
    assert stored == {numbered(n): (GOOD, GOOD) if n == 0 else ("", "") for n in range(len(HOSTILE) + 1)}
    flagged = set(DataQualityFlag.objects.filter(kind="link_missing").values_list("number", flat=True))
    assert flagged == {numbered(n) for n in range(1, len(HOSTILE) + 1)}
