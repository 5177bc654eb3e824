"""The ``parse_certificate`` command: JSON Lines, one line per file, errors on stdout and stderr, exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.helpers import SEEDS, SEEDS_EXPECTED, mismatches
from tests.pdfgen import build_certificate_pdf

ROOT = Path(__file__).resolve().parents[2]


def run(*files: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the command in a child process, as a user would, and return its result."""
    return subprocess.run(
        [sys.executable, "manage.py", "parse_certificate", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )


def test_it_writes_one_record_per_file_in_order(tmp_path: Path) -> None:
    pdf = tmp_path / "Certificate_OCA00160009CSMS_Meshcrafts-AS.pdf"
    pdf.write_bytes(build_certificate_pdf((SEEDS / "000_d42e1137ead7e816.txt").read_text(encoding="utf-8")))
    names = sorted(SEEDS_EXPECTED)
    result = run(*(str(SEEDS / name) for name in names), str(pdf))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["source"]["filename"] for line in lines] == [*names, pdf.name]
    for name, line in zip(names, lines, strict=False):
        assert mismatches(line, SEEDS_EXPECTED[name]) == []
        assert line["source"]["media_type"] == "text/plain" and line["source"]["pages"] is None
        assert len(line["source"]["sha256"]) == 64
    assert lines[-1]["source"]["media_type"] == "application/pdf"
    assert lines[-1]["source"]["pages"] == 3
    assert lines[-1]["certificate_number"] == "OCA.0016.0009.CSMS"


def test_it_needs_no_database(tmp_path: Path) -> None:
    result = run(str(SEEDS / "001_38b104c6f537bd29.txt"), DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["holder"] == "SemaConnect"


def test_it_reports_each_bad_file_and_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    image = tmp_path / "scan.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = run(str(empty), str(SEEDS / "004_46e2c1a1b98fd4ac.txt"), str(image), str(tmp_path / "missing.pdf"))
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("error") is not None for line in lines] == [True, False, True, True]
    assert lines[0] == {
        "source": {
            "filename": "empty.txt",
            "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "media_type": None,
            "pages": None,
        },
        "error": "the file is empty",
    }
    assert "PNG image" in lines[2]["error"]
    assert "No such file" in lines[3]["error"]
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 3


def test_it_runs_in_process_too(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("parse_certificate", str(SEEDS / "003_5fa35c9b1f76e96e.txt"))
    record = json.loads(capsys.readouterr().out)
    assert record["test_lab"] == "DNV Singapore Pte. Ltd."
