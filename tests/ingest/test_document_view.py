"""The source document a certificate was parsed from, served by the site with DEBUG off: the certificate page's
and the API's links answer with the bytes as uploaded, safe headers, cache headers; unpublished documents 404."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from certificates.models import Certificate
from ingest.models import DocumentStatus, SourceDocument
from ingest.services import document_create
from tests.helpers import FIXTURES, SEEDS

pytestmark = pytest.mark.django_db
PDF = (FIXTURES / "variations" / "b01.pdf").read_bytes()
HTML = (FIXTURES / "variations" / "b12.html").read_bytes()
SEED = sorted(SEEDS.glob("*.txt"))[0].read_bytes()

Upload = Callable[[bytes, str], SourceDocument]


@pytest.fixture(autouse=True)
def _production(settings: Settings) -> None:
    settings.DEBUG = False


@pytest.fixture
def upload(django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> Upload:
    """Upload a file through the pipeline (parsed in-process) and return its document."""

    def upload(data: bytes, filename: str) -> SourceDocument:
        with django_capture_on_commit_callbacks(execute=True):
            document, _ = document_create(data=data, filename=filename)
        document.refresh_from_db()
        return document

    return upload


def url_of(document: SourceDocument) -> str:
    return reverse("documents:file", args=[document.pk, document.filename])


def body(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_the_certificate_pages_link_serves_the_original_pdf(client: Client, upload: Upload) -> None:
    document = upload(PDF, "Certificate OCA.pdf")
    assert document.status == DocumentStatus.PUBLISHED
    page = client.get(Certificate.objects.get().get_absolute_url()).content.decode()
    (link,) = re.findall(r'<a href="([^"]+)">The original document</a>', page)
    assert link == f"/documents/{document.pk}/Certificate%20OCA.pdf"
    response = client.get(link)
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="Certificate OCA.pdf"'
    assert response["Content-Length"] == str(len(PDF))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["ETag"] == f'"{document.sha256}"'
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_the_apis_document_field_serves_it(client: Client, upload: Upload) -> None:
    document = upload(SEED, "seed.txt")
    number = Certificate.objects.get().number
    detail = client.get(reverse("certificates-api:certificate-detail", args=[number])).json()
    assert detail["document"] == f"http://testserver/documents/{document.pk}/seed.txt"
    response = client.get(detail["document"].removeprefix("http://testserver"))
    assert response.status_code == 200 and body(response) == SEED


def test_an_html_source_is_served_as_plain_text_to_download(client: Client, upload: Upload) -> None:
    document = upload(HTML, "certificate.html")
    assert (document.status, document.media_type) == (DocumentStatus.PUBLISHED, "text/html")
    response = client.get(url_of(document))
    assert body(response) == HTML
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="certificate.html.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("data", "charset"),
    [
        (SEED.decode().encode("utf-16"), "utf-16"),
        (SEED.decode().encode("utf-16-le"), "utf-16le"),
        (SEED.decode().replace("Test", "Tést").encode("cp1252"), "windows-1252"),
    ],
    ids=["utf-16-bom", "utf-16-le", "windows-1252"],
)
def test_a_text_source_is_served_in_its_own_charset(client: Client, upload: Upload, data: bytes, charset: str) -> None:
    document = upload(data, "seed.txt")
    assert document.status == DocumentStatus.PUBLISHED
    response = client.get(url_of(document))
    assert response["Content-Type"] == f"text/plain; charset={charset}"
    assert body(response) == data


def test_a_non_ascii_name_is_given_in_both_forms(client: Client, upload: Upload) -> None:
    document = upload(PDF, "Zertifikat für Ä & Ω.pdf")
    response = client.get(url_of(document))
    assert response["Content-Disposition"] == (
        'inline; filename="Zertifikat fur A & _.pdf"; '
        "filename*=UTF-8''Zertifikat%20f%C3%BCr%20%C3%84%20%26%20%CE%A9.pdf"
    )


@pytest.mark.parametrize(
    "filename",
    ["a b.pdf", "100%.pdf", "a?b#c.pdf", "semi;colon,=.pdf", 'quo"te.pdf', "+&@$!'().pdf", "日本語.pdf", "..pdf"],
)
def test_any_stored_name_makes_a_link_that_serves_it(client: Client, upload: Upload, filename: str) -> None:
    document = upload(PDF, filename)
    link = Certificate.objects.get().get_document_url()
    assert link == url_of(document)
    response = client.get(link)
    assert response.status_code == 200 and body(response) == PDF


def test_a_cached_copy_is_confirmed_with_304(client: Client, upload: Upload) -> None:
    document = upload(PDF, "c.pdf")
    response = client.get(url_of(document), HTTP_IF_NONE_MATCH=f'"{document.sha256}"')
    assert response.status_code == 304
    assert response["ETag"] == f'"{document.sha256}"'
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_head_request_gets_the_headers(client: Client, upload: Upload) -> None:
    document = upload(PDF, "c.pdf")
    response = client.head(url_of(document))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.post(url_of(document)).status_code == 405


def test_documents_without_a_published_certificate_are_not_served(client: Client, upload: Upload) -> None:
    failed = upload(b"Invoice 118\nTotal due: 4,500 EUR\n", "invoice.txt")
    assert failed.status == DocumentStatus.FAILED
    withdrawn = upload(PDF, "withdrawn.pdf")
    Certificate.objects.update(is_published=False)
    for document in (failed, withdrawn):
        assert client.get(url_of(document)).status_code == 404


def test_staff_who_may_view_documents_see_any_not_cached_by_shared_caches(client: Client, upload: Upload) -> None:
    failed = upload(b"Invoice 118\nTotal due: 4,500 EUR\n", "invoice.txt")
    staff = User.objects.create_user("reviewer", is_staff=True)
    client.force_login(staff)
    assert client.get(url_of(failed)).status_code == 404
    staff.user_permissions.add(Permission.objects.get(codename="view_sourcedocument"))
    client.force_login(User.objects.get(pk=staff.pk))
    response = client.get(url_of(failed))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-cache"


def test_a_wrong_name_an_unknown_id_or_a_lost_file_answer_404(client: Client, upload: Upload) -> None:
    document = upload(PDF, "c.pdf")
    assert client.get(reverse("documents:file", args=[document.pk, "other.pdf"])).status_code == 404
    assert client.get(reverse("documents:file", args=[document.pk + 1, "c.pdf"])).status_code == 404
    default_storage.delete(document.file.name)
    assert client.get(url_of(document)).status_code == 404


def test_the_admin_links_to_the_document(admin_client: Client, upload: Upload) -> None:
    document = upload(b"Invoice 118\nTotal due: 4,500 EUR\n", "invoice.txt")
    page = admin_client.get(reverse("admin:ingest_sourcedocument_change", args=[document.pk])).content.decode()
    assert f'<a href="{url_of(document)}">invoice.txt</a>' in page
    assert admin_client.get(url_of(document)).status_code == 200
