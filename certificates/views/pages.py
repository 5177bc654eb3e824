"""The public site's pages: home, certificate list and detail, holders, labs (compare: ``views.compare``).

Every list is the API's: the same filter set, search and pagination (``certificates.filters``,
``certificates.search``, ``certificates.pagination``) and the same facet counts (``certificates.selectors``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from certificates import params
from certificates.caching import cached_page
from certificates.choices import CertificateSource, FlagKind, ProfileResultValue
from certificates.domain.links import web_url
from certificates.domain.provenance import LISTING_HEADING, NO_DOCUMENT, read_words
from certificates.domain.query import closest_names
from certificates.filters import CertificateFilterSet, is_filtering
from certificates.models import Certificate, Holder, HolderAlias, Lab, LabAlias, ProfileResult
from certificates.natural import query_with_filters_read
from certificates.pagination import MAX_RELEVANCE_RESULTS, ORDERING_CHOICES, CertificatePagination
from certificates.search import did_you_mean, words_of
from certificates.selectors import (
    ALL_FACETS,
    certificate_coverage,
    certificate_facets,
    certificate_profile_evidence,
    certificate_version,
    hits_of,
)
from certificates.throttling import throttled, throttled_answer
from certificates.views.errors import bad_request

# Facets in the order the list shows them, with their headings.
FACET_TITLES = {
    "ocpp_version": "OCPP version",
    "product_type": "Product type",
    "certificate_type": "Certificate type",
    "profile": "Profile passed (per its document)",
    "profile_claimed": "Profile claimed (type code)",
    "evidence": "Evidence",
    "lab": "Test laboratory",
    "year": "Year certified",
    "octt_version": "OCTT version",
    "source": "Source",
    "status": "In OCA's listing",
    "flag": "Differs from OCA's listing",
}
# Parameters whose values add up (all of them must hold); choosing a value of another replaces the one chosen.
REPEATABLE = ("profile", "flag")
# The evidence each profile facet stands for: passes per a document, or claims of the type code.
PROFILE_FACETS = {"profile": "document", "profile_claimed": "listing"}


def _listed() -> QuerySet[Certificate]:
    return Certificate.objects.public().select_related("holder", "lab")


@cached_page
def home(request: HttpRequest) -> HttpResponse:
    """The search box, the registry's counts (how many certificates were read from their documents) and the
    latest certificates."""
    public = Certificate.objects.public()
    context = {
        "coverage": certificate_coverage(),
        "holders": Holder.objects.filter(certificates__in=public).distinct().count(),
        "labs": Lab.objects.filter(certificates__in=public).distinct().count(),
        "latest": _listed().order_by("-certification_date", "-id")[:10],
    }
    return render(request, "certificates/home.html", context)


def _searching(request: HttpRequest) -> bool:
    """Whether the list is asked for a search or a filter: its cost then grows with the query."""
    return is_filtering(request.GET)


@throttled(when=_searching)
@cached_page
def certificate_list(request: HttpRequest) -> HttpResponse:
    """Search, facets, sorting and pages over the published certificates; every state in the URL. A search
    whose words name filters is redirected to the URL with them as filters (``certificates.natural``)."""
    moved = query_with_filters_read(request.GET)
    if moved is not None:
        return redirect(f"{reverse('certificates:list')}?{moved.urlencode()}")
    filters = CertificateFilterSet(request.GET, queryset=_listed())
    if not filters.is_valid():
        return render(request, "certificates/list.html", {"errors": filters.errors, "query": request.GET}, status=400)
    found = filters.qs
    paginator = CertificatePagination()
    try:
        page = paginator.paginate_queryset(found, Request(request))
    except ValidationError as error:
        return render(request, "certificates/list.html", {"errors": error.detail, "query": request.GET}, status=400)
    query = request.GET
    text = query.get("q", "").strip()
    counted = certificate_facets(found) if is_filtering(query) else ALL_FACETS.get()
    facets = _facet_links(counted, query)
    chosen = _chosen(query, facets)
    context = {
        "query": query,
        "text": text,
        "page": page,
        "paginator": paginator,
        "facets": facets,
        "chosen": chosen,
        "filters_set": [f for f in chosen if f["key"] != "q"],
        "shown": _shown(paginator, len(page), hits_of(counted)),
        "orderings": [(value, label) for value, label in ORDERING_CHOICES if value != "relevance" or text],
        "ordering": query.get("ordering") or ("relevance" if text else "-date"),
        "suggestion": _suggestion(text) if text and not page else None,
        "nearest": _nearest(text) if text and not page else [],
        "csv_query": _without(query, "cursor", "page").urlencode(),
    }
    return render(request, "certificates/list.html", context)


def _shown(paginator: CertificatePagination, rows: int, hits: int) -> str:
    """Where the page is among the hits, in words: "Showing 21–40 of 293 certificates" ("about" when the count
    is an estimate: a search forgiving typos ranks at most its best 1,000)."""
    start = getattr(paginator, "start", None)
    about = "about " if paginator.count_is_capped and hits <= MAX_RELEVANCE_RESULTS + 1 else ""
    total = f"{about}{hits:,} certificate{'' if hits == 1 else 's'}"
    if not rows:
        return "No certificate"
    if start is None:  # a cursor from before positions were carried
        return f"{rows} on this page, of {total}"
    return f"Showing {start + 1:,}–{start + rows:,} of {total}"


def _without(query: QueryDict, *names: str) -> QueryDict:
    """A copy of ``query`` without the parameters ``names``."""
    kept = query.copy()
    for name in names:
        kept.pop(name, None)
    return kept


def _facet_links(facets: dict[str, list[dict[str, Any]]], query: QueryDict) -> list[dict[str, Any]]:
    """Each facet with its values, each value with the URL that applies it (or, if applied, removes it); the
    URL ends with the value's anchor (``id``), so that the page it opens puts the focus back on it."""
    base = _without(query, "cursor", "page")
    groups = []
    for name, title in FACET_TITLES.items():
        values = []
        for item in facets[name]:
            params = _facet_params(name, item["value"])
            chosen = all(value in base.getlist(key) for key, value in params.items())
            toggled = base.copy()
            for key, value in params.items():
                current = [v for v in toggled.getlist(key) if v != value]
                toggled.setlist(key, current if chosen else ([*current, value] if key in REPEATABLE else [value]))
            anchor = f"facet-{name}-{slugify(str(item['value'])) or 'none'}"
            values.append({**item, "chosen": chosen, "id": anchor, "url": f"?{toggled.urlencode()}#{anchor}"})
        groups.append({"name": name, "title": title, "values": values})
    return groups


def _facet_params(name: str, value: Any) -> dict[str, str]:
    """The filter parameters a facet value stands for."""
    if name == "year":
        return {"certified_after": f"{value}-01-01", "certified_before": f"{value}-12-31"}
    if name in PROFILE_FACETS:
        return {"profile": str(value), "evidence": PROFILE_FACETS[name]}
    return {name: str(value)}


def _chosen(query: QueryDict, facets: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The search and the filters in effect, each named as its facet shows it, with the URL that removes it."""
    labels = {(group["name"], str(v["value"])): v["label"] for group in facets for v in group["values"]}
    labels.update(_lab_labels(query))
    titles = {"q": "Search", **FACET_TITLES, "profile": "Profile", "holder": "Holder"}
    chosen = []
    for key in CertificateFilterSet.base_filters:
        for value in query.getlist(key):
            if value and key != "ordering":
                remaining = _without(query, "cursor", "page")
                remaining.setlist(key, [v for v in remaining.getlist(key) if v != value])
                title = titles.get(key, key.replace("_", " ").capitalize())
                shown = f"“{value}”" if key == "q" else labels.get((key, value), value)
                url = f"?{remaining.urlencode()}" if remaining else reverse("certificates:list")
                chosen.append({"key": key, "label": f"{title}: {shown}", "url": url})
    return chosen


def _lab_labels(query: QueryDict) -> dict[tuple[str, str], str]:
    """The names of the lab and holder chosen by id (a facet lists a chosen lab only while it has hits)."""
    labels = {}
    for key, model in (("lab", Lab), ("holder", Holder)):
        ids = [value for value in query.getlist(key) if params.is_whole(value)]
        if ids:
            for pk, name in model.objects.filter(pk__in=ids).values_list("pk", "name"):
                labels[(key, str(pk))] = name
    return labels


def _suggestion(text: str) -> dict[str, str] | None:
    """A corrected search when ``text`` found nothing and a close spelling of its words is known: the words of
    holders' and labs' names and of products."""
    corrected = did_you_mean(text, {word for name in _names() for word in words_of(name)})
    return {"text": corrected, "url": f"?{urlencode({'q': corrected})}"} if corrected else None


def _nearest(text: str) -> list[dict[str, str]]:
    """The holder and product names closest to ``text``, closest first, each with the search for it."""
    return [{"text": name, "url": f"?{urlencode({'q': name})}"} for name in closest_names(text, _names())]


def _names() -> list[str]:
    """Every holder's and lab's names and every product's (three queries)."""
    return [
        *HolderAlias.objects.values_list("name", flat=True),
        *LabAlias.objects.values_list("name", flat=True),
        *Certificate.objects.public().values_list("product_designation", flat=True).distinct(),
    ]


def canonical_redirect(request: HttpRequest, view: str, number: str) -> HttpResponse:
    """A permanent redirect to ``view`` of ``number`` in canonical form, keeping the query string: one address
    per certificate however its number was typed."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(reverse(view, args=[number]) + (f"?{query}" if query else ""))


def number_and_version(request: HttpRequest, number: str, view: str) -> tuple[str, int | None] | HttpResponse:
    """Return the number of a certificate's page and the version it asks for (``?version=N``, else None); or
    the answer instead of the page: 400 for a malformed number or version, a permanent redirect to ``view`` for
    a number spelt otherwise than its canonical form."""
    try:
        canonical = params.certificate_number(number)
        version = params.whole_number(request.GET, "version", 1, params.MAX_VERSION, None)
    except ValidationError as error:
        return bad_request(request, error.detail)  # type: ignore[arg-type]
    if canonical != number:
        return canonical_redirect(request, view, canonical)
    return number, version


@cached_page
def certificate_detail(request: HttpRequest, number: str) -> HttpResponse:
    """Every field of a certificate (its latest version, or ``?version=N``), its tables and its history."""
    asked = number_and_version(request, number, "certificates:detail")
    if isinstance(asked, HttpResponse):
        return asked
    number, version = asked
    certificate = certificate_version(number, version)
    if certificate is None:
        return _unknown_number(request, number)
    descriptions = {row["name"]: row["description"] for row in certificate.profile_rows}  # type: ignore[attr-defined]
    profiles = [
        {"name": item.name, "badge": item.badge, "label": item.label, "css": item.evidence.replace("_", "-"),
         "result": item.result, "description": descriptions.get(item.name, "")}
        for item in certificate_profile_evidence(certificate)
    ]  # fmt: skip
    for flag in certificate.flag_rows:  # type: ignore[attr-defined]
        flag["label"] = FlagKind(flag["kind"]).label
    context = {
        "certificate": certificate,
        "profiles": profiles,
        "described": any(p["description"] for p in profiles),  # the document's words on what each covers
        "inferred": any("inferred" in p["badge"] for p in profiles),
        **_provenance(certificate),
    }
    return render(request, "certificates/detail.html", context)


def _provenance(certificate: Certificate) -> dict[str, Any]:
    """What the page says of where the record comes from: whether no document was read, the words for that,
    and the link to OCA's PDF of the certificate ("" when its listing gives no web address)."""
    entries = certificate.listing_rows  # type: ignore[attr-defined]
    links = [web_url(e["certificate_url"]) for e in entries]
    return {
        "listed_only": certificate.provenance.is_listed_only,
        "no_document": NO_DOCUMENT,
        "listing_heading": LISTING_HEADING,
        "oca_pdf": next((link for link in links if link), ""),
    }


def _unknown_number(request: HttpRequest, number: str) -> HttpResponse:
    """A 404 that helps: certificates whose number is close to the one asked for. Looking for them reads the
    whole table, so it counts against the client's budget like a search."""
    refused = throttled_answer(request)
    if refused:
        return refused
    digits = "".join(ch for ch in number if ch in "0123456789")[-4:]
    near = _listed().filter(number__contains=digits)[:10] if digits else Certificate.objects.none()
    return render(request, "certificates/unknown.html", {"number": number, "near": near}, status=404)


@cached_page
def holder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A company: every certificate and product it holds across OCPP versions, and the names it appears under."""
    holder = get_object_or_404(Holder, pk=pk)
    certificates = list(_listed().filter(holder=holder).order_by("-certification_date", "number"))
    products = sorted({(c.product_designation, c.ocpp_version, c.product_type) for c in certificates})
    documented = sum(1 for c in certificates if not c.provenance.is_listed_only)
    context = {
        "holder": holder,
        "aliases": holder.aliases.all(),
        "certificates": certificates,
        "products": products,
        "counts": read_words(len(certificates), documented),
    }
    return render(request, "certificates/holder.html", context)


@cached_page
def lab_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A test laboratory: its certificates per year, the profiles they passed, and the certificates."""
    lab = get_object_or_404(Lab, pk=pk)
    public = Certificate.objects.public().filter(lab=lab)
    total, documented = _read_counts(public)
    per_year = (
        public.exclude(certification_date=None)
        .values_list("certification_date__year")
        .annotate(n=Count("pk"))
        .order_by("-certification_date__year")
    )
    passed = Q(result=ProfileResultValue.PASS)
    mix = (
        ProfileResult.objects.filter(certificate__in=public)
        .values_list("name")
        .annotate(passed=Count("pk", filter=passed), tested=Count("pk"))
        .order_by("-passed", "name")
    )
    context = {
        "lab": lab,
        "aliases": lab.aliases.all(),
        "per_year": list(per_year),
        "mix": list(mix),
        "certificates": _listed().filter(lab=lab).order_by("-certification_date", "number")[:200],
        "total": total,
        "counts": read_words(total, documented),
    }
    return render(request, "certificates/lab.html", context)


def _read_counts(certificates: QuerySet[Certificate]) -> tuple[int, int]:
    """How many ``certificates`` there are, and how many of them were read from their documents (one query)."""
    counts = certificates.aggregate(
        total=Count("pk"), documented=Count("pk", filter=Q(source=CertificateSource.DOCUMENT))
    )
    return counts["total"], counts["documented"]
