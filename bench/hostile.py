"""How long a hostile PDF takes to fail its document, under the production parse limits (settings).

    python bench/hostile.py

Two attacks: a decompression bomb (1.5 GB of content in a 1.5 MB file) and an operator flood (3 million
drawing operators). Each is parsed three times in the forked, limited child the pipeline uses.
"""

from __future__ import annotations

import os
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")

import django  # noqa: E402

django.setup()

from ingest.errors import ExtractionError  # noqa: E402
from ingest.isolation import parse_isolated  # noqa: E402
from ingest.services import parse_limits  # noqa: E402
from tests.ingest.test_isolation import _pdf_with_content  # noqa: E402


def compressed(chunk: bytes, times: int) -> bytes:
    """Return ``chunk`` repeated ``times`` times, Flate-compressed."""
    compressor = zlib.compressobj(9)
    return b"".join(compressor.compress(chunk) for _ in range(times)) + compressor.flush()


def main() -> None:
    """Time each attack and print how long it took to fail, and with what message."""
    attacks = {
        "decompression bomb": _pdf_with_content(compressed(bytes(1 << 20), 1536)),
        "operator flood": _pdf_with_content(compressed(b"0 0 m 1 1 l S\n" * 200_000, 15)),
    }
    limits = parse_limits()
    print(f"limits: {limits.wall_seconds} s wall, {limits.cpu_seconds} s CPU, {limits.memory_bytes >> 20} MB memory")
    for name, data in attacks.items():
        times = []
        for _ in range(3):
            started = time.monotonic()
            try:
                parse_isolated(data, "application/pdf", limits)
                outcome = "parsed (not refused!)"
            except ExtractionError as exc:
                outcome = str(exc)
            times.append(time.monotonic() - started)
        print(f"{name}: {len(data):,} bytes, failed in at most {max(times):.2f} s: {outcome}")


if __name__ == "__main__":
    main()
