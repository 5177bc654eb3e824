"""Exports of the registry: the certificates a search selects as CSV or NDJSON, and the whole registry as
gzipped NDJSON. Every export streams: certificates are read in batches and written line by line.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import islice
from typing import Any

from django.db.models import QuerySet

from certificates.api.serializers import CertificateSerializer
from certificates.choices import ProfileResultValue
from certificates.domain.spreadsheet import FormulaSafeDictWriter
from certificates.models import Certificate

BATCH = 500
# Columns of the CSV export, in order: one row per certificate, profiles as lists; ``source`` says whether it was
# read from its document or only listed by OCA, ``status`` where it stands in OCA's listing.
CSV_COLUMNS = [
    "number", "version", "ocpp_version", "product_type", "certificate_type", "holder", "holder_name",
    "product_designation", "software_version", "firmware_version", "hardware_version", "certification_date",
    "lab", "test_lab_location", "test_date", "test_report_reference", "octt_version", "profiles_passed",
    "profiles_not_passed", "source", "status", "listed_since", "last_seen", "withdrawn_on", "url",
]  # fmt: skip


def certificate_records(queryset: QuerySet[Certificate], context: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield the full API record (the detail endpoint's) of each certificate of ``queryset``, which must come
    ``with_tables()``, in its order.

    Reads the ids first (one query), then the records in batches of ``BATCH`` (one query each). Every statement
    is short, so a web request's statement timeout bounds each, and no cursor stays open on the server while
    the answer streams (a cursor kept across transactions is filled at its first commit, beyond any timeout).
    """
    ids = list(queryset.values_list("pk", flat=True))
    for batch in batched(ids, BATCH):
        rows = {row.pk: row for row in queryset.filter(pk__in=batch)}
        found = [rows[pk] for pk in batch if pk in rows]  # a certificate deleted since is left out
        yield from CertificateSerializer(found, many=True, context=context).data


def csv_lines(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """Yield the CSV export of ``records`` (full API records) line by line, header first; no cell starts a
    spreadsheet formula (``FormulaSafeDictWriter``)."""
    buffer = io.StringIO()
    writer = FormulaSafeDictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
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
    """Return what ``buffer`` holds and empty it."""
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


def gzipped(lines: Iterator[str]) -> Iterator[bytes]:
    """Compress ``lines`` as one gzip stream, yielding a block every few hundred lines."""
    stream = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    for chunk in batched(lines, 200):
        block = stream.compress("".join(chunk).encode())
        if block:
            yield block
    yield stream.flush()


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Yield lists of ``size`` items of ``items`` (the last one shorter); itertools.batched is Python 3.12."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
