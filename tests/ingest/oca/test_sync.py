"""A sync with OCA impersonated on 127.0.0.1: the listing of both product types page by page, stored as a complete
snapshot through the listing service, and the PDFs fetched and parsed by the real pipeline (in-process)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from certificates.models import Certificate, ListingEntry, ListingImport
from ingest.models import DocumentFetch, DocumentStatus, SourceDocument
from ingest.oca.sync import SyncError, SyncReport, oca_sync
from tests.ingest.oca.conftest import CS, CSMS, FakeOca, sample_pdf, seed_pdf

pytestmark = pytest.mark.django_db

Sync = Callable[..., SyncReport]


@pytest.fixture
def sync(django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> Sync:
    """Run a sync; the documents it stores are parsed when it is done, as they would be on commit."""

    def run(**options: Any) -> SyncReport:
        with django_capture_on_commit_callbacks(execute=True):
            return oca_sync(**options)

    return run


def snapshot() -> tuple:
    """What a sync may change: the imports, the entries and the certificates."""
    return (
        list(ListingImport.objects.values_list("pk", flat=True)),
        list(ListingEntry.objects.order_by("pk").values_list("pk", "raw_number", "withdrawn_on", "last_seen")),
        list(Certificate.objects.order_by("pk").values_list("pk", "updated_at", "listing_status")),
    )


def test_it_loads_every_row_of_both_product_types_and_ingests_every_pdf(oca: FakeOca, sync: Sync) -> None:
    for number in ("OCA.0016.0009.CSMS", "OCA.0016.0019.CSMS"):
        oca.add(number, sample_pdf(number))
    for n in range(100, 210):  # three pages of CSMS
        oca.add(f"OCA.0016.{n:04d}.CSMS", date_of_registration="March 2nd 2024")
    oca.add("OCA.0201.0500.CS", product_type=CS, date_of_registration="October 23rd 2022")
    report = sync()
    assert [(q["filters"][0]["value"], q["paged"]) for q in oca.queries] == [(CSMS, 1), (CSMS, 2), (CSMS, 3), (CS, 1)]
    run = report.run
    assert (run.rows, run.created, run.source, run.complete, run.scope) == (113, 113, "oca", True, ["CS", "CSMS"])
    assert ListingEntry.objects.get(number="OCA.0016.0150.CSMS").registered_on == date(2024, 3, 2)
    cs = Certificate.objects.get(number="OCA.0201.0500.CS")
    assert (cs.source, cs.product_type, cs.certification_date, cs.listing_status) == (
        "listing", "Charging Station", date(2022, 10, 23), "active",
    )  # fmt: skip
    assert (report.documents.fetched, report.documents.failed) == (2, 0)  # type: ignore[union-attr]
    for number in ("OCA.0016.0009.CSMS", "OCA.0016.0019.CSMS"):
        certificate = Certificate.objects.get(number=number, is_current=True)
        assert (certificate.source, certificate.listing_status) == ("document", "active")
        document = certificate.document
        assert document.status == DocumentStatus.PUBLISHED
        assert document.source_url == oca.url(f"/pdf/Certificate_{number}.pdf")
        assert document.fetched_at is not None and document.filename == f"Certificate_{number}.pdf"
    assert {r.headers["User-Agent"] for r in oca.pdf_requests()} == {
        "OCPP-Certificate-Registry/0.1 (+https://registry.example/contact)"
    }


def test_a_second_sync_with_nothing_changed_downloads_no_pdf_again(oca: FakeOca, sync: Sync) -> None:
    oca.add("OCA.0016.0009.CSMS", sample_pdf("OCA.0016.0009.CSMS"))
    oca.add("OCA.0201.0500.CS", product_type=CS)
    sync()
    before = snapshot()
    oca.server.clear_log()
    report = sync()
    assert oca.pdf_downloads() == 0
    assert [r.headers.get("If-None-Match") for r in oca.pdf_requests()] == [
        oca.server.log[-1][1].headers["ETag"]
    ]  # one conditional GET, answered 304
    assert (report.documents.unchanged, report.documents.fetched) == (1, 0)  # type: ignore[union-attr]
    assert (report.run.created, report.run.changed, report.run.withdrawn) == (0, 0, 0)
    assert snapshot()[1:] == before[1:]
    assert SourceDocument.objects.count() == 1


def test_a_pdf_served_without_validators_is_not_asked_for_again_unless_its_row_changed(
    oca: FakeOca, sync: Sync, monkeypatch: pytest.MonkeyPatch
) -> None:
    oca.add("OCA.0016.0009.CSMS", sample_pdf("OCA.0016.0009.CSMS"))
    oca.add("OCA.0201.0500.CS", product_type=CS)
    monkeypatch.setattr(FakeOca, "_etag", lambda self, data: "")
    sync()
    oca.server.clear_log()
    assert sync().documents.unchanged == 1  # type: ignore[union-attr]
    assert oca.pdf_requests() == []
    oca.items[CSMS][0]["version"] = "1.6J-24012021-b"
    assert sync().documents.same == 1  # type: ignore[union-attr]  # asked again: the same bytes
    assert len(oca.pdf_requests()) == 1


def test_a_row_withdrawn_is_marked_and_comes_back(oca: FakeOca, sync: Sync) -> None:
    for n in (1, 2, 3):
        oca.add(f"OCA.0016.000{n}.CSMS")
    oca.add("OCA.0201.0500.CS", product_type=CS)
    sync()
    oca.remove("OCA.0016.0002.CSMS")
    oca.remove("OCA.0201.0500.CS")
    oca.add("OCA.0201.0501.CS", product_type=CS)
    report = sync(min_share=0.0)
    assert (report.run.withdrawn, report.run.back, report.run.created) == (2, 0, 1)
    assert Certificate.objects.get(number="OCA.0016.0002.CSMS").listing_status == "withdrawn"
    assert Certificate.objects.get(number="OCA.0016.0002.CSMS").withdrawn_on == timezone.localdate()
    oca.add("OCA.0016.0002.CSMS")
    report = sync(min_share=0.0)
    assert (report.run.withdrawn, report.run.back) == (0, 1)
    assert Certificate.objects.get(number="OCA.0016.0002.CSMS").listing_status == "active"
    assert Certificate.objects.get(number="OCA.0201.0500.CS").listing_status == "withdrawn"


def test_a_sync_of_one_product_type_withdraws_nothing_of_the_other(oca: FakeOca, sync: Sync) -> None:
    oca.add("OCA.0016.0001.CSMS")
    oca.add("OCA.0201.0500.CS", product_type=CS)
    sync()
    oca.remove("OCA.0201.0500.CS")
    report = sync(kinds=["CSMS"])
    assert [q["filters"][0]["value"] for q in oca.queries[-1:]] == [CSMS]
    assert (report.run.scope, report.run.withdrawn) == (["CSMS"], 0)
    assert Certificate.objects.get(number="OCA.0201.0500.CS").listing_status == "active"


def test_the_same_number_on_two_pages_is_counted_once(oca: FakeOca, sync: Sync) -> None:
    for n in range(60):
        oca.add(f"OCA.0016.{n:04d}.CSMS")
    oca.add("OCA.0201.0500.CS", product_type=CS)
    oca.items[CSMS].insert(50, oca.items[CSMS][49])  # as if a row was added while the pages were read
    report = sync()
    assert (report.run.rows, report.rows["CSMS"]) == (61, 60)
    assert ListingEntry.objects.count() == 61


@pytest.mark.parametrize("fault", [500, 503, 0.8], ids=["500", "503", "timeout"])
def test_a_page_failing_once_is_retried(oca: FakeOca, sync: Sync, fault: int | float) -> None:
    for n in range(60):
        oca.add(f"OCA.0016.{n:04d}.CSMS")
    oca.add("OCA.0201.0500.CS", product_type=CS)
    oca.faults[(CSMS, 2)] = [fault]
    assert sync().run.rows == 61


@pytest.mark.parametrize(
    ("faults", "message"),
    [
        ([500, 500, 500], "the Charging Station Management System listing, page 2: HTTP 500"),
        (["html"], "page 2: the answer is text/html, not JSON"),
        ([0.8, 0.8, 0.8], "page 2: no answer in time from 127.0.0.1"),
    ],
)
def test_a_page_that_fails_changes_nothing_and_says_why(oca: FakeOca, sync: Sync, faults: list, message: str) -> None:
    for n in range(60):
        oca.add(f"OCA.0016.{n:04d}.CSMS", sample_pdf("OCA.0016.0009.CSMS") if n == 9 else None)
    oca.add("OCA.0201.0500.CS", product_type=CS)
    sync()
    before = snapshot()
    oca.remove("OCA.0016.0001.CSMS")
    oca.faults[(CSMS, 2)] = faults
    oca.server.clear_log()
    with pytest.raises(SyncError, match=message):
        sync()
    assert snapshot() == before
    assert oca.pdf_requests() == []


def test_a_listing_far_shorter_than_the_last_complete_one_changes_nothing(oca: FakeOca, sync: Sync) -> None:
    for n in range(20):
        oca.add(f"OCA.0016.{n:04d}.CSMS")
    oca.add("OCA.0201.0500.CS", product_type=CS)
    sync()
    before = snapshot()
    for n in range(5):
        oca.remove(f"OCA.0016.{n:04d}.CSMS")
    with pytest.raises(SyncError, match="the listing holds 16 rows, fewer than 90% of the 21 of the last complete"):
        sync()
    assert snapshot() == before
    oca.items[CS].clear()
    with pytest.raises(SyncError, match="the Charging Station listing holds no rows"):
        sync(min_share=0.0)
    assert snapshot() == before


def test_a_malformed_item_changes_nothing_and_is_named(oca: FakeOca, sync: Sync) -> None:
    oca.add("OCA.0016.0001.CSMS")
    oca.add("OCA.0201.0500.CS", product_type=CS, version=16)
    with pytest.raises(SyncError, match="the Charging Station listing, page 1, item 1: version is a JSON number"):
        sync()
    assert not ListingEntry.objects.exists()


def test_no_sync_starts_without_a_contact_url(oca: FakeOca, sync: Sync, settings: Any) -> None:
    settings.OCA_CONTACT_URL = ""
    with pytest.raises(SyncError, match="set OCA_CONTACT_URL"):
        sync()
    assert oca.queries == []


def test_a_changed_pdf_at_the_same_url_becomes_a_new_document_and_a_new_version(oca: FakeOca, sync: Sync) -> None:
    oca.add("OCA.0016.0009.CSMS", seed_pdf("000_d42e1137ead7e816.txt"))
    oca.add("OCA.0201.0500.CS", product_type=CS)
    sync()
    reissued = seed_pdf("000_d42e1137ead7e816.txt", ("January 25, 2021", "March 3, 2022"))
    oca.pdfs["/pdf/Certificate_OCA.0016.0009.CSMS.pdf"] = reissued
    report = sync()
    assert report.documents.fetched == 1  # type: ignore[union-attr]
    versions = Certificate.objects.filter(number="OCA.0016.0009.CSMS").order_by("version")
    assert [(c.version, c.certification_date, c.is_current) for c in versions] == [
        (1, date(2021, 1, 25), False), (2, date(2022, 3, 3), True),
    ]  # fmt: skip
    assert SourceDocument.objects.count() == 2
    assert DocumentFetch.objects.get().document == versions[1].document


def test_a_changed_pdf_with_the_same_date_and_other_facts_needs_review_and_is_reported(
    oca: FakeOca, sync: Sync, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    oca.add("OCA.0016.0009.CSMS", seed_pdf("000_d42e1137ead7e816.txt"))
    oca.add("OCA.0201.0500.CS", product_type=CS)
    sync()
    changed = seed_pdf("000_d42e1137ead7e816.txt", ("1.6J-24012021", "1.6J-99999999"))
    oca.pdfs["/pdf/Certificate_OCA.0016.0009.CSMS.pdf"] = changed
    with django_capture_on_commit_callbacks(execute=True):
        report = oca_sync()
    (document,) = SourceDocument.objects.filter(status=DocumentStatus.NEEDS_REVIEW)
    assert "software version" in document.error
    assert report.documents.outcomes() == {"needs_review": 1}  # type: ignore[union-attr]
    assert any(line.startswith("needs review: Certificate_OCA.0016.0009.CSMS.pdf: needs review") for line in
               report.lines())  # fmt: skip
    assert Certificate.objects.get(number="OCA.0016.0009.CSMS").software_version == "1.6J-24012021"
