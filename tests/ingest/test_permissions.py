"""Writing documents needs the model's permissions, not only staff status: uploading (API and admin)
``ingest.add_sourcedocument``, reading a document's status ``ingest.view_sourcedocument``, re-parsing
``ingest.change_sourcedocument``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ingest.models import DocumentStatus, SourceDocument
from ingest.services import document_create
from tests.helpers import seed_text

pytestmark = pytest.mark.django_db
API_UPLOAD = reverse("ingest-api:document-upload")
ADMIN_UPLOAD = reverse("admin:ingest_sourcedocument_upload")
CHANGELIST = reverse("admin:ingest_sourcedocument_changelist")
SEED = "004_46e2c1a1b98fd4ac.txt"


def staff_member(*codenames: str) -> User:
    """A staff user holding only the ``ingest`` permissions ``codenames``."""
    user = User.objects.create_user("staff-member", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="ingest", codename__in=codenames))
    return user


def api_client(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def admin_client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def seed_file() -> SimpleUploadedFile:
    return SimpleUploadedFile(SEED, seed_text(SEED).encode())


def a_document() -> SourceDocument:
    document, _ = document_create(data=b"Invoice 118\nTotal 4,500 EUR", filename="x.txt")
    return document


@pytest.mark.parametrize("codenames", [(), ("view_sourcedocument", "change_sourcedocument")], ids=["none", "others"])
def test_the_api_refuses_an_upload_from_staff_without_the_add_permission(codenames: tuple[str, ...]) -> None:
    response = api_client(staff_member(*codenames)).post(API_UPLOAD, {"file": seed_file()}, format="multipart")
    assert response.status_code == 403
    assert SourceDocument.objects.count() == 0


def test_the_api_accepts_an_upload_with_the_add_permission() -> None:
    uploader = api_client(staff_member("add_sourcedocument"))
    response = uploader.post(API_UPLOAD, {"file": seed_file()}, format="multipart")
    assert response.status_code == 202
    assert SourceDocument.objects.get().filename == SEED


def test_the_api_shows_a_document_only_with_the_view_permission() -> None:
    url = reverse("ingest-api:document-detail", args=[a_document().pk])
    assert api_client(staff_member("add_sourcedocument")).get(url).status_code == 403
    User.objects.all().delete()
    response = api_client(staff_member("view_sourcedocument")).get(url)
    assert response.status_code == 200 and response.json()["filename"] == "x.txt"


def test_the_admin_upload_page_is_closed_to_staff_without_the_add_permission() -> None:
    client = admin_client_for(staff_member("view_sourcedocument", "change_sourcedocument"))
    assert client.get(ADMIN_UPLOAD).status_code == 403
    assert client.post(ADMIN_UPLOAD, {"files": [seed_file()]}).status_code == 403
    assert SourceDocument.objects.count() == 0
    assert "Add source document" not in client.get(CHANGELIST).content.decode()


def test_the_admin_upload_page_is_open_with_the_add_permission(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client = admin_client_for(staff_member("add_sourcedocument"))
    assert client.get(ADMIN_UPLOAD).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ADMIN_UPLOAD, {"files": [seed_file()]}).status_code == 302
    assert SourceDocument.objects.get().status == DocumentStatus.PUBLISHED


def _actions(client: Client) -> list[str]:
    """The actions the document list offers to ``client``'s user."""
    form = client.get(CHANGELIST).context["action_form"]
    return [name for name, _ in form.fields["action"].choices] if form else []


def test_the_reparse_action_needs_the_change_permission() -> None:
    document = a_document()
    SourceDocument.objects.filter(pk=document.pk).update(status=DocumentStatus.FAILED)
    viewer = admin_client_for(staff_member("view_sourcedocument"))
    assert "reparse" not in _actions(viewer)
    viewer.post(CHANGELIST, {"action": "reparse", "_selected_action": [document.pk]})
    assert SourceDocument.objects.get().status == DocumentStatus.FAILED
    User.objects.all().delete()
    editor = admin_client_for(staff_member("view_sourcedocument", "change_sourcedocument"))
    assert "reparse" in _actions(editor)
    editor.post(CHANGELIST, {"action": "reparse", "_selected_action": [document.pk]})
    assert SourceDocument.objects.get().status == DocumentStatus.QUEUED
