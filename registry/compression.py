"""Answers compressed with gzip when the client accepts it: pages, JSON, feeds, CSV, stylesheets and scripts.

Only text is compressed. A PDF, an image or the gzipped dump is already compressed, and a second pass would
cost CPU for nothing (and make a document's ETag, its SHA-256, weak).

BREACH (guessing a secret in a compressed page from the answer's length) needs a secret in a page that also
reflects what an attacker sends. The public site's pages hold none: no session, no CSRF token (they are read
by anonymous visitors and forms there are GET searches). The admin's forms do hold a CSRF token, and are
compressed too, because Django masks the token with a fresh random value in every answer, so it is never the
same string twice, and Django's GZipMiddleware pads each answer with a random number of bytes (Heal The
Breach), so the length leaks too little to guess anything.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/atom+xml", "application/javascript",
                "application/x-ndjson", "application/vnd.oai.openapi", "image/svg+xml")  # fmt: skip


def is_compressible(content_type: str) -> bool:
    """Whether an answer of ``content_type`` is text, worth compressing."""
    return content_type.lower().startswith(COMPRESSIBLE)


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for text answers only (``COMPRESSIBLE``); the rest pass as they are."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """``response`` gzipped when it is text and the client accepts gzip (GZipMiddleware's rules)."""
        if not is_compressible(response.get("Content-Type", "")):
            return response
        compressed: HttpResponseBase = super().process_response(request, response)
        return compressed
