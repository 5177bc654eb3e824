"""Filters of the certificate list, shared by the API and the public site.

Every parameter is validated: a bad date, an unknown choice, a value out of range or a filter given more times
than it may be (``certificates.params``) answers 400 with a message naming the parameter, before any
certificate is read. Dates, times and ids are read in ASCII digits only.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, Model, OuterRef, QuerySet
from django.db.models.lookups import Exact
from django.http import QueryDict
from django_filters.fields import IsoDateTimeField, ModelChoiceField

from certificates import params
from certificates.choices import (
    PROFILE_CHOICES,
    CertificateSource,
    FlagKind,
    ListingStatus,
    OcppVersion,
    ProductType,
)
from certificates.domain.profiles import PROFILE_BITS
from certificates.models import Certificate, DataQualityFlag, Holder, Lab
from certificates.pagination import ORDERING_CHOICES
from certificates.search import search


def _ascii(field: forms.Field, value: Any) -> None:
    """Refuse a text value with characters beyond ASCII (Unicode digits among them) as ``field``'s invalid value."""
    if isinstance(value, str) and not value.isascii():
        raise ValidationError(field.error_messages["invalid"], code="invalid")


class ASCIIDateField(forms.DateField):
    """A date, YYYY-MM-DD in ASCII digits."""

    def to_python(self, value: Any) -> date | None:
        _ascii(self, value)
        return super().to_python(value)


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 time in ASCII digits, with any offset Python reads, returned in UTC; a time that falls
    outside the years 1 to 9999 in UTC (``0001-01-01T00:00+23:59``) is invalid."""

    def to_python(self, value: Any) -> datetime | None:
        _ascii(self, value)
        parsed: datetime | None = super().to_python(value)
        if parsed is None:
            return None
        try:
            return params.in_utc(parsed)
        except ValueError:
            raise ValidationError("This time is out of range in UTC.", code="invalid") from None


class IdField(ModelChoiceField):
    """A row's id, in ASCII digits (``int("٣")`` is 3)."""

    def to_python(self, value: Any) -> Model | None:
        if isinstance(value, str) and value and not params.is_whole(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)  # type: ignore[no-any-return]


class DateFilter(django_filters.DateFilter):
    field_class = ASCIIDateField


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class IdFilter(django_filters.ModelChoiceFilter):
    field_class = IdField


class CertificateFilterForm(forms.Form):
    """The filter set's form: each filter validates its value, and here no filter may be given more times than
    ``certificates.params`` allows; a repeatable filter's values are kept once each."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if isinstance(self.data, QueryDict):
            for name, messages in params.repeat_errors(self.data, self.fields).items():
                self.add_error(name, messages)
        for name in params.REPEATABLE.keys() & cleaned.keys():
            cleaned[name] = list(dict.fromkeys(cleaned[name]))
        return cleaned


class CertificateFilterSet(django_filters.FilterSet):
    """Filters by version, type, profile passed, holder, lab and dates; ``q`` searches; ``ordering`` orders."""

    q = django_filters.CharFilter(
        label="Search",
        method="search",
        max_length=200,
        help_text="Search the number, holder (under any of its names), product, software version and lab. "
        "Every word must match the start of a word; when nothing matches, typos are forgiven, and so are spaces "
        "and hyphens inside names. The API searches the words literally: words naming a profile or a version "
        "are not read as filters (the site's list does that; give them as profile, ocpp_version, ... here).",
    )
    ocpp_version = django_filters.ChoiceFilter(
        label="OCPP version", choices=OcppVersion.choices, help_text="OCPP version certified."
    )
    product_type = django_filters.ChoiceFilter(
        label="Product type", choices=ProductType.choices, help_text="Kind of product."
    )
    certificate_type = django_filters.CharFilter(
        label="Certificate type",
        max_length=64,
        help_text="OCA's type code, exactly as listed, e.g. Full or Core + S + C.",
    )
    profile = django_filters.MultipleChoiceFilter(
        label="Profile",
        choices=PROFILE_CHOICES,
        method="passed",
        help_text="A certification profile the certificate passed per its document or that OCA's type code claims "
        "for it (no document row shows it); with evidence=document only passes per a document count, with "
        f"evidence=listing only claims. Repeat it to require all of several (at most {params.REPEATABLE['profile']}).",
    )
    evidence = django_filters.ChoiceFilter(
        label="Evidence",
        choices=params.EVIDENCE_CHOICES,
        method="by_evidence",
        help_text="document: only certificates read from their document, and a profile counts only when the "
        "document shows it passed; listing: only certificates known from OCA's listing alone (their profiles are "
        "claims of the type code).",
    )
    holder = IdFilter(label="Holder", queryset=Holder.objects.all(), help_text="Holder id.")
    lab = IdFilter(label="Lab", queryset=Lab.objects.all(), help_text="Test laboratory id.")
    certified_after = DateFilter(
        label="Certified after",
        field_name="certification_date",
        lookup_expr="gte",
        help_text="Certified on or after this date (YYYY-MM-DD).",
    )
    certified_before = DateFilter(
        label="Certified before",
        field_name="certification_date",
        lookup_expr="lte",
        help_text="Certified on or before this date (YYYY-MM-DD).",
    )
    octt_version = django_filters.CharFilter(
        label="OCTT version", max_length=32, help_text="Version of OCA's test tool, e.g. 1.4.3."
    )
    updated_since = UTCDateTimeFilter(
        label="Updated since",
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Changed in the registry at or after this time (ISO 8601), for mirrors keeping a copy in sync; "
        "use with ordering=updated.",
    )
    flag = django_filters.MultipleChoiceFilter(
        label="Data-quality flag",
        choices=FlagKind.choices,
        method="flagged",
        help_text="A way OCA's public listing disagrees with the certificate (or a flaw of its listing row); "
        f"repeat it to require all of several (at most {params.REPEATABLE['flag']}).",
    )
    source = django_filters.ChoiceFilter(
        label="Source",
        choices=CertificateSource.choices,
        help_text="document: parsed from its certificate document; listing: known only from OCA's public listing.",
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        field_name="listing_status",
        choices=ListingStatus.choices,
        help_text="active: in OCA's listing; withdrawn: no longer in it (gone from a complete sync); unlisted: never "
        "in it (a document of a number OCA's listing never held).",
    )
    ordering = django_filters.ChoiceFilter(
        label="Ordering",
        choices=ORDERING_CHOICES,
        method="order",
        empty_label=None,
        help_text="Order of the results: relevance needs q and is the default with it, -date the default "
        "without; a mirror keeps a copy with ordering=updated and updated_since.",
    )

    class Meta:
        model = Certificate
        form = CertificateFilterForm
        fields = ["ocpp_version", "product_type", "certificate_type", "octt_version", "source"]

    def filter_queryset(self, queryset: QuerySet[Certificate]) -> QuerySet[Certificate]:
        """Apply every filter, the search last: it looks at what the other filters left."""
        text = self.form.cleaned_data.pop("q", "")
        queryset = super().filter_queryset(queryset)
        return self.search(queryset, "q", text) if text else queryset

    def search(self, queryset: QuerySet[Certificate], name: str, value: str) -> QuerySet[Certificate]:
        """Certificates matching the search ``value``, annotated with their rank."""
        return search(queryset, value)

    def passed(self, queryset: QuerySet[Certificate], name: str, value: list[str]) -> QuerySet[Certificate]:
        """Certificates that passed or claim every profile in ``value``: each one's bit is set in
        ``profiles_passed`` or ``profiles_claimed`` (only the first with evidence=document, only the second
        with evidence=listing).

        One condition per profile; passes alone are the expression PostgreSQL keeps statistics on (migration 0005).
        """
        evidence = self.form.cleaned_data.get("evidence")
        masks = {"document": F("profiles_passed"), "listing": F("profiles_claimed")}
        mask = masks.get(evidence or "", F("profiles_passed").bitor(F("profiles_claimed")))
        for profile in value:
            bit = PROFILE_BITS[profile]
            queryset = queryset.filter(Exact(mask.bitand(bit), bit))
        return queryset

    def by_evidence(self, queryset: QuerySet[Certificate], name: str, value: str) -> QuerySet[Certificate]:
        """Certificates read from their document (``document``) or known only from the listing (``listing``)."""
        return queryset.filter(source=value)

    def flagged(self, queryset: QuerySet[Certificate], name: str, value: list[str]) -> QuerySet[Certificate]:
        """Certificates carrying every data-quality flag in ``value``."""
        for kind in value:
            queryset = queryset.filter(Exists(DataQualityFlag.objects.filter(number=OuterRef("number"), kind=kind)))
        return queryset

    def order(self, queryset: QuerySet[Certificate], name: str, value: Any) -> QuerySet[Certificate]:
        """Validated here; the pagination applies the ordering (it walks its index)."""
        return queryset


def is_filtering(params: QueryDict) -> bool:
    """Whether ``params`` asks for a search or any filter (an ordering or a page selects nothing)."""
    return any(any(params.getlist(name)) for name in CertificateFilterSet.base_filters if name != "ordering")
