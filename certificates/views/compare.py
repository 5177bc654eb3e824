"""The compare page and its CSV: two to four certificates side by side, rows from
``certificates.domain.comparison``.

Certificates are added by number or by a holder or product name (``add``: one match is added, several are
offered to pick from) and removed one by one; the numbers stay in the URL (``number``, repeated).
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from rest_framework.exceptions import ValidationError

from certificates import params
from certificates.caching import cached_page
from certificates.choices import ListingStatus
from certificates.domain.comparison import Measurement, Row, Side, comparison_rows
from certificates.domain.provenance import SOURCE_LABELS
from certificates.domain.spreadsheet import FormulaSafeDictWriter
from certificates.evidence import evidence_of
from certificates.filters import CertificateFilterSet
from certificates.models import Certificate
from certificates.throttling import throttled

TEMPLATE = "certificates/compare.html"
FEWEST, MOST = params.COMPARED
# How many matches of a name are offered to pick from.
CHOICES = 10


@throttled()
@cached_page
def compare(request: HttpRequest) -> HttpResponse:
    """Two to four certificates side by side, rows that differ marked; ``add`` searches for one more."""
    try:
        numbers = params.compared_numbers(request.GET)
        wanted = params.compare_search(request.GET)
    except ValidationError as error:
        return render(request, TEMPLATE, {"errors": error.detail, "numbers": []}, status=400)
    if len(numbers) > MOST:
        return _page(request, numbers, status=400, too_many=True)
    if wanted is None:
        return _page(request, numbers)
    if len(numbers) >= MOST:
        return _page(request, numbers, status=400, full=True, wanted=wanted)
    matches = _matches(wanted, numbers)
    if len(matches) == 1:
        return HttpResponseRedirect(compare_url([*numbers, matches[0].number]))
    return _page(request, numbers, wanted=wanted, choices=[_choice(c, numbers) for c in matches])


@throttled()
def compare_csv(request: HttpRequest) -> HttpResponse:
    """The comparison as CSV: a row per row of the page (section, row, one column per certificate, whether
    they differ); the compare page with its message (400) when it cannot be made."""
    try:
        numbers = params.compared_numbers(request.GET)
    except ValidationError as error:
        return render(request, TEMPLATE, {"errors": error.detail, "numbers": []}, status=400)
    certificates, missing = _found(numbers)
    if missing or not FEWEST <= len(certificates) <= MOST:
        return _page(request, numbers, status=400, too_many=len(numbers) > MOST)
    response = HttpResponse(comparison_csv(certificates), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="oca-comparison.csv"'
    return response


def _page(request: HttpRequest, numbers: list[str], status: int = 200, **notices: Any) -> HttpResponse:
    """The compare page of ``numbers`` with ``notices`` (too_many, full, wanted, choices); status 400 when a
    number is not found. Reads the certificates (one query)."""
    certificates, missing = _found(numbers[:MOST])
    context: dict[str, Any] = {
        "certificates": [_column(c, numbers) for c in certificates],
        "numbers": [c.number for c in certificates],
        "missing": missing,
        "most": MOST,
        "given": len(numbers),
        "removals": [{"number": n, "url": compare_url([m for m in numbers if m != n])} for n in numbers]
        if len(numbers) > MOST
        else [],
        **notices,
    }
    if len(certificates) >= FEWEST and not notices.get("too_many"):
        context["rows"] = _page_rows(comparison_rows([side_of(c) for c in certificates]), certificates)
        context["csv_url"] = reverse("certificates:compare-csv") + "?" + _query(context["numbers"])
    return render(request, TEMPLATE, context, status=400 if missing else status)


def _page_rows(rows: list[Row], certificates: list[Certificate]) -> list[dict[str, Any]]:
    """The rows as the page shows them: each cell with its text, its link (holder and lab pages) and its
    evidence's class; the section of each row named once, before its first row."""
    shown, section = [], ""
    for row in rows:
        links = [_link(row.fact, c) for c in certificates]
        kinds = row.kinds or ("",) * len(row.cells)
        parts = zip(row.cells, links, kinds, strict=True)
        cells = [{"text": text, "url": url, "css": kind.replace("_", "-")} for text, url, kind in parts]
        shown.append({"row": row, "cells": cells, "heading": row.section if row.section != section else ""})
        section = row.section
    return shown


def _link(fact: str, certificate: Certificate) -> str:
    """The page a fact's cell links to: the holder's or the lab's; "" for other facts."""
    if fact == "holder":
        return reverse("certificates:holder", args=[certificate.holder_id])
    if fact == "lab" and certificate.lab_id is not None:
        return reverse("certificates:lab", args=[certificate.lab_id])
    return ""


def _found(numbers: list[str]) -> tuple[list[Certificate], list[str]]:
    """The published certificates of ``numbers`` in their order (with their tables), and the numbers not found."""
    found = {c.number: c for c in Certificate.objects.public().filter(number__in=numbers).with_tables()}
    return [found[n] for n in numbers if n in found], [n for n in numbers if n not in found]


def _matches(wanted: str, numbers: list[str]) -> list[Certificate]:
    """The published certificates ``wanted`` names, not compared yet: the one of that number (any case), else
    the search's best hits (at most ``CHOICES`` and one more, to tell one from several)."""
    public = Certificate.objects.public().select_related("holder")
    exact = public.filter(number__iexact=wanted).first()
    if exact is not None:
        return [exact]
    search = CertificateFilterSet(QueryDict(urlencode({"q": wanted})), queryset=public)
    if not search.is_valid():
        return []
    hits: QuerySet[Certificate] = search.qs.exclude(number__in=numbers)
    return list(hits.order_by("-rank", "number")[: CHOICES + 1])


def _choice(certificate: Certificate, numbers: list[str]) -> dict[str, Any]:
    return {"certificate": certificate, "url": compare_url([*numbers, certificate.number])}


def _column(certificate: Certificate, numbers: list[str]) -> dict[str, Any]:
    """A certificate as the page heads its column: with the URL that removes it from the comparison."""
    return {"certificate": certificate, "remove_url": compare_url([n for n in numbers if n != certificate.number])}


def compare_url(numbers: list[str]) -> str:
    """The compare page of ``numbers`` (each once, in order)."""
    return reverse("certificates:compare") + "?" + _query(list(dict.fromkeys(numbers)))


def _query(numbers: list[str]) -> str:
    return urlencode([("number", n) for n in numbers])


def side_of(certificate: Certificate) -> Side:
    """A certificate (loaded ``with_tables``) as the comparison reads it."""
    tables: Any = certificate  # the rows with_tables() loads
    issued = certificate.certification_date
    facts = {
        "holder": certificate.holder.name,
        "product": certificate.product_designation,
        "software_version": certificate.software_version,
        "ocpp_version": certificate.ocpp_version,
        "product_type": certificate.product_type,
        "certificate_type": certificate.certificate_type,
        "certified": issued.isoformat() if issued else "",
        "lab": certificate.lab.name if certificate.lab else "",
        "octt_version": certificate.octt_version,
        "source": SOURCE_LABELS.get(certificate.source, certificate.source),
        "status": ListingStatus(certificate.listing_status).label,
    }
    profiles = evidence_of(
        ocpp_version=certificate.ocpp_version,
        source=certificate.source,
        certificate_type=certificate.certificate_type,
        profiles=tables.profile_rows,
        listing=tables.listing_rows,
    )
    measurements = tuple(
        Measurement(m["name"], m["pics_value_s"], m["measured_value_s"]) for m in tables.measurement_rows
    )
    return Side(certificate.number, facts, tuple(profiles), measurements)


def comparison_csv(certificates: list[Certificate]) -> str:
    """The CSV of the comparison of ``certificates``: the page's rows, every cell formula-safe."""
    buffer = io.StringIO()
    # Columns by position: a certificate's number heads its column, whatever it is.
    columns = ["section", "row", *(f"c{i}" for i in range(len(certificates))), "differs"]
    writer = FormulaSafeDictWriter(buffer, fieldnames=columns)
    writer.writerow(_csv_row(columns, "Section", "Row", [c.number for c in certificates], "Differs"))
    for row in comparison_rows([side_of(c) for c in certificates]):
        writer.writerow(_csv_row(columns, row.section, row.label, list(row.cells), "yes" if row.differs else "no"))
    return buffer.getvalue()


def _csv_row(columns: list[str], section: str, label: str, cells: list[str], differs: str) -> dict[str, str]:
    return dict(zip(columns, [section, label, *cells, differs], strict=True))
