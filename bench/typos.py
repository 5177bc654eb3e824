"""Typo search quality and cost: misspelt holder names against the API benchmark's database.

    python bench/typos.py [--names 12]

Takes ``--names`` holders among those with the fewest certificates (the API benchmark's "typo search"
scenario: the same names for 12), misspells the first word of each (a letter dropped, doubled or swapped), and
asks the API for it in-process with the read cache off. For each: the hits, the holder ranked first, whether
it is the holder misspelt, and the server time (fastest of 3). Prints a Markdown table and a summary line.
Needs the database ``bench/api.py`` builds (``registry_bench_api``).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from urllib.parse import urlencode  # noqa: E402

from django.conf import settings  # noqa: E402

from bench.api import API, CLIENT, SEED, misspelt, rare_names  # noqa: E402  (sets up Django on the bench database)
from bench.synthetic import without_legal_form  # noqa: E402


def main() -> None:
    """Ask for each misspelt name and print what came first."""
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--names", type=int, default=12, help="how many misspelt names")
    arguments = options.parse_args()
    settings.API_CACHE_SECONDS = 0
    rng = random.Random(SEED)
    names = rare_names(rng, arguments.names)
    typos = [misspelt(rng, name) for name in names]
    print("| asked | meant | hits | first | found | ms |\n|---|---|---|---|---|---|")
    found, total = 0, 0.0
    for name, typo in zip(names, typos, strict=True):
        path = f"{API}?{urlencode({'q': typo})}"
        times = []
        for _ in range(3):
            started = time.perf_counter()
            body = CLIENT.get(path).json()
            times.append((time.perf_counter() - started) * 1000)
        first = body["results"][0]["holder"] if body["results"] else "—"
        right = first != "—" and without_legal_form(first) == name
        found += right
        total += min(times)
        hits = f"{body['count']:,}{'+' if body.get('count_is_capped') else ''}"
        print(f"| {typo} | {name} | {hits} | {first} | {'yes' if right else 'no'} | {min(times):.1f} |")
    print(f"\n{found} of {len(names)} misspelt names found their holder first; {total:.0f} ms in all.")


if __name__ == "__main__":
    main()
