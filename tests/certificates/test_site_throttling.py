"""The site's expensive pages (searches, compare, feeds, suggestions for an unknown number) are throttled per
anonymous client address like the API: 429 with Retry-After and a page that says what to do; a forged
X-Forwarded-For gives no new budget; the counters live in the shared cache."""

from __future__ import annotations

import os
import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import Settings

from certificates.throttling import SITE_SCOPE, SiteThrottle
from registry.cache import RegistryRedisCache

pytestmark = pytest.mark.django_db
BUDGET = 3
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
EXPENSIVE = [
    "/certificates/?q=charger",
    "/certificates/?flag=holder_renamed",
    "/certificates/?ocpp_version=1.6&page=2",
    "/compare/?number=A&number=B",
    "/feeds/search.atom?q=charger",
    "/feeds/certificates.atom",
    "/certificates/OCA.9999.0001.CSMS/",  # unknown: the close numbers are searched for
]


@pytest.fixture(autouse=True)
def _low_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SiteThrottle, "THROTTLE_RATES", {SITE_SCOPE: f"{BUDGET}/minute"})


@pytest.mark.parametrize("path", EXPENSIVE)
def test_it_answers_429_with_retry_after_once_the_budget_is_spent(path: str) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    answers = [client.get(path) for _ in range(BUDGET + 1)]
    assert 429 not in [a.status_code for a in answers[:BUDGET]]
    refused = answers[-1]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    page = " ".join(refused.content.decode().split())
    assert "Too many requests" in page and f"try again in {refused['Retry-After']} second" in page
    assert "/api/v1/dump/" in page


def test_every_expensive_page_draws_on_one_budget() -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    answers = [client.get(path).status_code for path in EXPENSIVE[: BUDGET + 2]]
    assert 429 not in answers[:BUDGET] and answers[BUDGET:] == [429, 429]


def test_a_forged_x_forwarded_for_gives_no_new_budget() -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    answers = [client.get(EXPENSIVE[0], HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(5)]
    assert answers == [200] * BUDGET + [429, 429]
    assert Client(REMOTE_ADDR="203.0.113.8").get(EXPENSIVE[0]).status_code == 200  # its own budget


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_budget(settings: Settings) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    first = [proxy.get(EXPENSIVE[0], HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7") for n in range(4)]
    assert [a.status_code for a in first] == [200] * BUDGET + [429]
    assert proxy.get(EXPENSIVE[0], HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


def test_cheap_pages_are_not_counted() -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(BUDGET):
        client.get(EXPENSIVE[0])
    assert client.get(EXPENSIVE[0]).status_code == 429
    cheap = ["/", "/certificates/", "/certificates/?ordering=number", "/statistics/"]
    assert [client.get(path).status_code for path in cheap] == [200] * len(cheap)


def test_signed_in_users_are_not_throttled(client: Client) -> None:
    client.force_login(User.objects.create_user("reader"))
    assert {client.get(EXPENSIVE[0]).status_code for _ in range(BUDGET + 2)} == {200}


def test_the_counters_live_in_the_shared_cache(settings: Settings) -> None:
    """Two web processes (two cache clients on one Redis) see one budget."""
    prefix = f"throttle-test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {"BACKEND": "registry.cache.RegistryRedisCache", "LOCATION": REDIS_URL,
                                   "KEY_PREFIX": prefix}}  # fmt: skip
    other_process = RegistryRedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    key = f"throttle_{SITE_SCOPE}_203.0.113.7"
    try:
        client = Client(REMOTE_ADDR="203.0.113.7")
        for _ in range(BUDGET):
            assert client.get(EXPENSIVE[0]).status_code == 200
        assert len(other_process.get(key)) == BUDGET
        assert client.get(EXPENSIVE[0]).status_code == 429
    finally:
        other_process.delete(key)
