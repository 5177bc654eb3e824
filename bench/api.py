"""REST API under load: detail, list and searches at N certificates, served by gunicorn, loaded with wrk.

    python bench/api.py [--certificates 100000] [--duration 20] [--connections 16] [--rebuild]

Uses a database of its own (``registry_bench_api`` on the local PostgreSQL, created and migrated if missing;
``BENCH_API_DATABASE_URL`` overrides). When it does not hold the requested number of certificates (or with
``--rebuild``), it is emptied and filled with synthetic ones: a few thousand holders and 16 labs, several under
more than one printed name, every certificate with its profile, measurement, setting and signatory rows; then
the search index is recomputed and the tables are vacuumed and analysed.

Then gunicorn serves the project (one sync worker per core, DEBUG off) and each scenario is loaded with wrk
after a warm-up (the anonymous throttle is lifted: all the load comes from one address). Beside each, the SQL
its view runs (captured in-process with Django's test client) is timed with ``EXPLAIN ANALYZE``, and the
whole request is timed in-process for one client with the read cache off ("alone": no load, no queue). Prints a
Markdown table and the targets; exits 1 when any answer was not 2xx, failed or timed out.
Needs ``wrk`` on PATH (Debian: ``apt-get install wrk``).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_API_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/registry_bench_api")
# Production-like settings, for this process and the gunicorn it starts: DEBUG off, plain HTTP on loopback, and
# the anonymous throttle (600/minute per IP by default) lifted, since all the load comes from one address.
os.environ.update(
    DATABASE_URL=DATABASE_URL,
    DEBUG="0",
    SECRET_KEY="bench-api-local-load-test-key-not-for-any-deployment-0123456789",
    ALLOWED_HOSTS="127.0.0.1,localhost",
    SECURE_SSL_REDIRECT="false",
    API_ANON_RATE="100000000/second",
)
# The production shape: Redis holds the read cache and the throttle counters, shared by the gunicorn workers.
# ``--cache-seconds 0`` (below) measures every answer made afresh.
REDIS_URL = os.environ.get("BENCH_API_REDIS_URL", "redis://127.0.0.1:6379/13")
os.environ["REDIS_URL"] = REDIS_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402
import redis  # noqa: E402
from django.conf import settings  # noqa: E402

# WhiteNoise (on with DEBUG off) warns that static files were never collected; the API serves none.
warnings.filterwarnings("ignore", message="No directory at")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations.executor import MigrationExecutor  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.synthetic import build, without_legal_form  # noqa: E402
from certificates.choices import OcppVersion  # noqa: E402
from certificates.models import Certificate, Holder  # noqa: E402
from certificates.search import certificates_search_reindex  # noqa: E402

API = "/api/v1/certificates/"
SEED = 2026
BROAD_WORD = "energy"  # in about one holder name in six
PROFILE_FILTERS = ("Smart Charging", "Advanced Security", "ISO 15118 support")
TIMEOUT = 30  # seconds wrk waits for an answer: gunicorn's own worker timeout, so slow answers are measured
EXPLAIN_BUDGET = 60  # seconds of EXPLAIN ANALYZE per scenario, past which each path is repeated no more

# ---------------------------------------------------------------------------------------------------------------
# The bench database
# ---------------------------------------------------------------------------------------------------------------


def ensure_database(fresh: bool) -> bool:
    """Create the bench database if it does not exist (drop it first if ``fresh``) and migrate it.

    Returns whether migrations were applied.
    """
    settings = connection.settings_dict
    host, port, user = settings["HOST"] or "127.0.0.1", str(settings["PORT"] or 5432), settings["USER"] or "postgres"
    where = ["-h", host, "-p", port, "-U", user]
    if fresh:
        connection.close()
        _run(["dropdb", *where, "--if-exists", settings["NAME"]])
    result = subprocess.run(["createdb", *where, settings["NAME"]], capture_output=True, text=True)
    if result.returncode and "already exists" not in result.stderr:
        raise SystemExit(f"cannot create the bench database: {result.stderr}")
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", verbosity=0)
    return bool(pending)


def _run(command: list[str]) -> None:
    """Run ``command``; exit with its error output when it fails."""
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{command[0]} failed: {result.stderr}")


def published() -> int:
    """Return how many current, published certificates the database holds."""
    return Certificate.objects.current().filter(is_published=True).count()


def reindex() -> None:
    """Recompute every certificate's stored search text, then VACUUM ANALYZE."""
    started = time.monotonic()
    certificates_search_reindex()
    print(f"certificates_search_reindex: {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE: {time.monotonic() - started:.1f} s")


# ---------------------------------------------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Scenario:
    """A named load: the API paths wrk picks from at random, and what they are."""

    name: str
    paths: list[str]
    about: str


def scenarios(rng: random.Random) -> list[Scenario]:
    """Return the scenarios, their parameters read from the database (so an existing one serves as well)."""
    numbers = list(Certificate.objects.current().filter(is_published=True).values_list("number", flat=True))
    rare = rare_names(rng)
    typos = [misspelt(rng, name) for name in rare]
    return [
        Scenario(
            "detail",
            [f"{API}{quote(n)}/" for n in rng.sample(numbers, min(1000, len(numbers)))],
            "1,000 random certificates",
        ),
        Scenario("list", list_pages(5), "the first pages, following `next`"),
        Scenario("selective search", [_search(q=name) for name in rare], f"{len(rare)} rare holder names"),
        Scenario("broad search", [_search(q=BROAD_WORD)], f"q={BROAD_WORD}"),
        Scenario("typo search", [_search(q=name) for name in typos], f"{len(typos)} misspelt rare holder names"),
        Scenario(
            "filtered search",
            [_search(q=BROAD_WORD, ocpp_version=OcppVersion.V201, profile=p) for p in PROFILE_FILTERS],
            f"q={BROAD_WORD}, OCPP 2.0.1, one of {len(PROFILE_FILTERS)} profiles passed",
        ),
    ]


def _search(**query: str) -> str:
    """Return the list path with ``query`` as its query string."""
    return f"{API}?{urlencode(query)}"


def rare_names(rng: random.Random, count: int = 12) -> list[str]:
    """Return the names (without legal form) of ``count`` holders among those with the fewest certificates (>= 1)."""
    current = Q(certificates__is_current=True, certificates__is_published=True)
    holders = Holder.objects.annotate(held=Count("certificates", filter=current)).filter(held__gte=1)
    names = list(holders.order_by("held", "pk").values_list("name", flat=True)[: count * 5])
    if not names:
        raise SystemExit("no holder holds a certificate: the database is empty")
    return [without_legal_form(name) for name in rng.sample(names, min(count, len(names)))]


def misspelt(rng: random.Random, name: str) -> str:
    """Return ``name`` with one typo in its first word: a letter dropped, doubled or swapped with the next."""
    word, _, rest = name.partition(" ")
    if len(word) < 4:
        return f"{word}{word[-1]} {rest}".strip()
    at = rng.randint(1, len(word) - 2)
    typo = rng.choice(
        (
            word[:at] + word[at + 1 :],
            word[: at + 1] + word[at:],
            word[:at] + word[at + 1] + word[at] + word[at + 2 :],
        )
    )
    if typo.lower() == word.lower():
        typo = word[:at] + word[at + 1 :]
    return f"{typo} {rest}".strip()


# ---------------------------------------------------------------------------------------------------------------
# SQL per request, in-process
# ---------------------------------------------------------------------------------------------------------------

CLIENT = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")


def get(path: str) -> tuple[list[str], Any]:
    """Return the SQL statements GET ``path`` runs and its JSON body; exits when it does not answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = CLIENT.get(path)
    if response.status_code != 200:
        error = response.exc_info[1] if response.exc_info else response.content[:500]
        raise SystemExit(f"GET {path} answered {response.status_code}: {error!r}")
    return [query["sql"] for query in captured.captured_queries], response.json()


def list_pages(count: int) -> list[str]:
    """Return the paths of the list's first ``count`` pages, following each page's ``next`` link."""
    paths = [API]
    while len(paths) < count:
        _, body = get(paths[-1])
        following = body.get("next") if isinstance(body, dict) else None
        if not following:
            break
        parts = urlsplit(following)
        paths.append(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    return paths


@dataclass
class SqlTime:
    """The SQL one request of a scenario runs: queries per request, and p50/p95 of their summed time in ms;
    and the whole request's server time in ms, p50/p95, made afresh for one client (no load, no queue)."""

    queries: tuple[int, int]
    p50: float
    p95: float
    matches: str
    runs: int
    alone_p50: float
    alone_p95: float


# Requests per sampled path timed whole, in-process, for one client with the read cache off.
ALONE_ROUNDS = 10


def sql_time(scenario: Scenario, rounds: int, sample: int = 5) -> SqlTime:
    """Capture the SQL of up to ``sample`` of the scenario's paths and time each ``rounds`` times (EXPLAIN ANALYZE);
    time each path ``ALONE_ROUNDS`` times whole (server time, in-process, read cache off).

    Past ``EXPLAIN_BUDGET`` seconds for the scenario, each path is timed 5 times at least and then no more.
    """
    totals, counts, matches, capped, alone = [], [], [], False, []
    deadline = time.monotonic() + EXPLAIN_BUDGET
    for path in scenario.paths[:sample]:
        statements, body = get(path)
        for _ in range(ALONE_ROUNDS):
            started = time.perf_counter()
            CLIENT.get(path)
            alone.append((time.perf_counter() - started) * 1000)
        counts.append(len(statements))
        if isinstance(body, dict) and isinstance(body.get("count"), int):
            matches.append(body["count"])
            capped = capped or bool(body.get("count_is_capped"))
        for run in range(rounds):
            if run >= 5 and time.monotonic() > deadline:
                break
            totals.append(explained_milliseconds(statements))
    found = f"{min(matches):,}–{max(matches):,}" if matches and min(matches) != max(matches) else ""
    found = (found or (f"{matches[0]:,}" if matches else "")) + ("+" if capped else "")
    return SqlTime(
        (min(counts), max(counts)), percentile(totals, 50), percentile(totals, 95), found, len(totals),
        percentile(alone, 50), percentile(alone, 95),
    )  # fmt: skip


def explained_milliseconds(statements: list[str]) -> float:
    """Return the planning plus execution time, in ms, of running each SELECT once under EXPLAIN ANALYZE."""
    total = 0.0
    with connection.cursor() as cursor:
        for sql in statements:
            if not re.match(r"\s*(SELECT|WITH)\b", sql or "", re.IGNORECASE):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            total += plan[0]["Planning Time"] + plan[0]["Execution Time"]
    return total


def percentile(values: list[float], share: float) -> float:
    """Return the ``share`` (0-100) percentile of ``values``, interpolated between the nearest ranks."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * share / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


# ---------------------------------------------------------------------------------------------------------------
# Load over HTTP: gunicorn and wrk
# ---------------------------------------------------------------------------------------------------------------

LUA = """
local paths = {%(paths)s}
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  bad = 0
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  if status < 200 or status > 299 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local non2xx = 0
  for _, thread in ipairs(threads) do non2xx = non2xx + thread:get("bad") end
  io.write(string.format(
    "BENCH requests=%%d duration_us=%%d p50_us=%%.0f p95_us=%%.0f p99_us=%%.0f non2xx=%%d errors=%%d,%%d,%%d,%%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    non2xx, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
"""


@dataclass
class LoadResult:
    """What wrk measured: requests/s, latency percentiles in ms (None without answers), failed answers."""

    rate: float
    requests: int
    p50: float | None
    p95: float | None
    p99: float | None
    non_2xx: int
    socket_errors: dict[str, int]

    @property
    def failed(self) -> bool:
        """Whether any answer was not 2xx, any request failed or timed out, or none was answered."""
        return bool(self.non_2xx or any(self.socket_errors.values()) or not self.requests)

    def problems(self) -> str:
        """Return what failed, e.g. "3 non-2xx, timeout 7" or "no answer", or "0" when nothing did."""
        problems = [f"{self.non_2xx} non-2xx"] if self.non_2xx else []
        problems += [f"{kind} {n}" for kind, n in self.socket_errors.items() if n]
        problems += [] if self.requests else ["no answer"]
        return ", ".join(problems) or "0"


def warn_if_busy(cores: int) -> None:
    """Print a warning when other processes already keep the CPU busy (the figures would be low)."""
    load_average = os.getloadavg()[0]
    if load_average > 0.25 * cores:
        print(f"warning: load average {load_average:.2f} on {cores} cores before the load: other processes are "
              "running, the figures will be lower than on an idle machine", file=sys.stderr)  # fmt: skip


def require_wrk() -> None:
    """Exit with how to install wrk when it is not on PATH."""
    if shutil.which("wrk") is None:
        raise SystemExit(
            "wrk is not on PATH: install it (Debian/Ubuntu: apt-get install -y wrk; macOS: brew install wrk)"
        )


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn(workers: int) -> Iterator[str]:
    """Serve the project with ``workers`` sync gunicorn workers on a free loopback port; yield its base URL.

    Stops the server on leaving, also on an error or an interrupt.
    """
    port = free_port()
    command = [str(Path(sys.executable).parent / "gunicorn"), "registry.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--worker-class", "sync", "--log-level", "warning"]  # fmt: skip
    with tempfile.TemporaryFile(mode="w+") as log:
        server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait_until_up(server, port, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            _stop(server)


def _wait_until_up(server: subprocess.Popen[bytes], port: int, log: Any) -> None:
    """Return once the server answers the certificate list with 200; exit with its log if it dies or times out."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise SystemExit(f"gunicorn exited with {server.returncode}:\n{log.read()[-3000:]}")
        try:
            if status(port, API) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    log.seek(0)
    raise SystemExit(f"gunicorn did not answer within 60 s:\n{log.read()[-3000:]}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Stop gunicorn (master and workers, one process group): gracefully, then by force after 30 s."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def status(port: int, path: str) -> int:
    """Return the HTTP status of GET ``path`` on the server (redirects are not followed)."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        client.request("GET", path)
        response = client.getresponse()
        response.read()
        return response.status
    finally:
        client.close()


def check_http(scenario: Scenario, port: int, sample: int = 20) -> None:
    """Exit unless the server answers 200 to the first ``sample`` of the scenario's paths."""
    for path in scenario.paths[:sample]:
        answer = status(port, path)
        if answer != 200:
            raise SystemExit(f"{scenario.name}: GET {path} answered {answer} over HTTP")


def wrk(base: str, paths: list[str], seconds: int, connections: int, folder: Path) -> LoadResult:
    """Load ``base`` for ``seconds`` with ``connections`` connections, each request a random one of ``paths``."""
    if not all(path.isascii() and '"' not in path and "\\" not in path for path in paths):
        raise SystemExit("paths must be ASCII without quotes or backslashes (they are percent-encoded)")
    script = folder / "paths.lua"
    script.write_text(LUA % {"paths": ", ".join(f'"{path}"' for path in paths)}, encoding="ascii")
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency",
               "--timeout", f"{TIMEOUT}s", "-s", str(script), base + paths[0]]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    if result.returncode:
        raise SystemExit(f"wrk failed ({result.returncode}): {result.stderr or result.stdout}")
    return parse_wrk(result.stdout)


def parse_wrk(output: str) -> LoadResult:
    """Return the figures of wrk's output: requests/s as wrk prints it, the rest from the script's ``done()``."""
    line = re.search(r"^BENCH (.*)$", output, re.MULTILINE)
    rate = re.search(r"^Requests/sec:\s*([\d.]+)", output, re.MULTILINE)
    if line is None or rate is None:
        raise SystemExit(f"cannot read wrk's output:\n{output}")
    figures = dict(item.split("=", 1) for item in line.group(1).split())
    printed = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    errors = map(int, figures["errors"].split(","))
    requests = int(figures["requests"])
    p50, p95, p99 = (int(figures[f"p{n}_us"]) / 1000 if requests else None for n in (50, 95, 99))
    return LoadResult(
        rate=float(rate.group(1)),
        requests=requests,
        p50=p50,
        p95=p95,
        p99=p99,
        non_2xx=max(int(figures["non2xx"]), int(printed.group(1)) if printed else 0),
        socket_errors=dict(zip(("connect", "read", "write", "timeout"), errors, strict=True)),
    )


def load(scenario: Scenario, base: str, arguments: argparse.Namespace, folder: Path) -> LoadResult:
    """Warm the scenario up, then load it for the run's duration; return what wrk measured."""
    check_http(scenario, int(urlsplit(base).port or 80))
    warm = wrk(base, scenario.paths, arguments.warmup, arguments.connections, folder)
    if warm.non_2xx:
        raise SystemExit(f"{scenario.name}: {warm.non_2xx} non-2xx answers during the warm-up")
    result = wrk(base, scenario.paths, arguments.duration, arguments.connections, folder)
    print(f"  {scenario.name}: {result.rate:.0f} req/s, p99 {_ms(result.p99)} ms, failed: {result.problems()}",
          file=sys.stderr)  # fmt: skip
    return result


def _ms(value: float | None) -> str:
    """Return milliseconds with one decimal, or a dash for no figure."""
    return "—" if value is None else f"{value:.1f}"


# ---------------------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------------------


def report(scenarios: list[Scenario], loads: dict[str, LoadResult], sql: dict[str, SqlTime]) -> None:
    """Print the Markdown table, what each scenario requested, and the targets met or missed."""
    print("\n| scenario | req/s | p50 | p95 | p99 (ms) | queries | SQL p50 | SQL p95 (ms) | alone p50 | alone p95 (ms) "
          "| non-2xx |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for scenario in scenarios:
        run, timing = loads[scenario.name], sql[scenario.name]
        low, high = timing.queries
        queries = str(low) if low == high else f"{low}–{high}"
        print(f"| {scenario.name} | {run.rate:,.0f} | {_ms(run.p50)} | {_ms(run.p95)} | {_ms(run.p99)} | {queries} "
              f"| {timing.p50:.1f} | {timing.p95:.1f} | {timing.alone_p50:.1f} | {timing.alone_p95:.1f} "
              f"| {run.problems()} |")  # fmt: skip
    print()
    for scenario in scenarios:
        timing = sql[scenario.name]
        found = f"; {timing.matches} matches" if timing.matches else ""
        print(f"- {scenario.name}: {scenario.about}{found}; SQL timed {timing.runs} times; e.g. `{scenario.paths[0]}`")
    print("\n| target | result | |\n|---|---|---|")
    for target, result, met in targets(loads, sql):
        print(f"| {target} | {result} | {'met' if met else '**missed**'} |")


def targets(loads: dict[str, LoadResult], sql: dict[str, SqlTime]) -> list[tuple[str, str, bool]]:
    """Return each target with the measured figure and whether it was met (never when requests failed)."""
    rows = [_target("list", "rate", loads["list"], 500, "≥", "req/s"), _target("list", "p99", loads["list"], 50)]
    for name in ("selective search", "broad search", "filtered search"):
        rows.append(_target(name, "p95", loads[name], 60))
    rows.append(_target("typo search", "p95", loads["typo search"], 100))
    most = max(timing.queries[1] for timing in sql.values())
    worst = ", ".join(name for name, timing in sql.items() if timing.queries[1] == most)
    rows.append(("≤ 3 queries per request", f"at most {most} ({worst})", most <= 3))
    return rows


def _target(
    name: str, figure: str, run: LoadResult, limit: float, sense: str = "≤", unit: str = "ms"
) -> tuple[str, str, bool]:
    """Return the target "``name`` ``figure`` ``sense`` ``limit``", the measured figure and whether it was met."""
    value = getattr(run, figure)
    met = value is not None and not run.failed and (value >= limit if sense == "≥" else value <= limit)
    shown = "—" if value is None else f"{value:,.0f}" if unit == "req/s" else f"{value:.1f}"
    failed = f" ({run.problems()})" if run.failed else ""
    label = f"{name} ≥ {limit:g} req/s" if figure == "rate" else f"{name} {figure} {sense} {limit:g} ms"
    return label, f"{shown} {unit}{failed}", met


def _terminated(signum: int, frame: object) -> None:
    """Exit on SIGTERM as on an error, so that gunicorn is stopped on the way out."""
    raise SystemExit(f"stopped by signal {signum}")


def main() -> None:
    """Build the registry if needed, measure every scenario, print the report; exit 1 on any failed answer."""
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--certificates", type=int, default=100_000)
    options.add_argument("--duration", type=int, default=20, help="seconds of load per scenario")
    options.add_argument("--connections", type=int, default=16)
    options.add_argument("--warmup", type=int, default=3, help="seconds of warm-up load per scenario")
    options.add_argument("--explain-rounds", type=int, default=30, help="EXPLAIN ANALYZE runs per request sampled")
    options.add_argument("--rebuild", action="store_true", help="drop and rebuild the bench database even if it fits")
    options.add_argument(
        "--cache-seconds", type=int, default=60, help="API_CACHE_SECONDS of the server; 0 answers every request afresh"
    )
    arguments = options.parse_args()
    os.environ["API_CACHE_SECONDS"] = str(arguments.cache_seconds)
    redis.Redis.from_url(REDIS_URL).flushdb()  # no answers or counters left from an earlier run
    settings.API_CACHE_SECONDS = 0  # the SQL timed in-process is what a request runs when it is not cached
    signal.signal(signal.SIGTERM, _terminated)  # leave through the finally blocks, which stop gunicorn
    require_wrk()
    migrated = ensure_database(fresh=arguments.rebuild)
    rebuilt = arguments.rebuild or published() != arguments.certificates
    if rebuilt:
        build(arguments.certificates)
    if rebuilt or migrated:  # a new migration may change what the search index holds
        reindex()
    plan = scenarios(random.Random(SEED))
    print(f"{published():,} certificates; timing the SQL of each scenario ...", file=sys.stderr)
    sql = {scenario.name: sql_time(scenario, arguments.explain_rounds) for scenario in plan}
    workers = os.cpu_count() or 1
    warn_if_busy(workers)
    print(
        f"gunicorn, {workers} sync workers, read cache {arguments.cache_seconds} s; "
        f"wrk, {arguments.connections} connections, "
        f"{arguments.duration:g} s per scenario after {arguments.warmup:g} s of warm-up",
        file=sys.stderr,
    )
    with gunicorn(workers) as base, tempfile.TemporaryDirectory(prefix="bench-api-") as folder:
        loads = {scenario.name: load(scenario, base, arguments, Path(folder)) for scenario in plan}
    report(plan, loads, sql)
    failed = [f"{name} ({run.problems()})" for name, run in loads.items() if run.failed]
    if failed:
        raise SystemExit(f"FAILED: answers not 2xx, errors or timeouts under load in {'; '.join(failed)}")


if __name__ == "__main__":
    main()
