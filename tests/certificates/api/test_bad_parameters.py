"""Malformed and oversized parameters of the API: each answers a fast JSON 400 naming the parameter, never a 5xx.

The audit's cases (issue 13, findings 1 and 6) and their variants: Unicode digits, times whose UTC is out of
range, forged cursors, control characters, parameters repeated past their cap, absurd query strings.
"""

from __future__ import annotations

import base64
import json
import time
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.test import Client
from rest_framework.test import APIClient

from certificates.choices import FlagKind
from certificates.domain.profiles import PROFILE_NAMES
from certificates.models import Holder, Lab
from tests.certificates.api import LIST, numbers

pytestmark = pytest.mark.django_db

FLAGS = [kind for kind, _ in FlagKind.choices]


def _cursor(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def _raw_cursor(text: bytes) -> str:
    return base64.urlsafe_b64encode(text).decode().rstrip("=")


def get(path: str) -> tuple[int, dict, float]:
    """GET ``path`` (its query string sent as written) with DEBUG off; return the status, JSON and seconds."""
    started = time.perf_counter()
    response = Client(raise_request_exception=False).get(path)
    elapsed = time.perf_counter() - started
    assert response["Content-Type"] == "application/json", response.content[:500]
    return response.status_code, response.json(), elapsed


UNICODE_DIGITS = ["%C2%B2", "%D9%A3", "%EF%BC%91", "%E2%91%A0"]  # ², ٣ (Arabic-Indic 3), fullwidth 1, ①


@pytest.mark.parametrize("digit", UNICODE_DIGITS)
@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        (f"{LIST}?page_size=", "page_size"),
        (f"{LIST}?q=x&page=", "page"),
        ("/api/v1/holders/?limit=", "limit"),
        ("/api/v1/labs/?offset=", "offset"),
        (f"{LIST}?holder=", "holder"),
        (f"{LIST}?lab=", "lab"),
        (f"{LIST}?certified_after=202", "certified_after"),
        (f"{LIST}?updated_since=2024-01-0", "updated_since"),
    ],
)
def test_it_answers_400_for_unicode_digits(path: str, parameter: str, digit: str) -> None:
    status, body, _ = get(path + digit)
    assert (status, list(body)) == (400, [parameter])


@pytest.mark.parametrize("huge", ["9" * 20, "9" * 5000])
@pytest.mark.parametrize("parameter", ["page_size", "page", "limit", "offset", "holder", "lab"])
def test_it_answers_400_for_huge_numbers(parameter: str, huge: str) -> None:
    path = "/api/v1/holders/" if parameter in ("limit", "offset") else LIST
    status, body, _ = get(f"{path}?q=x&{parameter}={huge}")
    assert status == 400
    assert list(body) in ([parameter], ["non_field_errors"])  # 5,000 digits: the query string is too long


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00%2B23:59",
        "0001-01-01T00:00:00%2B00:01",
        "9999-12-31T23:59:59-23:59",
        "9999-12-31T23:59:59.999999-00:00:01",
        "2024-01-01T00:00%2B24:00",
        "2024-01-01T00:00%2B99:99",
        "99999-01-01T00:00Z",
    ],
)
def test_it_answers_400_for_a_time_out_of_range_in_utc(value: str) -> None:
    status, body, _ = get(f"{LIST}?updated_since={value}")
    assert (status, list(body)) == (400, ["updated_since"])


def test_it_reads_a_time_with_any_offset_in_range(seeds: None) -> None:
    status, body, _ = get(f"{LIST}?updated_since=2000-01-01T00:00%2B23:59&ordering=updated")
    assert status == 200 and len(body["results"]) == 5


@pytest.mark.parametrize(
    ("ordering", "token"),
    [
        ("number", _cursor({"o": "number", "v": "a\x00b", "id": 1, "r": False})),  # NUL
        ("number", _raw_cursor(b'{"o":"number","v":"\\ud800","id":1,"r":false}')),  # a lone surrogate
        ("holder", _cursor({"o": "holder", "v": "\x1b[2J", "id": 1, "r": False})),
        ("number", _cursor({"o": "number", "v": "x" * 41, "id": 1, "r": False})),  # longer than any number
        ("number", _cursor({"o": "number", "v": "a", "id": 2**63, "r": False})),  # no bigint
        ("number", _cursor({"o": "number", "v": "a", "id": 0, "r": False})),
        ("number", _cursor({"o": "number", "v": "a", "id": True, "r": False})),
        ("number", _cursor({"o": "number", "v": "a", "id": 1.5, "r": False})),
        ("number", _cursor({"o": "number", "v": "a", "id": 1, "r": 1})),
        ("number", _cursor({"o": "number", "v": ["a"], "id": 1, "r": False})),
        ("number", _cursor({"o": "number", "v": {"$gt": ""}, "id": 1, "r": False})),
        ("number", _cursor({"o": ["number"], "v": "a", "id": 1, "r": False})),
        ("number", _cursor({"o": "number", "id": 1, "r": False})),
        ("number", _raw_cursor(b"[" * 1500 + b"]" * 1500)),  # nested past the parser's recursion limit
        ("number", _raw_cursor(b'{"o":"number","v":"a","id":1,"r":false,"x":' + b"[" * 1400 + b"]" * 1400 + b"}")),
        ("number", _raw_cursor(b"\xff\xfe\x00\x00")),  # not UTF-8
        ("number", "A" * 2401),  # longer than any cursor of ours
        ("number", "%C3%A9"),  # not base64
        ("updated", _cursor({"o": "updated", "v": "0001-01-01T00:00:00+23:59", "id": 1, "r": False})),
        ("-date", _cursor({"o": "-date", "v": "10000-01-01", "id": 1, "r": False})),
    ],
)
def test_it_answers_400_for_a_forged_cursor(ordering: str, token: str) -> None:
    status, body, _ = get(f"{LIST}?ordering={ordering}&cursor={token}")
    assert (status, list(body)) == (400, ["cursor"]), body


def test_a_cursor_holding_a_time_with_a_far_offset_reads_it_in_utc(seeds: None) -> None:
    token = _cursor({"o": "updated", "v": "2000-01-01T00:00:00+23:59", "id": 1, "r": False})
    status, body, _ = get(f"{LIST}?ordering=updated&cursor={token}")
    assert status == 200 and len(body["results"]) == 5


@pytest.mark.parametrize("character", ["%00", "%01", "%09", "%0A", "%1B", "%7F", "%C2%85"])
@pytest.mark.parametrize(
    "path",
    [f"{LIST}?q=a", f"{LIST}facets/?q=a", f"{LIST}export.csv?q=a", f"{LIST}?octt_version=1", "/api/v1/holders/?x=a"],
)
def test_it_answers_400_for_control_characters(path: str, character: str) -> None:
    status, body, _ = get(path + character)
    parameter = path.rsplit("?", 1)[1].split("=")[0]
    assert (status, body) == (400, {parameter: ["This value holds a control character."]})


@pytest.mark.parametrize("number", ["a%00b", "OCA.0016.0009.CSMS%00", "%1B", "x" * 41])
def test_it_answers_400_for_a_number_that_can_be_no_certificate(number: str) -> None:
    status, body, _ = get(f"{LIST}{number}/")
    assert (status, list(body)) == (400, ["number"])


def test_an_unknown_but_possible_number_is_still_a_404(seeds: None) -> None:
    status, body, _ = get(f"{LIST}OCA.0016.0010.CSMS/")
    assert status == 404 and "detail" in body


@pytest.mark.parametrize("kind", ["holders", "labs"])
def test_a_holder_or_lab_id_in_other_digits_is_no_path(seeds: None, kind: str) -> None:
    model = Holder if kind == "holders" else Lab
    pk = str(model.objects.order_by("pk").values_list("pk", flat=True).first())
    arabic = pk.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert get(f"/api/v1/{kind}/{pk}/")[0] == 200
    for path in (f"/api/v1/{kind}/{quote(arabic)}/", f"/api/v1/{kind}/{pk}%00/"):
        status, body, _ = get(path)
        assert (status, list(body)) == (404, ["detail"])


@pytest.mark.parametrize("endpoint", [LIST, f"{LIST}facets/", f"{LIST}export.csv", f"{LIST}export.ndjson"])
@pytest.mark.parametrize(("parameter", "values"), [("flag", FLAGS), ("profile", list(PROFILE_NAMES))])
def test_it_answers_400_naming_a_repeatable_filter_given_past_its_cap(
    endpoint: str, parameter: str, values: list[str]
) -> None:
    query = "&".join(f"{parameter}={value}" for value in [*values, values[0]])
    status, body, _ = get(f"{endpoint}?{query}")
    assert (status, list(body)) == (400, [parameter])
    assert str(len(values)) in body[parameter][0]


@pytest.mark.parametrize("repeats", [215, 300, 1000, 5000])
@pytest.mark.parametrize("endpoint", [LIST, f"{LIST}facets/", f"{LIST}export.csv", "/feeds/search.atom"])
def test_the_audits_repeated_flags_answer_400_at_once(endpoint: str, repeats: int) -> None:
    started = time.perf_counter()
    response = Client(raise_request_exception=False).get(f"{endpoint}?" + "&".join(["flag=holder_renamed"] * repeats))
    assert response.status_code == 400
    assert time.perf_counter() - started < 0.5
    if endpoint.startswith("/api/"):
        assert list(response.json()) == (["flag"] if repeats * 20 < 4096 else ["non_field_errors"])


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("q", "korea"),
        ("ocpp_version", "1.6"),
        ("ordering", "number"),
        ("updated_since", "2020-01-01T00:00Z"),
        ("page_size", "2"),
        ("source", "document"),
        ("certificate_type", "Full"),
    ],
)
def test_it_answers_400_naming_a_single_parameter_given_twice(seeds: None, parameter: str, value: str) -> None:
    assert get(f"{LIST}?{parameter}={value}")[0] == 200
    status, body, _ = get(f"{LIST}?{parameter}={value}&{parameter}={value}")
    assert (status, list(body)) == (400, [parameter])


def test_it_answers_400_for_a_cursor_or_page_given_twice(seeds: None) -> None:
    following = APIClient().get(LIST, {"page_size": 2}).json()["next"]
    (cursor,) = parse_qs(urlsplit(following).query)["cursor"]
    assert get(f"{LIST}?page_size=2&cursor={cursor}")[0] == 200
    status, body, _ = get(f"{LIST}?page_size=2&cursor={cursor}&cursor={cursor}")
    assert (status, list(body)) == (400, ["cursor"])
    status, body, _ = get(f"{LIST}?q=korea&page=1&page=1")
    assert (status, list(body)) == (400, ["page"])


def test_repeated_values_within_the_cap_count_once(seeds: None) -> None:
    once = APIClient().get(LIST, {"profile": ["Core", "Smart Charging"]})
    twice = APIClient().get(LIST, {"profile": ["Core", "Smart Charging", "Core", "Smart Charging"]})
    assert numbers(once) == numbers(twice) and numbers(once)


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "x" * 5000,
        "&".join(f"p{n}=1" for n in range(2000)),
        "&" * 3000,
        "a=" + "%00" * 1500,
    ],
)
def test_it_answers_400_at_once_to_an_absurd_query_string(query: str) -> None:
    for endpoint in (LIST, "/api/v1/holders/", "/api/v1/", "/api/v1/schema/"):
        status, body, elapsed = get(f"{endpoint}?{query}")
        assert status == 400 and body and elapsed < 0.5


def test_a_request_django_refuses_before_any_view_answers_json_under_the_api() -> None:
    response = Client(raise_request_exception=False).get(LIST, headers={"host": "bad host"})
    assert response.status_code == 400
    assert response.json() == {"detail": "This request cannot be answered."}
