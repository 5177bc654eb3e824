"""A sync with OCA against a local mirror costs no more than ingesting the same PDFs from disk.

    python bench/sync.py [--rows 2000] [--rounds 1]

Makes ``rows`` distinct certificate PDFs (the five seeds under numbers of their own, built by tests/pdfgen.py
and kept in a folder for the next run) and serves them from a local mirror of OCA (a child process on
127.0.0.1): the listing endpoint with one row per PDF, 50 rows a page (2,000 rows: 40 pages), and the PDFs with
an ETag each. Then, each on a fresh database (``registry_bench_sync`` on PostgreSQL, dropped, created and
migrated first, not timed) and a fresh media folder, in the embedded default (no REDIS_URL: each document is
parsed in-process as it is stored, in a forked child with the production limits), it times the whole command:

1. ``manage.py ingest DIR``: the PDFs from disk;
2. ``manage.py sync_oca --product-type csms``: the listing (every page, stored as a complete snapshot), then
   every PDF downloaded from the mirror and ingested through the same upload service (no rate limit: the
   mirror is local).

Both must end with every document published; the ratio sync / ingest is printed (target: at most 1.2). The
sync is then run once more on what it left, nothing changed (every PDF asked for with its ETag: 304), and timed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import SEEDS, SEEDS_EXPECTED  # noqa: E402
from tests.pdfgen import build_certificate_pdf  # noqa: E402

DATABASE = os.environ.get("BENCH_SYNC_DATABASE", "registry_bench_sync")
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
LISTING_PATH = "/wp-json/custom/v1/ajax-loader"
ORDINALS = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}


def certificates(count: int) -> Path:
    """Return the folder of ``count`` distinct certificate PDFs (made once, then reused) in ``pdfs/``, each
    named for its number, and ``listing.json``: their listing items."""
    folder = Path(tempfile.gettempdir()) / f"registry-bench-sync-{count}"
    if (folder / "listing.json").exists():
        return folder
    (folder / "pdfs").mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    items = []
    for n in range(count):
        seed = seeds[n % len(seeds)]
        expected = SEEDS_EXPECTED[seed.name]
        number = f"OCA.0016.{5000 + n:04d}.CSMS"
        text = re.sub(r"OCA\.0016\.\d{4}\.CSMS", number, seed.read_text(encoding="utf-8"))
        (folder / "pdfs" / f"{number}.pdf").write_bytes(build_certificate_pdf(text))
        items.append(_item(number, expected))
    (folder / "listing.json").write_text(json.dumps(items), encoding="utf-8")
    return folder


def _item(number: str, expected: dict) -> dict:
    """The listing item of a certificate, as OCA's endpoint gives it (the PDF's URL is the mirror's path)."""
    day = date.fromisoformat(expected["certification_date"])
    return {
        "certificate": {"text": number, "file": {"url": f"/pdf/{number}.pdf"}},
        "company": {"text": expected["holder"]},
        "company_link": "",
        "country": "Norway",
        "product_designation": expected["product_designation"],
        "certificate_type": "Full",
        "version": expected["software_version"],
        "protocol_version": "OCPP 1.6",
        "date_of_registration": f"{day:%B} {day.day}{ORDINALS.get(day.day, 'th')} {day.year}",
        "product_type": "Charging Station Management System",
    }


def serve(folder: Path, port: multiprocessing.Value) -> None:  # type: ignore[type-arg]
    """Serve the listing and the PDFs of ``folder`` on 127.0.0.1 (a port of its own, written to ``port``)."""
    items = json.loads((folder / "listing.json").read_text(encoding="utf-8"))
    pdfs = {f"/pdf/{path.name}": path.read_bytes() for path in (folder / "pdfs").glob("*.pdf")}

    class Mirror(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            size, page = query["posts_per_page"], query["paged"]
            listed = items if query["filters"][0]["value"] == "Charging Station Management System" else []
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            shown = [
                {
                    **i,
                    "certificate": {
                        "text": i["certificate"]["text"],
                        "file": {"url": base + i["certificate"]["file"]["url"]},
                    },
                }
                for i in listed[(page - 1) * size : page * size]
            ]
            self._send(
                200, json.dumps({"pages": math.ceil(len(listed) / size), "items": shown}).encode(), "application/json"
            )

        def do_GET(self) -> None:  # noqa: N802
            data = pdfs.get(self.path)
            if data is None:
                self._send(404, b"not found", "text/plain")
                return
            etag = f'"{hashlib.sha256(data).hexdigest()[:16]}"'
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", "application/pdf", etag)
                return
            self._send(200, data, "application/pdf", etag)

        def _send(self, status: int, body: bytes, media_type: str, etag: str = "") -> None:
            self.send_response(status)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Mirror)
    port.value = server.server_address[1]
    server.serve_forever()


def fresh_database(environment: dict[str, str]) -> None:
    """Drop, create and migrate the bench database."""
    for command in (["dropdb", "--if-exists"], ["createdb"]):
        subprocess.run([*command, "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    manage(["migrate", "--noinput"], environment)


def manage(arguments: list[str], environment: dict[str, str]) -> tuple[float, str]:
    """Run ``manage.py arguments``; return its wall-clock seconds and the last lines it printed."""
    started = time.monotonic()
    result = subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, check=True,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    return time.monotonic() - started, "\n".join(result.stdout.splitlines()[-3:])


def published(environment: dict[str, str]) -> str:
    """Return the document statuses and the number of current certificates in the bench database."""
    script = ("from ingest.models import SourceDocument as D; from certificates.models import Certificate as C; "
              "from collections import Counter; print(dict(Counter(D.objects.values_list('status', flat=True))), "
              "C.objects.filter(is_current=True, source='document').count())")  # fmt: skip
    result = subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c", script], cwd=ROOT, env=environment,
                            check=True, capture_output=True, text=True)  # fmt: skip
    return result.stdout.strip()


def timed(name: str, arguments: list[str], environment: dict[str, str], count: int, again: bool = False) -> float:
    """Time one command on a fresh database and media folder; check every document ended published. With
    ``again``, time it a second time on what the first left (nothing changed) and print what it said."""
    with tempfile.TemporaryDirectory(prefix="registry-bench-media-") as media:
        environment = {**environment, "MEDIA_ROOT": media}
        fresh_database(environment)
        seconds, said = manage(arguments, environment)
        outcome = published(environment)
        expected = f"{{'published': {count}}} {count}"
        if outcome != expected:
            raise SystemExit(f"{name}: expected {expected}, got {outcome}")
        print(f"{name}: {seconds:.1f} s for {count} PDFs ({count / seconds:.2f} per second)\n{said}", flush=True)
        if again:
            repeated, said = manage(arguments, environment)
            print(f"{name} again, nothing changed: {repeated:.1f} s\n{said}", flush=True)
    return seconds


def main() -> None:
    """Run the benchmark and print the figures for BENCHMARKS.md."""
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--rows", type=int, default=2000)
    options.add_argument("--rounds", type=int, default=1)
    arguments = options.parse_args()
    folder = certificates(arguments.rows)
    port = multiprocessing.Value("i", 0)
    mirror = multiprocessing.Process(target=serve, args=(folder, port), daemon=True)
    mirror.start()
    while not port.value:
        time.sleep(0.05)
    environment = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    environment.update(
        DATABASE_URL=DATABASE_URL,
        OCA_LISTING_URL=f"http://127.0.0.1:{port.value}{LISTING_PATH}",
        OCA_CONTACT_URL="https://registry.example/contact",
        OCA_DOCUMENT_HOSTS="127.0.0.1",
        OCA_REQUESTS_PER_SECOND="0",
    )
    pdfs = list((folder / "pdfs").glob("*.pdf"))
    try:
        for _ in range(arguments.rounds):
            disk = timed("ingest from disk", ["ingest", str(folder / "pdfs")], environment, len(pdfs))
            sync = timed("sync_oca", ["sync_oca", "--product-type", "csms"], environment, len(pdfs), again=True)
            print(f"ratio sync / ingest: {sync / disk:.3f} (target: at most 1.2)", flush=True)
    finally:
        mirror.terminate()


if __name__ == "__main__":
    main()
