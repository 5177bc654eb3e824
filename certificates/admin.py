"""Admin for the registry: certificates with their rows, holders and labs with their aliases, OCA's listing
with its imports and data-quality flags, and the holder renames the listing revealed (reversible).

A field an admin changes on a certificate, and a row an admin changes, adds or deletes in its tables, is
recorded as corrected by hand, so a re-parse keeps it. Every action and page that writes needs the model
permissions of what it writes, not only staff status.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, URLResolver, path
from django.utils.html import format_html_join

from certificates.domain.corrections import ROW_KEYS
from certificates.entities import entity_merge, holder_rename_revert, merge_suggestions
from certificates.models import (
    Certificate,
    DataQualityFlag,
    Holder,
    HolderAlias,
    HolderRename,
    Lab,
    LabAlias,
    LimitSetting,
    ListingEntry,
    ListingImport,
    PerformanceMeasurement,
    ProfileResult,
    Signatory,
)
from certificates.search import certificate_search_index, certificates_search_reindex
from certificates.services import (
    ROW_MODELS,
    certificate_profiles_refresh,
    certificate_rows_correct,
    certificates_set_published,
)


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
    list_filter = ["is_published", "is_current", "source", "listing_status", "ocpp_version", "product_type", "lab"]
    search_fields = ["number", "holder_name", "holder__aliases__name", "product_designation", "software_version"]
    list_select_related = ["holder", "lab"]
    readonly_fields = ["document", "corrections", "warnings", "created_at", "updated_at"]
    exclude = ["corrected_fields"]  # shown, with the rows corrected, as "corrections"
    autocomplete_fields = ["holder", "lab"]
    inlines = [ProfileInline, MeasurementInline, SettingInline, SignatoryInline]
    actions = ["publish", "unpublish"]

    def save_model(self, request: HttpRequest, obj: Certificate, form: Any, change: bool) -> None:
        if change:
            obj.corrected_fields = sorted(set(obj.corrected_fields) | set(form.changed_data))
        super().save_model(request, obj, form, change)
        certificate_search_index(certificate=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Save a table's rows; on a change, record the rows edited as corrected by hand."""
        table = next(name for name, model in ROW_MODELS.items() if model is formset.model)
        edits = _row_edits(formset, ROW_KEYS[table]) if change else []
        super().save_formset(request, form, formset, change)
        certificate_rows_correct(certificate=form.instance, table=table, edits=edits)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        certificate_profiles_refresh(certificate=form.instance)  # the profile rows may have been edited

    @admin.display(description="Corrected by hand (kept when the document is re-parsed)")
    def corrections(self, certificate: Certificate) -> str:
        fields = [("Fields", ", ".join(field.replace("_", " ") for field in certificate.corrected_fields))]
        rows = [
            (table.capitalize(), ", ".join(f"{key} ({done})" for key, done in notes.items()))
            for table, notes in certificate.corrected_rows.items()
            if notes
        ]
        shown = [(label, text) for label, text in fields + rows if text]
        return format_html_join("", "<div><strong>{}</strong>: {}</div>", shown) or "—"

    @admin.action(description="Publish the selected certificates", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Certificate]) -> None:
        count = certificates_set_published(queryset=queryset, published=True)
        self.message_user(request, f"{count} certificate(s) published.")

    @admin.action(description="Unpublish the selected certificates", permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Certificate]) -> None:
        count = certificates_set_published(queryset=queryset, published=False)
        self.message_user(request, f"{count} certificate(s) unpublished.")


def _row_edits(formset: BaseInlineFormSet, key: str) -> list[tuple[str | None, str | None]]:
    """Return the rows of a certificate's table a (validated) formset edits, as (key before, key after): a row
    deleted, changed (its key may have changed too) or added. ``key`` is the field rows are known by."""
    deleted = formset.deleted_forms
    edits: list[tuple[str | None, str | None]] = [(form.initial.get(key), None) for form in deleted if form.instance.pk]
    for form in formset.forms:
        if form in deleted or not form.has_changed():
            continue
        before = form.initial.get(key) if form.instance.pk else None
        edits.append((before, form.cleaned_data.get(key)))
    return edits


class HolderAliasInline(_Rows):
    model = HolderAlias


class LabAliasInline(_Rows):
    model = LabAlias


class _EntityAdmin(admin.ModelAdmin):
    """Holders and labs: their names, a merge action, and merge suggestions ranked by similarity."""

    list_display = ["name", "created_at"]
    search_fields = ["name", "aliases__name"]
    actions = ["merge"]
    change_list_template = "admin/certificates/entity_change_list.html"

    def get_urls(self) -> list[URLPattern | URLResolver]:
        name = f"certificates_{self.model._meta.model_name}_suggestions"
        return [path("suggestions/", self.admin_site.admin_view(self.suggestions), name=name), *super().get_urls()]

    def suggestions(self, request: HttpRequest) -> HttpResponse:
        """Entities that are probably one company, best match first; a POST merges one pair (and so needs the
        merge permission, as the merge action does)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_merge_permission(request):
                raise PermissionDenied
            kept = get_object_or_404(self.model, pk=request.POST.get("into"))
            merged = get_object_or_404(self.model, pk=request.POST.get("source"))
            entity_merge(source=merged, into=kept)
            self.message_user(request, f"{merged.name} merged into {kept.name}.")
            return redirect(f"admin:certificates_{self.model._meta.model_name}_suggestions")
        context = {
            **self.admin_site.each_context(request),
            "title": f"{self.model._meta.verbose_name_plural.capitalize()} that may be one company",
            "opts": self.model._meta,
            "suggestions": merge_suggestions(self.model),
            "can_merge": self.has_merge_permission(request),
        }
        return render(request, "admin/certificates/suggestions.html", context)

    def has_merge_permission(self, request: HttpRequest) -> bool:
        """A merge moves certificates and aliases to the kept entity and deletes the others: change and delete."""
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(description="Merge the selected into the first (oldest) of them", permissions=["merge"])
    def merge(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        entities = list(queryset.order_by("pk"))
        for entity in entities[1:]:
            entity_merge(source=entity, into=entities[0])
        self.message_user(request, f"{len(entities) - 1} merged into {entities[0].name}.")

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Save the aliases, then make the entity's certificates findable by its names as they now are."""
        super().save_related(request, form, formsets, change)
        certificates_search_reindex(queryset=form.instance.certificates.all())


@admin.register(Holder)
class HolderAdmin(_EntityAdmin):
    inlines = [HolderAliasInline]


@admin.register(HolderRename)
class HolderRenameAdmin(admin.ModelAdmin):
    list_display = ["number", "printed_name", "listed_name", "holder", "reverted", "created_at"]
    list_filter = ["reverted"]
    search_fields = ["number", "printed_name", "listed_name"]
    readonly_fields = ["number", "printed_name", "listed_name", "holder", "reverted", "created_at", "updated_at"]
    actions = ["revert"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Revert: give the listing's name a holder of its own again", permissions=["change"])
    def revert(self, request: HttpRequest, queryset: QuerySet[HolderRename]) -> None:
        links = list(queryset.filter(reverted=False))
        for link in links:
            holder_rename_revert(link=link)
        self.message_user(request, f"{len(links)} rename link(s) reverted; later imports will not make them again.")


@admin.register(Lab)
class LabAdmin(_EntityAdmin):
    inlines = [LabAliasInline]


class FlagInline(_Rows):
    model = DataQualityFlag
    fields = ["kind", "message", "listed", "parsed"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ListingEntry)
class ListingEntryAdmin(admin.ModelAdmin):
    list_display = ["raw_number", "number", "company", "product_designation", "software_version", "registered_on",
                    "listed_since", "last_seen", "withdrawn_on"]  # fmt: skip
    list_filter = ["flags__kind", ("withdrawn_on", admin.EmptyFieldListFilter), "product_type", "ocpp_version",
                   "last_import"]  # fmt: skip
    search_fields = ["raw_number", "number", "company", "product_designation"]
    readonly_fields = [field.name for field in ListingEntry._meta.fields]
    inlines = [FlagInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(DataQualityFlag)
class DataQualityFlagAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "message"]
    list_filter = ["kind"]
    search_fields = ["number", "message", "listed", "parsed"]
    readonly_fields = ["entry", "number", "kind", "message", "listed", "parsed", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ListingImport)
class ListingImportAdmin(admin.ModelAdmin):
    list_display = ["source_name", "source", "complete", "imported_at", "rows", "created", "changed", "removed",
                    "withdrawn", "back"]  # fmt: skip
    list_filter = ["source", "complete"]
    readonly_fields = [field.name for field in ListingImport._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
