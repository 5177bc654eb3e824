"""Pagination of the certificate list: keyset cursors for browsing and sync, bounded pages for relevance.

Browsing (any ordering but relevance) walks an index with an opaque cursor and never counts: the same cost
for page 1 and page 2,000, and stable while certificates are added (what ``updated_since`` mirrors need).
A search ordered by relevance ranks its ``MAX_RELEVANCE_RESULTS`` latest hits (a broad word can match tens
of thousands) and pages them by number, with a count capped there.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, F, Model, Q, QuerySet, Window
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination, LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from certificates import params
from certificates.siteurl import absolute_url

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_RELEVANCE_RESULTS = 1000
# The longest cursor a link of ours holds: a holder name of 255 characters outside ASCII, each written \uXXXX.
MAX_CURSOR_CHARS = 2400


@dataclass(frozen=True)
class Ordering:
    """A way to order the list: by one field (then by id, the same way), ascending or descending."""

    field: str
    descending: bool
    nullable: bool = False

    def order_by(self, reverse: bool = False) -> list[Any]:
        """The ORDER BY of this ordering (nulls last), or of its reverse (nulls first)."""
        descending = self.descending != reverse
        nulls = {"nulls_first": True} if reverse else {"nulls_last": True}
        column = F(self.field).desc(**nulls) if descending else F(self.field).asc(**nulls)
        return [column, F("id").desc() if descending else F("id").asc()]

    def after(self, value: Any, pk: int, reverse: bool = False) -> Q:
        """Rows after (value, pk) in this ordering, or before them when ``reverse``."""
        descending = self.descending != reverse
        beyond = "lt" if descending else "gt"
        if value is None:  # nulls come last: after a null, only nulls with a further id (before: every value)
            rest = Q(**{f"{self.field}__isnull": True, f"id__{beyond}": pk})
            return rest | Q(**{f"{self.field}__isnull": False}) if reverse else rest
        rest = Q(**{f"{self.field}__{beyond}": value}) | Q(**{self.field: value, f"id__{beyond}": pk})
        return rest if reverse or not self.nullable else rest | Q(**{f"{self.field}__isnull": True})


ORDERINGS: dict[str, Ordering] = {
    "-date": Ordering("certification_date", descending=True, nullable=True),
    "date": Ordering("certification_date", descending=False, nullable=True),
    "number": Ordering("number", descending=False),
    "-number": Ordering("number", descending=True),
    "holder": Ordering("holder_name", descending=False),
    "-holder": Ordering("holder_name", descending=True),
    "updated": Ordering("updated_at", descending=False),
    "-updated": Ordering("updated_at", descending=True),
}
ORDERING_CHOICES = [
    ("relevance", "Best match first"),
    ("-date", "Newest first"),
    ("date", "Oldest first"),
    ("number", "Number, ascending"),
    ("-number", "Number, descending"),
    ("holder", "Holder, A to Z"),
    ("-holder", "Holder, Z to A"),
    ("updated", "Least recently changed first"),
    ("-updated", "Most recently changed first"),
]


def ordering_of(request: Request) -> str:
    """Return the ordering asked for, or the default: relevance when there is a search, else -date."""
    asked = request.query_params.get("ordering") or ""
    searching = bool(request.query_params.get("q", "").strip())
    if asked == "relevance" or not asked:
        return "relevance" if searching else "-date"
    return asked


def _page_size(request: Request) -> int:
    return params.whole_number(request.query_params, "page_size", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)


def _page_number(request: Request, page_size: int) -> int:
    raw = params.one(request.query_params, "page")
    last_page = max(1, MAX_RELEVANCE_RESULTS // page_size)
    if raw is not None and not (params.is_whole(raw) and 1 <= int(raw) <= last_page):
        raise ValidationError(
            {
                "page": [
                    f"Give a page from 1 to {last_page}: a search shows its best {MAX_RELEVANCE_RESULTS} hits. "
                    "Narrow the search, or order by date to browse every hit."
                ]
            }  # fmt: skip
        )
    return 1 if raw is None else int(raw)


class CertificatePagination(BasePagination):
    """Keyset cursors for browsing, bounded numbered pages for a search ordered by relevance."""

    def paginate_queryset(self, queryset: QuerySet[Any], request: Request, view: Any = None) -> list[Any]:
        self.request = request
        self.page_size = _page_size(request)
        self.ordering = ordering_of(request)
        self.page_number = _page_number(request, self.page_size)  # validated whatever the ordering
        if self.ordering == "relevance":
            return self._relevance_page(queryset)
        return self._keyset_page(queryset, ORDERINGS[self.ordering])

    # Relevance: numbered pages, capped.

    def _relevance_page(self, queryset: QuerySet[Any]) -> list[Any]:
        self.page = self.page_number
        start = self.start = (self.page - 1) * self.page_size
        rows = list(self._ranked(queryset)[start : start + self.page_size])
        if rows:
            hits = rows[0].hits
        elif start == 0:
            hits = 0
        else:  # past the last page: count the bounded candidates alone
            hits = queryset.order_by()[: MAX_RELEVANCE_RESULTS + 1].count()
        self.count_is_capped = hits > MAX_RELEVANCE_RESULTS
        self.count = min(hits, MAX_RELEVANCE_RESULTS)
        url = absolute_url(self.request, self.request.get_full_path())
        has_next = start + len(rows) < self.count
        self.next = replace_query_param(url, "page", self.page + 1) if has_next else None
        self.previous = None
        if self.page > 1:
            self.previous = replace_query_param(url, "page", self.page - 1) if self.page > 2 else None
            self.previous = self.previous or remove_query_param(url, "page")
        return rows

    @staticmethod
    def _ranked(queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The search's hits, best first, among its ``MAX_RELEVANCE_RESULTS + 1`` latest; each row knows
        how many candidates there are (``hits``).

        Bounding the candidates keeps a broad search (a word in every fifth certificate) from ranking tens
        of thousands of rows: the candidates come off the date index and only they are ranked.
        """
        latest = [F("certification_date").desc(nulls_last=True), F("id").desc()]
        candidates = queryset.order_by(*latest).values("pk")[: MAX_RELEVANCE_RESULTS + 1]
        return queryset.filter(pk__in=candidates).annotate(hits=Window(Count("pk"))).order_by("-rank", *latest)

    # Keyset: opaque cursors, no count.

    def _keyset_page(self, queryset: QuerySet[Any], ordering: Ordering) -> list[Any]:
        self.count = None
        self.count_is_capped = False
        cursor = self._decode(params.one(self.request.query_params, "cursor"), ordering)
        reverse = bool(cursor and cursor["reverse"])
        at = cursor["at"] if cursor is not None else 0
        if cursor is not None:
            queryset = queryset.filter(ordering.after(cursor["value"], cursor["id"], reverse=reverse))
        rows = list(queryset.order_by(*ordering.order_by(reverse=reverse))[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if reverse:
            rows.reverse()
        # Where the page starts among the hits (0 first), when the cursor knows it (links of ours do).
        self.start = None if at is None else max(0, at - len(rows)) if reverse else at
        has_next = bool(rows) and (more or reverse)
        has_previous = bool(rows) and (cursor is not None and (not reverse or more))
        after = None if self.start is None else self.start + len(rows)
        self.next = self._link(ordering, rows[-1], reverse=False, at=after) if has_next else None
        self.previous = self._link(ordering, rows[0], reverse=True, at=self.start) if has_previous else None
        return rows

    def _link(self, ordering: Ordering, row: Model, reverse: bool, at: int | None) -> str:
        """The URL of the page after ``row`` (or before it, when ``reverse``); ``at`` is the position of the
        first row after it (of ``row`` itself, when ``reverse``), carried so that the page can say where it is."""
        value = getattr(row, ordering.field)
        text = value.isoformat() if hasattr(value, "isoformat") else value
        payload = {"o": self.ordering, "v": text, "id": row.pk, "r": reverse, **({"p": at} if at is not None else {})}
        token = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")
        return replace_query_param(absolute_url(self.request, self.request.get_full_path()), "cursor", token)

    def _decode(self, token: str | None, ordering: Ordering) -> dict[str, Any] | None:
        """Return the position a cursor points at, or None for the first page; 400 for a cursor not ours."""
        if token is None:
            return None
        try:
            return _position(token, self.ordering, ordering)
        except (ValueError, KeyError, TypeError, RecursionError, binascii.Error, DjangoValidationError) as error:
            raise ValidationError(
                {
                    "cursor": [
                        "This cursor is not valid here: use the next or previous link of a response, "
                        "with the same ordering."
                    ]
                }  # fmt: skip
            ) from error

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.count,
                "count_is_capped": self.count_is_capped,
                "next": self.next,
                "previous": self.previous,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "count_is_capped", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "nullable": True,
                    "description": f"Hits of a relevance search, at most {MAX_RELEVANCE_RESULTS}; "
                    "null when browsing (cursors do not count).",
                },
                "count_is_capped": {
                    "type": "boolean",
                    "description": f"True when the search has more than {MAX_RELEVANCE_RESULTS} hits.",
                },
                "next": {"type": "string", "format": "uri", "nullable": True, "description": "The next page."},
                "previous": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The previous page.",
                },
                "results": {**schema, "description": "The certificates of this page."},
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "Where the page starts: take it from the next or previous link of a response.",
                "schema": {"type": "string"},
            },
            {
                "name": "page",
                "in": "query",
                "required": False,
                "description": "Page of a search ordered by relevance "
                f"(its best {MAX_RELEVANCE_RESULTS} hits are paged).",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"Certificates per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]


def _position(token: str, name: str, ordering: Ordering) -> dict[str, Any]:
    """Return the position (``id``, ``value``, ``reverse``, and ``at``, the place among the hits, or None for
    a cursor without it) a cursor made for the ordering ``name`` holds;
    ``ValueError`` (or another error of decoding) for anything else: too long, not base64 of a JSON object,
    values of other types, an id no row can have, a text no column holds, a time out of range."""
    if len(token) > MAX_CURSOR_CHARS:
        raise ValueError("too long")
    payload = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    if not isinstance(payload, dict) or payload.get("o") != name:
        raise ValueError("made for another ordering")
    pk, value, reverse = payload["id"], payload["v"], payload["r"]
    if type(pk) is not int or not 1 <= pk <= params.MAX_ID or type(reverse) is not bool:
        raise ValueError("malformed")
    at = payload.get("p")
    if at is not None and (type(at) is not int or not 0 <= at <= params.MAX_ID):
        raise ValueError("malformed")
    if value is not None:
        if not isinstance(value, str):
            raise ValueError("malformed")
        field = _model_field(ordering.field)
        value = field.to_python(params.text_value(value, field.max_length or 64))
        value = params.in_utc(value) if isinstance(value, datetime) else value
    return {"id": pk, "value": value, "reverse": reverse, "at": at}


def _model_field(name: str) -> Any:
    from certificates.models import Certificate

    return Certificate._meta.get_field(name)


class NumberedPagination(LimitOffsetPagination):
    """Limit and offset, for the short lists (holders, labs): 400 for a value that is no whole number in
    range (DRF would quietly use its default), and every field of the page described."""

    default_limit = DEFAULT_PAGE_SIZE
    max_limit = MAX_PAGE_SIZE

    def get_limit(self, request: Request) -> int:
        return params.whole_number(request.query_params, self.limit_query_param, 1, self.max_limit, self.default_limit)

    def get_offset(self, request: Request) -> int:
        return params.whole_number(request.query_params, self.offset_query_param, 0, 10**9, 0)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        page = super().get_paginated_response_schema(schema)
        texts = {"count": "How many in all.", "next": "The next page.", "previous": "The previous page.",
                 "results": "This page."}  # fmt: skip
        for name, text in texts.items():
            page["properties"][name]["description"] = text
        return page
