"""Reading the pages of OCA's JSON listing into listing rows (pure: no database, no network)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ingest.oca.items import (
    ListingPageError,
    item_cells,
    listing_digest,
    page_query,
    read_page,
    registration_date,
    row_of,
    unique_rows,
)
from tests.ingest.oca.conftest import CS, CSMS, item


def page(*items: Any, pages: Any = 1) -> dict[str, Any]:
    return {"pages": pages, "items": list(items)}


def test_the_query_is_the_one_oca_answers() -> None:
    assert page_query(CS, 3) == {
        "id": "299052", "lang": "en", "paged": 3, "posts_per_page": 50, "group": "main", "status": "active",
        "post_type": "certificate", "filters": [{"field": "product-type", "value": "Charging Station"}],
    }  # fmt: skip


def test_an_item_becomes_a_listing_row_with_every_field() -> None:
    read = read_page(page(item("OCA.0016.0528.CSMS", pdf="https://oca.example/c.pdf")), product_type=CSMS, page=1)
    row = row_of(read.items[0], position=7, kind="CSMS")
    assert (row.position, row.raw_number, row.number, row.company, row.company_link, row.country) == (
        7, "OCA.0016.0528.CSMS", "OCA.0016.0528.CSMS", "AHA Co., Ltd", "https://example.org/aha", "Republic of Korea",
    )  # fmt: skip
    assert (row.product_designation, row.certificate_type, row.software_version, row.ocpp_version) == (
        "AHAEVC CSMS", "Full", "v1.0.0", "1.6",
    )  # fmt: skip
    assert (row.registered_on, row.certificate_url, row.product_type) == (
        date(2023, 7, 18), "https://oca.example/c.pdf", "CSMS",
    )  # fmt: skip
    assert row.raw["date_of_registration"] == "July 18th 2023"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("July 18th 2023", date(2023, 7, 18)),
        ("July 1st, 2023", date(2023, 7, 1)),
        ("March 2nd 2024", date(2024, 3, 2)),
        ("October 23rd 2022", date(2022, 10, 23)),
        ("  september 11th  2021 ", date(2021, 9, 11)),
        ("Sept. 3 2024", date(2024, 9, 3)),
        ("Dec 31st 2020", date(2020, 12, 31)),
        ("18th July 2023", date(2023, 7, 18)),
        ("2023-07-18", date(2023, 7, 18)),
        ("February 30th 2023", None),
        ("Smarch 3rd 2023", None),
        ("soon", None),
        ("", None),
    ],
)
def test_registration_dates_are_read_with_their_ordinals(text: str, expected: date | None) -> None:
    assert registration_date(text) == expected


def test_empty_fields_read_as_empty_and_an_unknown_type_takes_the_listing_s() -> None:
    listed = item("OCA.0016.0500.CS", company=None, country=False, version="", product_type="")
    row = row_of(item_cells(listed, where="here"), position=1, kind="CS")
    assert (row.company, row.country, row.software_version, row.certificate_url, row.product_type) == (
        "", "", "", "", "CS",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ([], "the CSMS listing, page 2: the answer is a JSON list, not an object"),
        ({"items": []}, "'pages' is None"),
        ({"pages": -1, "items": []}, "'pages' is -1"),
        ({"pages": True, "items": []}, "'pages' is True"),
        ({"pages": 1, "items": {}}, "'items' is a JSON object, not a list"),
        (page("x"), "page 2, item 1: the item is a JSON string, not an object"),
        (page(item("A"), {**item("B"), "certificate": "B"}), "page 2, item 2: certificate is a JSON string"),
        (page({**item("A"), "certificate": {"text": 9}}), "item 1: certificate.text is a JSON number, not text"),
        (page({**item("A"), "certificate": {"text": " "}}), "item 1: certificate.text (the certificate number) is"),
        (page({**item("A"), "certificate": {"text": "A", "file": ["u"]}}), "certificate.file is a JSON list"),
        (page({**item("A"), "certificate": {"text": "A", "file": {"url": 1}}}), "certificate.file.url is a JSON"),
        (page({**item("A"), "company": {"text": ["x"]}}), "item 1: company.text is a JSON list, not text"),
        (page({**item("A"), "version": 1.6}), "item 1: version is a JSON number, not text"),
        (page({k: v for k, v in item("A").items() if k != "date_of_registration"}), "'date_of_registration' is miss"),
    ],
)
def test_a_malformed_page_is_an_error_naming_the_page_the_item_and_the_field(payload: Any, message: str) -> None:
    with pytest.raises(ListingPageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_page(payload, product_type="CSMS", page=2)


def test_the_same_number_on_two_pages_is_counted_once() -> None:
    first = read_page(page(item("OCA.0016.0001.CSMS"), item("OCA.0016.0002.CSMS"), pages=2), product_type=CSMS, page=1)
    second = read_page(page(item("OCA.0016.0002.CSMS"), item("OCA.0016.0003.CSMS"), pages=2), product_type=CSMS, page=2)
    cells = [*first.items, *second.items]
    rows = unique_rows(row_of(c, position=n, kind="CSMS") for n, c in enumerate(cells, start=1))
    assert [(row.position, row.raw_number) for row in rows] == [
        (1, "OCA.0016.0001.CSMS"), (2, "OCA.0016.0002.CSMS"), (3, "OCA.0016.0003.CSMS"),
    ]  # fmt: skip


def test_the_digest_is_the_same_for_the_same_items_only() -> None:
    cells = [item_cells(item("OCA.0016.0001.CSMS"), where="")]
    assert listing_digest(cells) == listing_digest([dict(cells[0])])
    assert listing_digest(cells) != listing_digest([{**cells[0], "country": "Norway"}])
