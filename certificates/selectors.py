"""Reads of the registry shared by the API and the site: the facet counts of a search, the evidence for each
profile of a certificate, and how much of the registry was read from documents."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear

from certificates import params
from certificates.caching import PerGeneration
from certificates.choices import CertificateSource, FlagKind, ListingStatus, OcppVersion, ProductType
from certificates.domain.profiles import PROFILE_BITS
from certificates.domain.provenance import SOURCE_LABELS, STATUS_LABELS, Coverage
from certificates.domain.typecodes import ProfileEvidence
from certificates.evidence import evidence_of
from certificates.models import Certificate, DataQualityFlag, ListingEntry

FACETS = (
    "ocpp_version",
    "product_type",
    "certificate_type",
    "profile",
    "profile_claimed",
    "evidence",
    "lab",
    "year",
    "octt_version",
    "source",
    "status",
    "flag",
)


def certificate_facets(queryset: QuerySet[Certificate]) -> dict[str, list[dict[str, Any]]]:
    """Return, for each facet, the values found among ``queryset`` with their counts, most frequent first.

    Each value is ``{"value", "label", "count"}``; ``value`` is what the matching filter takes (a lab's id,
    a year). The hits are read once, grouped by every facet column at once (groups, not rows: 7,863 for
    100,000 synthetic certificates), and the groups are counted here; then the data-quality flags, few,
    are matched to the hits. Two queries, three when some certificate is flagged.

    ``profile`` counts the certificates that passed each profile per their document, ``profile_claimed`` those
    whose type code claims it (no document row shows it), ``evidence`` those read from a document and those
    only listed. A profile neither shows is unknown and counted nowhere: never as not passed.
    """
    groups = (
        queryset.order_by()
        .annotate(year=ExtractYear("certification_date"))
        .values_list(*_COLUMNS, "lab_id", "lab__name", "year", "profiles_passed", "profiles_claimed")
        .annotate(hits=Count("pk"))
    )
    counters: dict[str, Counter[Any]] = {name: Counter() for name in (*_COLUMNS, "lab", "year")}
    lab_names: dict[int, str] = {}
    masks: Counter[int] = Counter()
    claims: Counter[int] = Counter()
    for *columns, lab_id, lab_name, year, passed, claimed, hits in groups:
        for name, value in zip(_COLUMNS, columns, strict=True):
            if value:
                counters[name][value] += hits
        if lab_id is not None:
            counters["lab"][lab_id] += hits
            lab_names[lab_id] = lab_name
        if year is not None:
            counters["year"][year] += hits
        masks[passed] += hits
        claims[claimed] += hits
    facets = {name: _items(counters[name], lambda value: _LABELS.get(value, value)) for name in _COLUMNS}
    facets["lab"] = _items(counters["lab"], lab_names.get)
    facets["year"] = sorted(_items(counters["year"], str), key=lambda item: -item["value"])
    facets["profile"] = _items(_per_profile(masks), str)
    facets["profile_claimed"] = _items(_per_profile(claims), str)
    facets["evidence"] = _items(counters["source"], EVIDENCE_LABELS.get)
    facets["status"] = facets.pop("listing_status")
    facets["flag"] = _items(_flag_counts(queryset), lambda kind: FlagKind(kind).label)
    return {name: facets[name] for name in FACETS}


def _facets_of_all() -> dict[str, list[dict[str, Any]]]:
    return certificate_facets(Certificate.objects.public())


# The facets of the whole registry (what an unfiltered list shows), once per generation: grouping every
# certificate takes a few hundred milliseconds at 100,000.
ALL_FACETS = PerGeneration("registry:facets:v3", _facets_of_all)


_LABELS = {
    **dict(OcppVersion.choices),
    **dict(ProductType.choices),
    **SOURCE_LABELS,
    **STATUS_LABELS,
}
# The evidence facet's values: the ``evidence`` filter's choices (the certificate's source).
EVIDENCE_LABELS = dict(params.EVIDENCE_CHOICES)
_COLUMNS = ("ocpp_version", "product_type", "certificate_type", "octt_version", "source", "listing_status")


def _per_profile(masks: Counter[int]) -> Counter[str]:
    """How many certificates have each profile's bit set, from the certificates counted per mask (none left out)."""
    return +Counter({name: sum(n for mask, n in masks.items() if mask & bit) for name, bit in PROFILE_BITS.items()})


def _flag_counts(queryset: QuerySet[Certificate]) -> Counter[str]:
    """How many of ``queryset``'s certificates carry each kind of data-quality flag.

    Flags are a listing's disagreements, a few per hundred certificates: all of them are read, and the
    search is asked only which of their numbers it finds.
    """
    flags = list(DataQualityFlag.objects.values_list("number", "kind"))
    if not flags:
        return Counter()
    flagged = {number for number, _ in flags}
    found = set(queryset.order_by().filter(number__in=flagged).values_list("number", flat=True))
    return Counter(kind for number, kind in flags if number in found)


def _items(counts: Counter[Any], label: Callable[[Any], Any]) -> list[dict[str, Any]]:
    """Counted values as facet items: most frequent first, then by label."""
    items = [{"value": value, "label": label(value), "count": count} for value, count in counts.items()]
    return sorted(items, key=lambda item: (-item["count"], str(item["label"])))


def certificate_version(number: str, version: int | None = None) -> Certificate | None:
    """Return the published ``version`` of ``number`` (its current one when None) with its tables
    (``CertificateQuerySet.with_tables``); None when the registry holds no such published certificate. One query."""
    versions = Certificate.objects.filter(number=number, is_published=True).with_tables()
    return versions.filter(version=version).first() if version else versions.filter(is_current=True).first()


def certificate_profile_evidence(certificate: Certificate) -> list[ProfileEvidence]:
    """Return the evidence for every profile of ``certificate``: its document's rows, else the claims of its type
    code (the listing's when the number is listed, else its own certificate type), else unknown.

    Reads the rows ``CertificateQuerySet.with_tables`` loaded (``profile_rows``, ``listing_rows``) when there are
    some; otherwise queries the profile rows and the number's listing entries (two queries).
    """
    rows = getattr(certificate, "profile_rows", None)
    if rows is None:
        rows = [{"name": n, "result": r} for n, r in certificate.profiles.values_list("name", "result")]
    entries = getattr(certificate, "listing_rows", None)
    if entries is None:
        entries = list(
            ListingEntry.objects.filter(number=certificate.number)
            .order_by("position")
            .values("certificate_type", "withdrawn_on")
        )
    return evidence_of(
        ocpp_version=certificate.ocpp_version,
        source=certificate.source,
        certificate_type=certificate.certificate_type,
        profiles=rows,
        listing=entries,
    )


def _coverage_of_all() -> Coverage:
    """Count the public certificates by source and the withdrawn ones (one query)."""
    counts = Certificate.objects.public().aggregate(
        total=Count("pk"),
        documented=Count("pk", filter=Q(source=CertificateSource.DOCUMENT)),
        listed_only=Count("pk", filter=Q(source=CertificateSource.LISTING)),
        withdrawn=Count("pk", filter=Q(listing_status=ListingStatus.WITHDRAWN)),
    )
    return Coverage(**counts)


# How much of the registry was read from documents, once per generation (the home and statistics pages).
COVERAGE = PerGeneration("registry:coverage:v1", _coverage_of_all)


def certificate_coverage() -> Coverage:
    """Return how many public certificates there are, how many were read from their documents, how many are
    known only from OCA's listing and how many are withdrawn from it: cached per generation of the registry,
    else one query."""
    return COVERAGE.get()


def hits_of(facets: dict[str, list[dict[str, Any]]]) -> int:
    """How many certificates the facets were counted over: every certificate has a source, counted once."""
    return sum(item["count"] for item in facets["source"])
