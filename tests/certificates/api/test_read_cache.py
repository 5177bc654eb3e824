"""The read cache: a repeated read runs no query, and a change to the registry is seen at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks
from rest_framework.test import APIClient

from certificates.models import Certificate
from tests.certificates.api import LIST

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [LIST, f"{LIST}?q=korea", f"{LIST}OCA.0016.0009.CSMS/", f"{LIST}facets/"])
def test_a_repeated_read_comes_from_the_cache(seeds: None, read_cache: None, path: str) -> None:
    client = APIClient()
    first = client.get(path)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(path)
    assert len(queries) == 0
    assert again.content == first.content
    assert again.headers.get("Last-Modified") == first.headers.get("Last-Modified")
    assert again["ETag"] == first["ETag"]


def test_a_change_to_the_registry_is_seen_at_once(
    seeds: None, read_cache: None, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    from certificates.services import certificates_set_published

    client = APIClient()
    assert len(client.get(LIST).json()["results"]) == 5
    with django_capture_on_commit_callbacks(execute=True):
        changed = certificates_set_published(
            queryset=Certificate.objects.filter(number="OCA.0016.0009.CSMS"), published=False
        )
    assert changed == 1
    assert len(client.get(LIST).json()["results"]) == 4
    assert client.get(f"{LIST}OCA.0016.0009.CSMS/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        Certificate.objects.get(number="OCA.0016.0019.CSMS").save()  # any save, through the signals
    assert client.get(LIST, {"ordering": "-updated"}).json()["results"][0]["number"] == "OCA.0016.0019.CSMS"


@pytest.mark.parametrize("path", ["/", "/certificates/OCA.0016.0009.CSMS/", f"{LIST}", "/statistics/"])
def test_made_up_parameters_are_answered_but_never_kept(seeds: None, read_cache: None, path: str) -> None:
    from django.core.cache import cache

    client = APIClient()
    client.get(path)  # the page itself, kept
    before = len(cache._cache)  # type: ignore[attr-defined]  # the local-memory cache the tests use
    answers = [client.get(path, {f"junk{n}": "x"}) for n in range(20)]
    assert {answer.status_code for answer in answers} == {200}
    assert len(cache._cache) == before  # type: ignore[attr-defined]


def test_the_parameters_the_registry_reads_are_kept(seeds: None, read_cache: None) -> None:
    client = APIClient()
    client.get(LIST, {"q": "korea", "ordering": "-updated", "page_size": "2"})
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST, {"q": "korea", "ordering": "-updated", "page_size": "2"})
    assert len(queries) == 0


SITE_PAGES = [
    "/",
    "/certificates/",
    "/certificates/?q=korea",
    "/certificates/OCA.0016.0009.CSMS/",
    "/holders/",
    "/labs/",
    "/compare/?number=OCA.0016.0009.CSMS&number=OCA.0016.0019.CSMS",
    "/check/OCA.0016.0009.CSMS/",
]


@pytest.mark.parametrize("path", SITE_PAGES)
def test_a_repeated_page_comes_from_the_cache(seeds: None, read_cache: None, path: str) -> None:
    client = APIClient()
    first = client.get(path)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        again = client.get(path)
    assert len(queries) == 0, [query["sql"][:80] for query in queries]
    assert again.content == first.content
