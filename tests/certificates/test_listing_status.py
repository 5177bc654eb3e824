"""A certificate's status in OCA's listing: withdrawn when a complete listing no longer holds it, active again when
it comes back; derived from its entries, filterable, in the API records, the exports and on its page."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from html import unescape

import pytest
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks
from rest_framework.test import APIClient

from certificates.choices import ListingSource
from certificates.listing import ListingShrank, listing_import, listing_status_refresh
from certificates.models import Certificate, ListingEntry, ListingImport
from ingest.services import document_create
from tests.factories import make_certificate
from tests.helpers import SEEDS, listing_row

pytestmark = pytest.mark.django_db

CSMS = [listing_row(certificate_no=f"OCA.0016.{n:04d}.CSMS", certificate_url="") for n in (9, 19, 42)]
CS = listing_row(certificate_no="OCA.0016.0500.CS", product_type="Charging Station", certificate_url="")


def imported(
    rows: list, *, scope: tuple[str, ...] = ("CSMS", "CS"), share: float = 0.0, on: date | None = None
) -> ListingImport:
    rows = [replace(row, position=n) for n, row in enumerate(rows, start=1)]
    return listing_import(rows=rows, source_name="test", sha256="0" * 64, source=ListingSource.OCA, scope=scope,
                          min_share=share, on=on)  # fmt: skip


def status(number: str) -> tuple:
    certificate = Certificate.objects.get(number=number, is_current=True)
    return certificate.listing_status, certificate.listed_since, certificate.last_seen, certificate.withdrawn_on


def test_a_number_missing_from_a_complete_listing_is_withdrawn_and_comes_back() -> None:
    imported([*CSMS, CS], on=date(2026, 3, 1))
    assert status("OCA.0016.0042.CSMS") == ("active", date(2026, 3, 1), date(2026, 3, 1), None)
    run = imported([*CSMS[:2], CS], on=date(2026, 3, 2))
    assert (run.complete, run.scope, run.withdrawn, run.back) == (True, ["CS", "CSMS"], 1, 0)
    assert status("OCA.0016.0042.CSMS") == ("withdrawn", date(2026, 3, 1), date(2026, 3, 1), date(2026, 3, 2))
    assert status("OCA.0016.0009.CSMS")[0] == "active"
    assert ListingEntry.objects.filter(number="OCA.0016.0042.CSMS").exists()  # never deleted
    run = imported([*CSMS, CS], on=date(2026, 3, 5))
    assert (run.withdrawn, run.back, run.changed) == (0, 1, 0)
    assert status("OCA.0016.0042.CSMS") == ("active", date(2026, 3, 1), date(2026, 3, 5), None)
    assert {"row": 3, "number": "OCA.0016.0042.CSMS", "field": "withdrawn_on", "old": "2026-03-02",
            "new": ""} in run.changes  # fmt: skip


def test_a_listing_of_one_product_type_never_withdraws_the_other() -> None:
    imported([*CSMS, CS])
    run = imported(CSMS[:1], scope=("CSMS",))
    assert run.withdrawn == 2
    assert status("OCA.0016.0500.CS")[0] == "active"
    assert status("OCA.0016.0019.CSMS")[0] == "withdrawn"


def test_a_partial_import_withdraws_nothing() -> None:
    imported([*CSMS, CS])
    run = imported(CSMS[:1], scope=())
    assert (run.complete, run.withdrawn) == (False, 0)
    assert not Certificate.objects.filter(listing_status="withdrawn").exists()


def test_a_listing_far_shorter_than_the_last_complete_one_changes_nothing() -> None:
    imported([*CSMS, CS])
    with pytest.raises(ListingShrank, match="2 rows, fewer than 90% of the 4"):
        imported([CSMS[0], CS], share=0.9)
    assert ListingImport.objects.count() == 1
    assert not Certificate.objects.filter(listing_status="withdrawn").exists()
    imported([*CSMS, CS], share=0.9)  # as long as the last one: stored


def test_only_a_new_status_moves_updated_at_not_a_later_last_seen_date() -> None:
    imported(CSMS, scope=("CSMS",), on=date(2026, 3, 1))
    before = Certificate.objects.get(number="OCA.0016.0009.CSMS").updated_at
    imported(CSMS, scope=("CSMS",), on=date(2026, 3, 2))
    certificate = Certificate.objects.get(number="OCA.0016.0009.CSMS")
    assert (certificate.last_seen, certificate.updated_at) == (date(2026, 3, 2), before)
    imported(CSMS[1:], scope=("CSMS",), on=date(2026, 3, 3))
    assert Certificate.objects.get(number="OCA.0016.0009.CSMS").updated_at > before


def test_a_document_never_listed_is_unlisted_and_a_new_version_takes_the_status(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    make_certificate(number="OCA.0016.7777.CSMS")
    listing_status_refresh()
    assert status("OCA.0016.7777.CSMS")[0] == "unlisted"
    imported(CSMS, scope=("CSMS",))
    with django_capture_on_commit_callbacks(execute=True):
        document_create(data=(SEEDS / "000_d42e1137ead7e816.txt").read_bytes(), filename="000.txt")
    text = (SEEDS / "000_d42e1137ead7e816.txt").read_text(encoding="utf-8").replace("January 25, 2021", "May 5, 2022")
    with django_capture_on_commit_callbacks(execute=True):
        document_create(data=text.encode(), filename="reissue.txt")
    versions = Certificate.objects.filter(number="OCA.0016.0009.CSMS").order_by("version")
    assert [(c.version, c.listing_status) for c in versions] == [(1, "active"), (2, "active")]
    assert status("OCA.0016.7777.CSMS")[0] == "unlisted"


def test_status_is_filtered_and_shown_in_the_api_the_exports_and_the_page() -> None:
    imported([*CSMS, CS], on=date(2026, 3, 1))
    imported([*CSMS[:2], CS], on=date(2026, 3, 2))
    make_certificate(number="OCA.0016.7777.CSMS")
    api = APIClient()
    withdrawn = api.get("/api/v1/certificates/", {"status": "withdrawn"}).json()["results"]
    assert [item["number"] for item in withdrawn] == ["OCA.0016.0042.CSMS"]
    assert (withdrawn[0]["status"], withdrawn[0]["listed_since"], withdrawn[0]["last_seen"],
            withdrawn[0]["withdrawn_on"]) == ("withdrawn", "2026-03-01", "2026-03-01", "2026-03-02")  # fmt: skip
    active = {item["number"] for item in api.get("/api/v1/certificates/", {"status": "active"}).json()["results"]}
    assert active == {"OCA.0016.0009.CSMS", "OCA.0016.0019.CSMS", "OCA.0016.0500.CS"}
    unlisted = api.get("/api/v1/certificates/", {"status": "unlisted"}).json()["results"]
    assert [item["number"] for item in unlisted] == ["OCA.0016.7777.CSMS"]
    assert api.get("/api/v1/certificates/", {"status": "gone"}).status_code == 400
    detail = api.get("/api/v1/certificates/OCA.0016.0042.CSMS/").json()
    assert (detail["status"], detail["withdrawn_on"]) == ("withdrawn", "2026-03-02")
    assert detail["listing"][0]["withdrawn_on"] == "2026-03-02"
    facets = api.get("/api/v1/certificates/facets/").json()["status"]
    assert {"value": "withdrawn", "label": "Withdrawn from OCA's listing", "count": 1} in facets
    exported = api.get("/api/v1/certificates/export.csv", {"status": "withdrawn"})
    (row,) = csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode()))
    assert (row["status"], row["listed_since"], row["last_seen"], row["withdrawn_on"]) == (
        "withdrawn", "2026-03-01", "2026-03-01", "2026-03-02",
    )  # fmt: skip
    page = unescape(Client().get("/certificates/OCA.0016.0042.CSMS/").content.decode())
    withdrawn_words = "Withdrawn from OCA's listing on 2026-03-02: seen in its listing on 2026-03-01."
    assert f"<strong>{withdrawn_words}</strong>" in page
    assert "Not in OCA's listing." in unescape(Client().get("/certificates/OCA.0016.7777.CSMS/").content.decode())
    listed = Client().get("/certificates/", {"status": "withdrawn"}).content.decode()
    assert "OCA.0016.0042.CSMS" in listed and "OCA.0016.0009.CSMS" not in listed
