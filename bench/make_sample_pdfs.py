"""Write a generated certificate PDF for each seed text.

    .venv/bin/python bench/make_sample_pdfs.py [OUT_DIR] [--seeds DIR] [--unruled]

Each ``<seed>.txt`` becomes ``OUT_DIR/<seed>.pdf`` (default ``samples/pdf/`` in the repository),
laid out by :func:`tests.pdfgen.build_certificate_pdf`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "samples" / "pdf"


def make_sample_pdfs(out_dir: Path, seeds_dir: Path | None = None, *, ruled: bool = True) -> list[Path]:
    """Build one PDF per seed text into ``out_dir`` (created if missing).

    Returns the paths of the written PDFs, in seed-name order.
    """
    if str(REPO) not in sys.path:  # run as a script: make the repository importable
        sys.path.insert(0, str(REPO))
    from tests.pdfgen import SEEDS_DIR, build_certificate_pdf, load_seeds

    seeds = load_seeds(seeds_dir if seeds_dir is not None else SEEDS_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, text in seeds.items():
        path = out_dir / f"{name}.pdf"
        path.write_bytes(build_certificate_pdf(text, ruled=ruled))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point. Returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "out_dir",
        nargs="?",
        type=Path,
        default=DEFAULT_OUT,
        help=f"output directory (default: {DEFAULT_OUT.relative_to(REPO)}/ in the repository)",
    )
    parser.add_argument(
        "--seeds",
        type=Path,
        default=None,
        help="directory of seed *.txt files (default: tests/fixtures/seeds)",
    )
    parser.add_argument("--unruled", action="store_true", help="draw tables without ruling lines")
    args = parser.parse_args(argv)
    written = make_sample_pdfs(args.out_dir, args.seeds, ruled=not args.unruled)
    if not written:
        print("no seed *.txt files found", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
