"""``SITE_URL``, the canonical root of every absolute link: read from the environment, refused at start-up when
it is anything but a scheme and host, and missed by ``check --deploy`` when unset in production."""

from __future__ import annotations

import pytest

from tests.registry.test_production import PRODUCTION, run, settings_value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ""),
        ("https://registry.example.org", "https://registry.example.org"),
        ("https://Registry.Example.org/", "https://registry.example.org"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ],
)
def test_it_is_read_from_the_environment(value: str, expected: str) -> None:
    result = settings_value("repr(SITE_URL)", SITE_URL=value)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(expected)


@pytest.mark.parametrize(
    "value",
    [
        "registry.example.org",
        "//registry.example.org",
        "javascript:alert(1)",
        "ftp://registry.example.org",
        "https://registry.example.org/registry",
        "https://registry.example.org/?a=1",
        "https://registry.example.org/#top",
        "https://user:password@registry.example.org",
        "https://registry example.org",
    ],
)
def test_anything_but_a_scheme_and_host_stops_the_start(value: str) -> None:
    result = settings_value("SITE_URL", SITE_URL=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SITE_URL must be the site's scheme and host" in result.stderr


def test_check_deploy_warns_when_it_is_unset() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    result = run(["manage.py", "check", "--deploy", "--fail-level", "CRITICAL"], **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "registry.W001" in result.stderr + result.stdout and "SITE_URL is not set" in result.stderr + result.stdout
