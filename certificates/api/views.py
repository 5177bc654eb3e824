"""Read-only API views of the registry."""

from __future__ import annotations

from rest_framework import viewsets

from certificates.api import serializers
from certificates.filters import CertificateFilterSet
from certificates.models import Certificate, Holder, Lab


class CertificateViewSet(viewsets.ReadOnlyModelViewSet[Certificate]):
    """Published certificates, latest versions; ``/certificates/<number>/`` for one with every field."""

    queryset = Certificate.objects.current().filter(is_published=True).select_related("holder", "lab")
    filterset_class = CertificateFilterSet
    lookup_field = "number"
    lookup_value_regex = r"[^/]+"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if self.action == "retrieve":
            return self.queryset.select_related("document").prefetch_related(
                "profiles", "measurements", "settings", "signatories", "holder__aliases", "lab__aliases"
            )
        return self.queryset

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return serializers.CertificateSerializer if self.action == "retrieve" else serializers.CertificateListSerializer


class HolderViewSet(viewsets.ReadOnlyModelViewSet[Holder]):
    """Certificate holders with every name they were printed under."""

    queryset = Holder.objects.prefetch_related("aliases")
    serializer_class = serializers.HolderSerializer


class LabViewSet(viewsets.ReadOnlyModelViewSet[Lab]):
    """Test laboratories with every name they were printed under."""

    queryset = Lab.objects.prefetch_related("aliases")
    serializer_class = serializers.LabSerializer
