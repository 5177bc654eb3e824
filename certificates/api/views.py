"""Read-only API views of the registry: certificates (list, search, detail, facets, exports), holders, labs."""

from __future__ import annotations

from itertools import chain, islice
from typing import Any

from django.db.models import OuterRef, QuerySet
from django.http import HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certificates import params
from certificates.api import serializers
from certificates.api.caching import HTTPCachingMixin, latest_change
from certificates.api.descriptions import FIELDS
from certificates.exports import certificate_records, csv_lines, gzipped, measurement_names, ndjson_lines
from certificates.expressions import JSONRows
from certificates.filters import CertificateFilterSet, is_filtering
from certificates.models import Certificate, Holder, HolderAlias, Lab, LabAlias
from certificates.pagination import CertificatePagination
from certificates.selectors import ALL_FACETS, certificate_facets

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
    lookup_value_regex = r"[^/]+"  # any value: one that can be no number answers 400 (get_object)
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
        self.last_modified = latest_change(page or [])
        return page

    def get_object(self) -> Certificate:
        # A number spelt another way (case, dots) answers the same record as its canonical form.
        self.kwargs[self.lookup_field] = params.certificate_number(self.kwargs[self.lookup_field])
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
        records = certificate_records(queryset, {"request": request})
        # The first batch is read here: a search the database cannot run in time answers 503, not a cut stream.
        records = chain(list(islice(records, 1)), records)
        lines = csv_lines(records, measurement_names(queryset)) if kind == "csv" else ndjson_lines(records)
        media_type = "text/csv; charset=utf-8" if kind == "csv" else "application/x-ndjson"
        response = StreamingHttpResponse(lines, content_type=media_type)
        stamp = timezone.now().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="oca-certificates-{stamp}.{kind}"'
        return response


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
        response = StreamingHttpResponse(gzipped(ndjson_lines(certificate_records(queryset, {"request": request}))),
                                         content_type="application/gzip")  # fmt: skip
        stamp = timezone.now().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="oca-registry-{stamp}.ndjson.gz"'
        return response


def _retrieved_by_id(kind: str) -> Any:
    """The schema of a viewset whose objects are retrieved by id: an integer (its route takes ASCII digits)."""
    parameter = OpenApiParameter("id", int, "path", description=f"A unique integer value identifying this {kind}.")
    return extend_schema_view(retrieve=extend_schema(parameters=[parameter]))


def _with_aliases(model: type[Holder | Lab], alias_model: type[HolderAlias | LabAlias], owner: str) -> QuerySet[Any]:
    aliases = alias_model.objects.filter(**{owner: OuterRef("pk")}).order_by("name")
    return model.objects.annotate(alias_names=JSONRows(aliases, ["name"], flat=True)).order_by("name", "pk")


@_retrieved_by_id("holder")
class HolderViewSet(HTTPCachingMixin, viewsets.ReadOnlyModelViewSet[Holder]):
    """Certificate holders with every name they were printed under."""

    queryset = _with_aliases(Holder, HolderAlias, "holder")
    serializer_class = serializers.HolderSerializer
    lookup_value_regex = "[0-9]+"


@_retrieved_by_id("lab")
class LabViewSet(HTTPCachingMixin, viewsets.ReadOnlyModelViewSet[Lab]):
    """Test laboratories with every name they were printed under."""

    queryset = _with_aliases(Lab, LabAlias, "lab")
    serializer_class = serializers.LabSerializer
    lookup_value_regex = "[0-9]+"
