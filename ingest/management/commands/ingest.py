"""``python manage.py ingest PATH...``: upload certificate files, folders and ZIP archives into the registry.

Each file goes through the same service as an admin upload: stored once, parsed by the pipeline (in-process
in the embedded default, by the workers when REDIS_URL is set). ZIP archives are read member by member; a file
or member that cannot be read is rejected alone and the batch goes on. Prints progress and a summary.
"""

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.models import SourceDocument
from ingest.services import documents_create_from_upload
from ingest.uploads import path_files, safe_name


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

    def _ingest_file(self, path: Path) -> Iterator[tuple[str, str]]:
        """Yield (name, outcome) for the file, or for each certificate in it when it is a ZIP archive, as each
        is stored; a file that cannot be read is rejected alone."""
        try:
            file = path.open("rb")
        except OSError as exc:
            yield safe_name(path.name), f"rejected: the file cannot be read ({exc.strerror or exc})"
            return
        with file:
            for name, document, outcome, _ in documents_create_from_upload(file=file, filename=path.name):
                yield name, self._status(document, outcome)

    def _status(self, document: SourceDocument | None, outcome: str) -> str:
        """Return the outcome to print: a new document's status once parsed in-process, else the outcome."""
        if document is None:
            return f"rejected: {outcome}"
        if outcome == "new":
            document.refresh_from_db()
            return document.status
        return outcome
