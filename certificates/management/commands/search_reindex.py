"""``python manage.py search_reindex``: rewrite every certificate's search document.

Certificates are indexed as they are written; run this after changing holders' or labs' aliases in bulk,
or after loading certificates by other means than the ingest pipeline.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from certificates.search import certificates_search_reindex


class Command(BaseCommand):
    help = "Rewrite the search document of every certificate."

    def handle(self, *args: Any, **options: Any) -> None:
        count = certificates_search_reindex()
        self.stdout.write(f"{count} certificate(s) reindexed.")
