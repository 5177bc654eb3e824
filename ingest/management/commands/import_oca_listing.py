"""``python manage.py import_oca_listing CSV``: import OCA's public listing of certified products.

Every row becomes a listing entry linked to the certificate of its number (made from the listing when no
document of it has been parsed), and is compared with that certificate. Re-importing is idempotent; each
import records what changed since the one before.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from certificates.listing import ListingShrank
from certificates.models import DataQualityFlag
from ingest.listing_csv import ListingError
from ingest.listing_import import listing_import_csv


class Command(BaseCommand):
    help = "Import OCA's public listing (CSV) and reconcile it with the parsed certificates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", type=Path, metavar="CSV")
        parser.add_argument(
            "--complete",
            action="store_true",
            help="the file is the whole listing of its product types: mark the entries it lacks withdrawn",
        )

    def handle(self, *args: Any, csv: Path, complete: bool, **options: Any) -> None:
        if not csv.is_file():
            raise CommandError(f"no such file: {csv}")
        share = settings.OCA_SYNC_MIN_PERCENT / 100
        try:
            run = listing_import_csv(data=csv.read_bytes(), source_name=csv.name, complete=complete, min_share=share)
        except (ListingError, ListingShrank) as error:
            raise CommandError(f"{csv}: {error}") from error
        flags = DataQualityFlag.objects.count()
        withdrawn = f", {run.withdrawn} withdrawn, {run.back} back" if complete else ""
        self.stdout.write(
            f"{run.rows} row(s) read: {run.created} new, {run.changed} changed, {run.removed} removed{withdrawn}; "
            f"{flags} data-quality flag(s) in the registry"
        )
