"""OCA's listing of certified products as its JSON endpoint gives it, page by page, read into ``ListingRow`` values.

Pure: no Django, no I/O. The endpoint answers ``{"pages": P, "items": [...]}`` to a POST of ``page_query``.
``read_page`` checks the type of every field it uses and raises ``ListingPageError`` naming the product type,
the page and the item that is malformed; ``unique_rows`` keeps one row per number when paging showed an item on
two pages (OCA added or removed one while the pages were read).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from certificates.domain.listed import ListingRow, iso_date
from ingest.listing_csv import row_from_cells

POSTS_PER_PAGE = 50
# A bound no real listing comes near (a few hundred products per type): a larger page count is no listing.
MAX_PAGES = 1000
# The product types, by the kind the registry stores, as the endpoint's filter names them.
PRODUCT_TYPES = {"CSMS": "Charging Station Management System", "CS": "Charging Station"}
# The fields every item must have (each may be empty), and the cell each gives (the CSV mirror's columns).
_TEXT_FIELDS = {
    "company_link": "company_link",
    "country": "country",
    "product_designation": "product_designation",
    "certificate_type": "certificate_type",
    "version": "software_version",
    "protocol_version": "protocol_version",
    "date_of_registration": "date_of_registration",
    "product_type": "product_type",
}
_MONTHS = {
    name: number
    for number, month in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december"),
        start=1,
    )
    for name in (month, month[:3], "sept" if month == "september" else month[:3])
}  # fmt: skip
_MONTH_FIRST = re.compile(r"(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})")
_DAY_FIRST = re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?P<month>[a-z]+)\.?,?\s+(?P<year>\d{4})")


class ListingPageError(ValueError):
    """A page of the listing is not what the endpoint gives: the message names the page and the item."""


@dataclass(frozen=True)
class Page:
    """One page of the listing: how many pages there are, and its items as cells named like the CSV's columns."""

    pages: int
    items: list[dict[str, str]]


def page_query(product_type: str, page: int) -> dict[str, Any]:
    """Return the JSON body that asks the endpoint for ``page`` (from 1) of the ``product_type`` listing."""
    return {
        "id": "299052",
        "lang": "en",
        "paged": page,
        "posts_per_page": POSTS_PER_PAGE,
        "group": "main",
        "status": "active",
        "post_type": "certificate",
        "filters": [{"field": "product-type", "value": product_type}],
    }


def read_page(payload: object, *, product_type: str, page: int) -> Page:
    """Return the page the decoded JSON ``payload`` holds; raise ``ListingPageError`` if it is not one."""
    where = f"the {product_type} listing, page {page}"
    if not isinstance(payload, dict):
        raise ListingPageError(f"{where}: the answer is a JSON {_kind(payload)}, not an object")
    pages = payload.get("pages")
    if isinstance(pages, str) and pages.isdigit():
        pages = int(pages)
    if type(pages) is not int or not 0 <= pages <= MAX_PAGES:
        raise ListingPageError(f"{where}: 'pages' is {pages!r}, not a number of pages from 0 to {MAX_PAGES}")
    items = payload.get("items")
    if not isinstance(items, list):
        raise ListingPageError(f"{where}: 'items' is a JSON {_kind(items)}, not a list")
    return Page(pages, [item_cells(item, where=f"{where}, item {n}") for n, item in enumerate(items, start=1)])


def item_cells(item: object, *, where: str) -> dict[str, str]:
    """Return the cells of one item, named as the CSV mirror's columns; raise ``ListingPageError`` naming
    ``where`` and the field when a field is missing or of another type (an empty field is null, false or "")."""
    if not isinstance(item, dict):
        raise ListingPageError(f"{where}: the item is a JSON {_kind(item)}, not an object")
    certificate = _object(item, "certificate", where, required=True)
    number = _text(certificate, "text", where, "certificate.text")
    if not number:
        raise ListingPageError(f"{where}: certificate.text (the certificate number) is empty")
    file = _object(certificate, "file", where, name="certificate.file")
    company = _object(item, "company", where)
    cells = {
        "certificate_no": number,
        "company": _text(company, "text", where, "company.text") if company else "",
        "certificate_url": _text(file, "url", where, "certificate.file.url") if file else "",
    }
    for field, column in _TEXT_FIELDS.items():
        if field not in item:
            raise ListingPageError(f"{where}: the field {field!r} is missing")
        cells[column] = _text(item, field, where, field)
    return cells


def _object(parent: Mapping[str, Any], key: str, where: str, *, name: str = "", required: bool = False) -> Any:
    """Return the JSON object ``parent[key]``; {} when it is empty (null, false, "") unless ``required``."""
    name = name or key
    if key not in parent:
        raise ListingPageError(f"{where}: the field {name!r} is missing")
    value = parent[key]
    if value in (None, False, "") and not required:
        return {}
    if not isinstance(value, dict):
        raise ListingPageError(f"{where}: {name} is a JSON {_kind(value)}, not an object")
    return value


def _text(parent: Mapping[str, Any], key: str, where: str, name: str) -> str:
    """Return the text ``parent[key]``, stripped; "" when it is null or false; raise for any other type."""
    value = parent.get(key)
    if value is None or value is False:
        return ""
    if not isinstance(value, str):
        raise ListingPageError(f"{where}: {name} is a JSON {_kind(value)}, not text")
    return value.strip()


def _kind(value: object) -> str:
    """The JSON name of ``value``'s type."""
    names = {dict: "object", list: "list", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def registration_date(text: str) -> date | None:
    """Return the date ``text`` gives: "July 18th 2023", "July 1st, 2023", "18 July 2023", "Sept. 3 2024" or
    ISO "2023-07-18"; None when it is empty or no date (a day that month does not have)."""
    found = iso_date(text) if text.strip() else None
    if found is not None:
        return found
    cleaned = " ".join(text.lower().split())
    match = _MONTH_FIRST.fullmatch(cleaned) or _DAY_FIRST.fullmatch(cleaned)
    if match is None or match["month"] not in _MONTHS:
        return None
    try:
        return date(int(match["year"]), _MONTHS[match["month"]], int(match["day"]))
    except ValueError:
        return None


def row_of(cells: dict[str, str], *, position: int, kind: str) -> ListingRow:
    """Return the ``ListingRow`` of an item's ``cells``, at ``position``; an item whose product type names no
    kind is filed under the ``kind`` of the listing it was read from."""
    row = row_from_cells(position, cells)
    return replace(
        row, registered_on=registration_date(cells["date_of_registration"]), product_type=row.product_type or kind
    )


def unique_rows(rows: Iterable[ListingRow]) -> list[ListingRow]:
    """Return ``rows`` with one row per listed number (the first one), numbered again from 1."""
    kept: dict[str, ListingRow] = {}
    for row in rows:
        kept.setdefault(row.raw_number, row)
    return [replace(row, position=position) for position, row in enumerate(kept.values(), start=1)]


def listing_digest(cells: Iterable[Mapping[str, str]]) -> str:
    """Return the SHA-256 of the items' cells, in order: the same listing gives the same digest."""
    text = json.dumps(list(cells), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
