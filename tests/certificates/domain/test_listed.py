"""Tests of OCA's listing rows (certificates.domain.listed): number spellings, the flags a row earns on its own
(on made-up rows and on the real listing) and reconciling a row with a parsed certificate.

Pure functions, no database. The rows are read from CSV (data/oca-registry-csms.csv, or one made-up row).
"""

from __future__ import annotations

from datetime import date

import pytest

from certificates.domain.listed import FLAG_LABELS, Flag, FlagKind, ListingRow, ParsedFacts, number_in, reconcile
from tests.helpers import listing_row

MESHCRAFTS = ParsedFacts(
    holder="Meshcrafts AS",
    product_designation="SmartCharge",
    software_version="1.6J-24012021",
    certification_date=date(2021, 1, 25),
)


def lower(name: str) -> str:
    return name.lower()


def flagged(rows: list[ListingRow], kind: FlagKind) -> set[str]:
    """Return the raw numbers of the rows whose own flags include ``kind``."""
    return {row.raw_number for row in rows if kind in {flag.kind for flag in row.row_flags()}}


# number_in


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OCA.0016.0009.CSMS", "OCA.0016.0009.CSMS"),
        ("Certificate_OCA00160009CSMS_Meshcrafts-AS.pdf", "OCA.0016.0009.CSMS"),
        ("Certificate_OCA00160039CS_Daeyoung-Chaevi.pdf", "OCA.0016.0039.CS"),
        ("Certificate_OCA.0016.1050_CSMS_AI_RIDER.pdf", "OCA.0016.1050.CSMS"),
        ("Certificate_OCA00160112.CSMS_SUNGMIN.pdf", "OCA.0016.0112.CSMS"),
        ("W01.OCA_.0016.1071.CSMS-NGT_signed.pdf", "W01.OCA.0016.1071.CSMS"),
        ("Certificate_F01.OCA_.0016.1175.CS_CHAEVI.pdf", "F01.OCA.0016.1175.CS"),
        ("oca_0201_0053_csms", "OCA.0201.0053.CSMS"),
        ("OCA 0016 0001 CSMS", "OCA.0016.0001.CSMS"),
        ("OCA.0016.1137.CSMS - update-2025-12-12", "OCA.0016.1137.CSMS"),
        ("Certificate_OCA.0016.0254.CSMS_CSTechnology.pdf", "OCA.0016.0254.CSMS"),
    ],
)
def test_number_in_reads_odd_spellings(text: str, expected: str) -> None:
    assert number_in(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "E&H energy Co. Ltd",
        "Certificate_OCA.0016.0510_Ampeco.pdf",  # no type: not a number
        "Certificate_OCA.0016.0986.GNRGY_.pdf",
        "OCA.0016.0510_CSTechnology.pdf",  # "CS" starting a word is not the type
        "OCA.016.0009.CSMS",
        "XOCA.0016.0009.CSMS",
    ],
)
def test_number_in_finds_nothing(text: str) -> None:
    assert number_in(text) == ""


def test_number_in_never_cuts_csms_to_cs() -> None:
    assert number_in("OCA00160009CSMS") == "OCA.0016.0009.CSMS"
    assert number_in("OCA00160009CSMSX") == ""


# flag kinds


def test_labels_cover_every_kind() -> None:
    assert set(FLAG_LABELS) == set(FlagKind)
    assert FLAG_LABELS[FlagKind.HOLDER_RENAMED] == "Holder renamed"
    assert FlagKind.LINK_MISMATCH == "link_mismatch"


# row_flags on made-up rows


def test_a_clean_row_has_no_flags() -> None:
    assert listing_row().row_flags() == []


def test_a_suffixed_number_gives_its_update_date() -> None:
    row = listing_row(certificate_no="OCA.0016.0528.CSMS - update-2025-12-12")
    assert (row.number, row.reissued_on) == ("OCA.0016.0528.CSMS", date(2025, 12, 12))
    assert [flag.kind for flag in row.row_flags()] == [FlagKind.NUMBER_SUFFIXED]


def test_a_number_in_another_spelling_is_not_suffixed() -> None:
    row = listing_row(certificate_no="OCA00160528CSMS")
    assert (row.number, row.reissued_on, row.row_flags()) == ("OCA.0016.0528.CSMS", None, [])


def test_a_malformed_row_gets_the_link_hint_and_no_link_mismatch() -> None:
    row = listing_row(certificate_no="AHA Co., Ltd")
    assert row.number == ""
    assert row.row_flags() == [
        Flag(
            FlagKind.NUMBER_MALFORMED,
            'The certificate number cell holds "AHA Co., Ltd", not a certificate number; '
            "its link names OCA.0016.0528.CSMS.",
            listed="AHA Co., Ltd",
            parsed="OCA.0016.0528.CSMS",
        )
    ]


def test_a_cs_product_filed_as_csms_is_misfiled_and_back() -> None:
    cs_as_csms = listing_row(certificate_no="OCA.0016.0039.CS", certificate_url="")
    csms_as_cs = listing_row(product_type="Charging Station")
    assert FlagKind.PRODUCT_TYPE_MISFILED in {flag.kind for flag in cs_as_csms.row_flags()}
    assert [(flag.kind, flag.listed, flag.parsed) for flag in csms_as_cs.row_flags()] == [
        (FlagKind.PRODUCT_TYPE_MISFILED, "CS", "CSMS")
    ]


def test_a_link_naming_another_number_is_a_mismatch() -> None:
    row = listing_row(certificate_url="https://example.org/uploads/Certificate_OCA.0016.0114.CSMS_SG.pdf")
    assert row.row_flags() == [
        Flag(
            FlagKind.LINK_MISMATCH,
            "The listing links OCA.0016.0528.CSMS to a PDF named for OCA.0016.0114.CSMS.",
            listed="OCA.0016.0528.CSMS",
            parsed="OCA.0016.0114.CSMS",
        )
    ]


def test_a_link_naming_no_number_is_not_flagged() -> None:
    assert listing_row(certificate_url="https://example.org/Certificate_OCA.0016.0528_AHA.pdf").row_flags() == []


def test_missing_link_and_version_are_flagged() -> None:
    kinds = [flag.kind for flag in listing_row(certificate_url="", software_version=" ").row_flags()]
    assert kinds == [FlagKind.LINK_MISSING, FlagKind.VERSION_MISSING]


# reconcile on made-up rows


def test_reconcile_without_a_certificate_gives_the_row_flags() -> None:
    row = listing_row(software_version="")
    assert reconcile(row, None, lower) == row.row_flags()


def test_reconcile_agrees_beyond_case_spaces_and_version_prefixes() -> None:
    facts = ParsedFacts("aha co., ltd", "AHAEVC  csms 1.6", "Version 1.0.0", date(2023, 10, 11))
    assert reconcile(listing_row(), facts, lower) == []
    assert reconcile(listing_row(software_version="ver. 1.0.0"), facts, lower) == []


def test_reconcile_reports_each_difference() -> None:
    facts = ParsedFacts("AHA Corp", "AHAEVC CSMS 2.0", "1.0.1", date(2023, 10, 12))
    flags = reconcile(listing_row(), facts, lower)
    assert [(flag.kind, flag.listed, flag.parsed) for flag in flags] == [
        (FlagKind.HOLDER_RENAMED, "AHA Co., Ltd", "AHA Corp"),
        (FlagKind.DESIGNATION_DIFFERS, "AHAEVC CSMS 1.6", "AHAEVC CSMS 2.0"),
        (FlagKind.VERSION_DIFFERS, "v1.0.0", "1.0.1"),
        (FlagKind.DATE_DIFFERS, "2023-10-11", "2023-10-12"),
    ]


def test_reconcile_uses_the_key_for_holders() -> None:
    facts = ParsedFacts("AHA", "AHAEVC CSMS 1.6", "", None)
    assert reconcile(listing_row(), facts, lambda name: name.split()[0].lower()) == []


def test_reconcile_skips_versions_and_dates_it_cannot_compare() -> None:
    facts = ParsedFacts("AHA Co., Ltd", "AHAEVC CSMS 1.6", "9.9", None)
    assert [flag.kind for flag in reconcile(listing_row(software_version=""), facts, lower)] == [
        FlagKind.VERSION_MISSING
    ]
    assert reconcile(listing_row(date_of_registration=""), facts, lower) == [
        Flag(
            FlagKind.VERSION_DIFFERS,
            'The listing gives software version "v1.0.0"; the certificate prints "9.9".',
            listed="v1.0.0",
            parsed="9.9",
        )
    ]


def test_reconcile_compares_a_reissued_row_by_its_registration_date() -> None:
    row = listing_row(certificate_no="OCA.0016.0528.CSMS - update-2025-12-12")
    facts = ParsedFacts("AHA Co., Ltd", "AHAEVC CSMS 1.6", "1.0.0", date(2023, 10, 11))
    assert [flag.kind for flag in reconcile(row, facts, lower)] == [FlagKind.NUMBER_SUFFIXED]


# row_flags and reconcile on the real listing


def test_real_suffixed_numbers(listing: list[ListingRow]) -> None:
    assert flagged(listing, FlagKind.NUMBER_SUFFIXED) == {
        "OCA.0016.1137.CSMS - update-2025-12-12",
        "OCA.0016.1159.CSMS - update-2025-12-15",
        "OCA.0016.1152.CSMS - update-2025-12-12",
        "OCA.0016.1153.CSMS - update-2025-12-12",
    }
    assert {row.number: row.reissued_on for row in listing if row.reissued_on} == {
        "OCA.0016.1137.CSMS": date(2025, 12, 12),
        "OCA.0016.1159.CSMS": date(2025, 12, 15),
        "OCA.0016.1152.CSMS": date(2025, 12, 12),
        "OCA.0016.1153.CSMS": date(2025, 12, 12),
    }


def test_real_malformed_number(listing: list[ListingRow]) -> None:
    assert flagged(listing, FlagKind.NUMBER_MALFORMED) == {"E&H energy Co. Ltd"}
    (row,) = [row for row in listing if not row.number]
    assert number_in(row.certificate_url) == "OCA.0016.0678.CSMS"
    assert FlagKind.LINK_MISMATCH not in {flag.kind for flag in row.row_flags()}


def test_real_misfiled_product_types(listing: list[ListingRow]) -> None:
    assert flagged(listing, FlagKind.PRODUCT_TYPE_MISFILED) == {"OCA.0016.0039.CS", "OCA.0016.0060.CS"}


def test_real_missing_links(listing: list[ListingRow]) -> None:
    empty = {row.raw_number for row in listing if not row.raw["certificate_url"]}
    assert flagged(listing, FlagKind.LINK_MISSING) == empty == {"OCA.0016.0451.CSMS", "OCA.0016.0452.CSMS"}


def test_real_missing_versions(listing: list[ListingRow]) -> None:
    empty = {row.raw_number for row in listing if not row.raw["software_version"]}
    assert flagged(listing, FlagKind.VERSION_MISSING) == empty
    assert empty == {"OCA.0016.1137.CSMS - update-2025-12-12", "OCA.0016.0942.CSMS"}


def test_real_link_mismatches(listing: list[ListingRow]) -> None:
    """Only 0016.1114 links another certificate's PDF (0114); dot-less, "_"-separated and "OCA_." names agree."""
    assert flagged(listing, FlagKind.LINK_MISMATCH) == {"OCA.0016.1114.CSMS"}
    unnamed = {row.number for row in listing if row.certificate_url and not number_in(row.certificate_url)}
    assert unnamed == {"OCA.0016.0510.CSMS", "OCA.0016.0986.CSMS", "OCA.0016.0467.CSMS"}
    white_label = next(row for row in listing if row.number.startswith("W01."))
    assert white_label.row_flags() == []


def test_real_rows_other_than_the_flawed_ones_are_clean(listing: list[ListingRow]) -> None:
    assert sum(bool(row.row_flags()) for row in listing) == 11


def test_reconcile_real_meshcrafts_row(listing: list[ListingRow]) -> None:
    row = next(row for row in listing if row.number == "OCA.0016.0009.CSMS")
    assert reconcile(row, MESHCRAFTS, lower) == [
        Flag(
            FlagKind.HOLDER_RENAMED,
            'The listing names the holder "Current Eco AS"; the certificate prints "Meshcrafts AS".',
            listed="Current Eco AS",
            parsed="Meshcrafts AS",
        ),
        Flag(
            FlagKind.DESIGNATION_DIFFERS,
            'The listing names the product "CURRENT"; the certificate prints "SmartCharge".',
            listed="CURRENT",
            parsed="SmartCharge",
        ),
    ]


def test_a_type_code_token_nobody_knows_is_flagged_on_the_row() -> None:
    row = listing_row(certificate_type="Full + Turbo")
    (flag,) = [flag for flag in row.row_flags() if flag.kind == FlagKind.TYPE_CODE_UNKNOWN]
    assert "“Turbo”" in flag.message and flag.listed == "Full + Turbo"
    assert FlagKind.TYPE_CODE_UNKNOWN not in {
        flag.kind for flag in listing_row(certificate_type="Core + S").row_flags()
    }


def test_a_type_code_the_documents_passes_disagree_with_is_flagged() -> None:
    six = (
        ("Core", "Pass"),
        ("Firmware Management", "Pass"),
        ("Smart Charging", "Not Tested"),
        ("Reservation", "Pass"),
        ("Local Authorization List Management", "Pass"),
        ("Remote Trigger", "Pass"),
    )
    facts = ParsedFacts("AHA Co., Ltd", "AHAEVC CSMS 1.6", "1.0.0", date(2023, 10, 11), "1.6", six)
    (flag,) = [flag for flag in reconcile(listing_row(), facts) if flag.kind == FlagKind.TYPE_CODE_DIFFERS]
    assert "claimed but not passed per the document: Smart Charging" in flag.message
    assert (flag.listed, flag.parsed) == ("Full", "Core + L + R")
    passing = tuple((name, "Pass") for name, _ in six)
    agreeing = ParsedFacts("AHA Co., Ltd", "AHAEVC CSMS 1.6", "1.0.0", date(2023, 10, 11), "1.6", passing)
    assert FlagKind.TYPE_CODE_DIFFERS not in {flag.kind for flag in reconcile(listing_row(), agreeing)}
    silent = ParsedFacts("AHA Co., Ltd", "AHAEVC CSMS 1.6", "1.0.0", date(2023, 10, 11), "1.6", ())
    assert FlagKind.TYPE_CODE_DIFFERS not in {flag.kind for flag in reconcile(listing_row(), silent)}
