"""Facet counts: of the filtered certificates, each hit once per facet, and the whole registry's once per generation."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from certificates.models import Certificate, ProfileResult
from tests.certificates.api import LIST, numbers

pytestmark = pytest.mark.django_db


def test_facets_count_the_filtered_certificates(seeds: None) -> None:
    client = APIClient()
    facets = client.get(f"{LIST}facets/").json()
    assert facets["ocpp_version"] == [{"value": "1.6", "label": "OCPP 1.6", "count": 5}]
    assert {item["label"]: item["count"] for item in facets["year"]} == {"2021": 2, "2022": 3}
    assert facets["profile"][0] == {"value": "Core", "label": "Core", "count": 5}
    passed = Counter(ProfileResult.objects.filter(result="Pass").values_list("name", flat=True))
    assert {item["value"]: item["count"] for item in facets["profile"]} == passed
    assert sum(item["count"] for item in facets["lab"]) == 5
    korea = client.get(f"{LIST}facets/", {"q": "korea"}).json()
    assert korea["year"] == [{"value": 2022, "label": "2022", "count": 2}]
    lab = korea["lab"][0]
    assert numbers(client.get(LIST, {"lab": lab["value"]})) == ["OCA.0016.0042.CSMS", "OCA.0016.0073.CSMS"]


def test_facets_answer_400_for_an_invalid_filter(seeds: None) -> None:
    assert APIClient().get(f"{LIST}facets/", {"ocpp_version": "7"}).status_code == 400


def test_facets_count_each_hit_once_per_facet(seeds: None) -> None:
    """Grouped by every facet at once, the counts still add up to the hits of each facet's own column."""
    facets = APIClient().get(f"{LIST}facets/", {"q": "korea"}).json()
    korea = Certificate.objects.filter(number__in=["OCA.0016.0042.CSMS", "OCA.0016.0073.CSMS"])
    expected_types = Counter(korea.values_list("certificate_type", flat=True))
    assert {item["value"]: item["count"] for item in facets["certificate_type"]} == expected_types
    passed = Counter(ProfileResult.objects.filter(certificate__in=korea, result="Pass").values_list("name", flat=True))
    assert {item["value"]: item["count"] for item in facets["profile"]} == passed
    assert sum(item["count"] for item in facets["ocpp_version"]) == 2
    assert facets["flag"] == []


@pytest.mark.parametrize(
    ("query", "filtering"),
    [
        ("", False),
        ("ordering=number&page_size=10", False),
        ("q=&ocpp_version=", False),
        ("q=energy", True),
        ("profile=Core", True),
        ("profile=&profile=Core", True),
        ("lab=abc", True),  # not valid: the filters answer it (400)
    ],
)
def test_only_a_search_or_a_filter_counts_as_filtering(query: str, filtering: bool) -> None:
    from django.http import QueryDict

    from certificates.filters import is_filtering

    assert is_filtering(QueryDict(query)) is filtering


def test_the_facets_of_the_whole_registry_are_counted_once_per_generation(read_cache: None, seeds: None) -> None:
    client = APIClient()
    with CaptureQueriesContext(connection) as first:
        everything = client.get(f"{LIST}facets/").json()
    with CaptureQueriesContext(connection) as again:
        assert client.get(f"{LIST}facets/", {"ordering": "number"}).json() == everything
    assert len(first) >= 2  # the grouped hits, the flags
    assert len(again) == 0
    assert everything == APIClient().get(f"{LIST}facets/", {"ocpp_version": "1.6"}).json()  # all are 1.6
