"""Serializers of the read API: a slim one for lists, a full one for a certificate's page."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from certificates.api.descriptions import FIELDS, described
from certificates.choices import CertificateSource, FlagKind, ListingStatus
from certificates.domain.links import web_url
from certificates.domain.typecodes import EVIDENCE_LABELS
from certificates.models import (
    Certificate,
    Holder,
    Lab,
    LimitSetting,
    PerformanceMeasurement,
    ProfileResult,
    Signatory,
)
from certificates.selectors import certificate_profile_evidence
from certificates.siteurl import absolute_url


class EntitySerializer(serializers.ModelSerializer):
    """A company (holder or lab) and every name it was printed under."""

    aliases = serializers.ListField(
        child=serializers.CharField(), source="alias_names", read_only=True, help_text=FIELDS["aliases"]
    )

    class Meta:
        fields = ["id", "name", "aliases"]
        extra_kwargs = described(fields, name="Canonical name.")


class HolderSerializer(EntitySerializer):
    """A certificate holder and every name it was printed under."""

    class Meta(EntitySerializer.Meta):
        model = Holder


class LabSerializer(EntitySerializer):
    """A test laboratory and every name it was printed under."""

    class Meta(EntitySerializer.Meta):
        model = Lab


# Writes a time as the list's ``updated_at`` field does (without building the serializer's fields).
_DATETIME = serializers.DateTimeField()


class CertificateListSerializer(serializers.ModelSerializer):
    """A certificate in a list: what tells it apart, and its URL."""

    url = serializers.SerializerMethodField(help_text=FIELDS["url"])
    # The names come with each row (``CertificateQuerySet.listed``), not as holder and lab objects.
    holder = serializers.CharField(source="holder_canonical", read_only=True, help_text="The holder's canonical name.")
    lab = serializers.CharField(
        source="lab_canonical", read_only=True, allow_null=True, default=None, help_text="The lab's canonical name."
    )
    source = serializers.ChoiceField(choices=CertificateSource.choices, read_only=True, help_text=FIELDS["source"])
    status = serializers.ChoiceField(
        source="listing_status", choices=ListingStatus.choices, read_only=True, help_text=FIELDS["status"]
    )

    class Meta:
        model = Certificate
        fields = [
            "url", "number", "version", "ocpp_version", "product_type", "certificate_type", "holder",
            "holder_name", "product_designation", "software_version", "certification_date", "lab", "updated_at",
            "source", "status", "listed_since", "last_seen", "withdrawn_on",
        ]  # fmt: skip
        extra_kwargs = described(fields)
        # The columns a list reads (the view loads only these, with the holder's and lab's names).
        columns = [
            "number", "version", "ocpp_version", "product_type", "certificate_type", "holder_id", "holder_name",
            "product_designation", "software_version", "certification_date", "lab_id", "updated_at",
            "source", "listing_status", "listed_since", "last_seen", "withdrawn_on",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, certificate: Certificate) -> str:
        """The certificate's API URL; reversed once per response, not once per row."""
        if "detail_url" not in self.context:
            path = reverse("certificates-api:certificate-detail", args=["NUMBER"])
            self.context["detail_url"] = absolute_url(self.context.get("request"), path)
        return str(self.context["detail_url"]).replace("NUMBER", quote(certificate.number, safe=""))

    def to_representation(self, certificate: Certificate) -> dict[str, Any]:
        """The fields above, written out: a page of 50 is read ten times faster than field by field.

        ``tests/certificates/test_api.py`` checks it matches the declared fields exactly.
        """
        if type(self) is not CertificateListSerializer:
            return super().to_representation(certificate)
        issued = certificate.certification_date
        return {
            "url": self.get_url(certificate),
            "number": certificate.number,
            "version": certificate.version,
            "ocpp_version": certificate.ocpp_version,
            "product_type": certificate.product_type,
            "certificate_type": certificate.certificate_type,
            "holder": certificate.holder_canonical,
            "holder_name": certificate.holder_name,
            "product_designation": certificate.product_designation,
            "software_version": certificate.software_version,
            "certification_date": issued.isoformat() if issued else None,
            "lab": certificate.lab_canonical,
            "updated_at": _DATETIME.to_representation(certificate.updated_at),
            "source": certificate.source,
            "status": certificate.listing_status,
            "listed_since": _date(certificate.listed_since),
            "last_seen": _date(certificate.last_seen),
            "withdrawn_on": _date(certificate.withdrawn_on),
        }


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


class ProfileResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProfileResult
        fields = ["name", "result", "description"]
        extra_kwargs = described(fields)


class PerformanceMeasurementSerializer(serializers.ModelSerializer):
    class Meta:
        model = PerformanceMeasurement
        fields = ["name", "pics_value_s", "measured_value_s", "pics_value_raw", "measured_value_raw", "description"]
        extra_kwargs = described(fields)


class LimitSettingSerializer(serializers.ModelSerializer):
    class Meta:
        model = LimitSetting
        fields = ["name", "value"]
        extra_kwargs = described(fields)


class SignatorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Signatory
        fields = ["role", "name", "company", "department", "position", "location", "date"]
        extra_kwargs = described(fields)


class VersionSerializer(serializers.Serializer):
    """One published version of a certificate number."""

    version = serializers.IntegerField(help_text=FIELDS["version"])
    certification_date = serializers.DateField(allow_null=True, help_text=FIELDS["certification_date"])
    is_current = serializers.BooleanField(help_text=FIELDS["is_current"])
    updated_at = serializers.DateTimeField(help_text=FIELDS["updated_at"])


class ProfileEvidenceSerializer(serializers.Serializer):
    """One profile of a certificate and what is known of it."""

    name = serializers.CharField(help_text="The profile's canonical name.")
    evidence = serializers.ChoiceField(
        choices=list(EVIDENCE_LABELS.items()),
        help_text="passed, failed, not_tested, not_applicable: what the certificate's document shows; claimed: "
        "OCA's type code claims it and no document row shows it (a claim, not a test result); unknown: neither "
        "says (not the same as not passed).",
    )
    result = serializers.CharField(help_text="The result as the document prints it; '' when no document shows it.")
    inferred = serializers.BooleanField(
        help_text="Whether the claim is the registry's reading of the type code “Full” for OCPP 1.6 (an inference: "
        "OCA does not spell out what Full holds)."
    )


class FlagSerializer(serializers.Serializer):
    """A data-quality flag: how OCA's public listing disagrees with the certificate, or a flaw of its row."""

    kind = serializers.ChoiceField(choices=FlagKind.choices, help_text="What is wrong (a stable code).")
    message = serializers.CharField(help_text="What is wrong, in a sentence.")
    listed = serializers.CharField(help_text="The listing's value ('' when not applicable).")
    parsed = serializers.CharField(help_text="The certificate's value, or what the listing's link names.")


@extend_schema_field({"type": "string", "pattern": "^$|^https?://"})
class WebURLField(serializers.CharField):
    """A link from outside the registry: an http(s) URL, or "" when there is none or it may not be one
    (``certificates.domain.links.web_url``), whatever the database holds."""

    def to_representation(self, value: object) -> str:
        return web_url(value) if isinstance(value, str) else ""


class ListingEntrySerializer(serializers.Serializer):
    """A row of OCA's public listing for this number, as last imported."""

    raw_number = serializers.CharField(help_text="The number column exactly as listed.")
    company = serializers.CharField(help_text="The holder as the listing names it.")
    product_designation = serializers.CharField(help_text="The product as listed.")
    certificate_type = serializers.CharField(help_text="OCA's type code as listed.")
    software_version = serializers.CharField(help_text="The software version as listed.")
    registered_on = serializers.DateField(allow_null=True, help_text="Date of registration in the listing.")
    certificate_url = WebURLField(
        help_text="The listing's link to the certificate PDF: an http(s) URL, or '' when it "
        "gives none or its link is no web address."
    )
    country = serializers.CharField(help_text="The holder's country as listed.")
    listed_since = serializers.DateField(allow_null=True, help_text="The date of the first import that held it.")
    last_seen = serializers.DateField(allow_null=True, help_text="The date of the last import that held it.")
    withdrawn_on = serializers.DateField(
        allow_null=True, help_text="When a complete sync of the listing no longer held it; null while listed."
    )


def _rows(serializer: type[serializers.ModelSerializer], source: str, help_text: str) -> serializers.Field:
    """A read-only field for rows ``CertificateQuerySet.with_tables`` already shaped as ``serializer``'s
    output (the same keys, JSON values): passed through as they are, documented as ``serializer`` many."""

    @extend_schema_field(serializer(many=True))
    class Rows(serializers.Field):
        def to_representation(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return value

    return Rows(source=source, read_only=True, help_text=help_text)


def _entity(entity: Holder | Lab | None, aliases: list[str]) -> dict[str, Any] | None:
    return None if entity is None else {"id": entity.pk, "name": entity.name, "aliases": aliases}


class CertificateSerializer(CertificateListSerializer):
    """A certificate with every parsed field, its tables, signatories, versions and document.

    Reads the rows ``CertificateQuerySet.with_tables`` loads with the certificate, in the same query.
    """

    holder = serializers.SerializerMethodField(help_text=FIELDS["holder"])
    lab = serializers.SerializerMethodField(help_text=FIELDS["lab"])
    profiles = _rows(ProfileResultSerializer, "profile_rows", FIELDS["profiles"])
    performance = _rows(PerformanceMeasurementSerializer, "measurement_rows", FIELDS["performance"])
    settings = _rows(LimitSettingSerializer, "setting_rows", FIELDS["settings"])
    signatories = _rows(SignatorySerializer, "signatory_rows", FIELDS["signatories"])
    versions = VersionSerializer(source="version_rows", many=True, read_only=True,
                                 help_text="Every published version of this number, latest first.")  # fmt: skip
    document = serializers.SerializerMethodField(help_text="The document the record was parsed from.")
    flags = FlagSerializer(
        source="flag_rows",
        many=True,
        read_only=True,
        help_text="Data-quality flags from reconciling OCA's public listing with this record.",
    )
    listing = ListingEntrySerializer(source="listing_rows", many=True, read_only=True,
                                     help_text="OCA's public listing entries of this number.")  # fmt: skip
    profile_evidence = serializers.SerializerMethodField(
        help_text="Every profile of the certificate's OCPP version (then any other its document lists) with its "
        "evidence: passed or not per its document, claimed by OCA's type code, or unknown."
    )

    class Meta(CertificateListSerializer.Meta):
        fields = [
            *CertificateListSerializer.Meta.fields,
            "is_current", "specification", "test_lab_name", "test_lab_location", "applied_tests_lab", "test_date",
            "test_report_reference", "document_evidence", "vendor_name", "device_under_test", "communication",
            "octt_version", "firmware_version", "hardware_version", "oca_signatory", "warnings", "profiles",
            "performance", "settings", "signatories", "versions", "document", "flags", "listing",
            "profile_evidence",
        ]  # fmt: skip
        extra_kwargs = described(fields)

    @extend_schema_field(HolderSerializer)
    def get_holder(self, certificate: Certificate) -> dict[str, Any] | None:
        return _entity(certificate.holder, certificate.holder_alias_names)  # type: ignore[attr-defined]

    @extend_schema_field(LabSerializer(allow_null=True))
    def get_lab(self, certificate: Certificate) -> dict[str, Any] | None:
        return _entity(certificate.lab, certificate.lab_alias_names)  # type: ignore[attr-defined]

    @extend_schema_field(ProfileEvidenceSerializer(many=True))
    def get_profile_evidence(self, certificate: Certificate) -> list[dict[str, Any]]:
        return [asdict(item) for item in certificate_profile_evidence(certificate)]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_document(self, certificate: Certificate) -> str | None:
        url = certificate.get_document_url()
        if not url:
            return None
        return absolute_url(self.context.get("request"), url)


class FacetValueSerializer(serializers.Serializer):
    """One value of a facet: what the filter takes, how to show it, and how many certificates have it."""

    value = serializers.JSONField(help_text="The filter's value: a string, or a number for lab and year.")
    label = serializers.CharField(help_text="How to show the value.")
    count = serializers.IntegerField(help_text="Certificates with this value among those the filters select.")


class FacetsSerializer(serializers.Serializer):
    """Counts of each facet among the certificates the filters select, most frequent first."""

    ocpp_version = FacetValueSerializer(many=True, help_text="OCPP versions.")
    product_type = FacetValueSerializer(many=True, help_text="Product types.")
    certificate_type = FacetValueSerializer(many=True, help_text="OCA type codes.")
    profile = FacetValueSerializer(many=True, help_text="Profiles passed per the certificate's document.")
    profile_claimed = FacetValueSerializer(
        many=True,
        help_text="Profiles claimed by OCA's type code that no document row shows (claims, not test results). A "
        "profile neither passed nor claimed is unknown and counted in neither: never as not passed.",
    )
    evidence = FacetValueSerializer(
        many=True, help_text="Certificates read from their document, and those only listed (the evidence filter)."
    )
    lab = FacetValueSerializer(many=True, help_text="Test laboratories (the value is the lab's id).")
    year = FacetValueSerializer(many=True, help_text="Year of certification.")
    octt_version = FacetValueSerializer(many=True, help_text="Versions of OCA's test tool.")
    source = FacetValueSerializer(
        many=True, help_text="Where the records come from: parsed documents or OCA's listing only."
    )
    status = FacetValueSerializer(many=True, help_text="Status in OCA's listing: active, withdrawn, unlisted.")
    flag = FacetValueSerializer(many=True, help_text="Data-quality flags from reconciling OCA's public listing.")
