"""One sync with OCA: read every page of its listing for the product types asked for, store it through the
registry's listing service as a complete snapshot of those types, then fetch the PDFs (``ingest.oca.fetches``).

A sync that cannot read a page, reads a page that is no listing, or reads far fewer rows than the last complete
sync changes nothing and raises ``SyncError`` saying why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from certificates.choices import ListingSource
from certificates.domain.listed import ListingRow
from certificates.listing import ListingShrank, listing_import
from certificates.models import ListingEntry, ListingImport
from ingest.oca.client import Client, ClientConfig, FetchError
from ingest.oca.fetches import FetchReport, Progress, documents_fetch
from ingest.oca.items import PRODUCT_TYPES, ListingPageError, listing_digest, page_query, read_page, row_of, unique_rows

KINDS = tuple(PRODUCT_TYPES)
_LOCK = "ingest:oca-sync"


class SyncError(Exception):
    """The sync changed nothing; the message says why."""


@dataclass
class SyncReport:
    """What a sync did: the listing import, the rows read per product type, and the PDFs (None when skipped)."""

    run: ListingImport
    rows: Counter[str]
    documents: FetchReport | None = None

    def lines(self) -> list[str]:
        """The summary, one line per subject: rows, PDFs, and what became of the new documents."""
        run = self.run
        kinds = ", ".join(f"{kind} {count:,}" for kind, count in sorted(self.rows.items()))
        lines = [
            f"listing: {run.rows:,} rows ({kinds}): {run.created} new, {run.changed} changed, "
            f"{run.withdrawn} withdrawn, {run.back} back"
        ]
        fetched = self.documents
        if fetched is None:
            return [*lines, "PDFs: not fetched (--no-documents)"]
        lines.append(
            f"PDFs: {fetched.fetched} fetched, {fetched.same} already stored, {fetched.unchanged} unchanged, "
            f"{fetched.failed} failed (queued for retry), {fetched.waiting} waiting for a retry, "
            f"{fetched.left} left for the next run"
        )
        outcomes = fetched.outcomes()
        if outcomes:
            lines.append(
                "new documents: "
                + ", ".join(f"{n} {status.replace('_', ' ')}" for status, n in sorted(outcomes.items()))
            )
        lines.extend(f"needs review: {review}" for review in fetched.reviews())
        return lines


def client_of_settings() -> Client:
    """Return a client configured by the ``OCA_*`` settings; raise ``SyncError`` without ``OCA_CONTACT_URL``."""
    if not settings.OCA_CONTACT_URL:
        raise SyncError("set OCA_CONTACT_URL (where OCA can reach this registry's operators) before syncing")
    return Client(
        ClientConfig(
            user_agent=f"{settings.OCA_USER_AGENT} (+{settings.OCA_CONTACT_URL})",
            requests_per_second=settings.OCA_REQUESTS_PER_SECOND,
            connect_timeout=settings.OCA_CONNECT_TIMEOUT,
            read_timeout=settings.OCA_READ_TIMEOUT,
            download_seconds=settings.OCA_DOWNLOAD_SECONDS,
            retries=settings.OCA_RETRIES,
            backoff=settings.OCA_BACKOFF_SECONDS,
            max_bytes=settings.INGEST_MAX_UPLOAD_BYTES,
            document_hosts=tuple(settings.OCA_DOCUMENT_HOSTS),
        )
    )


def oca_sync(
    *,
    kinds: Collection[str] = KINDS,
    documents: bool = True,
    max_documents: int | None = None,
    min_share: float | None = None,
    progress: Progress | None = None,
) -> SyncReport:
    """Sync the registry with OCA's listing of the product types ``kinds`` ("CSMS", "CS"); return the report.

    The listing is stored as a complete snapshot of ``kinds`` (entries it no longer holds are withdrawn), unless
    it holds fewer rows than ``min_share`` (``OCA_SYNC_MIN_PERCENT`` by default) of the last complete one. Then,
    unless ``documents`` is false, the PDFs are fetched (at most ``max_documents`` never fetched before). Raises
    ``SyncError``, having changed nothing, when a page fails or is no listing, or the listing shrank; one sync
    runs at a time.
    """
    kinds = [kind for kind in KINDS if kind in kinds]
    share = settings.OCA_SYNC_MIN_PERCENT / 100 if min_share is None else min_share
    with _one_at_a_time(), closing(client_of_settings()) as client:
        rows = listing_read(client=client, kinds=kinds, progress=progress)
        try:
            run = listing_import(
                rows=rows,
                source_name=f"OCA listing ({', '.join(kinds)})",
                source=ListingSource.OCA,
                sha256=listing_digest(row.raw for row in rows),
                scope=kinds,
                min_share=share,
            )
        except ListingShrank as exc:
            raise SyncError(str(exc)) from exc
        report = SyncReport(run, Counter(row.product_type for row in rows))
        if documents:
            changed = {str(change["number"]) for change in run.changes}
            report.documents = documents_fetch(
                client=client, kinds=kinds, changed=_numbers(changed), limit=max_documents, progress=progress
            )
    return report


def listing_read(*, client: Client, kinds: Collection[str], progress: Progress | None = None) -> list[ListingRow]:
    """Return every row of OCA's listing of ``kinds``, read page by page (one row per listed number).

    Raises ``SyncError`` naming the product type and page that could not be read or is no listing, and when a
    product type lists nothing at all (an endpoint that broke, not a market that vanished).
    """
    rows: list[ListingRow] = []
    for kind in kinds:
        label = PRODUCT_TYPES[kind]
        page, pages, count = 1, 1, 0
        while page <= pages:
            try:
                read = read_page(
                    client.post_json(settings.OCA_LISTING_URL, page_query(label, page)), product_type=label, page=page
                )
            except FetchError as exc:
                raise SyncError(f"the {label} listing, page {page}: {exc}; nothing was changed") from exc
            except ListingPageError as exc:
                raise SyncError(f"{exc}; nothing was changed") from exc
            pages = max(pages, read.pages)
            rows.extend(row_of(cells, position=len(rows) + 1, kind=kind) for cells in read.items)
            count += len(read.items)
            if progress is not None:
                progress("listing", page, pages, f"{label}, page {page} of {pages}")
            page += 1
        if not count:
            raise SyncError(f"the {label} listing holds no rows; nothing was changed")
    return unique_rows(rows)


def _numbers(raw_numbers: set[str]) -> set[str]:
    """The certificate numbers of the listing entries whose rows are ``raw_numbers`` (as listed)."""
    return set(ListingEntry.objects.filter(raw_number__in=raw_numbers).values_list("number", flat=True))


@contextmanager
def _one_at_a_time() -> Iterator[None]:
    """Hold the sync's lock (in the cache: Redis, shared by every worker, when configured); raise ``SyncError``
    when another sync holds it."""
    if not cache.add(_LOCK, "held", timeout=settings.OCA_SYNC_TIME_LIMIT):
        raise SyncError("another sync with OCA is running; nothing was changed")
    try:
        yield
    finally:
        cache.delete(_LOCK)
