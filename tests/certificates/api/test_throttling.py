"""Throttling: anonymous clients, and the exports' own, stricter rate."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.certificates.api import LIST

pytestmark = pytest.mark.django_db


def test_anonymous_clients_are_throttled(seeds: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    client = APIClient()
    assert [client.get(LIST).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert "Retry-After" in client.get(LIST)


def test_exports_have_a_throttle_of_their_own(seeds: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"export": "1/hour", "anon": "100/minute"})
    client = APIClient()
    assert client.get(f"{LIST}export.csv").status_code == 200
    assert client.get(f"{LIST}export.ndjson").status_code == 429
    assert client.get(LIST).status_code == 200
