"""Serializers of the read API: a slim one for lists, a full one for a certificate's page."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from certificates.models import (
    Certificate,
    Holder,
    Lab,
    LimitSetting,
    PerformanceMeasurement,
    ProfileResult,
    Signatory,
)


class HolderSerializer(serializers.ModelSerializer):
    """A certificate holder and every name it was printed under."""

    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Holder
        fields = ["id", "name", "aliases"]


class LabSerializer(serializers.ModelSerializer):
    """A test laboratory and every name it was printed under."""

    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Lab
        fields = ["id", "name", "aliases"]


class CertificateListSerializer(serializers.ModelSerializer):
    """A certificate in a list: what tells it apart, and its URL."""

    url = serializers.SerializerMethodField()
    holder = serializers.CharField(source="holder.name", read_only=True)
    lab = serializers.CharField(source="lab.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Certificate
        fields = [
            "url", "number", "version", "ocpp_version", "product_type", "certificate_type", "holder",
            "holder_name", "product_designation", "software_version", "certification_date", "lab", "updated_at",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, certificate: Certificate) -> str:
        request = self.context.get("request")
        return reverse("certificates-api:certificate-detail", args=[certificate.number], request=request)


class ProfileResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProfileResult
        fields = ["name", "result", "description"]


class PerformanceMeasurementSerializer(serializers.ModelSerializer):
    class Meta:
        model = PerformanceMeasurement
        fields = ["name", "pics_value_s", "measured_value_s", "pics_value_raw", "measured_value_raw", "description"]


class LimitSettingSerializer(serializers.ModelSerializer):
    class Meta:
        model = LimitSetting
        fields = ["name", "value"]


class SignatorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Signatory
        fields = ["role", "name", "company", "department", "position", "location", "date"]


class CertificateSerializer(CertificateListSerializer):
    """A certificate with every parsed field, its tables, signatories and document."""

    holder = HolderSerializer(read_only=True)
    lab = LabSerializer(read_only=True, allow_null=True)
    profiles = ProfileResultSerializer(many=True, read_only=True)
    performance = PerformanceMeasurementSerializer(source="measurements", many=True, read_only=True)
    settings = LimitSettingSerializer(many=True, read_only=True)
    signatories = SignatorySerializer(many=True, read_only=True)
    document = serializers.SerializerMethodField(help_text="The document the record was parsed from.")

    class Meta(CertificateListSerializer.Meta):
        fields = [
            *CertificateListSerializer.Meta.fields,
            "is_current", "specification", "test_lab_name", "test_lab_location", "applied_tests_lab", "test_date",
            "test_report_reference", "document_evidence", "vendor_name", "device_under_test", "communication",
            "octt_version", "firmware_version", "hardware_version", "oca_signatory", "warnings", "profiles",
            "performance", "settings", "signatories", "document",
        ]  # fmt: skip

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_document(self, certificate: Certificate) -> str | None:
        if certificate.document is None or not certificate.document.file:
            return None
        request = self.context.get("request")
        url = certificate.document.file.url
        return request.build_absolute_uri(url) if request else url
