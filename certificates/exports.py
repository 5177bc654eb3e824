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
from certificates.domain.profiles import PROFILE_NAMES
from certificates.domain.spreadsheet import FormulaSafeDictWriter
from certificates.domain.typecodes import CLAIMED, UNKNOWN
from certificates.evidence import evidence_of
from certificates.models import Certificate, PerformanceMeasurement

BATCH = 500
# Columns of the CSV export, in order: one row per certificate, profiles as lists; ``source`` says whether it was
# read from its document or only listed by OCA, ``status`` where it stands in OCA's listing.
CSV_COLUMNS = [
    "number", "version", "ocpp_version", "product_type", "certificate_type", "holder", "holder_name",
    "product_designation", "software_version", "firmware_version", "hardware_version", "certification_date",
    "lab", "test_lab_location", "test_date", "test_report_reference", "octt_version", "profiles_passed",
    "profiles_not_passed", "source", "status", "listed_since", "last_seen", "withdrawn_on", "url", "flags",
]  # fmt: skip
# After them, one column per profile (its result per the document, else "claimed" by OCA's type code, or
# "unknown"; empty for a profile its OCPP version does not certify), then a PICS and a measured column (seconds)
# per performance figure any certificate exported has.
PROFILE_COLUMNS = {name: f"profile: {name}" for name in PROFILE_NAMES}


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


def measurement_names(queryset: QuerySet[Certificate]) -> list[str]:
    """Return the names of the performance figures the certificates of ``queryset`` have, sorted (one query)."""
    figures = PerformanceMeasurement.objects.filter(certificate__in=queryset.order_by().values("pk"))
    return sorted(set(figures.values_list("name", flat=True).distinct()))


def csv_columns(measurements: Iterable[str] = ()) -> list[str]:
    """Return the CSV export's columns: ``CSV_COLUMNS``, one per profile, two per figure of ``measurements``."""
    figures = [column for name in measurements for column in _figure_columns(name)]
    return [*CSV_COLUMNS, *PROFILE_COLUMNS.values(), *figures]


def _figure_columns(name: str) -> tuple[str, str]:
    return f"{name}: PICS (s)", f"{name}: measured (s)"


def csv_lines(records: Iterator[dict[str, Any]], measurements: Iterable[str] = ()) -> Iterator[str]:
    """Yield the CSV export of ``records`` (full API records) line by line, header first, with the columns of
    ``csv_columns(measurements)``; no cell starts a spreadsheet formula (``FormulaSafeDictWriter``)."""
    buffer = io.StringIO()
    writer = FormulaSafeDictWriter(buffer, fieldnames=csv_columns(measurements), extrasaction="ignore")
    writer.writeheader()
    yield _drain(buffer)
    for record in records:
        writer.writerow({**record, **_listed_columns(record), **_profile_columns(record), **_figures(record)})
        yield _drain(buffer)


def _listed_columns(record: dict[str, Any]) -> dict[str, str]:
    """The columns of ``CSV_COLUMNS`` that are not a field of the record as it is."""
    profiles = record.get("profiles", [])
    return {
        "holder": (record.get("holder") or {}).get("name", ""),
        "lab": (record.get("lab") or {}).get("name", ""),
        "profiles_passed": "; ".join(p["name"] for p in profiles if p["result"] == ProfileResultValue.PASS),
        "profiles_not_passed": "; ".join(
            f"{p['name']} ({p['result']})" for p in profiles if p["result"] != ProfileResultValue.PASS
        ),
        "flags": "; ".join(flag["kind"] for flag in record.get("flags", [])),
    }


def _profile_columns(record: dict[str, Any]) -> dict[str, str]:
    """Each profile's column: the document's result, else "claimed" or "unknown" (``evidence_of``)."""
    evidence = evidence_of(
        ocpp_version=record.get("ocpp_version", ""),
        source=record.get("source", ""),
        certificate_type=record.get("certificate_type", ""),
        profiles=record.get("profiles", []),
        listing=record.get("listing", []),
    )
    words = {CLAIMED: "claimed", UNKNOWN: "unknown"}
    return {
        PROFILE_COLUMNS[e.name]: e.result or words.get(e.evidence, "") for e in evidence if e.name in PROFILE_COLUMNS
    }


def _figures(record: dict[str, Any]) -> dict[str, str]:
    """The PICS and measured columns of each performance figure of the record, in seconds."""
    columns = {}
    for figure in record.get("performance", []):
        pics, measured = _figure_columns(figure["name"])
        columns[pics], columns[measured] = _seconds(figure["pics_value_s"]), _seconds(figure["measured_value_s"])
    return columns


def _seconds(value: float | None) -> str:
    return "" if value is None else format(value, "g")


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
