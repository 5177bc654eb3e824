"""Public site at scale: server time and bytes of the list, detail and statistics pages.

    python bench/site.py [--requests 60]   # after bench/api.py has built its database

Uses ``bench/api.py``'s database of 100,000 synthetic certificates (``registry_bench_api``;
``BENCH_API_DATABASE_URL`` overrides). Renders each page in-process through the whole Django stack (middleware,
view, template) with the test client, ``DEBUG`` off, and times it: that is the server time, without the network.
Each page kind is asked ``--requests`` times over varied URLs, once with the read cache off (every page made
afresh) and once with it on (``API_CACHE_SECONDS=60`` in Redis db 13, as deployed: the second and later asks
of a URL are hits). Prints p50/p95/max in ms and the bytes of each page (HTML, before images: there are none).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
os.environ.update(
    DATABASE_URL=os.environ.get("BENCH_API_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/registry_bench_api"),
    REDIS_URL=os.environ.get("BENCH_API_REDIS_URL", "redis://127.0.0.1:6379/13"),
    DEBUG="0",
    SECRET_KEY="bench-site-local-measurement-key-not-for-any-deployment-0123456789",
    ALLOWED_HOSTS="127.0.0.1,localhost",
    SECURE_SSL_REDIRECT="false",
    SITE_SEARCH_RATE="100000000/second",  # every search comes from one address: the site's throttle lifted
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
sys.path.insert(0, str(ROOT))
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from certificates.models import Certificate, Lab  # noqa: E402

WORDS = ("energy", "charge", "power", "grid", "volt", "mobility", "e-mobility", "solutions")


def urls(kind: str, count: int, rng: random.Random) -> list[str]:
    """``count`` URLs of one page kind: the list with a search and two facets, a detail page, statistics."""
    if kind == "statistics":
        return ["/statistics/"] * count
    if kind == "detail":
        numbers = list(Certificate.objects.public().values_list("number", flat=True)[:5000])
        return [f"/certificates/{quote(n)}/" for n in rng.sample(numbers, count)]
    labs = list(Lab.objects.values_list("pk", flat=True))
    return [
        "/certificates/?"
        + urlencode({"q": rng.choice(WORDS), "ocpp_version": rng.choice(("1.6", "2.0.1")), "lab": rng.choice(labs)})
        for _ in range(count)
    ]


def measure(paths: list[str]) -> tuple[list[float], list[int]]:
    """Time a GET of each path in-process; return the times in ms and the sizes in bytes."""
    client = Client(HTTP_HOST="127.0.0.1")
    times, sizes = [], []
    for path in paths:
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}")
        sizes.append(len(response.content))
    return times, sizes


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    """Measure each page kind with the read cache off, then on; print a Markdown table."""
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--requests", type=int, default=60)
    arguments = options.parse_args()
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off serves hashed static names
    rng = random.Random(2026)
    plan = {kind: urls(kind, arguments.requests, rng) for kind in ("list", "detail", "statistics")}
    print(f"{Certificate.objects.public().count():,} certificates; {arguments.requests} requests per page kind")
    print("| page | read cache | p50 | p95 | max (ms) | bytes (largest) |")
    print("|---|---|---|---|---|---|")
    for seconds in (0, 60):
        settings.API_CACHE_SECONDS = seconds
        cache.clear()
        for kind, paths in plan.items():
            measure(paths[:3])  # warm the connection and the templates
            if seconds:  # a warm cache: every URL asked once before
                measure(paths)
            else:
                cache.clear()
            times, sizes = measure(paths)
            state = "on (hits)" if seconds else "off"
            print(
                f"| {kind} | {state} | {statistics.median(times):.1f} | {p95(times):.1f} | {max(times):.1f} |"
                f" {max(sizes):,} |"
            )


if __name__ == "__main__":
    main()
