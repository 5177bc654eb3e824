"""Atom feeds: the newest certificates, and the newest of any search (the list's query string, as is).

Every link is absolute on the canonical site (``certificates.siteurl``). Every value in a feed comes from
outside (parsed documents, OCA's listing) and is written as text: titles are Atom text constructs, summaries
are HTML whose every character is escaped text, and characters XML 1.0 cannot hold are dropped, so a name
such as ``<img src=x onerror=…>`` reaches a feed reader as those characters.
"""

from __future__ import annotations

import copy
import re
from datetime import datetime, time
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from certificates.filters import CertificateFilterSet
from certificates.models import Certificate
from certificates.natural import query_with_filters_read
from certificates.params import Errors
from certificates.siteurl import absolute_url
from certificates.views.errors import bad_request

ITEMS = 50
# What XML 1.0 cannot hold: C0 controls but tab and line ends, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def feed_text(value: object) -> str:
    """``value`` as the text of a feed element: characters XML 1.0 cannot hold are dropped."""
    return _NOT_XML.sub("", str(value))


def feed_html(value: object) -> str:
    """``value`` as the body of an HTML summary: text, every markup character escaped, so a reader shows it
    as written and never as markup."""
    return escape(feed_text(value))


class RegistryAtomFeed(Atom1Feed):
    """Atom 1.0 whose entries are filed under categories with a scheme and a label, not a bare term."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        """Write the entry's elements, then a ``category`` for each of its ``filed_under`` triples."""
        super().add_item_elements(handler, item)
        for scheme, term, label in item.get("filed_under", ()):
            handler.addQuickElement("category", "", {"scheme": scheme, "term": term, "label": label})


class LatestCertificatesFeed(Feed):
    """The 50 most recently certified certificates."""

    feed_type = RegistryAtomFeed
    title = "OCPP Certificate Registry: new certificates"
    subtitle = "OCA OCPP conformance certificates, newest first."
    request: HttpRequest

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Answer with a copy of this feed that holds ``request``: one instance serves every request, so what
        a request sets (its search) lives on the copy, never on the shared instance."""
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def link(self) -> str:
        return absolute_url(self.request, reverse("certificates:list"))

    def feed_url(self) -> str:
        """The feed's own URL (its ``rel="self"`` link), on the canonical site."""
        return absolute_url(self.request, self.request.get_full_path())

    def items(self) -> QuerySet[Certificate]:
        return self.certificates(Certificate.objects.public().select_related("holder", "lab"))

    @staticmethod
    def certificates(queryset: QuerySet[Certificate]) -> QuerySet[Certificate]:
        return queryset.order_by("-certification_date", "-id")[:ITEMS]

    def item_title(self, item: Certificate) -> str:
        """Plain text (an Atom text construct): the feed generator escapes it for XML, nothing more is needed."""
        return feed_text(f"{item.number}: {item.holder.name}, {item.product_designation} (OCPP {item.ocpp_version})")

    def item_description(self, item: Certificate) -> str:
        """The summary, which Atom 1.0 declares HTML (``type="html"``): the sentences as escaped text, saying
        where the record comes from, who tested (as far as is known) and where it stands in OCA's listing."""
        kind = item.certificate_type or "Certificate"
        provenance = item.provenance
        tested = provenance.tested_words(item.lab.name if item.lab else None)
        return feed_html(
            f"{kind} for {item.product_type}, software {item.software_version}. {tested} {provenance.status_words}."
        )

    def item_extra_kwargs(self, item: Certificate) -> dict[str, Any]:
        """The entry's categories: its source and its status, each in the scheme of the list's filter (the
        scheme followed by the term is the list of the certificates filed alike)."""
        filed = [
            (absolute_url(self.request, f"{reverse('certificates:list')}?{facet}="), term, feed_text(label))
            for facet, term, label in item.provenance.categories()
        ]
        return {"filed_under": filed}

    def item_link(self, item: Certificate) -> str:
        return absolute_url(self.request, item.get_absolute_url())

    def item_pubdate(self, item: Certificate) -> datetime | None:
        if item.certification_date is None:
            return None
        return timezone.make_aware(datetime.combine(item.certification_date, time()))

    def item_updateddate(self, item: Certificate) -> datetime:
        return item.updated_at


class InvalidSearch(Exception):
    """The search parameters of a feed are not valid; ``errors`` names each."""

    def __init__(self, errors: Errors) -> None:
        super().__init__(errors)
        self.errors = errors


class SearchFeed(LatestCertificatesFeed):
    """The newest certificates of a search: ``/feeds/search.atom?<the list's query string>``."""

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """The feed, or the page naming each invalid parameter (400); a search whose words name filters is
        redirected to the feed with them as filters, as the list is (``certificates.natural``)."""
        moved = query_with_filters_read(request.GET)
        if moved is not None:
            return HttpResponseRedirect(f"{request.path}?{moved.urlencode()}")
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidSearch as error:
            return bad_request(request, error.errors)

    def get_object(self, request: HttpRequest) -> CertificateFilterSet:  # type: ignore[override]
        filters = CertificateFilterSet(
            request.GET, queryset=Certificate.objects.public().select_related("holder", "lab")
        )
        if not filters.is_valid():
            raise InvalidSearch({name: list(messages) for name, messages in filters.errors.items()})
        return filters

    def title(self, filters: CertificateFilterSet) -> str:  # type: ignore[override]
        return feed_text(f"OCPP Certificate Registry: {filters.data.urlencode() or 'all certificates'}")

    def link(self, filters: CertificateFilterSet) -> str:  # type: ignore[override]
        return absolute_url(self.request, f"{reverse('certificates:list')}?{filters.data.urlencode()}")

    def items(self, filters: CertificateFilterSet) -> QuerySet[Certificate]:  # type: ignore[override]
        return self.certificates(filters.qs)
