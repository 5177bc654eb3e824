"""Tests of the read API (``/api/v1/``), one module per concern; the list's path and a reader of its numbers."""

from rest_framework.response import Response

LIST = "/api/v1/certificates/"


def numbers(response: Response) -> list[str]:
    """Return the sorted numbers of a list response, after checking it answered 200."""
    assert response.status_code == 200, response.content
    return sorted(item["number"] for item in response.json()["results"])
