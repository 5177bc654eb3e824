"""Helpers shared by the tests: fixture paths, field-by-field comparison with expected records, OCA's listing
and a one-row listing, type-code letters."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from certificates.domain.listed import ListingRow
from ingest.listing_csv import read_listing
from ingest.text import clean_markup, decode_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LISTING = Path(__file__).resolve().parents[1] / "data" / "oca-registry-csms.csv"  # OCA's real listing, 293 rows
LISTING_HEADER = (
    "certificate_no,company,company_link,country,product_designation,certificate_type,software_version,"
    "protocol_version,date_of_registration,certificate_url,product_type"
)
SEEDS = FIXTURES / "seeds"
SEEDS_EXPECTED: dict[str, dict[str, Any]] = {
    name: record
    for name, record in json.loads((FIXTURES / "seeds-expected.json").read_text(encoding="utf-8")).items()
    if not name.startswith("_")
}


def seed_text(name: str) -> str:
    """Return the text of seed ``name`` as stored (noise, tabs and all)."""
    return (SEEDS / name).read_text(encoding="utf-8")


def mismatches(record: dict[str, Any], expected: dict[str, Any], path: str = "") -> list[str]:
    """Return one line per expected field the record gets wrong; lists compare only the expected keys."""
    wrong: list[str] = []
    for field, want in expected.items():
        got = record.get(field) if isinstance(record, dict) else None
        where = f"{path}{field}"
        if isinstance(want, dict):
            wrong.extend(mismatches(got or {}, want, f"{where}.") if got is not None else [f"{where}: missing"])
        elif isinstance(want, list):
            keys = list(want[0]) if want else []
            trimmed = [{k: item.get(k) for k in keys} for item in (got or [])] if keys else list(got or [])
            if trimmed != want:
                wrong.append(f"{where}: expected {want}, got {trimmed}")
        elif got != want:
            wrong.append(f"{where}: expected {want!r}, got {got!r}")
    return wrong


def count_fields(expected: dict[str, Any]) -> int:
    """Return how many fields ``mismatches`` checks in ``expected`` (a list counts as one)."""
    return sum(count_fields(v) if isinstance(v, dict) else 1 for v in expected.values())


def as_table_text(data: bytes) -> str:
    """Return a text input as tab-separated plain text, so the PDF builder draws its tables as real tables."""
    text = re.sub(r"(?<=\S) {2,}(?=\S)", "\t", clean_markup(decode_text(data)))
    return "\n".join(line.strip(" ") for line in text.split("\n"))


def letters_of(certificate_type: str) -> list[str]:
    """Return the optional-profile letters of a ``Core + …`` type code, in printed order."""
    head, *letters = certificate_type.split(" + ")
    assert head == "Core"
    return letters


def listing_row(**cells: str) -> ListingRow:
    """Return the single row of a CSV built from a valid default row with ``cells`` replaced."""
    values = {
        "certificate_no": "OCA.0016.0528.CSMS",
        "company": "AHA Co., Ltd",
        "company_link": "",
        "country": "Republic of Korea",
        "product_designation": "AHAEVC CSMS 1.6",
        "certificate_type": "Full",
        "software_version": "v1.0.0",
        "protocol_version": "OCPP 1.6",
        "date_of_registration": "2023-10-11",
        "certificate_url": "https://example.org/Certificate_OCA.0016.0528.CSMS_AHA.pdf",
        "product_type": "Charging Station Management System",
    }
    values.update(cells)
    line = ",".join('"' + value.replace('"', '""') + '"' for value in values.values())
    (row,) = read_listing(f"{LISTING_HEADER}\n{line}\n")
    return row
