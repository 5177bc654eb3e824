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

from certificates.models import Certificate
from tests.certificates.api import LIST
from tests.factories import make_certificate, make_certificates

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
