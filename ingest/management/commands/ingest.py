"""``python manage.py ingest PATH...``: upload certificate files, folders and ZIP archives into the registry.

Each file goes through the same service as an admin upload: stored once, parsed by the pipeline (in-process
in the embedded default, by the workers when REDIS_URL is set). Prints progress and a summary.
"""

from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.errors import UploadRejected
from ingest.services import document_create
from ingest.uploads import is_zip, path_files, zip_members


class Command(BaseCommand):
    help = "Ingest certificate files (PDF, text), folders and ZIP archives."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    def handle(self, *args: Any, paths: list[Path], **options: Any) -> None:
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}")
        files = list(path_files(paths))
        outcomes: Counter[str] = Counter()
        for position, path in enumerate(files, start=1):
            for name, outcome in self._ingest_file(path):
                outcomes[outcome.split(":")[0]] += 1
                self.stderr.write(f"[{position}/{len(files)}] {name}: {outcome}")
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        self.stdout.write(f"{len(files)} file(s) read: {summary or 'nothing to ingest'}")

    def _ingest_file(self, path: Path) -> list[tuple[str, str]]:
        """Return (name, outcome) for the file, or for each certificate in it when it is a ZIP archive."""
        data = path.read_bytes()
        if not is_zip(data):
            return [(path.name, self._upload(data, path.name))]
        limit = settings.INGEST_MAX_UPLOAD_BYTES
        try:
            members = list(zip_members(data, max_member_bytes=limit, max_total_bytes=limit * 50))
        except UploadRejected as exc:
            return [(path.name, f"rejected: {exc}")]
        return [(f"{path.name}/{name}", self._upload(member, name)) for name, member in members]

    def _upload(self, data: bytes, name: str) -> str:
        """Upload one file; return what became of it (new document's status, duplicate, rejected)."""
        try:
            document, created = document_create(data=data, filename=name)
        except UploadRejected as exc:
            return f"rejected: {exc}"
        if not created:
            return "duplicate"
        document.refresh_from_db()
        return document.status
