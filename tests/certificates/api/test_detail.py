"""A certificate's detail record: every parsed field, and 404 for an unknown number."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.certificates.api import LIST

pytestmark = pytest.mark.django_db


def test_a_certificate_has_every_parsed_field(seeds: None) -> None:
    record = APIClient().get(f"{LIST}OCA.0016.0009.CSMS/").json()
    assert record["holder"]["name"] == "Meshcrafts AS"
    assert record["test_lab_name"] == "DNV GL"
    assert record["applied_tests_lab"] == "DNV GL Lab Arnhem, NL"
    assert record["octt_version"] == "1.4.2"
    assert [p["name"] for p in record["profiles"]][-1] == "Remote Trigger"
    assert record["performance"][0] == {
        "name": "OCPP response timeout",
        "pics_value_s": 5.0,
        "measured_value_s": 3.0,
        "pics_value_raw": "5 sec",
        "measured_value_raw": "3 sec",
        "description": "The response time for when waiting for an OCPP response message.",
    }
    assert {s["role"]: s["name"] for s in record["signatories"]} == {
        "lab": "Casper van der Sluis",
        "vendor": "Elmir Zeynalov",
    }
    assert record["document"].startswith("http://testserver/documents/")


def test_an_unknown_number_is_404(seeds: None) -> None:
    assert APIClient().get(f"{LIST}OCA.0016.9999.CSMS/").status_code == 404
