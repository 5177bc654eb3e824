"""The admin: staff upload files and ZIPs, review documents, re-parse; hand corrections survive a re-parse."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from certificates.models import Certificate
from ingest.models import DocumentStatus, SourceDocument
from tests.helpers import SEEDS, seed_text

pytestmark = pytest.mark.django_db
UPLOAD = reverse("admin:ingest_sourcedocument_upload")
SEED = "001_38b104c6f537bd29.txt"


def test_anonymous_users_cannot_reach_the_upload_page(client: Client) -> None:
    response = client.post(UPLOAD, {"files": SimpleUploadedFile(SEED, seed_text(SEED).encode())})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert SourceDocument.objects.count() == 0


def test_staff_upload_files_and_zip_archives(
    admin_client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    assert admin_client.get(UPLOAD).status_code == 200
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(SEEDS.glob("*.txt"))[2:4]:
            zipped.write(path, path.name)
    files = [
        SimpleUploadedFile(SEED, seed_text(SEED).encode()),
        SimpleUploadedFile("batch.zip", archive.getvalue()),
        SimpleUploadedFile("empty.txt", b""),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(UPLOAD, {"files": files}, follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert shown == [
        f"{SEED}: new",
        "002_0660209c32adafc6.txt: new",
        "003_5fa35c9b1f76e96e.txt: new",
        "empty.txt: the file is empty",
    ]
    assert set(SourceDocument.objects.values_list("status", flat=True)) == {DocumentStatus.PUBLISHED}
    assert Certificate.objects.count() == 3


def test_the_review_pages_show_status_errors_and_the_parsed_record(
    admin_client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(UPLOAD, {"files": [SimpleUploadedFile("x.txt", b"Invoice 118\nTotal 4,500 EUR")]})
    document = SourceDocument.objects.get()
    listing = admin_client.get(reverse("admin:ingest_sourcedocument_changelist"), {"status": "failed"})
    assert "x.txt" in listing.content.decode()
    page = admin_client.get(reverse("admin:ingest_sourcedocument_change", args=[document.pk])).content.decode()
    assert "not an OCA certificate" in page


def test_a_hand_correction_survives_a_reparse(
    admin_client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(UPLOAD, {"files": [SimpleUploadedFile(SEED, seed_text(SEED).encode())]})
    certificate = Certificate.objects.get()
    change = reverse("admin:certificates_certificate_change", args=[certificate.pk])
    form = admin_client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "document"}
    data.update(product_designation="SemaConnect Network Platform (corrected)", **_empty_inlines())
    assert admin_client.post(change, data).status_code == 302
    assert Certificate.objects.get().corrected_fields == ["product_designation"]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:ingest_sourcedocument_changelist"),
            {"action": "reparse", "_selected_action": [SourceDocument.objects.get().pk]},
        )
    certificate = Certificate.objects.get()
    assert certificate.product_designation == "SemaConnect Network Platform (corrected)"
    assert certificate.software_version == "v1.0408.27"
    assert SourceDocument.objects.get().attempts == 2


def _empty_inlines() -> dict[str, str]:
    """Management-form data for the certificate's inlines, submitted unchanged (no rows edited)."""
    data = {}
    for prefix in ("profiles", "measurements", "settings", "signatories"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def test_the_document_page_shows_the_source_text_beside_the_parsed_record(
    admin_client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(UPLOAD, {"files": [SimpleUploadedFile(SEED, seed_text(SEED).encode())]})
    document = SourceDocument.objects.get()
    page = admin_client.get(reverse("admin:ingest_sourcedocument_change", args=[document.pk])).content.decode()
    assert "Test laboratory:\tDekra Certification Inc" in page  # the source text, cells and all
    assert "&quot;test_lab&quot;: &quot;Dekra Certification Inc&quot;" in page  # the parsed record
