"""Renderers that name the media types of the exports for content negotiation."""

from __future__ import annotations

from typing import Any

from rest_framework.renderers import BaseRenderer, JSONRenderer


class PassthroughRenderer(BaseRenderer):
    """Names an export's media type for content negotiation; the view streams the body itself."""

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> Any:
        return JSONRenderer().render(data)  # only errors come this way


class CSVRenderer(PassthroughRenderer):
    media_type = "text/csv"
    format = "csv"


class NDJSONRenderer(PassthroughRenderer):
    media_type = "application/x-ndjson"
    format = "ndjson"
