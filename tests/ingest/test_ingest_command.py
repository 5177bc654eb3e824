"""``manage.py ingest``: files, folders and ZIP archives through the upload service, with a summary."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pytest_django import Settings

from certificates.models import Certificate
from ingest.models import SourceDocument
from tests.helpers import SEEDS

# The command commits as it goes (each upload enqueues its parse on commit): real transactions here.
pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_it_ingests_the_shipped_samples_once(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("ingest", str(ROOT / "samples"))
    # Each sample is there as a PDF and as text: the second of the two read is a duplicate of the first.
    assert capsys.readouterr().out.strip() == "10 file(s) read: 5 duplicate, 5 published"
    assert Certificate.objects.count() == 5
    call_command("ingest", str(ROOT / "samples"))
    assert capsys.readouterr().out.strip() == "10 file(s) read: 10 duplicate"
    assert SourceDocument.objects.count() == 10


def test_it_ingests_the_certificates_in_a_zip_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = {path.name: path.read_bytes() for path in sorted(SEEDS.glob("*.txt"))[:2]}
    archive = tmp_path / "batch.zip"
    archive.write_bytes(zipped({**seeds, "__MACOSX/._x.txt": b"junk", "notes/readme.docx": b"PK"}))
    call_command("ingest", str(archive))
    assert capsys.readouterr().out.strip() == "1 file(s) read: 2 published"
    assert Certificate.objects.count() == 2


def test_it_refuses_a_zip_bomb(tmp_path: Path, capsys: pytest.CaptureFixture[str], settings: Settings) -> None:
    settings.INGEST_MAX_UPLOAD_BYTES = 1024 * 1024
    archive = tmp_path / "bomb.zip"
    archive.write_bytes(zipped({f"{n}.txt": bytes(20 * 1024 * 1024) for n in range(3)}))
    assert archive.stat().st_size < 200_000
    call_command("ingest", str(archive))
    captured = capsys.readouterr()
    assert captured.out.strip() == "1 file(s) read: 1 rejected"
    assert "unpacks to more than" in captured.err
    assert SourceDocument.objects.count() == 0


def test_it_reports_a_failed_parse_and_a_rejected_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "invoice.txt").write_text("Invoice 118\nTotal due: 4,500 EUR\n")
    (tmp_path / "empty.pdf").write_bytes(b"")
    call_command("ingest", str(tmp_path))
    captured = capsys.readouterr()
    assert captured.out.strip() == "2 file(s) read: 1 failed, 1 rejected"
    assert "empty.pdf: rejected: the file is empty" in captured.err


def test_it_names_paths_that_do_not_exist(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("ingest", str(tmp_path / "missing"))
