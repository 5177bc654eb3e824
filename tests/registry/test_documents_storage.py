"""Where documents are stored: the filesystem by default, an S3-compatible bucket with DOCUMENTS_STORAGE=s3."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from registry.settings import documents_storage

ROOT = Path(__file__).resolve().parents[2]
S3_VARIABLES = ["DOCUMENTS_STORAGE", "DOCUMENTS_S3_BUCKET", "DOCUMENTS_S3_ENDPOINT_URL", "DOCUMENTS_S3_REGION",
                "DOCUMENTS_S3_PREFIX", "DOCUMENTS_S3_ADDRESSING_STYLE"]  # fmt: skip


@pytest.fixture(autouse=True)
def _no_storage_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_documents_are_on_the_filesystem_by_default() -> None:
    assert documents_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_s3_takes_its_bucket_endpoint_region_and_prefix_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCUMENTS_STORAGE", "S3")
    monkeypatch.setenv("DOCUMENTS_S3_BUCKET", "registry-documents")
    monkeypatch.setenv("DOCUMENTS_S3_ENDPOINT_URL", "https://s3.example.net")
    monkeypatch.setenv("DOCUMENTS_S3_REGION", "eu-central-1")
    monkeypatch.setenv("DOCUMENTS_S3_PREFIX", "/registry/")
    monkeypatch.setenv("DOCUMENTS_S3_ADDRESSING_STYLE", "path")
    storage = documents_storage()
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "registry-documents",
        "endpoint_url": "https://s3.example.net",
        "region_name": "eu-central-1",
        "location": "registry",
        "addressing_style": "path",
        "default_acl": None,
        "querystring_auth": True,
        "max_memory_size": 1024 * 1024,
    }
    assert not any("KEY" in option.upper() for option in storage["OPTIONS"])  # credentials: the AWS variables


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DOCUMENTS_STORAGE": "ftp"}, "DOCUMENTS_STORAGE must be filesystem or s3, got 'ftp'"),
        ({"DOCUMENTS_STORAGE": "s3"}, "DOCUMENTS_S3_BUCKET must be set when DOCUMENTS_STORAGE is s3"),
    ],
)
def test_a_bad_storage_setting_is_named(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        documents_storage()


def test_a_bad_storage_setting_stops_the_start() -> None:
    env = {**os.environ, "DOCUMENTS_STORAGE": "s3"}
    env.pop("DOCUMENTS_S3_BUCKET", None)
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "DOCUMENTS_S3_BUCKET must be set" in result.stderr
