"""Admin login lockout (django-axes), through the real login form: after LOGIN_FAILURE_LIMIT failures from one
client address, every login from it is refused with a 429 page for the cool-off; the address is decided as
for the throttles, so a forged X-Forwarded-For changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.db.models import F
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

pytestmark = pytest.mark.django_db
LOGIN = reverse("admin:login")
PASSWORD = "a long and right password 42"


@pytest.fixture(autouse=True)
def admin_user(settings: Settings) -> User:
    """The admin who logs in; passwords hashed quickly, since the tests check many."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return User.objects.create_superuser("registrar", "registrar@example.org", PASSWORD)


def log_in(client: Client, password: str, **headers: str) -> int:
    """Submit the admin login form; return the status code (302 when signed in)."""
    return client.post(LOGIN, {"username": "registrar", "password": password, "next": "/admin/"}, **headers).status_code


def fail(client: Client, times: int, **headers: str) -> list[int]:
    return [log_in(client, f"wrong {n}", **headers) for n in range(times)]


def test_repeated_failures_lock_the_address_out_even_with_the_right_password() -> None:
    limit = django_settings.AXES_FAILURE_LIMIT
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert fail(client, limit) == [200] * (limit - 1) + [429]
    refused = client.post(LOGIN, {"username": "registrar", "password": PASSWORD, "next": "/admin/"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == django_settings.AXES_COOLOFF_TIME.total_seconds()
    page = " ".join(refused.content.decode().split())
    assert f"After {limit} failed logins from your address" in page
    assert f"for {int(django_settings.AXES_COOLOFF_TIME.total_seconds() // 60)} minutes" in page
    assert "_auth_user_id" not in client.session


def test_another_address_can_still_log_in() -> None:
    fail(Client(REMOTE_ADDR="203.0.113.7"), django_settings.AXES_FAILURE_LIMIT)
    assert log_in(Client(REMOTE_ADDR="203.0.113.8"), PASSWORD) == 302


def test_fewer_failures_than_the_limit_do_not_lock_and_a_success_clears_them() -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    fail(client, django_settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, PASSWORD) == 302
    client.logout()
    assert fail(client, django_settings.AXES_FAILURE_LIMIT - 1) == [200] * (django_settings.AXES_FAILURE_LIMIT - 1)


def test_a_forged_x_forwarded_for_does_not_escape_the_lockout() -> None:
    limit = django_settings.AXES_FAILURE_LIMIT
    client = Client(REMOTE_ADDR="203.0.113.7")
    answers = [log_in(client, f"wrong {n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in range(limit + 1)]
    assert answers[limit - 1 :] == [429, 429]
    assert log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99") == 429


def test_behind_a_trusted_proxy_the_forwarded_client_is_locked_out(settings: Settings) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    fail(proxy, django_settings.AXES_FAILURE_LIMIT, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    assert log_in(proxy, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7") == 429
    assert log_in(proxy, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.8") == 302  # another client, same proxy


def test_the_lockout_ends_after_the_cool_off() -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    fail(client, django_settings.AXES_FAILURE_LIMIT)
    assert log_in(client, PASSWORD) == 429
    past = django_settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - past)
    assert log_in(client, PASSWORD) == 302


def test_rotating_ipv6_addresses_inside_one_64_does_not_escape_the_lockout() -> None:
    limit = django_settings.AXES_FAILURE_LIMIT
    answers = [log_in(Client(REMOTE_ADDR=f"2001:db8:5:5::{n + 1:x}"), f"wrong {n}") for n in range(limit + 1)]
    assert answers[limit - 1 :] == [429, 429]
    assert log_in(Client(REMOTE_ADDR="2001:db8:5:5:abcd::1"), PASSWORD) == 429
    assert log_in(Client(REMOTE_ADDR="2001:db8:5:6::1"), PASSWORD) == 302  # another network
