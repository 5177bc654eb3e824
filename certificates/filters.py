"""Filters of the certificate list, shared by the API and (later) the public site."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from certificates.choices import OcppVersion, ProductType
from certificates.models import Certificate


class CertificateFilterSet(django_filters.FilterSet):
    """Filters by version, type, profile passed, holder, lab and dates; ``q`` searches the main text fields."""

    q = django_filters.CharFilter(method="search", label="Search number, holder (any alias), product, version, lab")
    ocpp_version = django_filters.ChoiceFilter(choices=OcppVersion.choices)
    product_type = django_filters.ChoiceFilter(choices=ProductType.choices)
    certificate_type = django_filters.CharFilter(help_text="OCA's type code, e.g. Full or Core + S + C.")
    profile = django_filters.CharFilter(method="passed", help_text="A profile passed; repeat for all of several.")
    holder = django_filters.NumberFilter(field_name="holder_id", help_text="Holder id.")
    lab = django_filters.NumberFilter(field_name="lab_id", help_text="Lab id.")
    certified_after = django_filters.DateFilter(field_name="certification_date", lookup_expr="gte")
    certified_before = django_filters.DateFilter(field_name="certification_date", lookup_expr="lte")
    octt_version = django_filters.CharFilter()
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Certificate
        fields = ["ocpp_version", "product_type", "certificate_type", "octt_version"]

    def search(self, queryset: QuerySet[Certificate], name: str, value: str) -> QuerySet[Certificate]:
        """Certificates whose number, holder (any alias), product, software version or lab contains ``value``."""
        match = (
            Q(number__icontains=value)
            | Q(holder__aliases__name__icontains=value)
            | Q(product_designation__icontains=value)
            | Q(software_version__icontains=value)
            | Q(lab__aliases__name__icontains=value)
        )
        return queryset.filter(pk__in=Certificate.objects.filter(match).values("pk"))

    def passed(self, queryset: QuerySet[Certificate], name: str, value: str) -> QuerySet[Certificate]:
        """Certificates that passed every profile given (``profile`` may be repeated)."""
        for profile in self.data.getlist("profile") if hasattr(self.data, "getlist") else [value]:
            queryset = queryset.filter(profiles__name__iexact=profile, profiles__result="Pass")
        return queryset
