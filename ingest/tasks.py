"""Celery tasks of the ingest pipeline: thin wrappers that call ``ingest.services``."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from ingest.oca.sync import SyncError, oca_sync
from ingest.services import document_process, documents_sweep

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=5)
def ingest_document_task(document_id: int) -> str:
    """Parse one document and publish its certificate; return the document's final status.

    Retries only when the database is unreachable; a document that is no certificate is recorded as
    failed by the service, never retried.
    """
    return document_process(document_id=document_id).status


@shared_task
def sweep_documents_task() -> int:
    """Send again the documents the pipeline lost (run by beat every minute); return how many."""
    return documents_sweep()


@shared_task(
    acks_late=False, time_limit=settings.OCA_SYNC_TIME_LIMIT, soft_time_limit=settings.OCA_SYNC_TIME_LIMIT - 30
)
def sync_oca_task() -> str:
    """Sync with OCA's listing and fetch its PDFs (run by beat daily); return the summary, or why it changed
    nothing (logged as an error). Acknowledged at once: a sync lost with its worker runs again the next day,
    rather than twice."""
    try:
        report = oca_sync()
    except SyncError as exc:
        logger.error("sync with OCA failed: %s", exc)
        return f"failed: {exc}"
    summary = "; ".join(report.lines())
    logger.info("sync with OCA: %s", summary)
    return summary
