"""The certificate PDFs OCA's listing links to, downloaded into the pipeline like uploads.

Each PDF URL has a ``DocumentFetch`` row: the validators of its last download (for a conditional GET), the
document it gave, or why it failed, how many times in a row, and when it may be tried again (backoff doubling
up to a cap). A download goes through ``ingest.services.document_create``, the upload service: the same bytes
give back the same document, new bytes a new document, parsed and published by the pipeline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from certificates.models import ListingEntry
from ingest.errors import UploadRejected
from ingest.models import DocumentFetch, DocumentStatus, FetchStatus, SourceDocument
from ingest.oca.client import Client, FetchError
from ingest.services import document_create

# Called with the stage ("listing" or "documents"), how many are done, how many there are, and what was done.
Progress = Callable[[str, int, int, str], None]


@dataclass
class FetchReport:
    """What a run of ``documents_fetch`` did with the listed PDFs."""

    fetched: int = 0  # downloaded, new bytes: a new document
    same: int = 0  # downloaded, but the bytes of a document already stored
    unchanged: int = 0  # the server said 304, or no request was needed (no validators, nothing changed)
    failed: int = 0  # failed now; tried again after its backoff
    waiting: int = 0  # failed before and not due yet
    left: int = 0  # never fetched, but past the run's limit
    documents: list[int] = field(default_factory=list)  # the new documents' ids

    def outcomes(self) -> Counter[str]:
        """How many of the new documents ended in each status (queued or parsing while workers are at them)."""
        statuses = SourceDocument.objects.filter(pk__in=self.documents).values_list("status", flat=True)
        return Counter(statuses)

    def reviews(self) -> list[str]:
        """The new documents that need review, each with its reason (e.g. a re-issue of a number and date with
        other facts)."""
        review = SourceDocument.objects.filter(pk__in=self.documents, status=DocumentStatus.NEEDS_REVIEW)
        return [f"{document.filename}: {document.error}" for document in review.order_by("pk")]


def listed_documents(*, kinds: Collection[str]) -> dict[str, str]:
    """Return the PDF URL of every listed (not withdrawn) entry of the product types ``kinds``, in listing order,
    with the entry's certificate number (entries of no known type count when every type is asked for)."""
    types = (
        Q(product_type__in=kinds) | Q(product_type="") if {"CSMS", "CS"} <= set(kinds) else Q(product_type__in=kinds)
    )
    entries = ListingEntry.objects.filter(types, withdrawn_on=None).exclude(certificate_url="").order_by("position")
    urls: dict[str, str] = {}
    for url, number in entries.values_list("certificate_url", "number"):
        urls.setdefault(url, number)
    return urls


def documents_fetch(
    *,
    client: Client,
    kinds: Collection[str],
    changed: Collection[str] = (),
    limit: int | None = None,
    progress: Progress | None = None,
) -> FetchReport:
    """Download the PDF of every listed entry of ``kinds`` not fetched yet or that may have changed (of those never
    fetched, at most ``limit``); return what became of them. One failing PDF never stops the others.

    A PDF fetched before is asked for conditionally (304: unchanged); one whose server gave no validators is
    not asked for again unless its entry is among the ``changed`` numbers or ``OCA_RECHECK_DAYS`` have passed.
    A PDF that failed is not tried before its next attempt time.
    """
    report = FetchReport()
    urls = listed_documents(kinds=kinds)
    known = {fetch.url: fetch for fetch in DocumentFetch.objects.filter(url__in=urls)}
    requested = 0
    for done, (url, number) in enumerate(urls.items(), start=1):
        fetch = known.get(url) or DocumentFetch(url=url[:500], number=number)
        fetch.number = number or fetch.number
        outcome = _skipped(fetch, changed=number in changed, now=timezone.now())
        first = not fetch.sha256
        if outcome is None and first and limit is not None and requested >= limit:
            outcome = "left"
        if outcome is None:
            requested += first
            outcome = document_fetch(client=client, fetch=fetch)
            if outcome == "fetched" and fetch.document_id is not None:
                report.documents.append(fetch.document_id)
        setattr(report, outcome, getattr(report, outcome) + 1)
        if progress is not None:
            progress("documents", done, len(urls), f"{number or url}: {outcome}")
    return report


def _skipped(fetch: DocumentFetch, *, changed: bool, now: datetime) -> str | None:
    """Return why no request is needed for ``fetch`` now ("waiting", "unchanged"), or None to send one."""
    if fetch.status == FetchStatus.FAILED and fetch.next_attempt_at is not None and fetch.next_attempt_at > now:
        return "waiting"
    validated = fetch.etag or fetch.last_modified
    recheck = timedelta(days=settings.OCA_RECHECK_DAYS)
    fresh = fetch.fetched_at is not None and fetch.fetched_at > now - recheck
    if fetch.status == FetchStatus.FETCHED and not validated and fresh and not changed:
        return "unchanged"
    return None


def document_fetch(*, client: Client, fetch: DocumentFetch) -> str:
    """Download one listed PDF (conditionally when it was fetched before) and ingest it; save ``fetch``.

    Return "fetched" (a new document, parsed by the pipeline), "same" (the bytes of a document already stored),
    "unchanged" (304) or "failed" (the reason, the attempt count and the next attempt time kept on ``fetch``).
    """
    now = timezone.now()
    fetch.checked_at = now
    previous = fetch.sha256 != ""
    try:
        download = client.get_document(
            fetch.url, etag=fetch.etag if previous else "", last_modified=fetch.last_modified if previous else ""
        )
        if download.data is None:  # 304: the document stored last time is the one listed
            return _succeeded(fetch, "unchanged")
        document, created = document_create(data=download.data, filename=_filename(fetch), source_url=fetch.url)
    except (FetchError, UploadRejected) as exc:
        return _failed(fetch, str(exc), now)
    fetch.etag, fetch.last_modified = download.etag, download.last_modified
    fetch.sha256, fetch.document, fetch.fetched_at = document.sha256, document, now
    return _succeeded(fetch, "fetched" if created else "same")


def _succeeded(fetch: DocumentFetch, outcome: str) -> str:
    """Record a successful request on ``fetch``; return ``outcome``."""
    fetch.status, fetch.error, fetch.attempts, fetch.next_attempt_at = FetchStatus.FETCHED, "", 0, None
    fetch.save()
    return outcome


def _failed(fetch: DocumentFetch, error: str, now: datetime) -> str:
    """Record a failed attempt on ``fetch``: the reason, one more attempt, the next attempt after a backoff that
    doubles with each failure in a row (``OCA_RETRY_MINUTES``, up to ``OCA_RETRY_MAX_HOURS``)."""
    fetch.status, fetch.error, fetch.attempts = FetchStatus.FAILED, error[:2000], fetch.attempts + 1
    delay = timedelta(minutes=settings.OCA_RETRY_MINUTES) * 2 ** min(fetch.attempts - 1, 30)
    fetch.next_attempt_at = now + min(delay, timedelta(hours=settings.OCA_RETRY_MAX_HOURS))
    fetch.save()
    return "failed"


def _filename(fetch: DocumentFetch) -> str:
    """The name the document is stored under: the URL's file name (a PDF's), or the certificate number's."""
    name = unquote(urlsplit(fetch.url).path.rsplit("/", 1)[-1])
    if not name:
        name = fetch.number or "certificate"
    return name if name.lower().endswith(".pdf") else f"{name}.pdf"
