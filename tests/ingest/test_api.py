"""The documents API: upload by users allowed to add documents (202 with a status URL); the status resource."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ingest.models import SourceDocument
from tests.helpers import seed_text

pytestmark = pytest.mark.django_db
UPLOAD = reverse("ingest-api:document-upload")
SEED = "004_46e2c1a1b98fd4ac.txt"


@pytest.fixture
def staff() -> APIClient:
    """A client signed in with a token of a user allowed to upload and read documents."""
    user = User.objects.create_user("lab-admin", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_sourcedocument", "view_sourcedocument"]))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def seed_file() -> SimpleUploadedFile:
    return SimpleUploadedFile(SEED, seed_text(SEED).encode())


@pytest.mark.parametrize("is_staff", [None, False], ids=["anonymous", "not-staff"])
def test_only_staff_can_upload(is_staff: bool | None) -> None:
    client = APIClient()
    if is_staff is not None:
        client.force_authenticate(User.objects.create_user("someone", is_staff=is_staff))
    response = client.post(UPLOAD, {"file": seed_file()}, format="multipart")
    assert response.status_code in (401, 403)
    assert SourceDocument.objects.count() == 0


def test_an_upload_answers_202_with_its_status_url(
    staff: APIClient, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(UPLOAD, {"file": seed_file()}, format="multipart")
    assert response.status_code == 202
    document = SourceDocument.objects.get()
    assert response["Location"] == f"http://testserver/api/v1/documents/{document.pk}/"
    assert response.json()["status"] == "queued"
    status = staff.get(response["Location"]).json()
    assert status["status"] == "published"
    assert status["certificates"] == ["OCA.0016.0042.CSMS"]
    assert status["record"]["holder"] == "EVAR"
    assert status["filename"] == SEED


def test_the_same_bytes_again_answer_200_with_the_existing_document(staff: APIClient) -> None:
    first = staff.post(UPLOAD, {"file": seed_file()}, format="multipart")
    again = staff.post(UPLOAD, {"file": seed_file()}, format="multipart")
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["id"] == first.json()["id"]


@pytest.mark.parametrize(
    ("data", "message"),
    [({"file": SimpleUploadedFile("e.txt", b"")}, "the file is empty"), ({}, "No file was submitted.")],
    ids=["empty-file", "no-file"],
)
def test_a_refused_upload_answers_400_saying_why(staff: APIClient, data: dict, message: str) -> None:
    response = staff.post(UPLOAD, data, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"file": [message]}


def test_an_unknown_document_is_404(staff: APIClient) -> None:
    assert staff.get(reverse("ingest-api:document-detail", args=[999])).status_code == 404
