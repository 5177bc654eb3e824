"""Serializers of the documents API: the upload's input, and a document's status."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from ingest.models import SourceDocument


class DocumentUploadSerializer(serializers.Serializer):
    """One certificate file: a PDF or a text extraction (Markdown and HTML included)."""

    file = serializers.FileField(allow_empty_file=True, help_text="The certificate, PDF or text.")


class DocumentSerializer(serializers.ModelSerializer):
    """An uploaded document: its status in the pipeline, the error or warnings, the certificates it gave."""

    url = serializers.SerializerMethodField(help_text="This status resource.")
    certificates = serializers.SlugRelatedField(many=True, read_only=True, slug_field="number")
    record = serializers.JSONField(source="parsed", read_only=True, help_text="The parser's record, once parsed.")

    class Meta:
        model = SourceDocument
        fields = [
            "id", "url", "filename", "sha256", "size", "media_type", "pages", "status", "error", "warnings",
            "parser_version", "attempts", "certificates", "record", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, document: SourceDocument) -> str:
        return reverse("ingest-api:document-detail", args=[document.pk], request=self.context.get("request"))
