"""Memory of a ZIP upload in the web process: the peak resident size a gunicorn worker reaches while the admin
takes one archive of many large members, over its size at rest.

    python bench/zip_upload.py [--members 49] [--member-mb 1.99] [--code DIR]

Builds a ZIP of ``--members`` distinct text files of ``--member-mb`` MB each (the audit's case: 49 of 1.99 MB),
starts gunicorn (one sync worker) on a free port of 127.0.0.1 serving the code in ``--code`` (default: this
checkout; to measure an older version, export it with ``git archive COMMIT | tar -x -C DIR``) on a fresh SQLite
database, with the tasks sent to Redis (``BENCH_REDIS_URL``, database 14, emptied) so that no parse runs in
the web process. It logs in to the admin, uploads a one-member archive to warm the worker up, reads the
worker's resident size (VmRSS), uploads the big archive, and reads its peak (VmHWM). Prints both, the growth,
the time the upload took and how many documents were stored. Independent of the test suite; figures go into
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from contextlib import closing
from pathlib import Path

import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
PASSWORD = "bench-password-not-secret"
WORDS = ["certificate", "conformance", "profile", "core", "firmware", "smart", "charging", "reservation", "local",
         "auth", "list", "management", "remote", "trigger", "security", "advanced", "device", "model", "test", "lab",
         "holder", "product", "version", "passed"]  # fmt: skip


def build_archive(path: Path, members: int, member_bytes: int) -> None:
    """Write a ZIP of ``members`` distinct text files of about ``member_bytes`` each (deflated, about 3:1)."""
    rng = random.Random(13)
    lines = [" ".join(rng.choices(WORDS, k=12)) + "\n" for _ in range(2000)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(members):
            text = io.StringIO()
            text.write(f"Bench member {n}\n")
            while text.tell() < member_bytes:
                text.write(rng.choice(lines))
            archive.writestr(f"member-{n:03d}.txt", text.getvalue()[:member_bytes].encode())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def status_kb(pid: int, field: str) -> int:
    """Return a field of /proc/<pid>/status in kB (VmRSS: resident now; VmHWM: the peak resident size)."""
    match = re.search(rf"^{field}:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.MULTILINE)
    assert match, field
    return int(match.group(1))


def wait_until_up(base: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            requests.get(f"{base}/admin/login/", timeout=10)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def log_in(base: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/admin/login/")
    form = {"username": "bench", "password": PASSWORD, "next": "/admin/",
            "csrfmiddlewaretoken": session.cookies["csrftoken"]}  # fmt: skip
    response = session.post(f"{base}/admin/login/", data=form, headers={"Referer": f"{base}/admin/login/"})
    if "/admin/login/" in response.url:
        raise SystemExit("could not log in to the admin")
    return session


def upload(session: requests.Session, base: str, path: Path) -> float:
    """Upload one archive through the admin; return the seconds it took."""
    url = f"{base}/admin/ingest/sourcedocument/upload/"
    session.get(url)
    started = time.monotonic()
    with path.open("rb") as file:
        response = session.post(
            url,
            data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
            files={"files": (path.name, file, "application/zip")},
            headers={"Referer": url},
            timeout=600,
        )
    if response.status_code != 200:
        raise SystemExit(f"the upload answered {response.status_code}")
    return time.monotonic() - started


def prepare(code: Path, work: Path) -> dict[str, str]:
    """Migrate a fresh SQLite database in ``work`` with an admin user; return the server's environment."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}", "REDIS_URL": REDIS_URL,
           "DEBUG": "true", "MEDIA_ROOT": str(work / "media"), "PYTHONPATH": str(code),
           "DJANGO_SUPERUSER_PASSWORD": PASSWORD}  # fmt: skip
    for name in ("DOCUMENTS_STORAGE", "SECRET_KEY", "ALLOWED_HOSTS"):
        env.pop(name, None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=code, env=env, check=True)
    subprocess.run([*manage, "createsuperuser", "--noinput", "--username", "bench", "--email", "b@example.org"],
                   cwd=code, env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return env


def measure(code: Path, env: dict[str, str], small: Path, big: Path) -> tuple[int, int, float]:
    """Serve ``code`` with one gunicorn worker, upload ``small`` then ``big``; return the worker's resident
    size before the big upload and its peak after it (kB), and the seconds the big upload took."""
    redis.Redis.from_url(REDIS_URL).flushdb()
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "registry.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
               "--timeout", "600", "--log-level", "warning"]  # fmt: skip
    server = subprocess.Popen(command, cwd=code, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, time.monotonic() + 30)
        worker = int(Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()[0])
        session = log_in(base)
        upload(session, base, small)
        rest = status_kb(worker, "VmRSS")
        seconds = upload(session, base, big)
        return rest, status_kb(worker, "VmHWM"), seconds
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        redis.Redis.from_url(REDIS_URL).flushdb()


def main() -> None:
    """Run the benchmark and print the figures for BENCHMARKS.md."""
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--members", type=int, default=49)
    options.add_argument("--member-mb", type=float, default=1.99)
    options.add_argument("--code", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    arguments = options.parse_args()
    code = arguments.code.resolve()
    work = Path(tempfile.mkdtemp(prefix="registry-bench-zip-"))
    try:
        env = prepare(code, work)
        big, small = work / "big.zip", work / "small.zip"
        build_archive(big, arguments.members, int(arguments.member_mb * 1_000_000))
        build_archive(small, 1, 10_000)
        rest, peak, seconds = measure(code, env, small, big)
        with closing(sqlite3.connect(work / "bench.sqlite3")) as connection:
            (stored,) = connection.execute("select count(*) from ingest_sourcedocument").fetchone()
        print(f"code: {code}")
        zipped = big.stat().st_size / 1e6
        print(f"archive: {arguments.members} members of {arguments.member_mb} MB, {zipped:.1f} MB zipped")
        print(f"worker resident at rest {rest / 1024:.0f} MiB, peak during the upload {peak / 1024:.0f} MiB: "
              f"+{(peak - rest) / 1024:.0f} MiB; upload {seconds:.1f} s; {stored - 1} documents stored")  # fmt: skip
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
