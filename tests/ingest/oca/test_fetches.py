"""Fetching the listed PDFs: each failure kept with its reason, attempts and next attempt (backoff doubling up to a
cap), one bad PDF never stopping the others; limits and what is due."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings
from werkzeug import Response

from certificates.models import Certificate
from ingest.models import DocumentFetch, DocumentStatus, FetchStatus, SourceDocument
from ingest.oca.sync import SyncReport, oca_sync
from tests.ingest.oca.conftest import CS, FakeOca, sample_pdf

pytestmark = pytest.mark.django_db

GOOD = ("OCA.0016.0009.CSMS", "OCA.0016.0019.CSMS")


@pytest.fixture
def sync(django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> Callable[..., SyncReport]:
    def run(**options: Any) -> SyncReport:
        with django_capture_on_commit_callbacks(execute=True):
            return oca_sync(**options)

    return run


def listed(oca: FakeOca) -> None:
    """Two good PDFs, and one number for each way a PDF can fail."""
    oca.add(GOOD[0], sample_pdf(GOOD[0]))
    oca.add("OCA.0016.0404.CSMS", link=True)  # 404
    oca.add("OCA.0016.0200.CSMS", b"<!DOCTYPE html><html><body>Moved</body></html>")
    oca.add("OCA.0016.0333.CSMS", sample_pdf(GOOD[1])[:3000])
    oca.add("OCA.0016.0999.CSMS", sample_pdf(GOOD[1])[:-10] + b"\n%" + b"x" * 60_000 + b"\n%%EOF\n")
    oca.add(GOOD[1], sample_pdf(GOOD[1]))
    elsewhere = {"text": "OCA.0201.0500.CS", "file": {"url": "https://elsewhere.example/c.pdf"}}
    oca.add("OCA.0201.0500.CS", product_type=CS, certificate=elsewhere)


def test_one_bad_pdf_never_stops_the_others_and_each_failure_says_why(
    oca: FakeOca, sync: Callable[..., SyncReport], settings: Settings
) -> None:
    settings.INGEST_MAX_UPLOAD_BYTES = 50_000
    listed(oca)
    started = timezone.now()
    report = sync()
    assert (report.documents.fetched, report.documents.failed) == (2, 5)  # type: ignore[union-attr]
    for number in GOOD:
        assert Certificate.objects.get(number=number, is_current=True).document.status == DocumentStatus.PUBLISHED
    errors = dict(DocumentFetch.objects.filter(status=FetchStatus.FAILED).values_list("number", "error"))
    assert errors["OCA.0016.0404.CSMS"] == "HTTP 404 NOT FOUND"
    assert errors["OCA.0016.0200.CSMS"].startswith("the answer is an HTML page, not a PDF")
    assert errors["OCA.0016.0333.CSMS"] == "the PDF is truncated: its 3,000 bytes do not end with %%EOF"
    assert errors["OCA.0016.0999.CSMS"].startswith("the answer is ") and "limited to 50,000 bytes" in errors[
        "OCA.0016.0999.CSMS"]  # fmt: skip
    assert (
        errors["OCA.0201.0500.CS"] == "elsewhere.example is not a host documents are fetched from (OCA_DOCUMENT_HOSTS)"
    )
    failed = DocumentFetch.objects.get(number="OCA.0016.0404.CSMS")
    assert failed.attempts == 1
    assert started + timedelta(minutes=60) <= failed.next_attempt_at <= timezone.now() + timedelta(minutes=60)
    assert SourceDocument.objects.count() == 2  # nothing of the failures was stored


def test_a_failure_waits_for_its_next_attempt_then_backs_off_longer(
    oca: FakeOca, sync: Callable[..., SyncReport], settings: Settings
) -> None:
    settings.OCA_RETRY_MINUTES, settings.OCA_RETRY_MAX_HOURS = 60, 3
    oca.add(GOOD[0], sample_pdf(GOOD[0]))
    oca.add("OCA.0016.0404.CSMS", link=True)
    oca.add("OCA.0201.0500.CS", product_type=CS)
    sync()
    oca.server.clear_log()
    report = sync()
    assert (report.documents.waiting, report.documents.failed) == (1, 0)  # type: ignore[union-attr]
    assert [r.path for r in oca.pdf_requests()] == [f"/pdf/Certificate_{GOOD[0]}.pdf"]  # 304, nothing else
    delays = []
    for _ in range(3):
        DocumentFetch.objects.filter(number="OCA.0016.0404.CSMS").update(next_attempt_at=timezone.now())
        before = timezone.now()
        assert sync().documents.failed == 1  # type: ignore[union-attr]
        fetch = DocumentFetch.objects.get(number="OCA.0016.0404.CSMS")
        delays.append((fetch.attempts, round((fetch.next_attempt_at - before).total_seconds() / 60)))
    assert delays == [(2, 120), (3, 180), (4, 180)]  # doubling, capped at 3 hours


def test_a_pdf_that_comes_right_is_fetched_and_its_failure_cleared(
    oca: FakeOca, sync: Callable[..., SyncReport]
) -> None:
    oca.add(GOOD[0], link=True)
    oca.add("OCA.0201.0500.CS", product_type=CS)
    sync()
    oca.pdfs[f"/pdf/Certificate_{GOOD[0]}.pdf"] = sample_pdf(GOOD[0])
    DocumentFetch.objects.update(next_attempt_at=timezone.now())
    assert sync().documents.fetched == 1  # type: ignore[union-attr]
    fetch = DocumentFetch.objects.get()
    assert (fetch.status, fetch.error, fetch.attempts, fetch.next_attempt_at) == ("fetched", "", 0, None)
    assert Certificate.objects.get(number=GOOD[0]).source == "document"


def test_at_most_max_documents_are_downloaded_and_the_rest_wait_for_the_next_run(
    oca: FakeOca, sync: Callable[..., SyncReport]
) -> None:
    for number in GOOD:
        oca.add(number, sample_pdf(number))
    oca.add("OCA.0201.0500.CS", product_type=CS)
    report = sync(max_documents=1)
    assert (report.documents.fetched, report.documents.left) == (1, 1)  # type: ignore[union-attr]
    report = sync(max_documents=1)
    assert (report.documents.fetched, report.documents.unchanged) == (1, 1)  # type: ignore[union-attr]
    assert SourceDocument.objects.count() == 2


def test_the_pdfs_of_withdrawn_entries_and_of_another_product_type_are_not_fetched(
    oca: FakeOca, sync: Callable[..., SyncReport]
) -> None:
    oca.add("OCA.0016.0001.CSMS")
    oca.add("OCA.0201.0500.CS", sample_pdf(GOOD[0]), product_type=CS)
    sync(documents=False)
    assert sync(kinds=["CSMS"]).documents.fetched == 0  # type: ignore[union-attr]
    oca.remove("OCA.0201.0500.CS")
    oca.add("OCA.0201.0501.CS", product_type=CS)
    sync(documents=False, min_share=0)
    assert sync().documents.fetched == 0  # type: ignore[union-attr]
    assert oca.pdf_requests() == []


def test_an_html_error_page_answered_with_200_is_never_stored(oca: FakeOca, sync: Callable[..., SyncReport]) -> None:
    page = Response("<html><head><title>Error</title></head></html>", content_type="application/pdf")
    oca.server.expect_request(f"/pdf/Certificate_{GOOD[0]}.pdf").respond_with_response(page)
    oca.add(GOOD[0], link=True)
    oca.add("OCA.0201.0500.CS", product_type=CS)
    assert sync().documents.failed == 1  # type: ignore[union-attr]
    assert not SourceDocument.objects.exists()
