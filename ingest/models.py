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
    source_url = models.CharField(
        max_length=500, blank=True, help_text="Where it was downloaded from (OCA's listing); empty for an upload."
    )
    fetched_at = models.DateTimeField(null=True, blank=True, help_text="When it was downloaded from source_url.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["sha256"], name="%(app_label)s_%(class)s_unique_sha256")]
        indexes = [models.Index(fields=["status", "updated_at"], name="ingest_document_status")]

    def __str__(self) -> str:
        return self.filename


class FetchStatus(models.TextChoices):
    """What the last attempt to download a listed PDF gave."""

    PENDING = "pending", "Not fetched yet"
    FETCHED = "fetched", "Fetched"
    FAILED = "failed", "Failed"


class DocumentFetch(models.Model):
    """A certificate PDF OCA's listing links to: what the last download gave (validators for a conditional GET,
    the document), or why it failed, how often, and when to try again."""

    url = models.CharField(max_length=500, help_text="The PDF's URL, as the listing gives it.")
    number = models.CharField(max_length=40, blank=True, help_text="The certificate number of its listing entry.")
    status = models.CharField(max_length=8, choices=FetchStatus.choices, default=FetchStatus.PENDING)
    etag = models.CharField(max_length=255, blank=True, help_text="The server's ETag of the last download.")
    last_modified = models.CharField(max_length=64, blank=True, help_text="Its Last-Modified, as sent.")
    sha256 = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the last bytes downloaded.")
    document = models.ForeignKey(
        SourceDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="fetches"
    )
    fetched_at = models.DateTimeField(null=True, blank=True, help_text="The last download of the PDF's bytes.")
    checked_at = models.DateTimeField(null=True, blank=True, help_text="The last request, answered or not.")
    error = models.TextField(blank=True, help_text="Why the last attempt failed.")
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Failed attempts in a row.")
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="No attempt before this time.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number", "url"]
        constraints = [models.UniqueConstraint(fields=["url"], name="%(app_label)s_%(class)s_unique_url")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="ingest_fetch_status")]

    def __str__(self) -> str:
        return self.number or self.url
