"""Holders and labs: every printed name of a holder, and their limit and offset paging."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from certificates.models import Holder

pytestmark = pytest.mark.django_db


def test_holders_carry_every_printed_name(seeds: None) -> None:
    holder = Holder.objects.get(name="SemaConnect")
    assert APIClient().get(f"/api/v1/holders/{holder.pk}/").json() == {
        "id": holder.pk,
        "name": "SemaConnect",
        "aliases": ["SemaConnect"],
    }


@pytest.mark.parametrize("query", [{"limit": "0"}, {"limit": "99999999999999999999"}, {"offset": "-1"}, {"limit": ""}])
def test_holders_and_labs_refuse_a_bad_limit_or_offset(query: dict) -> None:
    for path in ("/api/v1/holders/", "/api/v1/labs/"):
        response = APIClient().get(path, query)
        assert response.status_code == 400 and list(response.json()) == list(query)
