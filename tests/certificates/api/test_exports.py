"""Exports: CSV and NDJSON of the selected certificates, streamed, and the dump of every published version."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import date

import pytest
from rest_framework.response import Response
from rest_framework.test import APIClient

from certificates.models import (
    Certificate,
    DataQualityFlag,
    ListingEntry,
    ListingImport,
    PerformanceMeasurement,
    ProfileResult,
)
from tests.certificates.api import LIST
from tests.factories import make_certificate, make_certificates, make_holder

pytestmark = pytest.mark.django_db


def _streamed(response: Response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_the_csv_export_has_a_row_per_selected_certificate(seeds: None) -> None:
    response = APIClient().get(f"{LIST}export.csv", {"ocpp_version": "1.6", "q": "korea"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="oca-certificates-')
    rows = list(csv.DictReader(io.StringIO(_streamed(response).decode())))
    assert [row["number"] for row in rows] == ["OCA.0016.0042.CSMS", "OCA.0016.0073.CSMS"]
    assert rows[0]["lab"] == "Korea Smart Grid Association"
    assert rows[0]["profiles_passed"].startswith("Core; ")


def test_the_ndjson_export_holds_the_detail_records(seeds: None) -> None:
    client = APIClient()
    lines = _streamed(client.get(f"{LIST}export.ndjson")).decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["number"] for r in records] == sorted(r["number"] for r in records) and len(records) == 5
    assert records[0] == client.get(f"{LIST}{records[0]['number']}/").json()


def test_an_export_of_many_certificates_streams_them_all() -> None:
    make_certificates(1234)
    lines = _streamed(APIClient().get(f"{LIST}export.csv")).decode().splitlines()
    assert len(lines) == 1235


def test_an_export_answers_400_for_an_invalid_filter(seeds: None) -> None:
    response = APIClient().get(f"{LIST}export.csv", {"certified_after": "2022-13-01"})
    assert response.status_code == 400
    assert "certified_after" in response.json()


def test_the_dump_holds_every_published_version(seeds: None) -> None:
    old = Certificate.objects.get(number="OCA.0016.0009.CSMS")
    Certificate.objects.filter(pk=old.pk).update(is_current=False)
    make_certificate(
        number=old.number,
        version=2,
        holder=old.holder,
        holder_name=old.holder_name,
        certification_date=date(2023, 1, 1),
    )
    data = gzip.decompress(_streamed(APIClient().get("/api/v1/dump/")))
    records = [json.loads(line) for line in data.decode().splitlines()]
    assert [(r["number"], r["version"]) for r in records][:2] == [(old.number, 1), (old.number, 2)]
    assert len(records) == 6
    assert [v["version"] for v in records[1]["versions"]] == [2, 1]


def _csv(response: Response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_streamed(response).decode())))


def test_the_csv_export_has_a_column_per_profile_with_its_evidence(seeds: None) -> None:
    holder = make_holder(name="Listed Only GmbH")
    make_certificate(number="OCA.0016.9001.CSMS", holder=holder, source="listing")
    made = ListingImport.objects.create()
    ListingEntry.objects.create(raw_number="OCA.0016.9001.CSMS", number="OCA.0016.9001.CSMS", position=1,
                                certificate_type="Core + C", first_import=made, last_import=made)  # fmt: skip
    seed = Certificate.objects.get(number="OCA.0016.0009.CSMS")
    ProfileResult.objects.create(certificate=seed, position=9, name="Advanced Security", result="Not Tested")
    rows = {row["number"]: row for row in _csv(APIClient().get(f"{LIST}export.csv"))}
    meshcrafts, listed = rows["OCA.0016.0009.CSMS"], rows["OCA.0016.9001.CSMS"]
    assert meshcrafts["profile: Core"] == "Pass" and meshcrafts["profile: Advanced Security"] == "Not Tested"
    assert (listed["profile: Core"], listed["profile: Smart Charging"]) == ("claimed", "claimed")
    assert listed["profile: Reservation"] == "unknown"
    assert listed["profile: Advanced Device Management"] == ""  # OCPP 1.6 certifies no such profile


def test_the_csv_export_has_the_figures_in_seconds_the_status_and_the_flags(seeds: None) -> None:
    response = APIClient().get(f"{LIST}export.csv")
    rows = _csv(response)
    header = list(rows[0])
    figures = [column for column in header if column.endswith("(s)")]
    names = sorted(set(PerformanceMeasurement.objects.values_list("name", flat=True)))
    assert figures == [column for name in names for column in (f"{name}: PICS (s)", f"{name}: measured (s)")]
    by_number = {row["number"]: row for row in rows}
    meshcrafts, semaconnect = by_number["OCA.0016.0009.CSMS"], by_number["OCA.0016.0019.CSMS"]
    assert (meshcrafts["OCPP response timeout: PICS (s)"], meshcrafts["OCPP response timeout: measured (s)"]) == (
        "5",
        "3",
    )
    assert semaconnect["OCPP response timeout: PICS (s)"] == "100"
    assert meshcrafts["status"] == "unlisted" and "flags" in header


def test_the_csv_export_names_the_flags_raised(seeds: None) -> None:
    entry_import = ListingImport.objects.create()
    entry = ListingEntry.objects.create(raw_number="OCA.0016.0009.CSMS", number="OCA.0016.0009.CSMS", position=1,
                                        first_import=entry_import, last_import=entry_import)  # fmt: skip
    for kind in ("holder_renamed", "date_differs"):
        DataQualityFlag.objects.create(entry=entry, number=entry.number, kind=kind, message="m")
    rows = {row["number"]: row for row in _csv(APIClient().get(f"{LIST}export.csv"))}
    assert rows["OCA.0016.0009.CSMS"]["flags"] == "date_differs; holder_renamed"
    assert rows["OCA.0016.0019.CSMS"]["flags"] == ""


def test_the_figure_columns_come_only_from_the_certificates_selected(seeds: None) -> None:
    PerformanceMeasurement.objects.filter(certificate__number="OCA.0016.0019.CSMS").update(name="Only SemaConnect")
    rows = _csv(APIClient().get(f"{LIST}export.csv", {"q": "meshcrafts"}))
    assert [row["number"] for row in rows] == ["OCA.0016.0009.CSMS"]
    assert not any("Only SemaConnect" in column for column in rows[0])
