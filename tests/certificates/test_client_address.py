"""The client's address, decided once for every throttle and the login lockout: REMOTE_ADDR, or the address
the outermost of ``TRUSTED_PROXY_COUNT`` proxies saw; a forged X-Forwarded-For never counts."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from pytest_django import Settings

from certificates.throttling import client_address


def proxies(settings: Settings, count: int) -> None:
    """Trust ``count`` proxies, as TRUSTED_PROXY_COUNT does (settings.py wires it into DRF's NUM_PROXIES)."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}


def test_it_uses_the_connection_address_when_no_proxy_is_trusted(rf: RequestFactory) -> None:
    request = rf.get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1, 198.51.100.2")
    assert client_address(request) == "203.0.113.7"


@pytest.mark.parametrize(
    ("count", "forwarded", "client"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the client wrote the first address itself
        (2, "198.51.100.1, 203.0.113.7, 192.0.2.10", "203.0.113.7"),  # a CDN's address, then the client's
        (2, "203.0.113.7, 192.0.2.10", "203.0.113.7"),
        (1, None, "10.0.0.1"),  # no header: the proxy itself (a health check)
    ],
)
def test_it_takes_the_address_the_outermost_trusted_proxy_saw(
    rf: RequestFactory, settings: Settings, count: int, forwarded: str | None, client: str
) -> None:
    proxies(settings, count)
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    assert client_address(rf.get("/", REMOTE_ADDR="10.0.0.1", **headers)) == client


def test_the_drf_throttles_and_the_lockout_ask_the_same_function(settings: Settings, rf: RequestFactory) -> None:
    from axes.helpers import get_client_ip_address
    from rest_framework.settings import api_settings

    proxies(settings, 1)
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    throttles = [throttle() for throttle in api_settings.DEFAULT_THROTTLE_CLASSES]
    assert {throttle.get_ident(request) for throttle in throttles} == {"203.0.113.7"}
    assert get_client_ip_address(request) == "203.0.113.7"


@pytest.mark.parametrize(
    ("remote", "client"),
    [
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::"),  # the same subscriber's network
        ("2001:db8:1:3::1", "2001:db8:1:3::"),  # the next one is another client
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("203.0.113.7", "203.0.113.7"),
    ],
)
def test_an_ipv6_client_counts_as_its_64_network(rf: RequestFactory, remote: str, client: str) -> None:
    assert client_address(rf.get("/", REMOTE_ADDR=remote)) == client


def test_rotating_ipv6_addresses_inside_a_64_gives_no_new_budget(rf: RequestFactory) -> None:
    from certificates.throttling import AnonThrottle

    idents = {AnonThrottle().get_ident(rf.get("/", REMOTE_ADDR=f"2001:db8:7:7::{n:x}")) for n in range(1, 200)}
    assert idents == {"2001:db8:7:7::"}
