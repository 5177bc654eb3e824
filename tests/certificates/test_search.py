"""The search module: query words, stored documents, typo corrections, the fallback used on SQLite, reindexing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from certificates import search
from certificates.models import Certificate
from tests.factories import make_certificates


def test_a_query_is_its_words_lower_case_once_each_and_bounded() -> None:
    assert search.terms_of("OCA.0016.0009.CSMS  Meshcrafts, meshcrafts!") == [
        "oca",
        "0016",
        "0009",
        "csms",
        "meshcrafts",
    ]
    assert search.terms_of("a:* & b | !c <-> 'd'") == ["a", "b", "c", "d"]  # no tsquery syntax survives
    assert len(search.terms_of(" ".join(f"w{n}" for n in range(50)))) == search.MAX_TERMS


def test_a_search_document_holds_every_word_of_its_parts_once() -> None:
    document = search.search_document_of("OCA.0016.0009.CSMS", ["Meshcrafts AS", "MESHCRAFTS A.S."], "", "DNV GL")
    assert document == "oca 0016 0009 csms meshcrafts as a s dnv gl"


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (["semaconect"], ["semaconnect"]),  # a letter left out
        (["meshcraft"], ["meshcraft"]),  # the start of a word is no typo
        (["korea", "smrat"], ["korea", "smart"]),
        (["xyzzy"], ["xyzzy"]),  # nothing close: kept, so the search finds nothing
    ],
)
def test_corrections_replace_unknown_words_by_the_closest_known_one(terms: list[str], expected: list[str]) -> None:
    vocabulary = {"semaconnect", "meshcrafts", "korea", "smart", "grid", "network"}
    assert search.corrections(terms, vocabulary) == expected


def test_did_you_mean_suggests_only_a_changed_query() -> None:
    assert search.did_you_mean("Semaconect network", {"semaconnect", "network"}) == "semaconnect network"
    assert search.did_you_mean("network", {"semaconnect", "network"}) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "count"),
    [("alpha", 5), ("alpha backend", 5), ("alpa", 5), ("backend 7", 1), ("9007", 1), ("nothing here", 0)],
)
def test_the_word_fallback_matches_word_starts_and_forgives_typos(text: str, count: int) -> None:
    make_certificates(10)
    found = search._search_words(Certificate.objects.all(), search.terms_of(text))
    assert found.count() == count


@pytest.mark.django_db
def test_search_reindex_rewrites_every_search_document() -> None:
    made = make_certificates(3)
    Certificate.objects.update(search_document="")
    out = StringIO()
    call_command("search_reindex", stdout=out)
    assert out.getvalue().strip() == "3 certificate(s) reindexed."
    assert Certificate.objects.get(pk=made[0].pk).search_document == (
        "oca 0016 9000 csms alpha charge 9 gmbh backend 0 synthetic test lab"
    )
