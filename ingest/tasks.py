"""Celery tasks of the ingest pipeline: thin wrappers that call ``ingest.services``."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from ingest.services import document_process, documents_sweep


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
