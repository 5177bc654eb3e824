"""Parsing in a child process: the record comes back; a hostile or broken parse fails alone, within limits."""

from __future__ import annotations

import time
import zlib
from datetime import date

import pytest

from ingest import isolation
from ingest.errors import ExtractionError, ParseError
from ingest.isolation import Limits, parse_isolated
from ingest.parser import parse_certificate
from tests.helpers import seed_text

TEXT = "text/plain"
LIMITS = Limits(wall_seconds=4, cpu_seconds=3, memory_bytes=256 * 1024 * 1024)
SEED = "004_46e2c1a1b98fd4ac.txt"


def test_it_returns_the_record_parsed_in_the_child() -> None:
    parsed = parse_isolated(seed_text(SEED).encode(), TEXT, LIMITS)
    assert parsed.record.certificate_number == "OCA.0016.0042.CSMS"
    assert parsed.record.certification_date == date(2022, 1, 5)  # typed again, not an ISO string
    assert parsed.record == parse_certificate(parsed.text)
    assert parsed.text.startswith("\n\nOCPP 1.6 Full Certificate")


def test_it_raises_the_parsers_own_error() -> None:
    with pytest.raises(ParseError, match="not an OCA certificate"):
        parse_isolated(b"Invoice 118, total 4,500 EUR", TEXT, LIMITS)


def _pdf_with_content(stream: bytes) -> bytes:
    """Return a one-page PDF whose page content is ``stream`` (already Flate-compressed)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_decompression_bomb_fails_its_document_and_not_the_caller() -> None:
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    bomb = b"".join(compressor.compress(chunk) for _ in range(768)) + compressor.flush()  # 768 MB unpacked
    assert len(bomb) < 1_000_000
    started = time.monotonic()
    with pytest.raises(ExtractionError, match="decompression bomb|CPU|longer than"):
        parse_isolated(_pdf_with_content(bomb), "application/pdf", LIMITS)
    # The caller is intact and goes on parsing.
    assert parse_isolated(seed_text(SEED).encode(), TEXT, LIMITS).record.holder == "EVAR"
    assert time.monotonic() - started < 60  # a guard against a hang, not a speed target


@pytest.mark.parametrize(
    ("behaviour", "limits", "message"),
    [
        ("crash", LIMITS, r"could not be read \(ZeroDivisionError\)"),
        ("hog memory", LIMITS, "more memory than a parse may use"),
        ("spin", Limits(wall_seconds=30, cpu_seconds=1, memory_bytes=LIMITS.memory_bytes), "more than 1 s of CPU"),
        ("hang", Limits(wall_seconds=0.5, cpu_seconds=3, memory_bytes=LIMITS.memory_bytes), "longer than 0.5 s"),
    ],
)
def test_a_parse_that_goes_wrong_fails_with_the_limit_it_broke(
    behaviour: str, limits: Limits, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def misbehave(data: bytes, media_type: str) -> dict:
        if behaviour == "crash":
            return {"x": 1 / 0}
        if behaviour == "hog memory":
            return {"x": bytearray(2 * LIMITS.memory_bytes)}
        if behaviour == "spin":
            while True:
                pass
        time.sleep(60)
        return {}

    monkeypatch.setattr(isolation, "read_and_parse", misbehave)
    with pytest.raises(ExtractionError, match=message):
        parse_isolated(b"anything", TEXT, limits)
