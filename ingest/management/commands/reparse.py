"""``python manage.py reparse``: queue documents to be parsed again, e.g. after a parser upgrade.

By default, every document a different parser version read; ``--all`` for every document, ``--status``
for those in one status. Hand corrections on their certificates are kept.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ingest.models import DocumentStatus, SourceDocument
from ingest.parser import PARSER_VERSION
from ingest.services import document_reparse


class Command(BaseCommand):
    help = "Queue documents to be parsed again (by default those read by another parser version)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", dest="every", action="store_true", help="every document")
        parser.add_argument("--status", choices=DocumentStatus.values, help="only documents in this status")

    def handle(self, *args: Any, every: bool, status: str | None, **options: Any) -> None:
        documents = SourceDocument.objects.exclude(status__in=[DocumentStatus.QUEUED, DocumentStatus.PARSING])
        if status:
            documents = documents.filter(status=status)
        if not every and not status:
            documents = documents.exclude(parser_version=PARSER_VERSION)
        count = 0
        for document in documents.iterator():
            document_reparse(document=document)
            count += 1
        self.stdout.write(f"{count} document(s) queued for parsing with parser {PARSER_VERSION}")
