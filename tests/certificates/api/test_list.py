"""Listing certificates: the published ones, filtered, walked with cursors, synced by a mirror."""

from __future__ import annotations

import pytest
from django.db.models import F
from rest_framework.test import APIClient

from certificates.models import Certificate
from tests.certificates.api import LIST, numbers
from tests.factories import make_certificates

pytestmark = pytest.mark.django_db


def test_it_lists_the_published_certificates(seeds: None) -> None:
    response = APIClient().get(LIST)
    assert response.json()["count"] is None  # browsing never counts
    assert len(response.json()["results"]) == 5
    first = response.json()["results"][0]
    assert first["number"] == "OCA.0016.0232.CSMS"  # the latest certification date first
    assert first["url"] == "http://testserver/api/v1/certificates/OCA.0016.0232.CSMS/"
    assert first["holder"] == "I-Charge Solutions International Co. Ltd."
    assert first["lab"] == "DNV Singapore Pte. Ltd."


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "meshcrafts"}, ["OCA.0016.0009.CSMS"]),
        ({"q": "korea smart grid"}, ["OCA.0016.0042.CSMS", "OCA.0016.0073.CSMS"]),
        (
            {"certified_after": "2022-01-01", "certified_before": "2022-06-30"},
            ["OCA.0016.0042.CSMS", "OCA.0016.0073.CSMS"],
        ),
        ({"octt_version": "1.4.3"}, ["OCA.0016.0232.CSMS"]),
        (
            {"profile": ["Core", "Reservation"]},
            [
                "OCA.0016.0009.CSMS",
                "OCA.0016.0019.CSMS",
                "OCA.0016.0042.CSMS",
                "OCA.0016.0073.CSMS",
                "OCA.0016.0232.CSMS",
            ],
        ),
        ({"profile": "ISO 15118 support"}, []),
        ({"ocpp_version": "2.0.1"}, []),
    ],
)
def test_it_filters(seeds: None, query: dict, expected: list[str]) -> None:
    assert numbers(APIClient().get(LIST, query)) == expected


def test_a_time_with_any_offset_is_compared_in_utc(seeds: None) -> None:
    assert numbers(APIClient().get(LIST, {"updated_since": "4083-12-01T13:42:16+16:16"})) == []
    assert len(numbers(APIClient().get(LIST, {"updated_since": "2000-01-01T00:00:00-23:59"}))) == 5


def test_an_empty_filter_is_the_same_as_none(seeds: None) -> None:
    assert len(numbers(APIClient().get(LIST, {"certified_after": "", "ocpp_version": "", "q": ""}))) == 5


@pytest.mark.parametrize("ordering", ["-date", "date", "number", "-number", "holder", "-holder", "updated", "-updated"])
def test_cursors_walk_every_certificate_once_in_order(ordering: str) -> None:
    certificates = make_certificates(23)
    Certificate.objects.filter(pk=certificates[5].pk).update(certification_date=None)  # nulls come last
    client = APIClient()
    page = client.get(LIST, {"ordering": ordering, "page_size": 5}).json()
    pages = [page]
    while page["next"]:
        page = client.get(page["next"]).json()
        pages.append(page)
    walked = [row["number"] for page in pages for row in page["results"]]
    assert len(walked) == len(set(walked)) == 23
    field = {"date": "certification_date", "number": "number", "holder": "holder_name", "updated": "updated_at"}
    column = field[ordering.lstrip("-")]
    descending = ordering.startswith("-")
    order = F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
    expected = Certificate.objects.order_by(order, "-id" if descending else "id").values_list("number", flat=True)
    assert walked == list(expected)
    # and back again, page by page
    back = [row["number"] for row in pages[-1]["results"]]
    page = pages[-1]
    while page["previous"]:
        page = client.get(page["previous"]).json()
        back = [row["number"] for row in page["results"]] + back
    assert back == walked


def test_a_mirror_syncs_by_updated_since(seeds: None) -> None:
    client = APIClient()
    everything = client.get(LIST, {"ordering": "updated"}).json()["results"]
    since = everything[3]["updated_at"]
    newer = client.get(LIST, {"ordering": "updated", "updated_since": since}).json()["results"]
    assert [row["number"] for row in newer] == [row["number"] for row in everything[3:]]


def test_unpublishing_moves_updated_at_for_mirrors(seeds: None) -> None:
    from certificates.services import certificates_set_published

    before = Certificate.objects.get(number="OCA.0016.0009.CSMS").updated_at
    certificates_set_published(queryset=Certificate.objects.all(), published=False)
    assert Certificate.objects.get(number="OCA.0016.0009.CSMS").updated_at > before
    assert certificates_set_published(queryset=Certificate.objects.all(), published=False) == 0


def test_the_list_serializer_writes_exactly_its_declared_fields(seeds: None) -> None:
    from rest_framework import serializers as drf
    from rest_framework.test import APIRequestFactory

    from certificates.api.serializers import CertificateListSerializer

    Certificate.objects.filter(number="OCA.0016.0019.CSMS").update(lab=None, certification_date=None)
    context = {"request": APIRequestFactory().get(LIST)}
    for certificate in Certificate.objects.listed():
        fast = CertificateListSerializer(certificate, context=context).data
        generic = drf.ModelSerializer.to_representation(CertificateListSerializer(context=context), certificate)
        assert fast == generic
