"""Serializers of the documents API: the upload's input, and a document's status."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from certificates.siteurl import absolute_url
from ingest.models import SourceDocument


class DocumentUploadSerializer(serializers.Serializer):
    """One certificate file (a PDF or a text extraction, Markdown and HTML included), or a ZIP archive of them."""

    file = serializers.FileField(allow_empty_file=True, help_text="The certificate, PDF or text, or a ZIP of them.")


class DocumentSerializer(serializers.ModelSerializer):
    """An uploaded document: its status in the pipeline, the error or warnings, the certificates it gave."""

    url = serializers.SerializerMethodField(help_text="This status resource.")
    certificates = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="number", help_text="Numbers of the certificates it gave."
    )
    record = serializers.JSONField(source="parsed", read_only=True, help_text="The parser's record, once parsed.")

    class Meta:
        model = SourceDocument
        fields = [
            "id", "url", "filename", "sha256", "size", "media_type", "pages", "status", "outcome", "error", "warnings",
            "parser_version", "attempts", "certificates", "record", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields
        extra_kwargs = {
            field: {"help_text": text}
            for field, text in {
                "id": "Identifier of the document.",
                "filename": "The file's name as uploaded.",
                "sha256": "SHA-256 of the bytes: the same bytes are one document.",
                "size": "Size in bytes.",
                "media_type": "What the bytes are: application/pdf or text/plain.",
                "pages": "Pages of a PDF; null for text.",
                "status": "Where it is in the pipeline, or what became of its record: published, duplicate (of a "
                "published version), superseded (dated before the current version), failed, needs_review.",
                "outcome": "What became of its record, in words: the certificate version it published, or the one it "
                "duplicates, predates or conflicts with.",
                "error": "Why it failed, or what a person must review (a conflict names the version and what differs).",
                "warnings": "What the parser noticed and could not settle.",
                "parser_version": "Version of the parser that read it.",
                "attempts": "How many times a worker took it.",
                "created_at": "When it was uploaded.",
                "updated_at": "When its status last changed.",
            }.items()
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, document: SourceDocument) -> str:
        return absolute_url(self.context.get("request"), reverse("ingest-api:document-detail", args=[document.pk]))


class ArchiveMemberSerializer(serializers.Serializer):
    """What became of one file of an uploaded ZIP archive."""

    name = serializers.CharField(help_text="The file's path in the archive.")
    outcome = serializers.ChoiceField(
        choices=["new", "duplicate", "rejected"],
        help_text="new: stored and queued; duplicate: these bytes were uploaded before; rejected: see error.",
    )
    error = serializers.CharField(help_text="Why the file was refused; empty otherwise.")
    document = DocumentSerializer(allow_null=True, help_text="The document, unless the file was refused.")


class ArchiveUploadSerializer(serializers.Serializer):
    """An uploaded ZIP archive: each of its certificate files, stored or refused on its own."""

    archive = serializers.CharField(help_text="The archive's name as uploaded.")
    members = ArchiveMemberSerializer(many=True, help_text="Its PDF and text files, in the archive's order.")
