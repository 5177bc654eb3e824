"""OCA's public listing of certified products as a CSV file (the public mirror's columns), read row by row.

Pure: no Django, no I/O. ``read_listing`` turns the CSV text into ``ListingRow`` values (the registry's
vocabulary, ``certificates.domain.listed``), which the listing services store and compare with certificates.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from certificates.domain.listed import ListingRow, iso_date, number_in, update_date
from certificates.domain.products import kind_of_product_type, ocpp_version_named

COLUMNS = (
    "certificate_no",
    "company",
    "company_link",
    "country",
    "product_designation",
    "certificate_type",
    "software_version",
    "protocol_version",
    "date_of_registration",
    "certificate_url",
    "product_type",
)


class ListingError(ValueError):
    """The text is not OCA's CSV listing: empty, not UTF-8 text, or missing columns."""


def read_listing(text: str | bytes) -> list[ListingRow]:
    """Return the rows of the listing's CSV text (bytes are decoded as UTF-8); raise ListingError if it is not one.

    Handles a BOM, CRLF line ends and quoted commas; blank lines are skipped, missing cells read as "".
    """
    text = _decode(text)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        _check_header(reader.fieldnames)
        return [row_from_cells(position, cells) for position, cells in enumerate(reader, start=1)]
    except csv.Error as error:
        raise ListingError(f"The listing is not readable CSV: {error}.") from error


def _decode(text: str | bytes) -> str:
    """Return ``text`` as a string; raise ListingError for undecodable, binary or empty input."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ListingError(f"The listing is not UTF-8 text (byte {error.start} is invalid).") from error
    if "\x00" in text or "\ufffd" in text:
        raise ListingError("The listing is not UTF-8 text (it holds NUL bytes or replacement characters).")
    if not text.strip("\ufeff \t\r\n"):
        raise ListingError("The listing is empty.")
    return text


def _check_header(fieldnames: Sequence[str] | None) -> None:
    """Raise ListingError naming the columns the header lacks."""
    present = {name.strip() for name in fieldnames or ()}
    missing = [name for name in COLUMNS if name not in present]
    if missing:
        raise ListingError(f"The listing is missing columns: {', '.join(missing)}.")


def row_from_cells(position: int, cells: Mapping[Any, Any]) -> ListingRow:
    """Return the ListingRow of one CSV record."""
    raw = {key.strip(): value.strip() if isinstance(value, str) else "" for key, value in cells.items() if key}
    raw_number = raw["certificate_no"]
    return ListingRow(
        position=position,
        raw_number=raw_number,
        number=number_in(raw_number),
        reissued_on=update_date(raw_number),
        company=raw["company"],
        company_link=raw["company_link"],
        country=raw["country"],
        product_designation=raw["product_designation"],
        certificate_type=raw["certificate_type"],
        software_version=raw["software_version"],
        ocpp_version=ocpp_version_named(raw["protocol_version"]),
        registered_on=iso_date(raw["date_of_registration"]),
        certificate_url=raw["certificate_url"],
        product_type=kind_of_product_type(raw["product_type"]),
        raw=raw,
    )
