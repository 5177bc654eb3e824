"""Searching the list with ?q=: word starts, typos, every holder name, ranking and the capped count."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from certificates.models import Certificate, Holder
from tests.certificates.api import LIST, numbers
from tests.factories import make_certificates

pytestmark = pytest.mark.django_db


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
