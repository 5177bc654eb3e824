"""Writes of the ingest pipeline: store an upload once, parse it, publish its certificate.

Each public function is one transaction. Views, commands and tasks call these and write nothing else.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import IO, Any, NamedTuple

from celery import current_app
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

from certificates.domain.plausible import implausibilities
from certificates.domain.record import ParsedCertificate
from certificates.services import OutcomeKind, certificate_create_from_record
from ingest.documents import PDF, media_type_of
from ingest.errors import CertificateError, ExtractionError, UploadRejected
from ingest.isolation import Limits, Parsed, parse_isolated
from ingest.models import DocumentStatus, SourceDocument
from ingest.parser import PARSER_VERSION
from ingest.uploads import Member, ZipLimits, base_name, safe_name, size_of, starts_like_zip, zip_members

logger = logging.getLogger(__name__)
# The parse task, sent by name: the tasks module builds on this one.
PARSE_TASK = "ingest.tasks.ingest_document_task"
# An archive may unpack to this many times the upload cap (and be as large itself).
ARCHIVE_MEMBERS = 50


def document_create(*, data: bytes, filename: str, source_url: str = "") -> tuple[SourceDocument, bool]:
    """Store an uploaded (or downloaded) file once per content; return the document and whether it is new.

    The same bytes uploaded again give back the existing document. A new document's parse is enqueued
    when the transaction commits. Raises ``UploadRejected`` (nothing stored) for an empty or oversized
    file and for one that is neither a PDF nor text. ``source_url`` is where a downloaded file came from: it
    is kept, with the time, on a new document and on an existing one that had none.
    """
    media_type = _check_upload(data, filename)
    digest = hashlib.sha256(data).hexdigest()
    existing = SourceDocument.objects.filter(sha256=digest).first()
    if existing is not None:
        if source_url and not existing.source_url:
            existing.source_url, existing.fetched_at = source_url[:500], timezone.now()
            existing.save(update_fields=["source_url", "fetched_at"])
        return existing, False
    document = SourceDocument(filename=base_name(filename), sha256=digest, size=len(data), media_type=media_type)
    if source_url:
        document.source_url, document.fetched_at = source_url[:500], timezone.now()
    try:
        with transaction.atomic():
            document.file.save(digest + (".pdf" if media_type == PDF else ".txt"), ContentFile(data), save=False)
            document.save()
    except IntegrityError:  # the same bytes, uploaded at the same moment by someone else
        return SourceDocument.objects.get(sha256=digest), False
    transaction.on_commit(lambda: _enqueue(document.pk))
    return document, True


def _check_upload(data: bytes, filename: str) -> str:
    """Return the upload's media type (a PDF or text), or raise ``UploadRejected`` saying what is wrong."""
    if not data:
        raise UploadRejected("the file is empty")
    limit = settings.INGEST_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise UploadRejected(f"the file is {len(data):,} bytes; uploads are limited to {limit:,} bytes")
    try:
        return media_type_of(data, filename)
    except ExtractionError as exc:
        raise UploadRejected(f"not a PDF or a text file: {exc}") from exc


def _enqueue(document_id: int) -> None:
    """Send the parse task for one document (in-process in the embedded default).

    A broker that cannot be reached loses nothing: the document stays queued and the sweeper sends it
    again later, so the error is logged, not raised into the upload that committed.
    """
    try:
        current_app.signature(PARSE_TASK, args=(document_id,)).apply_async(retry=False)
    except (KombuOperationalError, RedisError, OSError) as exc:
        logger.warning("document %s stays queued: the broker is unreachable (%s)", document_id, exc)


def document_process(*, document_id: int) -> SourceDocument:
    """Parse one document and publish its certificate; return the document in its final status.

    Idempotent: a document already parsed or published is returned as it is. A document that is not a
    certificate ends ``failed`` with the reason; what becomes of a certificate's record is
    ``document_publish``'s to say.
    """
    document = _document_claim(document_id)
    if document is None:
        return SourceDocument.objects.get(pk=document_id)
    try:
        parsed = parse_isolated(document.file.read(), document.media_type, parse_limits())
    except CertificateError as exc:
        return document_mark_failed(document=document, error=str(exc))
    finally:
        document.file.close()
    try:
        return document_publish(document=document, parsed=parsed)
    except (DataError, IntegrityError) as exc:  # permanent: retrying gives the same; transient errors retry
        return document_mark_failed(document=document, error=f"the record could not be stored: {exc}")


def parse_limits() -> Limits:
    """Return what one parse may use, from the settings."""
    return Limits(
        wall_seconds=settings.INGEST_PARSE_WALL_SECONDS,
        cpu_seconds=settings.INGEST_PARSE_CPU_SECONDS,
        memory_bytes=settings.INGEST_PARSE_MEMORY_MB * 1024 * 1024,
    )


def _document_claim(document_id: int) -> SourceDocument | None:
    """Mark a queued document as parsing and return it; None when it is done, or another worker has it.

    A document left parsing longer than ``INGEST_STALE_SECONDS`` (its worker died) is claimed again.
    """
    stale = timezone.now() - timedelta(seconds=settings.INGEST_STALE_SECONDS)
    with transaction.atomic():
        document = SourceDocument.objects.select_for_update().get(pk=document_id)
        parsing_elsewhere = document.status == DocumentStatus.PARSING and document.updated_at > stale
        if document.status not in (DocumentStatus.QUEUED, DocumentStatus.PARSING) or parsing_elsewhere:
            return None
        document.status = DocumentStatus.PARSING
        document.attempts += 1
        document.save(update_fields=["status", "attempts", "updated_at"])
    return document


@transaction.atomic
def document_mark_failed(*, document: SourceDocument, error: str) -> SourceDocument:
    """Record why a document could not be parsed; it is not tried again until an admin re-parses it."""
    document.status = DocumentStatus.FAILED
    document.error = error
    document.parser_version = PARSER_VERSION
    document.save(update_fields=["status", "error", "parser_version", "updated_at"])
    return document


# The document status each outcome of the registry's write gives.
_STATUS_OF_OUTCOME = {
    OutcomeKind.CREATED: DocumentStatus.PUBLISHED,
    OutcomeKind.REWRITTEN: DocumentStatus.PUBLISHED,
    OutcomeKind.NEW_VERSION: DocumentStatus.PUBLISHED,
    OutcomeKind.DUPLICATE: DocumentStatus.DUPLICATE,
    OutcomeKind.OLDER: DocumentStatus.SUPERSEDED,
    OutcomeKind.CONFLICTING: DocumentStatus.NEEDS_REVIEW,
}


@transaction.atomic
def document_publish(*, document: SourceDocument, parsed: Parsed) -> SourceDocument:
    """Store the parsed record and text on the document and publish its certificate, in one transaction.

    The document's status and ``outcome`` say what became of the record: published (a new certificate, a
    re-issue, or its own version rewritten), a duplicate of a version, superseded by a later version, or
    needs review, with the reason in ``error`` (no number or holder, an implausible record, or other facts
    than the version of the same number and date). Only a published record changes the registry.
    """
    record = parsed.record
    document.text = parsed.text
    document.pages = parsed.pages
    document.parsed = {"source": _source(document), **record.to_dict()}
    document.warnings = list(record.warnings)
    document.parser_version = PARSER_VERSION
    problem = _review_reason(record, len(parsed.text))
    if problem:
        document.status, document.error, document.outcome = DocumentStatus.NEEDS_REVIEW, problem, "not published"
    else:
        outcome = certificate_create_from_record(record=record, document_id=document.pk)
        document.status = _STATUS_OF_OUTCOME[outcome.kind]
        document.outcome = outcome.message
        document.error = outcome.message if document.status == DocumentStatus.NEEDS_REVIEW else ""
    document.save()
    return document


def _review_reason(record: ParsedCertificate, text_chars: int) -> str:
    """Return why ``record`` must be reviewed before it can be published ("" when it may be)."""
    missing = [field for field in ("certificate_number", "holder") if not getattr(record, field)]
    if missing:
        return "cannot publish without " + " and ".join(f.replace("_", " ") for f in missing)
    reasons = implausibilities(record, text_chars=text_chars)
    return "not published, the record is implausible: " + "; ".join(reasons) if reasons else ""


def _source(document: SourceDocument) -> dict[str, Any]:
    """The record's ``source``: what the document says of its file."""
    return {
        "filename": document.filename,
        "sha256": document.sha256,
        "media_type": document.media_type,
        "pages": document.pages,
    }


@transaction.atomic
def document_reparse(*, document: SourceDocument) -> SourceDocument:
    """Queue a document to be parsed again (after a parser upgrade or a fix); enqueued on commit.

    Its certificate version is rewritten from the new record, except the fields and rows corrected by hand.
    """
    document.status = DocumentStatus.QUEUED
    document.error = document.outcome = ""
    document.save(update_fields=["status", "error", "outcome", "updated_at"])
    transaction.on_commit(lambda: _enqueue(document.pk))
    return document


class UploadOutcome(NamedTuple):
    """What became of one uploaded file: its name, its document (None when refused), and "new", "duplicate"
    or the reason it was refused. ``archive`` names the ZIP archive it came from ("" for a file uploaded as it
    is, and for an archive refused whole)."""

    name: str
    document: SourceDocument | None
    outcome: str
    archive: str = ""


def documents_create_from_upload(*, file: IO[bytes], filename: str) -> Iterator[UploadOutcome]:
    """Store one uploaded file, or each certificate file of an uploaded ZIP archive; yield each one's outcome
    as soon as it is stored.

    ``file`` is read from its start (it must be seekable: a file on disk, or Django's uploaded file). An
    archive is read member by member, never whole: each member is read (capped), stored through
    ``document_create`` in its own transaction, and let go before the next is read. A member that cannot be
    read fails alone with its reason; an archive that cannot be read at all gives one outcome, for itself.
    """
    limit = settings.INGEST_MAX_UPLOAD_BYTES
    if not starts_like_zip(file):
        yield _stored_file(file, filename, limit)
        return
    members = zip_members(file, ZipLimits(member_bytes=limit, total_bytes=limit * ARCHIVE_MEMBERS))
    count = 0
    try:
        for member in members:
            count += 1
            outcome = _stored_member(member, filename)
            del member  # one member's bytes in hand at a time
            yield outcome
    except UploadRejected as exc:
        yield UploadOutcome(safe_name(filename), None, str(exc))
        return
    if not count:
        yield UploadOutcome(safe_name(filename), None, "the ZIP archive holds no PDF or text files")


def _stored_file(file: IO[bytes], filename: str, limit: int) -> UploadOutcome:
    """Store a file uploaded as it is (not an archive); read at most ``limit`` bytes of it."""
    name = safe_name(filename)
    size = size_of(file)
    if size > limit:
        return UploadOutcome(name, None, f"the file is {size:,} bytes; uploads are limited to {limit:,} bytes")
    return _stored(file.read(limit), name)


def _stored_member(member: Member, archive: str) -> UploadOutcome:
    """Store one member of an archive, or give the reason it was refused."""
    if member.data is None:
        return UploadOutcome(member.path, None, member.error, safe_name(archive))
    return _stored(member.data, member.filename)._replace(name=member.path, archive=safe_name(archive))


def _stored(data: bytes, name: str) -> UploadOutcome:
    """Store one file; return its name, document and outcome."""
    try:
        document, created = document_create(data=data, filename=name)
    except UploadRejected as exc:
        return UploadOutcome(name, None, str(exc))
    return UploadOutcome(name, document, "new" if created else "duplicate")


def documents_sweep() -> int:
    """Send the parse task again for documents the pipeline lost; return how many were sent.

    The document row is the outbox: a document still queued ``INGEST_SWEEP_AFTER_SECONDS`` after its last
    change (the broker was down at upload time) is sent again; one left parsing past
    ``INGEST_STALE_SECONDS`` (its worker died) is queued and sent again.
    """
    now = timezone.now()
    queued = SourceDocument.objects.filter(
        status=DocumentStatus.QUEUED, updated_at__lt=now - timedelta(seconds=settings.INGEST_SWEEP_AFTER_SECONDS)
    )
    stuck = SourceDocument.objects.filter(
        status=DocumentStatus.PARSING, updated_at__lt=now - timedelta(seconds=settings.INGEST_STALE_SECONDS)
    )
    ids = list(queued.values_list("pk", flat=True)) + list(stuck.values_list("pk", flat=True))
    # Touch them, so that the next sweep leaves them alone while this send is on its way.
    SourceDocument.objects.filter(pk__in=ids).update(status=DocumentStatus.QUEUED, updated_at=now)
    for document_id in ids:
        _enqueue(document_id)
    return len(ids)
