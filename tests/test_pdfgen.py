"""Tests for tests/pdfgen.py: the generated certificates, read back with pdfplumber directly."""

from __future__ import annotations

import io
from functools import cache

import pdfplumber
import pytest

from tests.pdfgen import PAGE_COUNT, SEEDS_DIR, build_certificate_pdf, clean_certificate_text, load_seeds

SEEDS = load_seeds()
SEED_NAMES = sorted(SEEDS)

CORE_DESCRIPTION = (
    "Basic Charging Station functionality for booting, authorization (incl. cache if available), "
    "configuration, transactions, remote control."
)
REMOTE_TRIGGER_DESCRIPTION = (
    "Support for remotely triggering messages that originate from a Charging Station. This can be "
    "used for resending messages or for getting the latest information from the Charging Station."
)


@cache
def _pdf(name: str, ruled: bool = True) -> bytes:
    return build_certificate_pdf(SEEDS[name], ruled=ruled)


def _flat(cell: str | None) -> str:
    """A pdfplumber cell with its wrapped lines (joined by newlines) put back on one line."""
    return " ".join((cell or "").split())


def _page_tables(pdf_bytes: bytes) -> list[list[list[list[str | None]]]]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [page.extract_tables() for page in pdf.pages]


def test_seed_fixtures_are_present() -> None:
    assert SEEDS_DIR.is_dir()
    assert len(SEEDS) == 5
    assert all(text.lstrip().startswith(("OCPP 1.6", "# OCPP 1.6")) for text in SEEDS.values())


@pytest.mark.parametrize("name", SEED_NAMES)
def test_three_pages_with_footer_and_section_starts(name: str) -> None:
    with pdfplumber.open(io.BytesIO(_pdf(name))) as pdf:
        assert len(pdf.pages) == PAGE_COUNT
        texts = [page.extract_text() for page in pdf.pages]
    for n, text in enumerate(texts, start=1):
        assert text.splitlines()[-1] == f"Page {n} from 3"
    assert texts[0].startswith("OCPP 1.6 Full Certificate")
    assert "For the Open Charge Alliance:" in texts[0]
    assert texts[1].startswith("Abstract of test report")
    assert texts[2].startswith("Performance Measurement Results")
    assert "Statement of Approval" in texts[2]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_results_table_has_cells_in_rows(name: str) -> None:
    tables = _page_tables(_pdf(name))[1]
    rows = [[_flat(cell) for cell in row] for table in tables for row in table]
    assert ["Core", "Pass", CORE_DESCRIPTION] in rows
    assert ["Remote Trigger", "Pass", REMOTE_TRIGGER_DESCRIPTION] in rows
    assert ["Functionalities", "OCPP 1.6 Certification Test Results", "Description"] in rows
    # The long descriptions wrap inside their cell: several lines, one cell.
    raw = [row for table in tables for row in table if row[0] == "Remote Trigger"]
    assert len(raw) == 1
    assert raw[0][2] is not None and raw[0][2].count("\n") >= 2


def test_applied_tests_table_without_markup() -> None:
    tables = _page_tables(_pdf("001_38b104c6f537bd29"))[0]
    assert len(tables) == 1
    header, row = ([_flat(c) for c in r] for r in tables[0])
    assert header == ["Applied tests", "Performed by / on", "Document evidence"]
    assert row == [
        "Conformance testing according to the test specification referenced by the test report",
        "DEKRA Certification Inc., May 12, 2021",
        "DEKRA_20210512_Test Report_SemaConnect_V104",
    ]


def test_ruled_false_has_no_tables_but_keeps_the_words() -> None:
    name = "000_d42e1137ead7e816"
    pdf_bytes = _pdf(name, ruled=False)
    assert _page_tables(pdf_bytes) == [[], [], []]
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        assert len(pdf.pages) == PAGE_COUNT
        words = [w["text"] for w in pdf.pages[1].extract_words()]
        text = pdf.pages[1].extract_text()
    for word in ("Core", "Pass", "Basic", "Remote", "Trigger", "whitelisting"):
        assert word in words
    # Columns are apart: the cells of a row come out on one line, separated by spaces.
    assert "Core Pass Basic Charging Station functionality" in text
    assert "Local Authorization List Management Pass Features" in text


@pytest.mark.parametrize("ruled", [True, False])
def test_build_is_deterministic(ruled: bool) -> None:
    text = SEEDS["003_5fa35c9b1f76e96e"]
    first = build_certificate_pdf(text, ruled=ruled)
    assert first.startswith(b"%PDF-")
    assert build_certificate_pdf(text, ruled=ruled) == first


def test_markup_is_stripped_and_winansi_kept() -> None:
    with pdfplumber.open(io.BytesIO(_pdf("003_5fa35c9b1f76e96e"))) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    for markup in ("**", "<b>", "<i>", "</i>", "# ", "##"):
        assert markup not in text
    assert "Certificate holder: I-Charge Solutions International Co. Ltd." in text
    assert "OCPP 1.6 \u2013 Edition 2" in text  # the en dash survives (WinAnsi)


def test_non_winansi_characters_are_dropped() -> None:
    name = "002_0660209c32adafc6"
    assert "\u0627\u0645" in SEEDS[name]  # Arabic glyph noise in the seed
    with pdfplumber.open(io.BytesIO(_pdf(name))) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "\u0627" not in text and "\u0645" not in text
    assert "Korea Smart Grid Association" in text


def test_clean_certificate_text() -> None:
    raw = (
        "\ufeff## Abstract of test report  \r\n"
        "**Vendor name:**\u00a0A&amp;B <i>Ltd</i>\t<b>x</b>\t\t \r\n"
        "caf&eacute; \u2013 <u></u>\r\n"
    )
    assert clean_certificate_text(raw) == ("Abstract of test report\nVendor name: A&B Ltd\tx\t\t\ncaf\u00e9 \u2013\n")


def test_characters_outside_winansi_do_not_crash() -> None:
    text = (
        "OCPP 1.6 Full Certificate\n"
        "Certificate holder: \u4e2d\u6587 \ud55c\uad6d \u0627\u0645 \U0001f600 \u0151 A\u2264B \u2212 R&D\n"
        "Name\tP\u0159\u00edklad \u2010 x\t\u0627\u0645\n"
    )
    with pdfplumber.open(io.BytesIO(build_certificate_pdf(text))) as pdf:
        assert len(pdf.pages) == PAGE_COUNT
        page = pdf.pages[0]
        assert "Certificate holder: o A<=B - R&D" in page.extract_text()
        assert page.extract_tables() == [[["Name", "Pr\u00edklad - x"]]]  # \u0159 -> r, \u00ed is WinAnsi
