"""ZIP archives through every way in (admin upload, API upload, ``manage.py ingest``): a broken member fails
alone with its reason and the others are stored; members are stored one at a time, as they are read."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ingest.models import DocumentStatus, SourceDocument
from ingest.services import documents_create_from_upload
from tests import zips
from tests.helpers import SEEDS

pytestmark = pytest.mark.django_db
SEED_PATHS = sorted(SEEDS.glob("*.txt"))
SEED_BYTES = [path.read_bytes() for path in SEED_PATHS]
API_UPLOAD = reverse("ingest-api:document-upload")
ADMIN_UPLOAD = reverse("admin:ingest_sourcedocument_upload")


def audit_archive() -> bytes:
    """The audit's archive: good certificates around a member with corrupt deflate data, an encrypted one
    and one compressed by a method zipfile cannot read (each gave a 500 before)."""
    data = zips.build_zip(
        [
            ("a.txt", SEED_BYTES[0]),
            ("corrupt.txt", SEED_BYTES[1]),
            ("b.txt", SEED_BYTES[2]),
            ("encrypted.txt", SEED_BYTES[3]),
            ("method.txt", SEED_BYTES[4]),
        ]
    )
    data = zips.overwrite(data, "corrupt.txt", b"\xff\xff\xff\xff")
    data = zips.patch(data, "encrypted.txt", flags=0x1)
    return zips.patch(data, "method.txt", method=97)


@pytest.fixture
def uploader() -> APIClient:
    """A staff member who may add documents, with an API token."""
    user = User.objects.create_user("lab-admin", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_sourcedocument", "view_sourcedocument"]))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_the_admin_upload_stores_the_members_that_can_be_read(
    admin_client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    files = [SimpleUploadedFile("audit.zip", audit_archive()), SimpleUploadedFile("c.txt", SEED_BYTES[1])]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(ADMIN_UPLOAD, {"files": files}, follow=True)
    assert response.status_code == 200
    assert [str(message) for message in response.context["messages"]] == [
        "a.txt: new",
        "corrupt.txt: it is damaged: its compressed data cannot be unpacked "
        "(Error -3 while decompressing data: invalid block type)",
        "b.txt: new",
        "encrypted.txt: it is encrypted (password-protected); add it to the archive without a password",
        "method.txt: it is compressed with method 97 (unknown), which cannot be read; use Deflate",
        "c.txt: new",
    ]
    assert sorted(SourceDocument.objects.values_list("filename", "status")) == [
        ("a.txt", DocumentStatus.PUBLISHED),
        ("b.txt", DocumentStatus.PUBLISHED),
        ("c.txt", DocumentStatus.PUBLISHED),
    ]


def test_the_api_answers_each_members_outcome(uploader: APIClient) -> None:
    response = uploader.post(API_UPLOAD, {"file": SimpleUploadedFile("audit.zip", audit_archive())}, "multipart")
    assert response.status_code == 202
    body = response.json()
    assert body["archive"] == "audit.zip"
    assert [(m["name"], m["outcome"], bool(m["error"])) for m in body["members"]] == [
        ("a.txt", "new", False),
        ("corrupt.txt", "rejected", True),
        ("b.txt", "new", False),
        ("encrypted.txt", "rejected", True),
        ("method.txt", "rejected", True),
    ]
    stored = SourceDocument.objects.get(filename="a.txt")
    assert body["members"][0]["document"]["url"] == f"http://testserver/api/v1/documents/{stored.pk}/"
    assert body["members"][1]["document"] is None
    assert "compressed data cannot be unpacked" in body["members"][1]["error"]


def test_the_api_answers_200_when_nothing_in_the_archive_is_new(uploader: APIClient) -> None:
    archive = zips.build_zip([("a.txt", SEED_BYTES[0])])
    assert uploader.post(API_UPLOAD, {"file": SimpleUploadedFile("x.zip", archive)}, "multipart").status_code == 202
    again = uploader.post(API_UPLOAD, {"file": SimpleUploadedFile("y.zip", archive)}, "multipart")
    assert again.status_code == 200
    assert [m["outcome"] for m in again.json()["members"]] == ["duplicate"]


@pytest.mark.parametrize(
    ("archive", "reason"),
    [
        (zips.build_zip([("a.txt", SEED_BYTES[0])])[:-30], "the ZIP archive is damaged"),
        (zips.build_zip([("photo.png", b"\x89PNG"), ("notes/", b"")]), "the ZIP archive holds no PDF or text files"),
    ],
    ids=["damaged", "no-certificates"],
)
def test_the_api_refuses_an_archive_that_cannot_be_read_with_400(
    uploader: APIClient, archive: bytes, reason: str
) -> None:
    response = uploader.post(API_UPLOAD, {"file": SimpleUploadedFile("x.zip", archive)}, "multipart")
    assert response.status_code == 400
    assert reason in response.json()["file"][0]
    assert SourceDocument.objects.count() == 0


def test_a_file_over_the_cap_is_refused_by_its_size_unread(uploader: APIClient, settings: Settings) -> None:
    settings.INGEST_MAX_UPLOAD_BYTES = 1000
    response = uploader.post(API_UPLOAD, {"file": SimpleUploadedFile("big.txt", b"x" * 5000)}, "multipart")
    assert response.status_code == 400
    assert response.json() == {"file": ["the file is 5,000 bytes; uploads are limited to 1,000 bytes"]}


@pytest.mark.django_db(transaction=True)
def test_the_command_goes_on_past_a_broken_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "1-audit.zip").write_bytes(audit_archive())
    (tmp_path / "2-damaged.zip").write_bytes(zips.build_zip([("x.txt", SEED_BYTES[1])])[:-30])
    (tmp_path / "3-seed.txt").write_bytes(SEED_BYTES[1])
    call_command("ingest", str(tmp_path))
    captured = capsys.readouterr()
    assert captured.out.strip() == "3 file(s) read: 3 published, 4 rejected"
    assert "[1/3] corrupt.txt: rejected: it is damaged: its compressed data cannot be unpacked" in captured.err
    assert "[2/3] 2-damaged.zip: rejected: the ZIP archive is damaged" in captured.err
    assert "[3/3] 3-seed.txt: published" in captured.err


def test_members_are_stored_one_at_a_time_as_they_are_read() -> None:
    archive = zips.build_zip([(path.name, data) for path, data in zip(SEED_PATHS, SEED_BYTES, strict=True)])
    outcomes = documents_create_from_upload(file=io.BytesIO(archive), filename="seeds.zip")
    assert SourceDocument.objects.count() == 0  # nothing is read before the first outcome is asked for
    for stored, (path, data) in enumerate(zip(SEED_PATHS, SEED_BYTES, strict=True), start=1):
        outcome = next(outcomes)
        assert (outcome.name, outcome.outcome, outcome.archive) == (path.name, "new", "seeds.zip")
        assert SourceDocument.objects.count() == stored
        assert outcome.document is not None and outcome.document.size == len(data)
    assert next(outcomes, None) is None


def test_a_stored_name_is_safe_whatever_the_member_was_called() -> None:
    info = zipfile.ZipInfo("folder\\evil\nname\u202e.txt")
    archive = zips.build_zip([(info, SEED_BYTES[0])])
    (outcome,) = documents_create_from_upload(file=io.BytesIO(archive), filename="x.zip")
    assert outcome.name == "folder/evil_name_.txt"
    assert outcome.document is not None and outcome.document.filename == "evil_name_.txt"
