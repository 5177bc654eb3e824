"""Admin for the registry: certificates with their rows, holders and labs with their aliases.

A field an admin changes on a certificate is recorded as corrected by hand, so a re-parse keeps it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from certificates.models import (
    Certificate,
    Holder,
    HolderAlias,
    Lab,
    LabAlias,
    LimitSetting,
    PerformanceMeasurement,
    ProfileResult,
    Signatory,
)
from certificates.services import certificate_search_index, certificates_search_reindex, certificates_set_published


class _Rows(admin.TabularInline):
    extra = 0


class ProfileInline(_Rows):
    model = ProfileResult


class MeasurementInline(_Rows):
    model = PerformanceMeasurement


class SettingInline(_Rows):
    model = LimitSetting


class SignatoryInline(_Rows):
    model = Signatory


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "version", "is_current", "holder", "ocpp_version", "product_type", "certificate_type",
                    "certification_date", "lab", "is_published"]  # fmt: skip
    list_filter = ["is_published", "is_current", "ocpp_version", "product_type", "lab"]
    search_fields = ["number", "holder_name", "holder__aliases__name", "product_designation", "software_version"]
    list_select_related = ["holder", "lab"]
    readonly_fields = ["document", "corrected_fields", "warnings", "created_at", "updated_at"]
    autocomplete_fields = ["holder", "lab"]
    inlines = [ProfileInline, MeasurementInline, SettingInline, SignatoryInline]
    actions = ["publish", "unpublish"]

    def save_model(self, request: HttpRequest, obj: Certificate, form: Any, change: bool) -> None:
        if change:
            obj.corrected_fields = sorted(set(obj.corrected_fields) | set(form.changed_data))
        super().save_model(request, obj, form, change)
        certificate_search_index(certificate=obj)

    @admin.action(description="Publish the selected certificates")
    def publish(self, request: HttpRequest, queryset: QuerySet[Certificate]) -> None:
        count = certificates_set_published(queryset=queryset, published=True)
        self.message_user(request, f"{count} certificate(s) published.")

    @admin.action(description="Unpublish the selected certificates")
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Certificate]) -> None:
        count = certificates_set_published(queryset=queryset, published=False)
        self.message_user(request, f"{count} certificate(s) unpublished.")


class HolderAliasInline(_Rows):
    model = HolderAlias


class LabAliasInline(_Rows):
    model = LabAlias


class _EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name", "aliases__name"]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Save the aliases, then make the entity's certificates findable by its names as they now are."""
        super().save_related(request, form, formsets, change)
        certificates_search_reindex(queryset=form.instance.certificates.all())


@admin.register(Holder)
class HolderAdmin(_EntityAdmin):
    inlines = [HolderAliasInline]


@admin.register(Lab)
class LabAdmin(_EntityAdmin):
    inlines = [LabAliasInline]
