"""HTTP caching: reads carry Cache-Control, ETag and Last-Modified, and answer 304 until the record changes."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from certificates.models import Certificate
from tests.certificates.api import LIST

pytestmark = pytest.mark.django_db


def test_reads_carry_validators_and_answer_304(seeds: None) -> None:
    client = APIClient()
    for path in (LIST, f"{LIST}OCA.0016.0009.CSMS/", f"{LIST}?q=dnv"):
        response = client.get(path)
        assert response["Cache-Control"] == "public, max-age=60"
        assert "Accept" in response["Vary"]
        assert client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
        assert client.get(path, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    detail = client.get(f"{LIST}OCA.0016.0009.CSMS/")
    Certificate.objects.filter(number="OCA.0016.0009.CSMS").update(product_designation="SmartCharge 2")
    assert client.get(f"{LIST}OCA.0016.0009.CSMS/", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 200
