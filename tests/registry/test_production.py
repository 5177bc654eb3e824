"""Production settings refuse to start on a weak secret and on bad security settings, are wired as the README
says, and pass Django's deployment checks. Each case imports the settings in a fresh process with its
environment."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIGURATION = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "DATABASE_URL", "TRUSTED_PROXY_COUNT",
                 "LOGIN_FAILURE_LIMIT", "LOGIN_COOLOFF_MINUTES", "SITE_SEARCH_RATE", "API_ANON_RATE",
                 "SITE_URL")  # fmt: skip
PRODUCTION = {"DEBUG": "false", "ALLOWED_HOSTS": "registry.example.org", "SECRET_KEY": secrets.token_urlsafe(50),
              "SITE_URL": "https://registry.example.org"}  # fmt: skip
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/registry")


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python *args`` in the project with only ``env`` as its configuration."""
    clean = {k: v for k, v in os.environ.items() if k not in CONFIGURATION and k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def settings_value(expression: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings module and print ``expression`` (of its names; several are printed space-separated)."""
    return run(["-c", f"from registry.settings import *; print({expression})"], **env)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "SECRET_KEY must be set when DEBUG is off"),
        ("", "SECRET_KEY must be set when DEBUG is off"),
        ("a-short-but-varied-key-0123456789", "SECRET_KEY is too weak for DEBUG off: it needs at least 50"),
        ("ab" * 40, "SECRET_KEY is too weak for DEBUG off"),  # long, but two distinct characters
        ("insecure-development-key-do-not-use-in-production", "SECRET_KEY is a development key"),
        ("django-insecure-" + secrets.token_urlsafe(50), "SECRET_KEY is a development key"),
    ],
    ids=["missing", "empty", "short", "few-characters", "this-projects-development-key", "django-startproject-key"],
)
def test_it_refuses_to_start_with_a_weak_secret_key(key: str | None, message: str) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = settings_value("SECRET_KEY", **env, **({"SECRET_KEY": key} if key is not None else {}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr  # how to make a good one


def test_it_starts_with_a_strong_secret_key() -> None:
    result = settings_value("SECRET_KEY", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == PRODUCTION["SECRET_KEY"]


def test_debugging_without_a_key_uses_the_development_key() -> None:
    result = settings_value("SECRET_KEY", DEBUG="true")
    assert result.stdout.strip() == "insecure-development-key-do-not-use-in-production"


def test_the_proxy_count_and_lockout_come_from_the_environment() -> None:
    env = {"TRUSTED_PROXY_COUNT": "2", "LOGIN_FAILURE_LIMIT": "8", "LOGIN_COOLOFF_MINUTES": "30",
           "SITE_SEARCH_RATE": "30/minute"}  # fmt: skip
    expression = (
        "REST_FRAMEWORK['NUM_PROXIES'], AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME.total_seconds(), "
        "REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['site_search'], AXES_CLIENT_IP_CALLABLE"
    )
    result = settings_value(expression, **env)
    assert result.stdout.split() == ["2", "8", "1800.0", "30/minute", "certificates.throttling.client_address"]
    defaults = settings_value("REST_FRAMEWORK['NUM_PROXIES'], AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME.total_seconds()")
    assert defaults.stdout.split() == ["0", "5", "900.0"]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TRUSTED_PROXY_COUNT", "-1", "TRUSTED_PROXY_COUNT must be at least 0"),
        ("TRUSTED_PROXY_COUNT", "one", "TRUSTED_PROXY_COUNT must be an integer"),
        ("LOGIN_FAILURE_LIMIT", "0", "LOGIN_FAILURE_LIMIT must be at least 1"),
        ("LOGIN_COOLOFF_MINUTES", "0", "LOGIN_COOLOFF_MINUTES must be at least 1"),
        ("SITE_SEARCH_RATE", "sixty/minute", "SITE_SEARCH_RATE must be a rate such as 600/minute"),
        ("API_ANON_RATE", "600/fortnight", "API_ANON_RATE must be a rate such as 600/minute"),
    ],
)
def test_a_bad_security_setting_is_named_at_start_up(name: str, value: str, message: str) -> None:
    result = settings_value("DEBUG", **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize("services", [False, True], ids=["embedded", "postgres-and-redis"])
def test_check_deploy_reports_no_issues(services: bool) -> None:
    env = {**PRODUCTION, **({"REDIS_URL": REDIS_URL, "DATABASE_URL": DATABASE_URL} if services else {})}
    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
