"""The site's view of the pipeline: a certificate's source document, served as it was uploaded."""

from __future__ import annotations

import logging

from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from certificates.models import Certificate
from ingest.downloads import PDF, content_disposition, download_name
from ingest.models import SourceDocument
from ingest.text import charset_of

logger = logging.getLogger(__name__)
# A document's URL names its id, and its bytes never change (its ETag is their SHA-256): caches keep it a year.
PUBLIC_CACHE = "public, max-age=31536000, immutable"
# Read from the start of a text document to tell its charset.
CHARSET_SNIFF_BYTES = 65536


@require_safe
def document_file(request: HttpRequest, pk: int, filename: str) -> HttpResponseBase:
    """Stream a source document's bytes from storage, as uploaded: a PDF inline as ``application/pdf``, text as
    an attachment in ``text/plain`` (HTML sources are never rendered), ``nosniff``, ``ETag`` = its SHA-256.

    404 unless ``filename`` is its name and a published certificate was parsed from it; staff who may view
    documents see any (not cached by shared caches). 304 for an ``If-None-Match`` of its ETag. Reads one row,
    and the file through the storage API (filesystem or S3 alike).
    """
    published = Certificate.objects.filter(document=OuterRef("pk"), is_published=True)
    document = get_object_or_404(SourceDocument.objects.annotate(public=Exists(published)), pk=pk)
    if document.filename != filename:
        raise Http404("No such document.")
    if not document.public and not request.user.has_perm("ingest.view_sourcedocument"):
        raise Http404("No such document.")
    headers = {
        "ETag": f'"{document.sha256}"',
        "Cache-Control": PUBLIC_CACHE if document.public else "private, no-cache",
        "X-Content-Type-Options": "nosniff",
    }
    not_modified = get_conditional_response(request, etag=headers["ETag"])
    if not_modified is not None:
        return _with_headers(not_modified, headers)
    return _file_response(document, headers)


def _file_response(document: SourceDocument, headers: dict[str, str]) -> HttpResponseBase:
    """Return the streamed response of a document's file; 404 (logged) when storage no longer has it."""
    try:
        file = document.file.open("rb")
        head = file.read(CHARSET_SNIFF_BYTES) if document.media_type != PDF else b""
        file.seek(0)
    except FileNotFoundError:
        logger.error("document %s: its file %s is missing from storage", document.pk, document.file.name)
        raise Http404("No such document.") from None
    is_pdf = document.media_type == PDF
    content_type = PDF if is_pdf else f"text/plain; charset={charset_of(head)}"
    response = FileResponse(file, content_type=content_type)
    disposition = content_disposition(download_name(document.filename, document.media_type), inline=is_pdf)
    return _with_headers(response, {**headers, "Content-Disposition": disposition})


def _with_headers(response: HttpResponseBase, headers: dict[str, str]) -> HttpResponseBase:
    """Return ``response`` with ``headers`` set (replacing any of the same names)."""
    for name, value in headers.items():
        response[name] = value
    return response
