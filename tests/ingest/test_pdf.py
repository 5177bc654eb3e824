"""PDF extraction: seeds built into real PDFs give the seeds' records; every kind of bad file a clear error."""

from __future__ import annotations

import io
import random

import pytest
from reportlab.pdfgen.canvas import Canvas

from ingest.documents import media_type_of, parse_document, read_document
from ingest.errors import ExtractionError, ParseError
from ingest.pdf import extract_text
from tests.helpers import SEEDS_EXPECTED, mismatches, seed_text
from tests.pdfgen import build_certificate_pdf

SEED_NAMES = sorted(SEEDS_EXPECTED)


@pytest.fixture(scope="module")
def ruled_pdfs() -> dict[str, bytes]:
    return {name: build_certificate_pdf(seed_text(name)) for name in SEED_NAMES}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_ruled_pdf_of_each_seed_gives_the_seed_record(name: str, ruled_pdfs: dict[str, bytes]) -> None:
    document, certificate = parse_document(ruled_pdfs[name], name.replace(".txt", ".pdf"))
    assert document.media_type == "application/pdf"
    assert document.pages == 3
    assert mismatches(certificate.to_dict(), SEEDS_EXPECTED[name]) == []


@pytest.mark.parametrize("name", SEED_NAMES)
def test_an_unruled_pdf_of_each_seed_gives_the_seed_record(name: str) -> None:
    _, certificate = parse_document(build_certificate_pdf(seed_text(name), ruled=False), "seed.pdf")
    assert mismatches(certificate.to_dict(), SEEDS_EXPECTED[name]) == []


def test_it_keeps_table_cells_as_cells(ruled_pdfs: dict[str, bytes]) -> None:
    text = extract_text(ruled_pdfs["000_d42e1137ead7e816.txt"]).text
    core = next(line for line in text.split("\n") if line.startswith("Core\t"))
    name, result, description = core.split("\t")
    assert (name, result) == ("Core", "Pass")
    # The description wraps over three lines inside its cell; it comes back whole, on one line.
    assert description.startswith("Basic Charging Station functionality") and description.endswith("remote control.")


def _pdf(draw: callable, **canvas_options: object) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, **canvas_options)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_it_rejects_an_encrypted_pdf() -> None:
    data = _pdf(lambda c: c.drawString(72, 720, "OCPP 1.6 Full Certificate"), encrypt="secret")
    with pytest.raises(ExtractionError, match="encrypted"):
        read_document(data, media_type_of(data, "locked.pdf"))


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9])
def test_it_rejects_a_truncated_pdf(cut: float, ruled_pdfs: dict[str, bytes]) -> None:
    data = ruled_pdfs["001_38b104c6f537bd29.txt"]
    try:
        document, _ = parse_document(data[: int(len(data) * cut)], "cut.pdf")
    except (ExtractionError, ParseError) as error:
        assert str(error)
    else:  # pdfminer may recover the pages before the cut; what it reads must then be real text.
        assert document.text.strip()


def test_it_rejects_a_pdf_without_text() -> None:
    data = _pdf(lambda c: c.rect(100, 100, 200, 200, fill=1))
    with pytest.raises(ExtractionError, match="no text layer"):
        read_document(data, media_type_of(data, "scan.pdf"))


def test_it_rejects_a_pdf_of_something_else() -> None:
    data = _pdf(lambda c: c.drawString(72, 720, "Invoice 118: 3 chargers, total 4,500 EUR"))
    with pytest.raises(ParseError, match="not an OCA certificate"):
        parse_document(data, "invoice.pdf")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG image"),
        (b"\xff\xd8\xff\xe0" + bytes(64), "JPEG image"),
        (b"PK\x03\x04" + bytes(64), "ZIP archive"),
        (random.Random(7).randbytes(4096), "neither a PDF nor readable text"),
        (b"%PDF-1.7\n" + random.Random(8).randbytes(2048), "damaged"),
    ],
    ids=["empty", "png", "jpeg", "zip", "junk", "pdf-junk"],
)
def test_it_names_what_is_wrong_with_a_file_that_is_no_certificate(data: bytes, message: str) -> None:
    with pytest.raises(ExtractionError, match=message):
        read_document(data, media_type_of(data, "upload"))


def test_it_reads_utf16_text_files() -> None:
    data = seed_text("004_46e2c1a1b98fd4ac.txt").encode("utf-16")
    _, certificate = parse_document(data, "004.txt")
    assert certificate.certificate_number == "OCA.0016.0042.CSMS"
