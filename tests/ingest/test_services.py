"""The ingest services: uploads stored once, parsed, published; bad input refused or recorded."""

from __future__ import annotations

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from certificates.models import Certificate
from ingest.errors import UploadRejected
from ingest.models import DocumentStatus, SourceDocument
from ingest.services import document_create, document_process, documents_sweep
from tests.helpers import seed_text
from tests.pdfgen import build_certificate_pdf

pytestmark = pytest.mark.django_db(transaction=False)
SEED = "000_d42e1137ead7e816.txt"


def upload(data: bytes, filename: str, capture: DjangoCaptureOnCommitCallbacks) -> SourceDocument:
    """Upload through the service, running what it enqueues on commit (in-process in the tests)."""
    with capture(execute=True):
        document, _ = document_create(data=data, filename=filename)
    document.refresh_from_db()
    return document


def test_it_publishes_an_uploaded_certificate(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    document = upload(seed_text(SEED).encode(), SEED, django_capture_on_commit_callbacks)
    assert document.status == DocumentStatus.PUBLISHED
    assert document.parsed["certificate_number"] == "OCA.0016.0009.CSMS"
    assert document.media_type == "text/plain"
    certificate = Certificate.objects.with_related().get(number="OCA.0016.0009.CSMS")
    assert certificate.holder.name == "Meshcrafts AS"
    assert certificate.lab is not None and certificate.lab.name == "DNV GL"
    assert [p.name for p in certificate.profiles.all()][:2] == ["Core", "Firmware Management"]
    assert [m.pics_value_s for m in certificate.measurements.all()] == [5.0, 5.0]
    assert {s.role: s.name for s in certificate.signatories.all()} == {
        "vendor": "Elmir Zeynalov",
        "lab": "Casper van der Sluis",
    }
    assert certificate.document == document


def test_the_same_bytes_uploaded_twice_give_back_one_document(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    data = seed_text(SEED).encode()
    first = upload(data, "a.txt", django_capture_on_commit_callbacks)
    again, created = document_create(data=data, filename="b.txt")
    assert (again.pk, created) == (first.pk, False)
    assert SourceDocument.objects.count() == 1
    assert Certificate.objects.count() == 1


def test_the_pdf_of_an_ingested_text_adds_no_second_certificate(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    upload(seed_text(SEED).encode(), SEED, django_capture_on_commit_callbacks)
    pdf = upload(build_certificate_pdf(seed_text(SEED)), "seed.pdf", django_capture_on_commit_callbacks)
    assert pdf.status == DocumentStatus.DUPLICATE
    assert pdf.outcome.startswith("not published: a duplicate of OCA.0016.0009.CSMS version 1")
    assert pdf.pages == 3
    assert Certificate.objects.filter(number="OCA.0016.0009.CSMS").count() == 1


def test_a_reissue_with_a_later_date_becomes_a_new_version(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    upload(seed_text(SEED).encode(), SEED, django_capture_on_commit_callbacks)
    reissue = seed_text(SEED).replace("Certification date: January 25, 2021", "Certification date: March 1, 2022")
    upload(reissue.encode(), "reissue.txt", django_capture_on_commit_callbacks)
    versions = list(Certificate.objects.filter(number="OCA.0016.0009.CSMS").order_by("version"))
    assert [(c.version, c.is_current, str(c.certification_date)) for c in versions] == [
        (1, False, "2021-01-25"),
        (2, True, "2022-03-01"),
    ]


def test_processing_twice_publishes_once(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    document = upload(seed_text(SEED).encode(), SEED, django_capture_on_commit_callbacks)
    assert document_process(document_id=document.pk).status == DocumentStatus.PUBLISHED
    assert Certificate.objects.count() == 1
    assert SourceDocument.objects.get(pk=document.pk).attempts == 1


def test_a_text_that_is_no_certificate_fails_with_its_reason(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    document = upload(b"Invoice 118\nTotal: 4,500 EUR\n", "invoice.txt", django_capture_on_commit_callbacks)
    assert document.status == DocumentStatus.FAILED
    assert "not an OCA certificate" in document.error
    assert Certificate.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty"), (b"\x89PNG\r\n\x1a\n" + bytes(200), "not a PDF or a text file"), (b"x" * 2048, "limited to")],
    ids=["empty", "image", "too-large"],
)
def test_it_refuses_bad_uploads_and_stores_nothing(data: bytes, message: str, settings: Settings) -> None:
    settings.INGEST_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(UploadRejected, match=message):
        document_create(data=data, filename="upload")
    assert SourceDocument.objects.count() == 0


def test_the_sweeper_sends_again_what_the_broker_lost(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks, settings: Settings
) -> None:
    # Uploaded while the broker was down: the row is written, the task never arrived.
    document, _ = document_create(data=seed_text(SEED).encode(), filename=SEED)
    assert SourceDocument.objects.get().status == DocumentStatus.QUEUED
    settings.INGEST_SWEEP_AFTER_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        assert documents_sweep() == 1
    assert SourceDocument.objects.get().status == DocumentStatus.PUBLISHED
    assert documents_sweep() == 0


def test_a_document_another_worker_is_parsing_is_left_to_it_until_stale(settings: Settings) -> None:
    document, _ = document_create(data=seed_text(SEED).encode(), filename=SEED)
    SourceDocument.objects.filter(pk=document.pk).update(status=DocumentStatus.PARSING)
    assert document_process(document_id=document.pk).status == DocumentStatus.PARSING
    settings.INGEST_STALE_SECONDS = 0
    assert document_process(document_id=document.pk).status == DocumentStatus.PUBLISHED


def test_an_overlong_value_is_cut_with_a_warning_not_a_crash(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    reference = "DNVGL_20210125_Test Report_Meshcrafts_V104"
    text = seed_text(SEED).replace(f"Reference:\t{reference}", f"Reference:\t{reference}{'_annex' * 50}")
    document = upload(text.encode(), "long.txt", django_capture_on_commit_callbacks)
    assert document.status == DocumentStatus.PUBLISHED
    certificate = Certificate.objects.get()
    assert len(certificate.test_report_reference) == 255
    assert "test report reference was longer than 255 characters and was cut" in certificate.warnings
