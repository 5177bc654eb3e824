"""Tests of certificates.domain.plausible: records no certificate looks like are told apart from real ones.

Pure functions, no database. That every seed certificate and every variation is plausible is tested with the
corpus in tests/ingest/test_outcomes.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from certificates.domain.numbers import is_canonical_number
from certificates.domain.plausible import MAX_TEXT_CHARS, implausibilities, name_problem, recognised_fields
from certificates.domain.record import ParsedCertificate, ProfileResult, Signatory

RECORD = ParsedCertificate(
    certificate_number="OCA.0016.0009.CSMS",
    holder="Meshcrafts AS",
    product_designation="SmartCharge",
    software_version="1.6J-24012021",
    certification_date=date(2021, 1, 25),
    test_lab="DNV GL",
    test_date=date(2021, 1, 25),
    test_report_reference="DNVGL_20210125_Test Report_Meshcrafts_V104",
    octt_version="1.6.1",
    profiles=(ProfileResult("Core", "Pass"),),
    lab_signatory=Signatory(name="Casper van der Sluis"),
)


def test_a_whole_certificate_is_plausible() -> None:
    assert implausibilities(RECORD, text_chars=4_000) == []


@pytest.mark.parametrize(
    "name",
    ["E1", "3M", "EVAR", "KERI (Korea Electrotechnology Research Institute)", "Ampérique SAS", "星星充电", "A&B"],
)
def test_short_odd_and_foreign_names_are_names(name: str) -> None:
    assert name_problem(name) is None


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        (":", "it has no letter"),
        ("- / -", "it has no letter"),
        ("2021-01-25", "it has no letter"),
        ("Meshcrafts " * 30, "it has 330 characters (at most 255)"),
        (" ".join(["word"] * 25), "it has 25 words (at most 24)"),
        ("see OCA.0016.0009.CSMS in the log", "it quotes a certificate number"),
    ],
)
def test_it_tells_why_a_value_is_no_name(name: str, problem: str) -> None:
    assert name_problem(name) == problem


@pytest.mark.parametrize(
    ("field", "label"),
    [("holder", "holder"), ("product_designation", "product designation"), ("test_lab", "test laboratory")],
)
def test_a_holder_product_or_lab_that_is_no_name_is_implausible(field: str, label: str) -> None:
    record = replace(RECORD, **{field: ":"})
    assert implausibilities(record, text_chars=4_000) == [f'{label} ":" is no name: it has no letter']


def test_a_number_not_in_canonical_form_is_implausible() -> None:
    record = replace(RECORD, certificate_number="OCA.16.9.CSMS")
    assert implausibilities(record, text_chars=4_000) == [
        'certificate number "OCA.16.9.CSMS" is not of the form OCA.VVVV.NNNN.CSMS or .CS'
    ]


@pytest.mark.parametrize(
    ("number", "canonical"),
    [
        ("OCA.0016.0009.CSMS", True),
        ("W01.OCA.0016.1071.CSMS", True),
        ("OCA.0201.0002.CS", True),
        ("OCA.0016.0009.CSMS ", False),
        ("OCA.0016.0009", False),
        ("OCA.٠٠١٦.0009.CSMS", False),  # Arabic-Indic digits are digits to \d, not to a certificate number
    ],
)
def test_it_tells_a_canonical_number(number: str, canonical: bool) -> None:
    assert is_canonical_number(number) is canonical


def test_a_record_with_almost_no_fields_is_implausible() -> None:
    """What a large text that quotes a number gives: a number, a holder, and nothing a certificate prints."""
    record = ParsedCertificate(certificate_number="OCA.0016.0009.CSMS", holder="Meshcrafts AS", test_lab="DNV GL")
    assert recognised_fields(record) == ["holder", "test laboratory"]
    assert implausibilities(record, text_chars=4_000) == [
        "only 2 of the 10 fields a certificate prints were found (holder, test laboratory)"
    ]


def test_four_fields_are_enough() -> None:
    record = ParsedCertificate(
        certificate_number="OCA.0016.0009.CSMS",
        holder="Meshcrafts AS",
        certification_date=date(2021, 1, 25),
        profiles=(ProfileResult("Core", "Pass"),),
        vendor_signatory=Signatory(name="Elmir Zeynalov"),
    )
    assert implausibilities(record, text_chars=4_000) == []


def test_a_text_far_larger_than_any_certificate_is_implausible() -> None:
    assert implausibilities(RECORD, text_chars=MAX_TEXT_CHARS) == []
    assert implausibilities(RECORD, text_chars=7_340_032) == [
        "the text has 7,340,032 characters, far more than any certificate (500,000)"
    ]


def test_every_broken_rule_is_told() -> None:
    record = ParsedCertificate(certificate_number="OCA.0016.0009.CSMS", holder=":")
    assert implausibilities(record, text_chars=7_340_032) == [
        'holder ":" is no name: it has no letter',
        "only 1 of the 10 fields a certificate prints were found (holder)",
        "the text has 7,340,032 characters, far more than any certificate (500,000)",
    ]
