"""A form posted to a CSRF-protected page by anyone but staff is refused (413) when its body is declared larger
than FORM_MAX_BODY_BYTES, before Django's CSRF check reads it; staff uploads and small forms are unaffected."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from ingest.models import SourceDocument
from tests.helpers import SEEDS

pytestmark = pytest.mark.django_db


class Unreadable(io.BytesIO):
    """A request body that fails the test if anything reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the body was read before the form was refused")

    readline = read


def browser() -> Client:
    """A client that sends a CSRF cookie, as a browser that has seen a form does: the CSRF check then reads the
    posted form to find the token."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32
    return client


def test_a_large_form_to_the_login_page_is_refused_unread(settings: Settings) -> None:
    settings.FORM_MAX_BODY_BYTES = 64 * 1024
    response = browser().generic(
        "POST", reverse("admin:login"), b"--x--", content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(10**9), **{"wsgi.input": Unreadable()},
    )  # fmt: skip
    assert response.status_code == 413
    assert "a form of at most 65,536 bytes is taken here; this one declares 1,000,000,000" in response.content.decode()


def test_a_small_form_goes_on_to_the_csrf_check() -> None:
    response = browser().post(reverse("admin:login"), {"username": "a", "password": "b"})
    assert response.status_code == 403  # no token in the form: the CSRF check refused it, as before


def test_staff_upload_past_the_form_limit(
    admin_client: Client, settings: Settings, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    settings.FORM_MAX_BODY_BYTES = 1024
    files = [SimpleUploadedFile(path.name, path.read_bytes()) for path in sorted(SEEDS.glob("*.txt"))]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:ingest_sourcedocument_upload"), {"files": files})
    assert response.status_code == 302
    assert SourceDocument.objects.count() == len(files)
