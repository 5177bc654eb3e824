"""Settings: production mode refuses to start without a secret and passes Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {"DEBUG": "false", "ALLOWED_HOSTS": "registry.example.org", "SECRET_KEY": "s" * 20 + "x7Q!" * 12,
              "SITE_URL": "https://registry.example.org"}  # fmt: skip


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def test_production_mode_passes_the_deployment_checks() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_requires_a_secret_key() -> None:
    result = manage("check", DEBUG="false", ALLOWED_HOSTS="registry.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize(("name", "value"), [("DEBUG", "maybe"), ("INGEST_PARSE_CPU_SECONDS", "three")])
def test_a_bad_setting_is_named_at_start_up(name: str, value: str) -> None:
    result = manage("check", **{name: value})
    assert result.returncode != 0
    assert f"{name} must be" in result.stderr
