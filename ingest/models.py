"""Uploaded certificate documents and their way through the pipeline.

The document row is the pipeline's outbox: it is written before any task is sent, and a periodic sweeper
sends again whatever is still queued, so a broker that was down loses nothing.
"""

from __future__ import annotations

from django.db import models


class DocumentStatus(models.TextChoices):
    """Where a document is in the pipeline, and what became of its record (``outcome`` says it in words)."""

    QUEUED = "queued", "Queued"
    PARSING = "parsing", "Parsing"
    PUBLISHED = "published", "Published"  # its record is a certificate version (new, re-issued or rewritten)
    DUPLICATE = "duplicate", "Duplicate"  # the same number, date and facts as a published version
    SUPERSEDED = "superseded", "Superseded"  # dated before the current version of its number
    FAILED = "failed", "Failed"  # not a certificate, or unreadable
    NEEDS_REVIEW = "needs_review", "Needs review"  # incomplete, implausible, or conflicting with a version


class SourceDocument(models.Model):
    """One uploaded file (a PDF or a text extraction), identified by the SHA-256 of its bytes."""

    file = models.FileField(upload_to="documents/%Y/%m/")
    filename = models.CharField(max_length=255, help_text="The name the file was uploaded under.")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    media_type = models.CharField(max_length=64, blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED)
    error = models.TextField(blank=True, help_text="Why it failed, or what a person must review.")
    outcome = models.TextField(
        blank=True,
        help_text="What became of its record: the certificate version it published, or why it published none.",
    )
    warnings = models.JSONField(default=list, blank=True)
    parser_version = models.CharField(max_length=16, blank=True)
    parsed = models.JSONField(null=True, blank=True, help_text="The parser's record, as the contract shapes it.")
    text = models.TextField(blank=True, help_text="The text the parser read: the PDF's, table cells by tabs.")
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["sha256"], name="%(app_label)s_%(class)s_unique_sha256")]
        indexes = [models.Index(fields=["status", "updated_at"], name="ingest_document_status")]

    def __str__(self) -> str:
        return self.filename
