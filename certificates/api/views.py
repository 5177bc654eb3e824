"""Read-only API views of the registry: certificates (list, search, detail, facets, exports), holders, labs."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from django.core.cache import cache
from django.db.models import OuterRef, QuerySet
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certificates.api import serializers
from certificates.api.descriptions import FIELDS
from certificates.caching import cache_seconds, generation
from certificates.expressions import JSONRows
from certificates.filters import CertificateFilterSet, is_filtering
from certificates.models import Certificate, Holder, HolderAlias, Lab, LabAlias
from certificates.pagination import CertificatePagination
from certificates.selectors import ALL_FACETS, certificate_facets, csv_lines, ndjson_lines

# Public answers may be kept this long by browsers and shared caches (they revalidate with ETag after).
MAX_AGE_SECONDS = 60
EXPORT_BATCH = 500


class HTTPCachingMixin:
    """GET answers say how long they may be cached and when what they show last changed, and JSON answers
    are reused from the read cache (``certificates.caching``) until the registry changes.

    ``ConditionalGetMiddleware`` adds the ETag and answers 304 to ``If-None-Match`` / ``If-Modified-Since``.
    Throttling and permissions run before the cache is looked at.
    """

    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self._cached(request, lambda: super(HTTPCachingMixin, self).list(request, *args, **kwargs))  # type: ignore[misc]

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self._cached(request, lambda: super(HTTPCachingMixin, self).retrieve(request, *args, **kwargs))  # type: ignore[misc]

    def _cached(self, request: Request, answer: Callable[[], Response]) -> HttpResponseBase:
        """The answer rendered as JSON, from the cache when this generation already made it."""
        seconds = cache_seconds()
        if not seconds or request.accepted_renderer.format != "json" or request.user.is_authenticated:
            return answer()
        key = f"registry:answer:{generation()}:{request.get_full_path()}"
        hit = cache.get(key)
        if hit is None:
            response = answer()
            if response.status_code != 200:
                return response
            content = JSONRenderer().render(response.data)
            changed = getattr(self, "last_modified", None)
            hit = (content, changed.timestamp() if changed else None)
            cache.set(key, hit, seconds)
        content, changed_at = hit
        self.last_modified = datetime.fromtimestamp(changed_at, UTC) if changed_at is not None else None
        return HttpResponse(content, content_type="application/json")

    def finalize_response(self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
            patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
            changed = getattr(self, "last_modified", None)
            if changed is not None:
                response.headers["Last-Modified"] = http_date(changed.timestamp())
        return response


def _latest(rows: Iterable[Any]) -> datetime | None:
    return max((row.updated_at for row in rows), default=None)


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


EXPORT_SCHEMA = extend_schema(
    parameters=[
        OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=["csv", "ndjson"], description="File format."),
        OpenApiParameter("format", exclude=True),
    ],
    responses={
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="One row per certificate, header first."),
        (200, "application/x-ndjson"): OpenApiResponse(
            OpenApiTypes.STR, description="One full certificate record (as the detail endpoint) per line."
        ),
        (400, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT, description="A parameter is not valid."),
    },
)


@extend_schema_view(
    list=extend_schema(description="Published certificates (latest versions), filtered, searched and ordered."),
    retrieve=extend_schema(
        description="One certificate by number, with every field, table and earlier version.",
        parameters=[OpenApiParameter("number", str, OpenApiParameter.PATH, description=FIELDS["number"])],
    ),
)
class CertificateViewSet(HTTPCachingMixin, viewsets.ReadOnlyModelViewSet[Certificate]):
    """Published certificates, latest versions; ``/certificates/<number>/`` for one with every field."""

    queryset = Certificate.objects.public().only(*serializers.CertificateListSerializer.Meta.columns).listed()
    filterset_class = CertificateFilterSet
    pagination_class = CertificatePagination
    lookup_field = "number"
    lookup_value_regex = r"[^/\x00-\x1f]+"
    throttle_scope: str | None = None  # the exports set theirs (see urls.py)

    def get_queryset(self) -> QuerySet[Certificate]:
        if self.action in ("retrieve", "export"):
            return Certificate.objects.public().with_tables()
        return self.queryset

    def get_serializer_class(self) -> type[serializers.serializers.BaseSerializer[Any]]:
        if self.action in ("retrieve", "export"):
            return serializers.CertificateSerializer
        return serializers.CertificateListSerializer

    def filter_queryset(self, queryset: QuerySet[Certificate]) -> QuerySet[Certificate]:
        """Filter by the request's parameters; with none of them, skip building the filter form."""
        if not self.request.query_params.keys() & CertificateFilterSet.base_filters.keys():
            return queryset
        return super().filter_queryset(queryset)

    def paginate_queryset(self, queryset: QuerySet[Certificate]) -> list[Certificate] | None:
        page = super().paginate_queryset(queryset)
        self.last_modified = _latest(page or [])
        return page

    def get_object(self) -> Certificate:
        certificate: Certificate = super().get_object()
        self.last_modified = certificate.updated_at
        return certificate

    @extend_schema(responses=serializers.FacetsSerializer, description="Counts of each facet for the filters given.")
    @action(detail=False, pagination_class=None)
    def facets(self, request: Request) -> HttpResponseBase:
        def answer() -> Response:
            if is_filtering(request.query_params):
                facets = certificate_facets(self.filter_queryset(self.get_queryset()))
            else:
                facets = ALL_FACETS.get()
            return Response(serializers.FacetsSerializer(facets).data)

        return self._cached(request, answer)

    @EXPORT_SCHEMA
    def export(self, request: Request, kind: str) -> StreamingHttpResponse:
        """Every certificate the filters select, streamed as CSV or NDJSON, ordered by number."""
        if kind not in ("csv", "ndjson"):
            raise NotFound("Exports are export.csv and export.ndjson.")
        queryset = self.filter_queryset(self.get_queryset()).order_by("number")
        records = _records(queryset, {"request": request})
        lines = csv_lines(records) if kind == "csv" else ndjson_lines(records)
        media_type = "text/csv; charset=utf-8" if kind == "csv" else "application/x-ndjson"
        response = StreamingHttpResponse(lines, content_type=media_type)
        stamp = timezone.now().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="oca-certificates-{stamp}.{kind}"'
        return response


def _records(queryset: QuerySet[Certificate], context: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield the full API record of each certificate of ``queryset``, reading it in batches."""
    for batch in batched(queryset.iterator(chunk_size=EXPORT_BATCH), EXPORT_BATCH):
        yield from serializers.CertificateSerializer(batch, many=True, context=context).data


class DumpView(HTTPCachingMixin, APIView):
    """The whole registry as gzip-compressed NDJSON: every published version of every certificate,
    earlier versions included, one full record per line (the detail endpoint's shape)."""

    throttle_scope = "export"
    renderer_classes = [JSONRenderer]

    @extend_schema(
        responses={(200, "application/gzip"): OpenApiResponse(OpenApiTypes.BINARY, description="NDJSON, gzipped.")}
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        queryset = Certificate.objects.filter(is_published=True).with_tables().order_by("number", "version")
        response = StreamingHttpResponse(_gzipped(ndjson_lines(_records(queryset, {"request": request}))),
                                         content_type="application/gzip")  # fmt: skip
        stamp = timezone.now().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="oca-registry-{stamp}.ndjson.gz"'
        return response


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Yield lists of ``size`` items of ``items`` (the last one shorter); itertools.batched is Python 3.12."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _gzipped(lines: Iterator[str]) -> Iterator[bytes]:
    """Compress ``lines`` as one gzip stream, yielding a block every few hundred lines."""
    stream = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    for chunk in batched(lines, 200):
        block = stream.compress("".join(chunk).encode())
        if block:
            yield block
    yield stream.flush()


def _with_aliases(model: type[Holder | Lab], alias_model: type[HolderAlias | LabAlias], owner: str) -> QuerySet[Any]:
    aliases = alias_model.objects.filter(**{owner: OuterRef("pk")}).order_by("name")
    return model.objects.annotate(alias_names=JSONRows(aliases, ["name"], flat=True)).order_by("name", "pk")


class HolderViewSet(HTTPCachingMixin, viewsets.ReadOnlyModelViewSet[Holder]):
    """Certificate holders with every name they were printed under."""

    queryset = _with_aliases(Holder, HolderAlias, "holder")
    serializer_class = serializers.HolderSerializer


class LabViewSet(HTTPCachingMixin, viewsets.ReadOnlyModelViewSet[Lab]):
    """Test laboratories with every name they were printed under."""

    queryset = _with_aliases(Lab, LabAlias, "lab")
    serializer_class = serializers.LabSerializer
