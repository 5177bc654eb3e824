"""Parser benchmark: median time per certificate for text and PDF inputs, against pdfplumber's bare extraction.

For every PDF, in the same run and on the same bytes, it also times pdfplumber's own
``page.extract_text()`` + ``page.extract_tables()`` over all pages (opening the file included) and reports
the ratio of the medians. Inputs: the seed texts and the variation corpus (text), the corpus's PDFs made by a
word processor, and ruled PDFs built from the texts with ``tests/pdfgen.py``.

    python bench/parse.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from ingest.documents import parse_document  # noqa: E402
from ingest.errors import CertificateError  # noqa: E402
from tests.helpers import as_table_text  # noqa: E402
from tests.pdfgen import build_certificate_pdf  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"


def text_inputs() -> dict[str, bytes]:
    """Return the certificate texts to time: seeds and the variation corpus, keyed by file name."""
    corpus = FIXTURES / "variations"
    files = sorted(FIXTURES.glob("seeds/*.txt")) + sorted(
        p
        for p in corpus.glob("*")
        if p.suffix in (".txt", ".md", ".html") and (corpus / f"{p.stem}.expected.json").exists()
    )
    return {path.name: path.read_bytes() for path in files if _parses(path.read_bytes(), path.name)}


def _parses(data: bytes, name: str) -> bool:
    """Return True for inputs that are certificates (the corpus holds a few that are not, on purpose)."""
    try:
        parse_document(data, name)
    except CertificateError:
        return False
    return True


def pdf_inputs(texts: dict[str, bytes]) -> dict[str, bytes]:
    """Return the corpus's word-processor PDFs and ruled PDFs built from the texts, keyed by a .pdf name."""
    pdfs = {path.name: path.read_bytes() for path in sorted((FIXTURES / "variations").glob("*.pdf"))}
    for name, data in texts.items():
        try:
            pdfs[Path(name).stem + ".pdf"] = build_certificate_pdf(as_table_text(data))
        except ValueError:  # the builder refuses texts that do not fit three pages
            continue
    return pdfs


def bare_pdfplumber(data: bytes) -> None:
    """pdfplumber's own extraction of a PDF, for comparison: open, extract_text and extract_tables per page."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.close()


def median_ms(function: Callable[[], object], rounds: int) -> float:
    """Return the median wall time of ``function`` over ``rounds`` calls, in milliseconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Time every input and print a per-input table and the medians."""
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--rounds", type=int, default=15, help="calls per input (median taken)")
    rounds = options.parse_args().rounds
    texts = text_inputs()
    pdfs = pdf_inputs(texts)
    text_times = [median_ms(lambda d=data, n=name: parse_document(d, n), rounds) for name, data in texts.items()]
    ours, bare = [], []
    for name, data in pdfs.items():
        # Interleave the two so that both see the same machine state.
        ours.append(median_ms(lambda d=data, n=name: parse_document(d, n), rounds))
        bare.append(median_ms(lambda d=data: bare_pdfplumber(d), rounds))
        print(f"  {name:48s} parse {ours[-1]:7.1f} ms   bare pdfplumber {bare[-1]:7.1f} ms")
    print(
        f"text inputs: {len(texts)}, median parse {statistics.median(text_times):.2f} ms, max {max(text_times):.2f} ms"
    )
    print(f"PDF inputs:  {len(pdfs)}, median parse {statistics.median(ours):.1f} ms")
    print(f"bare pdfplumber extract_text + extract_tables, same PDFs: median {statistics.median(bare):.1f} ms")
    print(f"ratio (parse / bare): {statistics.median(ours) / statistics.median(bare):.2f}")


if __name__ == "__main__":
    main()
