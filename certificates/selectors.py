"""Reads of the registry shared by the API and the site: facet counts and export rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from certificates.choices import OcppVersion, ProductType, ProfileResultValue
from certificates.models import Certificate, ProfileResult

FACETS = ("ocpp_version", "product_type", "certificate_type", "profile", "lab", "year", "octt_version")


def certificate_facets(queryset: QuerySet[Certificate]) -> dict[str, list[dict[str, Any]]]:
    """Return, for each facet, the values found among ``queryset`` with their counts, most frequent first.

    Each value is ``{"value", "label", "count"}``; ``value`` is what the matching filter takes (a lab's id,
    a year). Runs one grouped query per facet.
    """
    ids = queryset.order_by().values("pk")
    plain = Certificate.objects.filter(pk__in=ids).order_by()
    labels = {**dict(OcppVersion.choices), **dict(ProductType.choices)}
    facets = {
        field: _counts(plain.exclude(**{field: ""}), field, lambda value: labels.get(value, value))
        for field in ("ocpp_version", "product_type", "certificate_type", "octt_version")
    }
    passed = ProfileResult.objects.filter(certificate__in=ids, result=ProfileResultValue.PASS).order_by()
    facets["profile"] = _counts(passed, "name", str)
    with_lab = plain.filter(lab__isnull=False)
    lab_names = dict(with_lab.values_list("lab_id", "lab__name").distinct())
    facets["lab"] = _counts(with_lab, "lab_id", lab_names.get)
    years = plain.filter(certification_date__isnull=False).annotate(year=ExtractYear("certification_date"))
    facets["year"] = sorted(_counts(years, "year", str), key=lambda item: -item["value"])
    return {name: facets[name] for name in FACETS}


def _counts(queryset: QuerySet[Any], field: str, label: Callable[[Any], Any]) -> list[dict[str, Any]]:
    """Count ``queryset`` by ``field``: most frequent value first, then by label."""
    rows = queryset.values(field).annotate(count=Count("pk")).values_list(field, "count")
    items = [{"value": value, "label": label(value), "count": count} for value, count in rows]
    return sorted(items, key=lambda item: (-item["count"], str(item["label"])))


# Columns of the CSV export, in order: one row per certificate, profiles as lists.
CSV_COLUMNS = [
    "number", "version", "ocpp_version", "product_type", "certificate_type", "holder", "holder_name",
    "product_designation", "software_version", "firmware_version", "hardware_version", "certification_date",
    "lab", "test_lab_location", "test_date", "test_report_reference", "octt_version", "profiles_passed",
    "profiles_not_passed", "url",
]  # fmt: skip


def csv_lines(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """Yield the CSV export of ``records`` (full API records) line by line, header first."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    yield _drain(buffer)
    for record in records:
        profiles = record.get("profiles", [])
        writer.writerow(
            {
                **record,
                "holder": (record.get("holder") or {}).get("name", ""),
                "lab": (record.get("lab") or {}).get("name", ""),
                "profiles_passed": "; ".join(p["name"] for p in profiles if p["result"] == ProfileResultValue.PASS),
                "profiles_not_passed": "; ".join(
                    f"{p['name']} ({p['result']})" for p in profiles if p["result"] != ProfileResultValue.PASS
                ),
            }
        )
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def ndjson_lines(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """Yield one JSON document per record, each on its own line."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False, default=_json_default) + "\n"


def _json_default(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
