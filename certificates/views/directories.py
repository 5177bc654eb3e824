"""The A-Z directories of holders and of labs: every name with its certificates, grouped by first letter."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.db.models import Count, Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.exceptions import ValidationError

from certificates import params
from certificates.caching import cached_page
from certificates.domain.query import squashed
from certificates.models import Certificate, Holder, Lab
from certificates.views.errors import bad_request

# The longest filter text a directory takes.
MAX_FILTER_CHARS = 100
LETTERS = [chr(code) for code in range(ord("A"), ord("Z") + 1)]


@cached_page
def holder_directory(request: HttpRequest) -> HttpResponse:
    """Every holder with published certificates, A to Z, with how many; ``q`` keeps the names containing it."""
    return _directory(request, Holder, "holder_id", "Holders", "certificates:holder")


@cached_page
def lab_directory(request: HttpRequest) -> HttpResponse:
    """Every test laboratory with published certificates, A to Z, with how many; ``q`` filters the names."""
    return _directory(request, Lab, "lab_id", "Test laboratories", "certificates:lab")


def _directory(request: HttpRequest, model: type[Model], column: str, title: str, url_name: str) -> HttpResponse:
    """The directory page of ``model`` (two queries): names grouped by letter, each with its count."""
    try:
        wanted = params.text(request.GET, "q", MAX_FILTER_CHARS)
    except ValidationError as error:
        return bad_request(request, error.detail)  # type: ignore[arg-type]
    counts = dict(
        Certificate.objects.public().exclude(**{column: None}).values_list(column).annotate(n=Count("pk")).order_by()
    )
    rows = [
        {"pk": pk, "name": name, "count": counts[pk]}
        for pk, name in model._default_manager.filter(pk__in=counts).values_list("pk", "name")  # type: ignore[attr-defined]
        if not wanted or squashed(wanted) in squashed(name)
    ]
    rows.sort(key=lambda row: (letter_of(row["name"]), row["name"].casefold()))
    by_letter = groupby(rows, key=lambda row: letter_of(row["name"]))
    groups = [{"letter": letter, "rows": list(named)} for letter, named in by_letter]
    context: dict[str, Any] = {
        "title": title,
        "url_name": url_name,
        "wanted": wanted,
        "groups": groups,
        "letters": [(letter, any(g["letter"] == letter for g in groups)) for letter in [*LETTERS, "#"]],
        "total": len(rows),
    }
    return render(request, "certificates/directory.html", context)


def letter_of(name: str) -> str:
    """The letter a name is filed under: its first letter A to Z (accents dropped), else "#"."""
    first = squashed(name)[:1].upper()
    return first if first in LETTERS else "#"
