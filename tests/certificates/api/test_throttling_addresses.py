"""The API's throttles count per client address: a forged X-Forwarded-For gives no new budget, and behind
trusted proxies the address they forwarded is the one counted."""

from __future__ import annotations

import pytest
from pytest_django import Settings
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle

from tests.certificates.api import LIST

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(monkeypatch: pytest.MonkeyPatch) -> None:
    rates = {"anon": "2/minute", "export": "1/hour"}
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)


def test_a_forged_x_forwarded_for_gives_no_new_budget(low_rates: None) -> None:
    client = APIClient(REMOTE_ADDR="203.0.113.7")
    answers = [client.get(LIST, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(4)]
    assert answers == [200, 200, 429, 429]
    assert APIClient(REMOTE_ADDR="203.0.113.8").get(LIST).status_code == 200  # another address, its own budget


def test_a_forged_x_forwarded_for_gives_no_new_export_budget(low_rates: None) -> None:
    client = APIClient(REMOTE_ADDR="203.0.113.7")
    assert client.get(f"{LIST}export.csv").status_code == 200
    assert client.get(f"{LIST}export.csv", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(low_rates: None, settings: Settings) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = APIClient(REMOTE_ADDR="10.0.0.1")
    forged = [proxy.get(LIST, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7").status_code for n in range(3)]
    assert forged == [200, 200, 429]
    assert proxy.get(LIST, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200  # another client, same proxy
