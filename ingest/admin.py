"""Admin for uploaded documents: upload, review by status, the parse beside the source, re-parse.

Each needs its model permission, not only staff status: uploading ``ingest.add_sourcedocument``, re-parsing
``ingest.change_sourcedocument``, reviewing ``ingest.view_sourcedocument``.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from ingest.forms import UploadForm
from ingest.models import DocumentFetch, SourceDocument
from ingest.services import document_reparse, documents_create_from_upload


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["filename", "status", "outcome", "media_type", "size", "certificate_links", "created_at"]
    list_filter = ["status", "media_type", "parser_version", ("source_url", admin.EmptyFieldListFilter)]
    search_fields = ["filename", "sha256", "parsed__certificate_number"]
    readonly_fields = [
        "original", "filename", "sha256", "size", "media_type", "pages", "status", "outcome", "error",
        "warning_list",
        "parser_version", "attempts", "certificate_links", "source_url", "fetched_at", "review", "created_at",
        "updated_at",
    ]  # fmt: skip
    exclude = ["parsed", "warnings", "text"]
    actions = ["reparse"]

    class Media:
        css = {"all": ["ingest/admin.css"]}  # the review's layout: no inline style (Content-Security-Policy)

    def get_urls(self) -> list:  # type: ignore[type-arg]
        upload = path("upload/", self.admin_site.admin_view(self.upload_view), name="ingest_sourcedocument_upload")
        return [upload, *super().get_urls()]

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:ingest_sourcedocument_upload"))

    def has_change_permission(self, request: HttpRequest, obj: SourceDocument | None = None) -> bool:
        """No document is edited by hand: its page is for review (re-parsing is an action of its own)."""
        return False

    def has_reparse_permission(self, request: HttpRequest) -> bool:
        """Whether the user may queue documents again: the model's change permission."""
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """Upload one or more files (or ZIP archives); each becomes a queued document, once. 403 without the
        add permission."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            for uploaded in form.cleaned_data["files"]:
                for stored in documents_create_from_upload(file=uploaded, filename=uploaded.name):
                    level = messages.SUCCESS if stored.outcome in ("new", "duplicate") else messages.ERROR
                    self.message_user(request, f"{stored.name}: {stored.outcome}", level)
            return HttpResponseRedirect(reverse("admin:ingest_sourcedocument_changelist"))
        context = {**self.admin_site.each_context(request), "form": form, "opts": self.model._meta, "title": "Upload"}
        return render(request, "admin/ingest/sourcedocument/upload.html", context)

    @admin.action(description="Re-parse the selected documents", permissions=["reparse"])
    def reparse(self, request: HttpRequest, queryset: QuerySet[SourceDocument]) -> None:
        for document in queryset:
            document_reparse(document=document)
        self.message_user(request, f"{queryset.count()} document(s) queued for parsing.")

    @admin.display(description="Certificates")
    def certificate_links(self, document: SourceDocument) -> str:
        links = (
            (reverse("admin:certificates_certificate_change", args=[c.pk]), c) for c in document.certificates.all()
        )
        return format_html_join(", ", '<a href="{}">{}</a>', links) or "—"

    @admin.display(description="File")
    def original(self, document: SourceDocument) -> str:
        """A link to the document as uploaded, served by the documents view (through the storage API)."""
        return format_html('<a href="{}">{}</a>', reverse("documents:file", args=[document.pk, document.filename]),
                           document.filename)  # fmt: skip

    @admin.display(description="Warnings")
    def warning_list(self, document: SourceDocument) -> str:
        return format_html_join("", "<li>{}</li>", ((w,) for w in document.warnings)) or "—"

    @admin.display(description="Source text and parsed record")
    def review(self, document: SourceDocument) -> str:
        """The text the parser read beside the record it made of it, to check one against the other."""
        record = json.dumps(document.parsed, indent=2, ensure_ascii=False) if document.parsed else "—"
        return format_html(
            '<div class="document-review"><pre>{}</pre><pre>{}</pre></div>',
            document.text or "—",
            record,
        )


@admin.register(DocumentFetch)
class DocumentFetchAdmin(admin.ModelAdmin):
    """The PDFs OCA's listing links to: what each last download gave, and the failures with their reason, their
    attempts in a row and their next attempt (``manage.py sync_oca`` tries them again from then on)."""

    list_display = ["number", "status", "attempts", "next_attempt_at", "error", "checked_at", "fetched_at", "url"]
    list_filter = ["status", "attempts", ("next_attempt_at", admin.DateFieldListFilter), "checked_at"]
    search_fields = ["number", "url", "error", "sha256"]
    readonly_fields = [field.name for field in DocumentFetch._meta.fields]
    ordering = ["status", "number"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: DocumentFetch | None = None) -> bool:
        return False
