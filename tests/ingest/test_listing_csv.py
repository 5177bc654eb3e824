"""Tests of reading OCA's listing as CSV (ingest.listing_csv): encodings, quoting, odd or missing values,
files that are not the listing, and every row of the real one (data/oca-registry-csms.csv, 293 CSMS rows).

Pure functions, no database. What a row's values mean and how they are flagged is tested in
tests/certificates/domain/test_listed.py.
"""

from __future__ import annotations

from datetime import date

import pytest

from certificates.domain.listed import ListingRow
from ingest.listing_csv import ListingError, read_listing
from tests.helpers import LISTING_HEADER, listing_row


def test_it_reads_bom_crlf_and_quoted_commas() -> None:
    line = 'OCA.0016.0528.CSMS,"AHA Co., Ltd",,Korea,AHAEVC,Full,v1.0.0,OCPP 2.0.1,2023-10-11,,Charging Station'
    (row,) = read_listing(f"\ufeff{LISTING_HEADER}\r\n{line}\r\n")
    assert row.company == "AHA Co., Ltd"
    assert row.number == "OCA.0016.0528.CSMS"
    assert row.ocpp_version == "2.0.1"
    assert row.product_type == "CS"
    assert row.registered_on == date(2023, 10, 11)
    assert row.position == 1
    assert row.raw["company"] == "AHA Co., Ltd"


def test_it_reads_utf8_bytes() -> None:
    data = f"{LISTING_HEADER}\nOCA.0016.0001.CSMS,Driivz,,Israel,Driivz,Full,1.0,OCPP 1.6,2019-11-25,,CSMS\n"
    (row,) = read_listing(("\ufeff" + data).encode("utf-8"))
    assert (row.number, row.product_type, row.ocpp_version) == ("OCA.0016.0001.CSMS", "CSMS", "1.6")


def test_it_keeps_unknown_and_invalid_values_empty() -> None:
    row = listing_row(protocol_version="OCPP 3.0", product_type="Toaster", date_of_registration="July 18th 2023")
    assert (row.ocpp_version, row.product_type, row.registered_on) == ("", "", None)


def test_it_reads_a_header_only_file_as_no_rows() -> None:
    assert read_listing(LISTING_HEADER + "\n") == []


def test_it_names_missing_columns() -> None:
    text = LISTING_HEADER.replace(",country", "").replace(",product_type", "") + "\n"
    with pytest.raises(ListingError, match=r"^The listing is missing columns: country, product_type\.$"):
        read_listing(text)


def test_it_rejects_a_file_that_is_not_the_listing() -> None:
    with pytest.raises(ListingError, match="missing columns: certificate_no, company, company_link"):
        read_listing("name,age\nalice,3\n")


@pytest.mark.parametrize("text", ["", "  \r\n", "\ufeff"])
def test_it_rejects_an_empty_file(text: str) -> None:
    with pytest.raises(ListingError, match=r"^The listing is empty\.$"):
        read_listing(text)


def test_it_rejects_bytes_that_are_not_utf8() -> None:
    with pytest.raises(ListingError, match=r"not UTF-8 text \(byte 0 is invalid\)"):
        read_listing(b"\xff\xfec\x00e\x00r\x00")


def test_it_rejects_text_decoded_from_binary() -> None:
    with pytest.raises(ListingError, match="not UTF-8 text"):
        read_listing("%PDF-1.4\x00\x00")
    with pytest.raises(ListingError, match="not UTF-8 text"):
        read_listing(LISTING_HEADER + "\nOCA.0016.0001.CSMS,Soci\ufffdt\ufffd\n")


# the real listing


def test_it_reads_every_row_of_the_real_listing(listing: list[ListingRow]) -> None:
    assert len(listing) == 293
    assert [row.position for row in listing] == list(range(1, 294))
    assert {row.product_type for row in listing} == {"CSMS"}
    assert {row.ocpp_version for row in listing} == {"1.6", "2.0.1"}
    assert all(row.registered_on is not None for row in listing)
    assert sum(row.number == "" for row in listing) == 1
