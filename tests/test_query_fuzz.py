"""Generated query strings and path values sent to every route of the site and the API (the admin aside), with
the five seed certificates loaded: no answer is a 5xx, and every answer (a streamed one read to its end) comes
within a second.

The routes are read from the URL configuration, so a new route is fuzzed as soon as it exists. Query strings
repeat keys (up to hundreds of times), carry Unicode digits, NUL and other control characters, lone surrogates
and invalid UTF-8 (percent-encoded), huge numbers, times with odd offsets, forged cursors and long values.
Reproducible: examples are derandomized and nothing is read from or written to Hypothesis's example database.
``QUERY_FUZZ_EXAMPLES`` (default 40 per route) raises the number of requests for a deeper local run.
"""

from __future__ import annotations

import base64
import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_django import DjangoDbBlocker

from certificates.choices import FlagKind
from certificates.domain.profiles import PROFILE_NAMES
from certificates.filters import CertificateFilterSet
from ingest.services import document_create
from registry.celery import app as celery_app
from tests.helpers import SEEDS

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=int(os.environ.get("QUERY_FUZZ_EXAMPLES", "40")), deadline=None, derandomize=True, database=None
)
SECONDS = 1.0


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    """Every route under ``patterns`` as a path template, each path parameter written ``{name}``."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
            continue
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>", lambda m: "{" + (m[1] or m[2]) + "}", route)
        yield "/" + route.replace("^", "").replace("$", "").replace("\\.", ".")


ROUTES = sorted(set(_routes(get_resolver().url_patterns)))

SEED_NUMBERS = ["OCA.0016.0009.CSMS", "OCA.0016.0019.CSMS", "OCA.0016.0042.CSMS", "OCA.0016.0073.CSMS"]
FILTERS = list(CertificateFilterSet.base_filters)
PAGES = ["page", "page_size", "cursor"]
PARAMETERS = [*FILTERS, *PAGES, "limit", "offset", "version", "number", "add", "format", "lang", "p"]
# The parameters each route reads, drawn more often there; any other route gets all of them.
ROUTE_PARAMETERS = {
    "/certificates/": [*FILTERS, *PAGES],
    "/api/v1/certificates/": [*FILTERS, *PAGES],
    "/api/v1/certificates/facets/": FILTERS,
    "/api/v1/certificates/export.{kind}": FILTERS,
    "/feeds/search.atom": FILTERS,
    "/certificates/{number}/": ["version"],
    "/compare/": ["number", "add"],
    "/compare.csv": ["number"],
    "/sitemap-{section}.xml": ["p"],
    "/holders/": ["q"],
    "/labs/": ["q"],
    "/api/v1/holders/": ["limit", "offset"],
    "/api/v1/labs/": ["limit", "offset"],
    "/api/v1/schema/": ["format", "lang"],
    "/sitemap.xml": ["p"],
    "/check/": ["number"],
    "/check/{number}/": ["version"],
    "/api/v1/check/{number}/": ["version"],
}
# One of each kind of value found harmful, percent-encoded as sent: digits that pass isdigit() but not int(),
# digits int() reads but are no ASCII, control characters, a lone surrogate and invalid UTF-8, odd numbers.
NASTY = [
    "%C2%B2", "%C2%B9", "%E2%91%A0", "%D9%A3", "%EF%BC%91", "%00", "a%00b", "%01", "%09", "%0A", "%1B", "%7F",
    "%C2%85", "%ED%A0%80", "%FF", "%C0%80", "%E2%82", "9" * 20, "-1", "0", "1e3", "%201", "1.0", "0x10",
]  # fmt: skip
DIGITS = "0123456789²³¹٣٤۵߃१১੧౩๓１①⑴"
ODD_TIMES = [
    "0001-01-01T00:00+23:59", "9999-12-31T23:59:59-23:59", "2024-01-01T00:00:00+15:59", "2024-02-30T00:00Z",
    "2024-01-01T00:00:00.123456789+05:45", "2024-01-01T24:00", "2024-01-01T00:00+99:99", "2024-W01-1",
    "-2024-01-01", "2024-01-01T00:00:00-00:00:01", "10000-01-01", "2024-01-01T00:00+23:59",
]  # fmt: skip
INVALID_UTF8 = ["%FF", "%C0%80", "%ED%A0%80", "%F4%90%80%80", "%E2%82", "%80"]


def _cursor(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def _encoded(text: str) -> str:
    """``text`` percent-encoded as UTF-8 (a lone surrogate as the bytes Python would write for it)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


junk_text = st.text(st.characters(exclude_categories=()), max_size=30)
huge_numbers = st.integers(min_value=-(10**30), max_value=10**30).map(str) | st.just("9" * 5000)
unicode_numbers = st.text(st.sampled_from(DIGITS), min_size=1, max_size=6)
choices = st.sampled_from(
    [*SEED_NUMBERS, *PROFILE_NAMES, *(kind for kind, _ in FlagKind.choices), "1.6", "2.0.1", "CSMS", "Full",
     "document", "relevance", "-date", "number", "holder", "updated", "korea", "json", "yaml", "en", "1", "2", ""]
)  # fmt: skip
cursors = st.builds(
    lambda o, v, pk, r: _cursor({"o": o, "v": v, "id": pk, "r": r}),
    st.sampled_from(["-date", "number", "holder", "updated", "relevance"]),
    st.none() | st.sampled_from(["a\x00b", "\ud800", "\x1b", "x" * 300, *ODD_TIMES, *SEED_NUMBERS]) | junk_text,
    st.integers(min_value=-(2**70), max_value=2**70) | st.booleans() | st.none() | st.floats(),
    st.booleans() | st.integers(),
) | st.binary(max_size=200).map(lambda raw: base64.urlsafe_b64encode(raw).decode())
values = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(NASTY),
    choices.map(_encoded),
    choices.map(_encoded),
    junk_text.map(_encoded),
    unicode_numbers.map(_encoded),
    huge_numbers.map(_encoded),
    st.sampled_from(ODD_TIMES).map(_encoded),
    cursors,
    st.integers(min_value=200, max_value=3000).map(lambda n: "x" * n) | st.just("x" * 5000),
)


def query_strings(names: list[str]) -> st.SearchStrategy[str]:
    """Query strings of up to six parameters, mostly of ``names``, each given once, and perhaps one parameter
    repeated from twice to a thousand times."""
    known = st.sampled_from(names).map(_encoded)
    keys = st.one_of(known, known, known, junk_text.map(_encoded), st.sampled_from(INVALID_UTF8))
    pairs = st.lists(st.tuples(keys, values, st.just(1)), max_size=6)
    repeated = st.lists(st.tuples(keys, values, st.sampled_from([2, 11, 65, 215, 1001])), max_size=1)
    return st.builds(
        lambda once, again: "&".join(f"{key}={value}" for key, value, times in [*once, *again] for _ in range(times)),
        pairs,
        st.one_of(st.just([]), st.just([]), repeated),
    )


path_values = {
    "number": st.sampled_from([*SEED_NUMBERS, "OCA.0016.0010.CSMS", "OCA.0016.0009.CSMS%00", "%1B", "a%00b"])
    | junk_text.filter(lambda text: "/" not in text).map(_encoded)
    | st.sampled_from(INVALID_UTF8),
    "pk": st.integers(min_value=0, max_value=10).map(str) | huge_numbers | unicode_numbers.map(_encoded),
    "kind": st.sampled_from(["csv", "ndjson", "xlsx", "csv%00", "%ED%A0%80"]),
    "section": st.sampled_from(["pages", "certificates", "holders", "labs", "passwords", "certificates%00", "-"]),
    "filename": st.sampled_from([path.name for path in SEEDS.glob("*.txt")]).map(_encoded)
    | junk_text.filter(lambda text: "/" not in text).map(_encoded),
}


@pytest.fixture(scope="module")
def seeded(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """The five seed certificates, through the pipeline (in-process), rolled back after the module; each test's
    own transaction nests inside. As in Django's test client, the end of a request keeps the connection."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    media: Path = tmp_path_factory.mktemp("query-fuzz-media")
    try:
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
            with TestCase.captureOnCommitCallbacks(execute=True):
                for path in sorted(SEEDS.glob("*.txt")):
                    document_create(data=path.read_bytes(), filename=path.name)
            yield
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        celery_app.conf.task_always_eager = eager


def test_every_route_of_the_site_and_the_api_is_fuzzed() -> None:
    assert {
        "/", "/certificates/", "/certificates/{number}/", "/holders/", "/holders/{pk}/", "/labs/", "/labs/{pk}/",
        "/compare/", "/compare.csv",
        "/statistics/", "/feeds/certificates.atom", "/feeds/search.atom", "/api/v1/", "/api/v1/certificates/",
        "/api/v1/certificates/{number}/", "/api/v1/certificates/facets/", "/api/v1/certificates/export.{kind}",
        "/api/v1/dump/", "/api/v1/holders/", "/api/v1/holders/{pk}/", "/api/v1/labs/", "/api/v1/labs/{pk}/",
        "/api/v1/schema/", "/api/docs/", "/api/v1/documents/", "/api/v1/documents/{pk}/", "/documents/{pk}/{filename}",
        "/robots.txt", "/sitemap.xml", "/sitemap-{section}.xml", "/favicon.ico",
        "/check/", "/check/{number}/", "/certificates/{number}/badge.svg", "/api/v1/check/", "/api/v1/check/{number}/",
    } == set(ROUTES)  # fmt: skip
    assert all(set(re.findall(r"{(\w+)}", route)) <= path_values.keys() for route in ROUTES)
    assert ROUTE_PARAMETERS.keys() <= set(ROUTES)


@pytest.mark.parametrize("route", ROUTES)
@FUZZ
@given(data=st.data())
def test_no_query_string_gets_a_5xx_or_a_slow_answer(seeded: None, route: str, data: st.DataObject) -> None:
    path = route.format(**{name: data.draw(path_values[name], label=name) for name in re.findall(r"{(\w+)}", route)})
    query = data.draw(query_strings(ROUTE_PARAMETERS.get(route, PARAMETERS)), label="query")
    url = f"{path}?{query}" if query else path
    cache.clear()  # no throttle counters or kept answers left by the examples before
    savepoint = transaction.savepoint()
    try:
        started = time.perf_counter()
        response = Client().get(url)
        if response.streaming:
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
        elapsed = time.perf_counter() - started
    finally:
        transaction.savepoint_rollback(savepoint)
    assert response.status_code < 500, (url[:300], response.content[:300] if not response.streaming else "")
    assert elapsed < SECONDS, (url[:300], elapsed)
