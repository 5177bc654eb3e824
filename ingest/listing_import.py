"""Importing OCA's public listing from its CSV mirror: the file is read here, its rows stored by the registry's
listing service (``certificates.listing.listing_import``), the same service a sync with OCA's endpoint uses."""

from __future__ import annotations

import hashlib

from certificates.choices import ListingSource
from certificates.listing import listing_import
from certificates.models import ListingImport
from ingest.listing_csv import read_listing


def listing_import_csv(
    *, data: bytes, source_name: str, complete: bool = False, min_share: float = 0.0
) -> ListingImport:
    """Import the listing CSV ``data`` (see ``listing_import``); return the import's record.

    A ``complete`` file holds every row OCA lists of the product types its rows are filed under: an entry of
    those types it lacks is marked withdrawn (unless the file holds fewer than ``min_share`` of the rows of the
    last complete import of those types: ``certificates.listing.ListingShrank``). Otherwise it withdraws nothing.
    Raises ``ingest.listing_csv.ListingError`` (nothing stored) for a file that is not the listing.
    """
    rows = read_listing(data)
    scope = {row.product_type for row in rows if row.product_type} if complete else set()
    return listing_import(rows=rows, source_name=source_name, sha256=hashlib.sha256(data).hexdigest(),
                          source=ListingSource.CSV, scope=scope, min_share=min_share)  # fmt: skip
