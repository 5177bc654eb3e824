"""``python manage.py parse_certificate FILE...``: print each file's parsed record as one JSON line.

Needs no database, Redis or network. A file that fails gets ``{"source": …, "error": …}`` on stdout and its
message on stderr; the exit status is 1 if any file failed.
"""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ingest.documents import record_of, source_of
from ingest.errors import CertificateError


class Command(BaseCommand):
    help = "Parse OCA certificate files (PDF or text) and print one JSON record per line."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="PDF, .txt, .md or .html certificate")

    def handle(self, *args: Any, files: list[str], **options: Any) -> None:
        failed = 0
        for name in files:
            line = self._record_line(name)
            if "error" in line:
                failed += 1
                self.stderr.write(f"{name}: {line['error']}")
            self.stdout.write(json.dumps(line, ensure_ascii=False))
        self.stdout.flush()
        if failed:
            sys.exit(1)

    def _record_line(self, name: str) -> dict[str, Any]:
        """Return the JSON line for one file: its record, or its source and an error message."""
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            return {
                "source": {"filename": path.name, "sha256": None, "media_type": None, "pages": None},
                "error": f"cannot read the file: {exc.strerror or exc}",
            }
        try:
            return record_of(data, path.name)
        except CertificateError as exc:
            return {"source": source_of(data, path.name), "error": str(exc)}
