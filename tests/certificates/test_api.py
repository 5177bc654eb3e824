"""The read API: certificates (list, filters, detail), holders, labs, and the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks
from rest_framework.response import Response
from rest_framework.test import APIClient

from certificates.models import Holder
from ingest.services import document_create
from tests.helpers import SEEDS

pytestmark = pytest.mark.django_db
LIST = "/api/v1/certificates/"


@pytest.fixture
def seeds(django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    """The five seed certificates, through the pipeline."""
    with django_capture_on_commit_callbacks(execute=True):
        for path in sorted(SEEDS.glob("*.txt")):
            document_create(data=path.read_bytes(), filename=path.name)


def numbers(response: Response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(item["number"] for item in response.json()["results"])


def test_it_lists_the_published_certificates(seeds: None) -> None:
    response = APIClient().get(LIST)
    assert response.json()["count"] == 5
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


def test_it_answers_400_for_an_invalid_filter(seeds: None) -> None:
    response = APIClient().get(LIST, {"certified_after": "yesterday"})
    assert response.status_code == 400
    assert "certified_after" in response.json()


def test_a_certificate_has_every_parsed_field(seeds: None) -> None:
    record = APIClient().get(f"{LIST}OCA.0016.0009.CSMS/").json()
    assert record["holder"]["name"] == "Meshcrafts AS"
    assert record["test_lab_name"] == "DNV GL"
    assert record["applied_tests_lab"] == "DNV GL Lab Arnhem, NL"
    assert record["octt_version"] == "1.4.2"
    assert [p["name"] for p in record["profiles"]][-1] == "Remote Trigger"
    assert record["performance"][0] == {
        "name": "OCPP response timeout",
        "pics_value_s": 5.0,
        "measured_value_s": 3.0,
        "pics_value_raw": "5 sec",
        "measured_value_raw": "3 sec",
        "description": "The response time for when waiting for an OCPP response message.",
    }
    assert {s["role"]: s["name"] for s in record["signatories"]} == {
        "lab": "Casper van der Sluis",
        "vendor": "Elmir Zeynalov",
    }
    assert record["document"].startswith("http://testserver/media/documents/")


def test_an_unknown_number_is_404(seeds: None) -> None:
    assert APIClient().get(f"{LIST}OCA.0016.9999.CSMS/").status_code == 404


# Queries per read, whatever the number of rows: list = count + page; detail = the row + 6 prefetches.
@pytest.mark.parametrize(
    ("path", "bound"),
    [(LIST, 2), (f"{LIST}OCA.0016.0019.CSMS/", 7), ("/api/v1/holders/", 3), ("/api/v1/labs/", 3)],
)
def test_reads_take_a_bounded_number_of_queries(seeds: None, path: str, bound: int) -> None:
    client = APIClient()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    assert len(queries) <= bound, [q["sql"] for q in queries]


def test_holders_carry_every_printed_name(seeds: None) -> None:
    holder = Holder.objects.get(name="SemaConnect")
    assert APIClient().get(f"/api/v1/holders/{holder.pk}/").json() == {
        "id": holder.pk,
        "name": "SemaConnect",
        "aliases": ["SemaConnect"],
    }


def test_the_openapi_schema_is_served() -> None:
    response = APIClient().get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/certificates/{number}/" in response.content
    assert b"/api/v1/documents/" in response.content


def test_the_interactive_docs_load_nothing_from_a_cdn(client: Client) -> None:
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower() and "https://" not in page
