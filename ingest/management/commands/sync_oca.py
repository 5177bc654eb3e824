"""``python manage.py sync_oca``: sync the registry with OCA's listing of certified products and fetch the PDFs.

Reads every page of the listing (both product types unless ``--product-type`` names one), stores it as a
complete snapshot (entries no longer listed are marked withdrawn), then downloads each listed PDF not fetched
yet or changed and ingests it like an upload. Shows a progress bar on a terminal (plain lines otherwise) and a
summary; a sync that changed nothing, and why, exits with status 1.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.oca.sync import KINDS, SyncError, oca_sync

BAR = 30


class Command(BaseCommand):
    help = "Sync with OCA's listing of certified products (its JSON endpoint) and ingest the certificate PDFs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--product-type",
            dest="kinds",
            action="append",
            choices=[k.lower() for k in KINDS],
            help="only this product type (repeatable; default: both)",
        )
        parser.add_argument("--no-documents", dest="documents", action="store_false", help="only the listing")
        parser.add_argument(
            "--max-documents", type=int, metavar="N", help="download at most N PDFs never fetched before"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="store the listing even if it holds far fewer rows than the last complete one",
        )

    def handle(
        self,
        *args: Any,
        kinds: list[str] | None,
        documents: bool,
        max_documents: int | None,
        force: bool,
        **options: Any,
    ) -> None:
        if max_documents is not None and max_documents < 0:
            raise CommandError("--max-documents must be 0 or more")
        self.tty = self.stdout.isatty()
        try:
            report = oca_sync(
                kinds=[k.upper() for k in kinds or KINDS],
                documents=documents,
                max_documents=max_documents,
                min_share=0.0 if force else None,
                progress=self.progress,
            )
        except SyncError as exc:
            self._end_bar()
            raise CommandError(f"sync with OCA failed: {exc}") from exc
        self._end_bar()
        for line in report.lines():
            self.stdout.write(line)

    def progress(self, stage: str, done: int, total: int, detail: str) -> None:
        """Show progress: a bar redrawn in place on a terminal, else one line per step."""
        if not self.tty:
            self.stdout.write(f"{stage} [{done}/{total}] {detail}")
            return
        if stage != getattr(self, "_stage", stage):
            self._end_bar()
        self._stage = stage
        filled = BAR * done // max(total, 1)
        line = f"\r{stage:<9} [{'#' * filled}{'.' * (BAR - filled)}] {done}/{total} {detail}"[:118]
        self.stdout.write(line.ljust(118), ending="")
        self.stdout.flush()
        self._drawn = True

    def _end_bar(self) -> None:
        if getattr(self, "_drawn", False):
            self.stdout.write("")
            self._drawn = False
