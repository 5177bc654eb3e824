"""Bad requests: every invalid parameter answers 400 and names it; unknown paths answer a JSON 404."""

from __future__ import annotations

import base64
import json

import pytest
from rest_framework.test import APIClient

from tests.certificates.api import LIST

pytestmark = pytest.mark.django_db


def test_it_answers_400_for_an_invalid_filter(seeds: None) -> None:
    response = APIClient().get(LIST, {"certified_after": "yesterday"})
    assert response.status_code == 400
    assert "certified_after" in response.json()


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


@pytest.mark.parametrize(
    "path",
    [
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
