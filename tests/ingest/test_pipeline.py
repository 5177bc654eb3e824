"""The pipeline end to end: real Celery worker processes on Redis, the test database on PostgreSQL.

Uploads go through the service in this process; the task goes to Redis; a worker started here (a separate
process, prefork pool) parses and publishes. Fault tests kill a worker mid-task, upload while the broker is
unreachable, and upload concurrently.
"""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection, connections
from pytest_django import Settings
from reportlab.pdfgen.canvas import Canvas

from certificates.models import Certificate
from ingest.errors import UploadRejected
from ingest.models import DocumentStatus, SourceDocument
from ingest.services import document_create, documents_sweep
from registry.celery import app
from tests.helpers import seed_text
from tests.pdfgen import build_certificate_pdf

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
pytestmark = pytest.mark.django_db(transaction=True)


class Worker:
    """A Celery worker process (prefork, one child) serving the test database and media folder."""

    def __init__(self, media_root: Path, concurrency: int = 1, **env: str) -> None:
        self.concurrency = concurrency
        database = connection.settings_dict
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
            "REDIS_URL": REDIS_URL,
            "MEDIA_ROOT": str(media_root),
            **env,
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        command = [sys.executable, "-m", "celery", "-A", "registry", "worker", "--pool=prefork",
                   f"--concurrency={self.concurrency}", "--without-mingle", "--without-gossip",
                   "--loglevel=warning"]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, start_new_session=True)
        return self

    def pool_pids(self) -> list[int]:
        """Return the pids of the worker's pool children."""
        assert self.process is not None
        found = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in found.stdout.split()]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def broker(settings: Settings) -> Iterator[None]:
    """Send tasks to Redis (database 15, emptied) instead of running them in-process."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    use_broker(REDIS_URL)
    app.conf.task_always_eager = False
    settings.REDIS_URL = REDIS_URL
    yield
    app.conf.update(previous)
    use_broker(previous["broker_url"])


def use_broker(url: str) -> None:
    """Point this process's task sending at ``url``. kombu keeps one pool per broker URL, so the app only
    has to forget the pools it took for the previous one."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def worker(broker: None, settings: Settings) -> Iterator[Callable[..., Worker]]:
    started: list[Worker] = []

    def start(concurrency: int = 1, **env: str) -> Worker:
        started.append(Worker(Path(settings.MEDIA_ROOT), concurrency, **env).start())
        return started[-1]

    yield start
    for each in started:
        each.stop()


def wait_for(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Wait until ``condition()`` holds; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out waiting for the pipeline")
        time.sleep(0.2)


def statuses() -> list[str]:
    return list(SourceDocument.objects.order_by("pk").values_list("status", flat=True))


def published_after_a_sweep() -> bool:
    """Run the sweep beat would run every half minute; return True once the one document is published."""
    documents_sweep()
    return statuses() == [DocumentStatus.PUBLISHED]


def numbered(number: int) -> bytes:
    """A distinct certificate: the Meshcrafts seed under another certificate number."""
    return seed_text("000_d42e1137ead7e816.txt").replace("0016.0009", f"0016.{9000 + number}").encode()


def upload_in_thread(data: bytes, filename: str) -> tuple[SourceDocument, bool]:
    """Upload from a thread of its own, closing the thread's database connection afterwards."""
    try:
        return document_create(data=data, filename=filename)
    finally:
        connections.close_all()


def test_an_upload_is_published_by_a_real_worker(worker: Callable[..., Worker]) -> None:
    worker()
    document, _ = document_create(data=build_certificate_pdf(seed_text("002_0660209c32adafc6.txt")), filename="k.pdf")
    wait_for(lambda: statuses() == [DocumentStatus.PUBLISHED])
    certificate = Certificate.objects.get()
    assert certificate.number == "OCA.0016.0073.CSMS"
    assert certificate.holder_name == "KERI (Korea Electrotechnology Research Institute)"
    assert SourceDocument.objects.get().pages == 3


def test_concurrent_uploads_of_different_and_of_the_same_file(worker: Callable[..., Worker]) -> None:
    worker()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda n: upload_in_thread(numbered(n), f"{n}.txt"), range(20)))
        same = list(pool.map(lambda n: upload_in_thread(numbered(99), f"same-{n}.txt"), range(20)))
    assert sum(created for _, created in same) == 1
    assert len({document.pk for document, _ in same}) == 1
    wait_for(lambda: statuses() == [DocumentStatus.PUBLISHED] * 21)
    assert Certificate.objects.count() == 21


def test_an_upload_while_the_broker_is_down_is_published_when_it_is_back(
    worker: Callable[..., Worker], settings: Settings
) -> None:
    use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    document, _ = document_create(data=numbered(1), filename="offline.txt")
    assert statuses() == [DocumentStatus.QUEUED]
    use_broker(REDIS_URL)
    worker()
    settings.INGEST_SWEEP_AFTER_SECONDS = 0
    assert documents_sweep() == 1
    wait_for(lambda: statuses() == [DocumentStatus.PUBLISHED])
    assert Certificate.objects.count() == 1


def slow_pdf(pages: int = 8) -> bytes:
    """A certificate PDF with many pages of annex text: a parse of a few seconds, to be caught mid-task."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    for row, line in enumerate(seed_text("003_5fa35c9b1f76e96e.txt").replace("\t", "   ").splitlines()):
        canvas.drawString(40, 800 - (row % 75) * 10, line[:120])
        if row % 75 == 74:
            canvas.showPage()
    for page in range(pages):
        canvas.showPage()
        for row in range(70):
            canvas.drawString(40, 800 - row * 11, f"Annex {page}.{row}: log line of the conformance test run " * 2)
    canvas.save()
    return buffer.getvalue()


# The slow PDF takes a few seconds to parse; on a loaded machine it could hit the parse limits and fail, which
# is not what these tests are about: their workers get generous ones.
ROOMY = {"INGEST_STALE_SECONDS": "1", "INGEST_PARSE_WALL_SECONDS": "60", "INGEST_PARSE_CPU_SECONDS": "60"}


def test_a_worker_killed_mid_task_loses_nothing_and_publishes_once(
    worker: Callable[..., Worker], settings: Settings
) -> None:
    first = worker(**ROOMY)
    wait_for(lambda: bool(first.pool_pids()))
    document, _ = document_create(data=slow_pdf(), filename="slow.pdf")
    wait_for(lambda: statuses() == [DocumentStatus.PARSING], timeout=30)
    for pid in first.pool_pids():
        os.kill(pid, signal.SIGKILL)  # the pool child dies with its task unacknowledged
    settings.INGEST_STALE_SECONDS = 1

    wait_for(published_after_a_sweep, timeout=120)
    assert Certificate.objects.filter(number="OCA.0016.0232.CSMS").count() == 1
    assert SourceDocument.objects.get().attempts >= 2


def _encrypted_pdf() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, encrypt="secret")
    canvas.drawString(72, 720, "OCPP 1.6 Full Certificate")
    canvas.save()
    return buffer.getvalue()


BAD_INPUTS = {
    "corrupt.pdf": (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40, DocumentStatus.FAILED, "damaged"),
    "encrypted.pdf": (_encrypted_pdf, DocumentStatus.FAILED, "encrypted"),
    "bomb.pdf": (lambda: _bomb_pdf(), DocumentStatus.FAILED, "decompression bomb|CPU|longer than"),
    "photo.png": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(4096), None, "not a PDF or a text file"),
    "empty.pdf": (lambda: b"", None, "the file is empty"),
    "huge.pdf": (lambda: b"%PDF-1.7\n" + bytes(30 * 1024 * 1024), None, "uploads are limited to"),
}


def _bomb_pdf() -> bytes:
    from tests.ingest.test_isolation import _pdf_with_content

    compressor = zlib.compressobj(9)
    return _pdf_with_content(b"".join(compressor.compress(bytes(1 << 20)) for _ in range(1536)) + compressor.flush())


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_each_kind_of_bad_input_is_refused_or_fails_its_document(name: str, worker: Callable[..., Worker]) -> None:
    make, status, message = BAD_INPUTS[name]
    worker()
    if status is None:
        with pytest.raises(UploadRejected, match=message):
            document_create(data=make(), filename=name)
        assert SourceDocument.objects.count() == 0
        return
    document, _ = document_create(data=make(), filename=name)
    wait_for(lambda: statuses() == [status])
    document.refresh_from_db()
    assert re.search(message, document.error)
    assert Certificate.objects.count() == 0


class OwnRedis:
    """A Redis server of the test's own, on a free port, to stop and start at will."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        wait_for(self._answers, timeout=20)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def _answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping())
        except redis.exceptions.ConnectionError:
            return False


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    server = OwnRedis()
    yield server
    server.stop()


def test_an_upload_while_redis_is_stopped_is_published_when_it_is_back(
    own_redis: OwnRedis, worker: Callable[..., Worker], settings: Settings
) -> None:
    own_redis.start()
    use_broker(own_redis.url)
    running = worker(REDIS_URL=own_redis.url)
    wait_for(lambda: bool(running.pool_pids()))
    own_redis.stop()
    document, _ = document_create(data=numbered(2), filename="redis-down.txt")
    assert statuses() == [DocumentStatus.QUEUED]
    own_redis.start()  # the worker reconnects by itself
    settings.INGEST_SWEEP_AFTER_SECONDS = 0

    wait_for(published_after_a_sweep, timeout=90)
    assert Certificate.objects.count() == 1


def test_a_whole_worker_killed_mid_task_loses_nothing_and_publishes_once(
    worker: Callable[..., Worker], settings: Settings
) -> None:
    first = worker(**ROOMY)
    wait_for(lambda: bool(first.pool_pids()))
    document, _ = document_create(data=slow_pdf(), filename="slow.pdf")
    wait_for(lambda: statuses() == [DocumentStatus.PARSING], timeout=30)
    first.stop()  # SIGKILL to the whole worker: main process, pool and parse child
    worker(**ROOMY)
    settings.INGEST_STALE_SECONDS = 1

    wait_for(published_after_a_sweep, timeout=120)
    assert Certificate.objects.filter(number="OCA.0016.0232.CSMS").count() == 1
    assert SourceDocument.objects.get().attempts >= 2


def test_the_text_and_the_pdf_of_one_certificate_published_at_once_give_one_record(
    worker: Callable[..., Worker],
) -> None:
    text = seed_text("001_38b104c6f537bd29.txt")
    for attempt in range(3):  # several rounds, so that the two processes really race for the new number
        number = f"OCA.0016.{7000 + attempt}.CSMS"
        variant = text.replace("OCA.0016.0019.CSMS", number)
        document_create(data=variant.encode(), filename=f"{attempt}.txt")
        document_create(data=build_certificate_pdf(variant), filename=f"{attempt}.pdf")
    worker(concurrency=2)
    # Whichever of the two is read first is published; the other is its duplicate.
    wait_for(lambda: sorted(statuses()) == [DocumentStatus.DUPLICATE] * 3 + [DocumentStatus.PUBLISHED] * 3)
    assert Certificate.objects.count() == 3
