"""Every read takes a bounded number of queries, for one row and for a hundred."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.certificates.api import LIST
from tests.factories import make_certificates

pytestmark = pytest.mark.django_db


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
