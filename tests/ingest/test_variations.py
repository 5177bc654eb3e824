"""The variation corpus (tests/fixtures/variations): each file's expected fields, as text and as a PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.documents import parse_document
from ingest.errors import CertificateError
from tests.helpers import FIXTURES, as_table_text, mismatches
from tests.pdfgen import build_certificate_pdf

CORPUS = FIXTURES / "variations"
CASES = {
    path.name.removesuffix(".expected.json"): json.loads(path.read_text(encoding="utf-8"))
    for path in sorted(CORPUS.glob("*.expected.json"))
}
CERTIFICATES = sorted(name for name, expected in CASES.items() if not expected.get("error"))
NOT_CERTIFICATES = sorted(name for name, expected in CASES.items() if expected.get("error"))


def input_of(stem: str) -> Path:
    """Return the corpus input file of ``stem`` (its extension says its format)."""
    return next(p for p in CORPUS.glob(f"{stem}.*") if not p.name.endswith(".expected.json"))


@pytest.mark.parametrize("stem", CERTIFICATES)
def test_it_reads_every_expected_field_of_each_variation(stem: str) -> None:
    path = input_of(stem)
    _, certificate = parse_document(path.read_bytes(), path.name)
    assert mismatches(certificate.to_dict(), CASES[stem]) == []


# Text inputs rendered again as PDFs; two OCR samples are too long for the builder's three pages.
TOO_LONG = ("h07_csms16_fullsec_ocr", "b08")
PDF_CASES = [stem for stem in CERTIFICATES if input_of(stem).suffix != ".pdf" and stem not in TOO_LONG]


@pytest.mark.parametrize("stem", PDF_CASES)
def test_a_ruled_pdf_of_each_variation_gives_the_same_fields(stem: str) -> None:
    pdf = build_certificate_pdf(as_table_text(input_of(stem).read_bytes()))
    _, certificate = parse_document(pdf, f"{stem}.pdf")
    assert mismatches(certificate.to_dict(), CASES[stem]) == []


@pytest.mark.parametrize("stem", NOT_CERTIFICATES)
def test_it_rejects_each_file_that_is_no_certificate(stem: str) -> None:
    path = input_of(stem)
    with pytest.raises(CertificateError):
        parse_document(path.read_bytes(), path.name)
