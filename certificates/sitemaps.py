"""sitemap.xml: the site's pages, every published certificate, and the holders and labs that have one.

Every ``<loc>`` is on the canonical site (``SITE_URL``, see ``certificates.siteurl``); without it, on the host
the request came with, as Django's sitemaps do.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from certificates.models import Certificate, Holder, Lab


class CanonicalSitemap(Sitemap):  # type: ignore[type-arg]
    """A sitemap whose links start with ``SITE_URL`` when it is set."""

    def get_protocol(self, protocol: str | None = None) -> str:
        """The canonical site's scheme, else Django's choice."""
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).scheme
        return str(super().get_protocol(protocol))

    def get_domain(self, site: Any = None) -> str:
        """The canonical site's host (and any path it is mounted under), else the request's host."""
        if settings.SITE_URL:
            parts = urlsplit(settings.SITE_URL)
            return parts.netloc + parts.path.rstrip("/")
        return str(super().get_domain(site))


class PageSitemap(CanonicalSitemap):
    """The pages that are not about one record: home, the list, statistics."""

    def items(self) -> list[str]:
        return ["certificates:home", "certificates:list", "certificates:statistics"]

    def location(self, item: str) -> str:  # type: ignore[override]
        return reverse(item)


class CertificateSitemap(CanonicalSitemap):
    """Every published certificate (its current version), last changed when it was updated."""

    def items(self) -> QuerySet[Certificate]:
        return Certificate.objects.public().order_by("number").only("number", "version", "is_current", "updated_at")

    def lastmod(self, item: Certificate) -> datetime:
        return item.updated_at


class HolderSitemap(CanonicalSitemap):
    """Every company holding a published certificate."""

    def items(self) -> QuerySet[Holder]:
        return Holder.objects.filter(certificates__in=Certificate.objects.public()).distinct().order_by("pk")

    def location(self, item: Holder) -> str:  # type: ignore[override]
        return reverse("certificates:holder", args=[item.pk])


class LabSitemap(CanonicalSitemap):
    """Every lab that tested a published certificate."""

    def items(self) -> QuerySet[Lab]:
        return Lab.objects.filter(certificates__in=Certificate.objects.public()).distinct().order_by("pk")

    def location(self, item: Lab) -> str:  # type: ignore[override]
        return reverse("certificates:lab", args=[item.pk])


SITEMAPS = {"pages": PageSitemap, "certificates": CertificateSitemap, "holders": HolderSitemap, "labs": LabSitemap}
