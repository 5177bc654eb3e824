"""Helpers shared by the parser tests: fixture paths and field-by-field comparison with expected records."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ingest.text import clean_markup, decode_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"
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
