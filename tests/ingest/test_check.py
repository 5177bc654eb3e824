"""Checking a certificate file against the registry, on the site (/check/) and in the API (POST /api/v1/check/):
identical, differs (field by field), same fields, not listed, and a clear error for a file that is no
certificate; nothing stored, the size cap (413) and the throttle (429)."""

from __future__ import annotations

import html
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings
from rest_framework.test import APIClient

from certificates.listing import listing_import
from certificates.models import Certificate
from certificates.throttling import CHECK_SCOPE, CheckUploadThrottle
from ingest.models import SourceDocument
from ingest.services import document_create
from tests.helpers import listing_row
from tests.pdfgen import build_certificate_pdf

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "000_d42e1137ead7e816.txt"
NUMBER = "OCA.0016.0009.CSMS"
API = "/api/v1/check/"


@pytest.fixture
def registered(django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> bytes:
    """The sample OCA.0016.0009.CSMS, published through the pipeline; its bytes."""
    data = SAMPLE.read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        document_create(data=data, filename=SAMPLE.name)
    assert Certificate.objects.filter(number=NUMBER, is_current=True).exists()
    return data


def changed_version(data: bytes) -> bytes:
    return data.replace(b"1.6J-24012021", b"1.6J-24019999")


def unknown_number(data: bytes) -> bytes:
    return data.replace(b"OCA.0016.0009", b"OCA.0016.0777")


def storage_files(settings: Settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def api_check(data: bytes, name: str = "certificate.txt", **extra: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = APIClient(**extra).post(API, {"file": SimpleUploadedFile(name, data)}, format="multipart")
    return response.status_code, response.json()


def page_check(data: bytes, name: str = "certificate.txt") -> tuple[int, str]:
    response = Client().post("/check/", {"file": SimpleUploadedFile(name, data)})
    return response.status_code, " ".join(html.unescape(response.content.decode()).split())


def test_the_registrys_own_sample_is_identical(registered: bytes) -> None:
    code, body = api_check(registered, SAMPLE.name)
    assert code == 200
    assert body["outcome"] == "identical" and body["number"] == NUMBER and body["differences"] == []
    verdict = body["verdict"]
    assert (verdict["number"], verdict["version"], verdict["is_current"], verdict["from_document"]) == (
        NUMBER, 1, True, True)  # fmt: skip
    assert verdict["status"] == "unlisted" and verdict["page"] == f"http://testserver/check/{NUMBER}/"
    assert {p["name"]: p["evidence"] for p in verdict["profiles"]}["Core"] == "passed"
    code, page = page_check(registered, SAMPLE.name)
    assert code == 200 and "Identical to the registry's document" in page and NUMBER in page


def test_a_changed_software_version_is_named_field_by_field(registered: bytes) -> None:
    code, body = api_check(changed_version(registered))
    assert code == 200 and body["outcome"] == "differs"
    assert body["differences"] == [{"field": "software version", "here": "1.6J-24019999", "registry": "1.6J-24012021"}]
    code, page = page_check(changed_version(registered))
    assert code == 200
    assert 'software version "1.6J-24019999" here, "1.6J-24012021" in the registry' in page


def test_a_regenerated_pdf_has_the_same_fields(registered: bytes) -> None:
    pdf = build_certificate_pdf(registered.decode())
    code, body = api_check(pdf, "vendor.pdf")
    assert code == 200 and body["outcome"] == "same_fields" and body["differences"] == []
    assert body["verdict"]["number"] == NUMBER
    code, page = page_check(pdf, "vendor.pdf")
    assert code == 200 and "the facts agree with the registry" in page


def test_an_unknown_number_is_not_listed(registered: bytes) -> None:
    code, body = api_check(unknown_number(registered))
    assert code == 200
    assert (body["outcome"], body["number"], body["verdict"]) == ("not_listed", "OCA.0016.0777.CSMS", None)
    code, page = page_check(unknown_number(registered))
    assert code == 200 and "OCA does not list and the registry does not know" in page


def test_nothing_is_stored_by_a_check(registered: bytes, settings: Settings) -> None:
    documents, files, certificates = (
        SourceDocument.objects.count(),
        storage_files(settings),
        Certificate.objects.count(),
    )
    for data in (registered, changed_version(registered), unknown_number(registered)):
        api_check(data)
        page_check(data)
    assert SourceDocument.objects.count() == documents
    assert storage_files(settings) == files
    assert Certificate.objects.count() == certificates


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "a PNG image"),
        (b"Dear customer, please find our offer attached.\n" * 3, "no certificate"),
        (b"", "empty"),
    ],
    ids=["image", "letter", "empty"],
)
def test_a_file_that_is_no_certificate_gets_a_clear_error(data: bytes, reason: str) -> None:
    code, body = api_check(data, "offer.txt")
    assert code == 400 and reason in body["file"][0]
    code, page = page_check(data, "offer.txt")
    assert code == 400 and reason in page and SourceDocument.objects.count() == 0


def test_a_file_past_the_cap_answers_413(registered: bytes, settings: Settings) -> None:
    settings.CHECK_UPLOAD_MAX_BYTES = 1000
    code, body = api_check(registered)
    assert code == 413 and "1,000 bytes" in body["file"][0]
    code, page = page_check(registered)
    assert code == 413 and "1,000 bytes" in page


def test_a_body_declared_far_past_the_cap_is_refused_before_it_is_read(settings: Settings) -> None:
    settings.CHECK_UPLOAD_MAX_BYTES = 1000
    code, body = api_check(b"x" * 40_000)
    assert code == 413 and "40," in body["file"][0]


def test_checks_are_throttled_per_address(registered: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CheckUploadThrottle, "THROTTLE_RATES", {CHECK_SCOPE: "2/hour", "anon": "600/minute"})
    codes = [api_check(registered, REMOTE_ADDR="203.0.113.7")[0] for _ in range(3)]
    assert codes == [200, 200, 429]
    site = Client(REMOTE_ADDR="203.0.113.7")
    refused = site.post("/check/", {"file": SimpleUploadedFile("c.txt", registered)})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0  # one budget for the site and the API
    assert api_check(registered, REMOTE_ADDR="203.0.113.8")[0] == 200  # another address has its own


def test_the_page_has_both_forms_and_a_csrf_token() -> None:
    response = Client().get("/check/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'method="get"' in page and 'name="number"' in page
    assert 'method="post"' in page and 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page


def test_a_post_without_the_csrf_token_is_refused(registered: bytes) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/check/", {"file": SimpleUploadedFile("c.txt", registered)})
    assert response.status_code == 403


class Unreadable(io.BytesIO):
    """A request body that fails the test if anything reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the body was read before the upload was refused")

    readline = read


def test_the_page_refuses_a_body_declared_past_the_cap_before_anything_reads_it(settings: Settings) -> None:
    settings.CHECK_UPLOAD_MAX_BYTES = 1000
    client = Client(enforce_csrf_checks=True)  # the CSRF middleware runs as it does for a browser with a cookie
    client.cookies["csrftoken"] = "a" * 32
    response = client.generic(
        "POST", "/check/", b"--x--", content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(10**9), **{"wsgi.input": Unreadable()},
    )  # fmt: skip
    assert response.status_code == 413 and "1,000 bytes" in response.content.decode()


def listed_only(**cells: str) -> None:
    """OCA.0016.0009.CSMS as OCA's listing gives it, with no document read: the sample's facts, ``cells`` changed."""
    facts = {"company": "Meshcrafts AS", "product_designation": "SmartCharge", "software_version": "1.6J-24012021",
             "certificate_type": "Full", "certificate_url": ""}  # fmt: skip
    row = listing_row(certificate_no=NUMBER, **{**facts, **cells})
    listing_import(rows=[row], source_name="test", sha256="0" * 64)
    assert Certificate.objects.get(number=NUMBER, is_current=True).source == "listing"


def test_a_listed_only_number_is_compared_with_what_the_listing_says() -> None:
    listed_only()
    code, body = api_check(SAMPLE.read_bytes())
    assert code == 200 and body["compared_with"] == "listing"
    assert body["outcome"] == "same_fields"  # the lab and the Pass rows are no difference from "Full"
    assert "the registry has not read its document" in body["summary"]
    assert body["verdict"]["from_document"] is False and body["verdict"]["status"] == "active"


def test_a_listed_only_number_names_each_fact_and_profile_the_listing_says_otherwise() -> None:
    listed_only(software_version="2.0", certificate_type="Core + C")
    code, body = api_check(SAMPLE.read_bytes())
    assert code == 200 and (body["outcome"], body["compared_with"]) == ("differs", "listing")
    assert body["differences"] == [
        {"field": "software version", "here": "1.6J-24012021", "registry": "2.0"},
        {"field": "certificate type", "here": "Full", "registry": "Core + C"},
        *({"field": f"profile {name}", "here": "Pass", "registry": "not claimed by the type code"}
          for name in ("Firmware Management", "Reservation", "Local Authorization List Management", "Remote Trigger")),
    ]  # fmt: skip
    code, page = page_check(SAMPLE.read_bytes())
    assert code == 200 and "Differences from what OCA's listing says" in page
    assert 'software version "1.6J-24012021" here, "2.0" in OCA\'s listing' in page
    assert "test laboratory" not in page.split("Differences from")[1].split("</ul>")[0]


def test_a_document_that_does_not_pass_a_claimed_profile_differs_from_the_listing() -> None:
    listed_only()
    text = SAMPLE.read_bytes().replace(b"Reservation\tPass", b"Reservation\tNot Tested")
    code, body = api_check(text)
    assert code == 200 and body["outcome"] == "differs"
    assert body["differences"] == [
        {"field": "profile Reservation", "here": "Not Tested", "registry": "claimed by the type code"}
    ]
