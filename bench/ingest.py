"""Pipeline throughput: N distinct certificate PDFs through Celery on PostgreSQL and Redis, 1 then 2 workers.

    python bench/ingest.py [--documents 500] [--concurrency 1 2]

For each worker count: empty the bench database (``registry_bench``, created and migrated if missing), its
documents' files (a temporary media folder, or the bucket ``DOCUMENTS_STORAGE=s3`` names) and the Redis
database 14; upload every PDF through the upload service (the tasks wait in Redis); start a Celery worker with
that many pool processes; time from the first document taken to the last one published. Prints certificates
per second per run and the scaling ratio.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/registry_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="registry-bench-media-"))
os.environ.update(DATABASE_URL=DATABASE_URL, REDIS_URL=REDIS_URL, MEDIA_ROOT=str(MEDIA_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

import redis  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from certificates.models import Certificate, Holder, Lab  # noqa: E402
from ingest.models import DocumentStatus, SourceDocument  # noqa: E402
from ingest.services import document_create  # noqa: E402
from tests.helpers import SEEDS  # noqa: E402
from tests.pdfgen import build_certificate_pdf  # noqa: E402


def ensure_database() -> None:
    """Create the bench database if it does not exist, and migrate it."""
    name = connection.settings_dict["NAME"]
    result = subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True, text=True)
    if result.returncode and "already exists" not in result.stderr:
        raise SystemExit(f"cannot create the bench database: {result.stderr}")
    call_command("migrate", verbosity=0)


def certificates(count: int) -> list[bytes]:
    """Return ``count`` distinct certificate PDFs: the seeds under numbers and holders of their own."""
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    pdfs = []
    for n in range(count):
        text = re.sub(r"OCA\.0016\.\d{4}\.CSMS", f"OCA.0016.{5000 + n:04d}.CSMS", seeds[n % len(seeds)])
        pdfs.append(build_certificate_pdf(text))
    return pdfs


def reset() -> None:
    """Empty the bench database's registry, its documents' files (through the storage API, wherever
    ``DOCUMENTS_STORAGE`` puts them) and the bench Redis database."""
    Certificate.objects.all().delete()
    for document in SourceDocument.objects.all():
        document.file.delete(save=False)
    SourceDocument.objects.all().delete()
    Holder.objects.all().delete()
    Lab.objects.all().delete()
    redis.Redis.from_url(REDIS_URL).flushdb()


def run(pdfs: list[bytes], concurrency: int) -> float:
    """Push every PDF through a worker of ``concurrency`` processes; return certificates per second."""
    reset()
    for n, data in enumerate(pdfs):
        document_create(data=data, filename=f"bench-{n}.pdf")
    command = [sys.executable, "-m", "celery", "-A", "registry", "worker", "--pool=prefork",
               f"--concurrency={concurrency}", "--without-mingle", "--without-gossip", "--loglevel=error"]  # fmt: skip
    worker = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
    try:
        started = _wait(lambda: SourceDocument.objects.exclude(status=DocumentStatus.QUEUED).exists())
        finished = _wait(lambda: not SourceDocument.objects.exclude(status=DocumentStatus.PUBLISHED).exists())
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    published = Certificate.objects.count()
    if published != len(pdfs):
        raise SystemExit(f"{published} certificates published of {len(pdfs)}")
    rate = len(pdfs) / (finished - started)
    print(
        f"{concurrency} worker process(es): {len(pdfs)} PDFs in {finished - started:.1f} s = {rate:.2f} certificates/s"
    )
    return rate


def _wait(condition: object, timeout: float = 1800) -> float:
    """Poll ``condition`` every 0.1 s; return the time it first held."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        time.sleep(0.1)
    return time.monotonic()


def main() -> None:
    """Run the benchmark and print the figures for BENCHMARKS.md."""
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--documents", type=int, default=500)
    options.add_argument("--concurrency", type=int, nargs="+", default=[1, 2])
    arguments = options.parse_args()
    ensure_database()
    pdfs = certificates(arguments.documents)
    rates = {concurrency: run(pdfs, concurrency) for concurrency in arguments.concurrency}
    if 1 in rates and 2 in rates:
        print(f"scaling, 2 processes / 1: {rates[2] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
