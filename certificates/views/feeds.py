"""Atom feeds: the newest certificates, and the newest of any search (the list's query string, as is)."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from certificates.filters import CertificateFilterSet
from certificates.models import Certificate

ITEMS = 50


class LatestCertificatesFeed(Feed):
    """The 50 most recently certified certificates."""

    feed_type = Atom1Feed
    title = "OCPP Certificate Registry: new certificates"
    subtitle = "OCA OCPP conformance certificates, newest first."

    def link(self) -> str:
        return reverse("certificates:list")

    def items(self) -> QuerySet[Certificate]:
        return self.certificates(Certificate.objects.public().select_related("holder", "lab"))

    @staticmethod
    def certificates(queryset: QuerySet[Certificate]) -> QuerySet[Certificate]:
        return queryset.order_by("-certification_date", "-id")[:ITEMS]

    def item_title(self, item: Certificate) -> str:
        return f"{item.number}: {item.holder.name}, {item.product_designation} (OCPP {item.ocpp_version})"

    def item_description(self, item: Certificate) -> str:
        lab = item.lab.name if item.lab else "an unnamed laboratory"
        kind = item.certificate_type or "Certificate"
        return f"{kind} for {item.product_type}, software {item.software_version}, tested by {lab}."

    def item_link(self, item: Certificate) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Certificate) -> datetime | None:
        if item.certification_date is None:
            return None
        return timezone.make_aware(datetime.combine(item.certification_date, time()))

    def item_updateddate(self, item: Certificate) -> datetime:
        return item.updated_at


class SearchFeed(LatestCertificatesFeed):
    """The newest certificates of a search: ``/feeds/search.atom?<the list's query string>``."""

    def get_object(self, request: HttpRequest) -> CertificateFilterSet:  # type: ignore[override]
        filters = CertificateFilterSet(
            request.GET, queryset=Certificate.objects.public().select_related("holder", "lab")
        )
        if not filters.is_valid():
            raise Http404("These search parameters are not valid.")
        self.query = request.GET.urlencode()
        return filters

    def title(self, filters: CertificateFilterSet) -> str:  # type: ignore[override]
        return f"OCPP Certificate Registry: {self.query or 'all certificates'}"

    def link(self, filters: CertificateFilterSet) -> str:  # type: ignore[override]
        return f"{reverse('certificates:list')}?{self.query}"

    def items(self, filters: CertificateFilterSet) -> QuerySet[Certificate]:  # type: ignore[override]
        return self.certificates(filters.qs)
