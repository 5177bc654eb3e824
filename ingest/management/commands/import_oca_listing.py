"""``python manage.py import_oca_listing CSV``: import OCA's public listing of certified products.

Every row becomes a listing entry linked to the certificate of its number (made from the listing when no
document of it has been parsed), and is compared with that certificate. Re-importing is idempotent; each
import records what changed since the one before.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certificates.models import DataQualityFlag
from ingest.listing_csv import ListingError
from ingest.listing_import import listing_import_csv


class Command(BaseCommand):
    help = "Import OCA's public listing (CSV) and reconcile it with the parsed certificates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", type=Path, metavar="CSV")

    def handle(self, *args: Any, csv: Path, **options: Any) -> None:
        if not csv.is_file():
            raise CommandError(f"no such file: {csv}")
        try:
            run = listing_import_csv(data=csv.read_bytes(), source_name=csv.name)
        except ListingError as error:
            raise CommandError(f"{csv}: {error}") from error
        flags = DataQualityFlag.objects.count()
        self.stdout.write(
            f"{run.rows} row(s) read: {run.created} new, {run.changed} changed, {run.removed} removed; "
            f"{flags} data-quality flag(s) in the registry"
        )
