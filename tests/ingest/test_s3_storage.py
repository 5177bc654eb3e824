"""Documents on S3-compatible storage, end to end: a local S3 server (moto's standalone server on 127.0.0.1,
started here) holds the bucket; the admin upload writes the document there, a real Celery worker process
configured only by DOCUMENTS_STORAGE=s3 and its variables reads it back and publishes the certificate, and the
document view serves it. Nothing lands in the media folder: every read and write went through the storage API.
Skipped, saying why, when the server cannot start."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from certificates.models import Certificate
from ingest.models import DocumentStatus, SourceDocument
from registry.settings import documents_storage
from tests import zips
from tests.helpers import FIXTURES, SEEDS
from tests.ingest.test_pipeline import Worker, wait_for
from tests.ingest.test_pipeline import broker as broker  # noqa: F401 - the fixture, for the worker below

pytestmark = pytest.mark.django_db(transaction=True)
BUCKET = "registry-documents"
PDF = (FIXTURES / "variations" / "b01.pdf").read_bytes()
SEED = sorted(SEEDS.glob("*.txt"))[1].read_bytes()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def s3_server() -> Iterator[str]:
    """moto's S3 server on a free port of 127.0.0.1, with an empty bucket; yields its endpoint URL."""
    try:
        import boto3
        from moto.server import ThreadedMotoServer
    except ImportError as exc:  # pragma: no cover - moto[server] is a dev dependency
        pytest.skip(f"moto's S3 server is not installed ({exc}); `make install` installs it")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        server.start()
        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                              aws_access_key_id="testing", aws_secret_access_key="testing")  # fmt: skip
        _retry(lambda: client.create_bucket(Bucket=BUCKET))
    except Exception as exc:  # pragma: no cover - depends on the machine
        server.stop()
        pytest.skip(f"moto's S3 server could not start on 127.0.0.1:{port}: {exc!r}")
    yield endpoint
    server.stop()


def _retry(call: Callable[[], Any], seconds: float = 10.0) -> Any:
    """Call until it succeeds (the server thread may still be binding), for at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return call()
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture
def s3_env(s3_server: str, monkeypatch: pytest.MonkeyPatch, settings: Settings) -> dict[str, str]:
    """Point this process's documents at the bucket, the way settings.py reads the environment; return the
    variables, for the worker process."""
    env = {
        "DOCUMENTS_STORAGE": "s3",
        "DOCUMENTS_S3_BUCKET": BUCKET,
        "DOCUMENTS_S3_ENDPOINT_URL": s3_server,
        "DOCUMENTS_S3_REGION": "us-east-1",
        "DOCUMENTS_S3_PREFIX": "registry",
        "DOCUMENTS_S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": documents_storage()}
    return env


def bucket_keys(endpoint: str) -> list[str]:
    import boto3

    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")  # fmt: skip
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_documents_go_through_an_s3_bucket_from_upload_to_download(
    s3_env: dict[str, str], broker: None, settings: Settings, tmp_path: Path
) -> None:
    settings.DEBUG = False
    worker = Worker(tmp_path / "worker-media", **s3_env).start()
    try:
        client = Client()
        client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
        archive = zips.build_zip([("certificate.pdf", PDF), ("broken.txt", SEED), ("seed.txt", SEED)])
        archive = zips.overwrite(archive, "broken.txt", b"\xff\xff\xff\xff")
        response = client.post(reverse("admin:ingest_sourcedocument_upload"),
                               {"files": [SimpleUploadedFile("batch.zip", archive)]})  # fmt: skip
        assert response.status_code == 302
        assert SourceDocument.objects.count() == 2
        wait_for(lambda: set(SourceDocument.objects.values_list("status", flat=True)) == {DocumentStatus.PUBLISHED})
    finally:
        worker.stop()
    keys = bucket_keys(s3_env["DOCUMENTS_S3_ENDPOINT_URL"])
    name = re.compile(r"registry/documents/\d{4}/\d{2}/[0-9a-f]{64}\.(pdf|txt)")
    assert len(keys) == 2 and all(name.fullmatch(key) for key in keys)
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert not (tmp_path / "worker-media").exists()

    anonymous = Client()
    uploaded = {"certificate.pdf": PDF, "seed.txt": SEED}
    certificates = Certificate.objects.select_related("document")
    assert sorted(c.document.filename for c in certificates) == sorted(uploaded)
    for certificate in certificates:
        page = anonymous.get(certificate.get_absolute_url()).content.decode()
        (link,) = re.findall(r'<a href="([^"]+)">The original document</a>', page)
        served = anonymous.get(link)
        assert served.status_code == 200
        assert b"".join(served.streaming_content) == uploaded[certificate.document.filename]  # type: ignore[attr-defined]
        assert served["ETag"] == f'"{certificate.document.sha256}"'
