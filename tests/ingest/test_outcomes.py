"""What becomes of an uploaded certificate: published, a duplicate, superseded, or sent to review, each with
its own status and words, and nothing written to the registry unless it was published."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from certificates.models import (
    Certificate,
    Holder,
    HolderAlias,
    Lab,
    LabAlias,
    LimitSetting,
    PerformanceMeasurement,
    ProfileResult,
    Signatory,
)
from ingest.models import DocumentStatus, SourceDocument
from ingest.services import document_create, document_reparse
from tests.helpers import SEEDS, seed_text
from tests.pdfgen import build_certificate_pdf

pytestmark = pytest.mark.django_db
SEED = "000_d42e1137ead7e816.txt"  # OCA.0016.0009.CSMS, Meshcrafts AS, certified on January 25, 2021
NUMBER = "OCA.0016.0009.CSMS"


def upload(data: bytes, filename: str, capture: DjangoCaptureOnCommitCallbacks) -> SourceDocument:
    """Upload through the service, running what it enqueues on commit (the parse, in-process here)."""
    with capture(execute=True):
        document, _ = document_create(data=data, filename=filename)
    document.refresh_from_db()
    return document


def registry() -> list[tuple[Any, ...]]:
    """Every row of the registry, every column (``updated_at`` included): equal before and after means untouched."""
    models = (Certificate, ProfileResult, PerformanceMeasurement, LimitSetting, Signatory, Holder, HolderAlias, Lab,
              LabAlias)  # fmt: skip
    return [row for model in models for row in model.objects.order_by("pk").values_list()]


@pytest.fixture
def published(django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> SourceDocument:
    """The seed OCA.0016.0009.CSMS, published as version 1."""
    document = upload(seed_text(SEED).encode(), SEED, django_capture_on_commit_callbacks)
    assert (document.status, document.outcome) == (DocumentStatus.PUBLISHED, f"published as {NUMBER} version 1")
    return document


def test_a_reissue_dated_before_the_current_version_is_superseded_and_changes_nothing(
    published: SourceDocument, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    before = registry()
    earlier = seed_text(SEED).replace("Certification date: January 25, 2021", "Certification date: March 1, 2020")
    document = upload(earlier.encode(), "earlier.txt", django_capture_on_commit_callbacks)
    assert document.status == DocumentStatus.SUPERSEDED
    assert document.outcome == (
        f"not published: certified on 2020-03-01, before {NUMBER} version 1 (certified on 2021-01-25), "
        "which stays the current version"
    )
    assert document.error == ""
    assert document.parsed["certification_date"] == "2020-03-01"  # the record is kept on the document
    assert registry() == before
    assert not document.certificates.exists()


def test_the_same_number_and_date_with_another_software_version_needs_review_and_changes_nothing(
    published: SourceDocument, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    before = registry()
    other = seed_text(SEED).replace("1.6J-24012021", "1.6J-01022021").replace("Reservation\tPass", "Reservation\tFail")
    document = upload(other.encode(), "other.txt", django_capture_on_commit_callbacks)
    assert document.status == DocumentStatus.NEEDS_REVIEW
    message = (
        f"needs review: {NUMBER} version 1 has the same number but other facts: "
        'software version "1.6J-01022021", not "1.6J-24012021"; profile Reservation "Fail", not "Pass"'
    )
    assert (document.error, document.outcome) == (message, message)
    assert registry() == before


def test_the_same_certificate_as_text_after_its_pdf_is_a_duplicate_and_changes_nothing(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    pdf = upload(build_certificate_pdf(seed_text(SEED)), "seed.pdf", django_capture_on_commit_callbacks)
    assert (pdf.status, pdf.pages) == (DocumentStatus.PUBLISHED, 3)
    before = registry()
    text = upload(seed_text(SEED).encode(), SEED, django_capture_on_commit_callbacks)
    assert text.status == DocumentStatus.DUPLICATE
    assert text.outcome == (
        f"not published: a duplicate of {NUMBER} version 1 (the same number, certification date and facts)"
    )
    assert text.error == ""
    assert registry() == before
    assert Certificate.objects.get().document == pdf


def test_a_junk_text_that_quotes_a_number_goes_to_review_and_changes_nothing(
    published: SourceDocument, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks, settings: Settings
) -> None:
    """A large log that happens to print a holder label with a colon for its value, and a certificate number."""
    settings.INGEST_PARSE_WALL_SECONDS = settings.INGEST_PARSE_CPU_SECONDS = 30  # a busy machine reads it slowly
    before = registry()
    words = ("the", "of", "and", "data", "log", "server", "request", "error", "value", "id", "session", "user")
    rng = random.Random(13)
    lines = [" ".join(rng.choice(words) for _ in range(1_200)) for _ in range(100)]
    lines[50:50] = ["Certificate holder:\t:", "", f"session of {NUMBER} closed", ""]
    junk = "\n".join(lines)
    assert len(junk) > 600_000
    document = upload(junk.encode(), "server.log", django_capture_on_commit_callbacks)
    assert document.status == DocumentStatus.NEEDS_REVIEW
    assert document.parsed["holder"] == ":" and document.parsed["certificate_number"] == NUMBER
    assert document.error == (
        'not published, the record is implausible: holder ":" is no name: it has no letter; '
        "only 1 of the 10 fields a certificate prints were found (holder); "
        f"the text has {len(junk):,} characters, far more than any certificate (500,000)"
    )
    assert document.outcome == "not published"
    assert registry() == before


def test_a_certificate_whose_product_is_prose_goes_to_review(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    prose = "SmartCharge " + "and the partners of the platform " * 10
    text = seed_text(SEED).replace("Product designation: SmartCharge", f"Product designation: {prose}")
    document = upload(text.encode(), "prose.txt", django_capture_on_commit_callbacks)
    assert document.status == DocumentStatus.NEEDS_REVIEW
    assert 'product designation "SmartCharge and the partners' in document.error
    assert document.error.endswith("is no name: it has 341 characters (at most 255)")
    assert Certificate.objects.count() == 0


def test_a_later_reissue_is_a_new_version_and_the_first_again_a_duplicate_of_version_1(
    published: SourceDocument, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    later = seed_text(SEED).replace("Certification date: January 25, 2021", "Certification date: March 1, 2022")
    reissue = upload(later.encode(), "reissue.txt", django_capture_on_commit_callbacks)
    assert (reissue.status, reissue.outcome) == (
        DocumentStatus.PUBLISHED,
        f"published as {NUMBER} version 2, a re-issue certified on 2022-03-01",
    )
    before = registry()
    pdf = upload(build_certificate_pdf(seed_text(SEED)), "first.pdf", django_capture_on_commit_callbacks)
    assert pdf.status == DocumentStatus.DUPLICATE
    assert pdf.outcome.startswith(f"not published: a duplicate of {NUMBER} version 1 ")
    assert registry() == before


def test_reparsing_gives_each_document_its_outcome_again(
    published: SourceDocument, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    later = seed_text(SEED).replace("Certification date: January 25, 2021", "Certification date: March 1, 2022")
    upload(later.encode(), "reissue.txt", django_capture_on_commit_callbacks)
    duplicate = upload(build_certificate_pdf(seed_text(SEED)), "first.pdf", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        for document in SourceDocument.objects.all():
            document_reparse(document=document)
    outcomes = {document.filename: document.outcome for document in SourceDocument.objects.all()}
    assert outcomes == {
        SEED: f"{NUMBER} version 1 rewritten from this document",
        "reissue.txt": f"{NUMBER} version 2 rewritten from this document",
        "first.pdf": f"not published: a duplicate of {NUMBER} version 1 (the same number, certification date and "
        "facts)",
    }
    assert SourceDocument.objects.get(pk=duplicate.pk).status == DocumentStatus.DUPLICATE
    versions = Certificate.objects.filter(number=NUMBER).order_by("version")
    assert [(c.version, c.is_current, c.document_id) for c in versions] == [
        (1, False, published.pk),
        (2, True, SourceDocument.objects.get(filename="reissue.txt").pk),
    ]


def test_an_undated_record_of_a_dated_number_cannot_be_ordered_and_needs_review(
    published: SourceDocument, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    before = registry()
    undated = seed_text(SEED).replace("Certification date: January 25, 2021", "")
    document = upload(undated.encode(), "undated.txt", django_capture_on_commit_callbacks)
    assert document.status == DocumentStatus.NEEDS_REVIEW
    assert document.error == (
        f"needs review: {NUMBER} version 1 has the same number but other facts: certification date none, "
        'not "2021-01-25"'
    )
    assert registry() == before


def test_a_fact_corrected_by_hand_is_not_held_against_a_duplicate(
    published: SourceDocument, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    Certificate.objects.update(software_version="1.6J-24012021 (corrected)", corrected_fields=["software_version"])
    pdf = upload(build_certificate_pdf(seed_text(SEED)), "seed.pdf", django_capture_on_commit_callbacks)
    assert pdf.status == DocumentStatus.DUPLICATE


def test_the_documents_api_and_the_admin_list_show_the_outcome(
    published: SourceDocument, admin_client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    duplicate = upload(build_certificate_pdf(seed_text(SEED)), "seed.pdf", django_capture_on_commit_callbacks)
    answer = admin_client.get(reverse("ingest-api:document-detail", args=[duplicate.pk])).json()
    assert (answer["status"], answer["outcome"], answer["error"], answer["certificates"]) == (
        "duplicate",
        duplicate.outcome,
        "",
        [],
    )
    page = admin_client.get(reverse("admin:ingest_sourcedocument_changelist"), {"status": "duplicate"})
    html = page.content.decode()
    assert "seed.pdf" in html and f"a duplicate of {NUMBER} version 1" in html
    assert SEED not in html


def test_every_seed_and_variation_is_published(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """The plausibility rules let every certificate of the test corpus through (each number only once)."""
    from tests.ingest.test_variations import CERTIFICATES, input_of

    paths = [*sorted(SEEDS.glob("*.txt")), *(input_of(stem) for stem in CERTIFICATES)]
    with django_capture_on_commit_callbacks(execute=True):
        for path in paths:
            document_create(data=path.read_bytes(), filename=path.name)
    outcomes = {d.filename: (d.status, d.error) for d in SourceDocument.objects.all()}
    assert {name: outcome for name, outcome in outcomes.items() if outcome[0] != DocumentStatus.PUBLISHED} == {}
    assert len(outcomes) == len(paths)
