"""Importing OCA's public listing from its CSV mirror: the file is read here, its rows stored by the registry's
listing service (``certificates.listing.listing_import``)."""

from __future__ import annotations

import hashlib

from certificates.listing import listing_import
from certificates.models import ListingImport
from ingest.listing_csv import read_listing


def listing_import_csv(*, data: bytes, source_name: str) -> ListingImport:
    """Import the listing CSV ``data`` (see ``listing_import``); return the import's record.

    Raises ``ingest.listing_csv.ListingError`` (nothing stored) for a file that is not the listing.
    """
    rows = read_listing(data)
    return listing_import(rows=rows, source_name=source_name, sha256=hashlib.sha256(data).hexdigest())
