"""The read API: certificates (list, filters, detail), holders, labs, and the OpenAPI schema."""

from __future__ import annotations

import base64
import csv
import gzip
import io
import json
from collections import Counter

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks
from rest_framework.response import Response
from rest_framework.test import APIClient

from certificates.models import Certificate, Holder, ProfileResult
from ingest.services import document_create
from tests.factories import make_certificates
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


# Queries per read, for 1 row and for 100: list = the page; search = an EXISTS, the page and a capped count;
# detail = one query with every table; holders and labs = a count and the page.
@pytest.mark.parametrize("rows", [1, 100])
@pytest.mark.parametrize(
    ("path", "bound"),
    [
        (LIST, 1),
        (f"{LIST}?q=alpha", 3),
        (f"{LIST}?q=alpa+charge", 3),  # a typo
        (f"{LIST}?q=backend&ocpp_version=1.6&profile=Core", 3),
        (f"{LIST}OCA.0016.9000.CSMS/", 1),
        ("/api/v1/holders/", 2),
        ("/api/v1/labs/", 2),
    ],
)
def test_reads_take_a_bounded_number_of_queries(rows: int, path: str, bound: int) -> None:
    make_certificates(rows)
    client = APIClient()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content
    assert len(queries) <= bound, [q["sql"] for q in queries]
    if "results" in response.json() and "holders" not in path and "labs" not in path:
        assert len(response.json()["results"]) == min(rows, 50)


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


# Search


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Meshcraft", ["OCA.0016.0009.CSMS"]),  # the start of a word
        ("semaconect", ["OCA.0016.0019.CSMS"]),  # a typo
        ("semaconect network", ["OCA.0016.0019.CSMS"]),  # a typo beside a word spelt right
        ("Semaconnect network", ["OCA.0016.0019.CSMS"]),
        ("OCA.0016.0009.CSMS", ["OCA.0016.0009.CSMS"]),
        ("0232", ["OCA.0016.0232.CSMS"]),
        ("dnv", ["OCA.0016.0009.CSMS", "OCA.0016.0232.CSMS"]),  # the lab, under any of its names
        ("1.5.0", ["OCA.0016.0232.CSMS"]),  # a software version
        ("zzzzqqqq", []),
    ],
)
def test_it_searches(seeds: None, q: str, expected: list[str]) -> None:
    response = APIClient().get(LIST, {"q": q})
    assert numbers(response) == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize(
    ("q", "count"),
    [
        ("alpa backend", 5),  # only the misspelt word is forgiven: Beta's certificates have "backend" too
        ("betta energy", 5),
        ("alpa bakend", 5),  # two misspelt words: each must be close to a word of the certificate
        ("alpha energy", 0),  # both words are known, never together: nothing to forgive
        ("alpha zzzzqqqq", 0),  # a word close to nothing
    ],
)
def test_a_typo_is_forgiven_word_by_word(q: str, count: int) -> None:
    make_certificates(10)
    response = APIClient().get(LIST, {"q": q})
    assert response.status_code == 200
    assert response.json()["count"] == count


def test_between_equally_close_words_the_typo_next_to_the_other_words_comes_first() -> None:
    """ "kory" is as close to "korea" as to "korry": the certificate reading "korry energy grid" wins."""
    made = make_certificates(4)
    for certificate in made:
        Certificate.objects.filter(pk=certificate.pk).update(
            search_document=f"{certificate.number.lower()} energy solutions korea smart grid association"
        )
    Certificate.objects.filter(pk=made[2].pk).update(search_document="oca 0016 9002 csms korry energy grid sas")
    results = APIClient().get(LIST, {"q": "Kory Energy Grid"}).json()["results"]
    assert [row["number"] for row in results][0] == made[2].number
    assert len(results) == 4


def test_a_search_finds_a_holder_by_every_name_it_was_printed_under(seeds: None) -> None:
    from certificates.entities import holder_resolve
    from certificates.search import certificates_search_reindex

    holder = Holder.objects.get(name="Meshcrafts AS")
    assert holder_resolve(name="MESHCRAFTS A.S.") == holder  # the same key: recorded as an alias
    holder.aliases.create(name="Current Eco AS", key="current eco")
    certificates_search_reindex()
    assert numbers(APIClient().get(LIST, {"q": "current eco"})) == ["OCA.0016.0009.CSMS"]


def test_search_results_are_ranked_and_paged_with_a_capped_count() -> None:
    make_certificates(120)
    client = APIClient()
    first = client.get(LIST, {"q": "alpha", "page_size": 25}).json()
    assert first["count"] == 60 and first["count_is_capped"] is False
    assert first["previous"] is None
    seen = [row["number"] for row in first["results"]]
    page = first
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [row["number"] for row in page["results"]]
    assert len(seen) == len(set(seen)) == 60
    assert client.get(page["previous"]).json()["results"][0]["number"] == seen[25]


def test_the_count_of_a_broad_search_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("certificates.pagination.MAX_RELEVANCE_RESULTS", 40)
    make_certificates(100)
    body = APIClient().get(LIST, {"q": "backend", "page_size": 10}).json()
    assert (body["count"], body["count_is_capped"]) == (40, True)
    response = APIClient().get(LIST, {"q": "backend", "page_size": 10, "page": 5})
    assert response.status_code == 400
    assert "best 40 hits" in response.json()["page"][0]


# Browsing with cursors


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


# Every invalid parameter answers 400 and names it


def _cursor(payload: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"certified_after": "yesterday"}, "certified_after"),
        ({"certified_before": "2022-02-30"}, "certified_before"),
        ({"updated_since": "soon"}, "updated_since"),
        ({"ocpp_version": "9"}, "ocpp_version"),
        ({"product_type": "Toaster"}, "product_type"),
        ({"profile": "Teleportation"}, "profile"),
        ({"holder": "999999"}, "holder"),
        ({"lab": "abc"}, "lab"),
        ({"ordering": "price"}, "ordering"),
        ({"cursor": "garbage"}, "cursor"),
        ({"cursor": "%%%"}, "cursor"),
        ({"cursor": _cursor({"o": "number", "v": "x", "id": 1, "r": False})}, "cursor"),  # another ordering
        ({"cursor": _cursor({"o": "-date", "v": "not a date", "id": 1, "r": False})}, "cursor"),
        ({"cursor": _cursor({"o": "-date", "v": None, "id": "1", "r": False})}, "cursor"),
        ({"cursor": _cursor([1, 2])}, "cursor"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "500"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"q": "x", "page": "0"}, "page"),
        ({"q": "x", "page": "last"}, "page"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_it_answers_400_naming_the_invalid_parameter(seeds: None, query: dict, parameter: str) -> None:
    response = APIClient().get(LIST, query)
    assert response.status_code == 400, response.content
    assert list(response.json()) == [parameter]


# Facets


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


# Exports


def _streamed(response: Response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_the_csv_export_has_a_row_per_selected_certificate(seeds: None) -> None:
    response = APIClient().get(f"{LIST}export.csv", {"ocpp_version": "1.6", "q": "korea"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="oca-certificates-')
    rows = list(csv.DictReader(io.StringIO(_streamed(response).decode())))
    assert [row["number"] for row in rows] == ["OCA.0016.0042.CSMS", "OCA.0016.0073.CSMS"]
    assert rows[0]["lab"] == "Korea Smart Grid Association"
    assert rows[0]["profiles_passed"].startswith("Core; ")


def test_the_ndjson_export_holds_the_detail_records(seeds: None) -> None:
    client = APIClient()
    lines = _streamed(client.get(f"{LIST}export.ndjson")).decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["number"] for r in records] == sorted(r["number"] for r in records) and len(records) == 5
    assert records[0] == client.get(f"{LIST}{records[0]['number']}/").json()


def test_an_export_of_many_certificates_streams_them_all() -> None:
    make_certificates(1234)
    lines = _streamed(APIClient().get(f"{LIST}export.csv")).decode().splitlines()
    assert len(lines) == 1235


def test_an_export_answers_400_for_an_invalid_filter(seeds: None) -> None:
    response = APIClient().get(f"{LIST}export.csv", {"certified_after": "2022-13-01"})
    assert response.status_code == 400
    assert "certified_after" in response.json()


def test_the_dump_holds_every_published_version(seeds: None) -> None:
    old = Certificate.objects.get(number="OCA.0016.0009.CSMS")
    Certificate.objects.filter(pk=old.pk).update(is_current=False)
    Certificate.objects.create(
        number=old.number, version=2, holder=old.holder, holder_name=old.holder_name, certification_date="2023-01-01"
    )
    data = gzip.decompress(_streamed(APIClient().get("/api/v1/dump/")))
    records = [json.loads(line) for line in data.decode().splitlines()]
    assert [(r["number"], r["version"]) for r in records][:2] == [(old.number, 1), (old.number, 2)]
    assert len(records) == 6
    assert [v["version"] for v in records[1]["versions"]] == [2, 1]


# HTTP caching and throttling


def test_reads_carry_validators_and_answer_304(seeds: None) -> None:
    client = APIClient()
    for path in (LIST, f"{LIST}OCA.0016.0009.CSMS/", f"{LIST}?q=dnv"):
        response = client.get(path)
        assert response["Cache-Control"] == "public, max-age=60"
        assert "Accept" in response["Vary"]
        assert client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
        assert client.get(path, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    detail = client.get(f"{LIST}OCA.0016.0009.CSMS/")
    Certificate.objects.filter(number="OCA.0016.0009.CSMS").update(product_designation="SmartCharge 2")
    assert client.get(f"{LIST}OCA.0016.0009.CSMS/", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 200


def test_anonymous_clients_are_throttled(seeds: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    client = APIClient()
    assert [client.get(LIST).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert "Retry-After" in client.get(LIST)


def test_exports_have_a_throttle_of_their_own(seeds: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"export": "1/hour", "anon": "100/minute"})
    client = APIClient()
    assert client.get(f"{LIST}export.csv").status_code == 200
    assert client.get(f"{LIST}export.ndjson").status_code == 429
    assert client.get(LIST).status_code == 200


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


def test_the_openapi_schema_describes_every_parameter_and_field() -> None:
    schema = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    bare = [
        f"{path} {name}"
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for name in (p["name"] for p in operation.get("parameters", []) if not p.get("description"))
    ]
    bare += [
        f"{component}.{name}"
        for component, definition in schema["components"]["schemas"].items()
        for name, field in definition.get("properties", {}).items()
        if not field.get("description")
    ]
    assert bare == []
    listing = schema["paths"]["/api/v1/certificates/"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"q", "profile", "ordering", "cursor", "page", "page_size"}


@pytest.mark.parametrize(
    "path",
    [
        f"{LIST}a%00b/",  # a NUL byte, which PostgreSQL text cannot hold
        f"{LIST}export.xlsx",
        "/api/v1/holders/not-a-number/",
        "/api/v1/no-such-endpoint/",
    ],
)
def test_unknown_api_paths_answer_a_json_404(path: str) -> None:
    response = APIClient().get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.parametrize("query", [{"limit": "0"}, {"limit": "99999999999999999999"}, {"offset": "-1"}, {"limit": ""}])
def test_holders_and_labs_refuse_a_bad_limit_or_offset(query: dict) -> None:
    for path in ("/api/v1/holders/", "/api/v1/labs/"):
        response = APIClient().get(path, query)
        assert response.status_code == 400 and list(response.json()) == list(query)


def test_a_time_with_any_offset_is_compared_in_utc(seeds: None) -> None:
    assert numbers(APIClient().get(LIST, {"updated_since": "4083-12-01T13:42:16+16:16"})) == []
    assert len(numbers(APIClient().get(LIST, {"updated_since": "2000-01-01T00:00:00-23:59"}))) == 5


def test_an_empty_filter_is_the_same_as_none(seeds: None) -> None:
    assert len(numbers(APIClient().get(LIST, {"certified_after": "", "ocpp_version": "", "q": ""}))) == 5


# The read cache


@pytest.fixture
def read_cache(settings: pytest.FixtureRequest) -> None:
    settings.API_CACHE_SECONDS = 60  # type: ignore[attr-defined]


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


def test_unpublishing_moves_updated_at_for_mirrors(seeds: None) -> None:
    from certificates.services import certificates_set_published

    before = Certificate.objects.get(number="OCA.0016.0009.CSMS").updated_at
    certificates_set_published(queryset=Certificate.objects.all(), published=False)
    assert Certificate.objects.get(number="OCA.0016.0009.CSMS").updated_at > before
    assert certificates_set_published(queryset=Certificate.objects.all(), published=False) == 0


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
