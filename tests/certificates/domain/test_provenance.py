"""Tests of certificates.domain.provenance: the words for where a record comes from and where its number stands
in OCA's listing, and the registry's coverage. Pure functions, no database."""

from __future__ import annotations

from datetime import date

import pytest

from certificates.choices import CertificateSource, ListingStatus
from certificates.domain.provenance import (
    SOURCE_LABELS,
    STATUS_LABELS,
    Coverage,
    Provenance,
    read_words,
)

MARCH_1, MARCH_4, MARCH_5 = date(2026, 3, 1), date(2026, 3, 4), date(2026, 3, 5)


def test_every_source_and_status_of_the_models_has_its_words() -> None:
    assert set(SOURCE_LABELS) == set(CertificateSource.values)
    assert set(STATUS_LABELS) == set(ListingStatus.values)


@pytest.mark.parametrize(
    ("provenance", "source", "status"),
    [
        (
            Provenance("document", "active", MARCH_1, MARCH_4),
            "Read from its document",
            "Listed by OCA",
        ),
        (Provenance("listing", "active"), "Listed by OCA only — no document read", "Listed by OCA"),
        (
            Provenance("listing", "withdrawn", MARCH_1, MARCH_4, MARCH_5),
            "Listed by OCA only — no document read",
            "Withdrawn from OCA's listing on 2026-03-05",
        ),
        (
            Provenance("document", "withdrawn"),
            "Read from its document",
            "Withdrawn from OCA's listing on an unknown date",
        ),
        (Provenance("document", "unlisted"), "Read from its document", "Not in OCA's listing"),
    ],
)
def test_it_names_the_source_and_the_status_with_its_date(provenance: Provenance, source: str, status: str) -> None:
    assert provenance.source_words == source
    assert provenance.status_words == status
    assert provenance.words == f"{source}. {status}."


def test_the_status_sentence_gives_every_date_known() -> None:
    withdrawn = Provenance("document", "withdrawn", MARCH_1, MARCH_4, MARCH_5)
    assert withdrawn.status_sentence == (
        "Withdrawn from OCA's listing on 2026-03-05: seen in its listing from 2026-03-01 to 2026-03-04."
    )
    active = Provenance("listing", "active", MARCH_1, MARCH_4)
    assert active.status_sentence == "Listed by OCA: seen in its listing from 2026-03-01 to 2026-03-04."
    one_day = Provenance("listing", "active", MARCH_1, MARCH_1)
    assert one_day.status_sentence == "Listed by OCA: seen in its listing on 2026-03-01."
    assert Provenance("document", "unlisted").status_sentence == "Not in OCA's listing."
    assert Provenance("document", "unlisted").listing_dates == ""


def test_only_a_record_of_the_listing_is_listed_only() -> None:
    assert Provenance("listing", "active").is_listed_only
    assert not Provenance("document", "active").is_listed_only


@pytest.mark.parametrize(
    ("source", "lab", "words"),
    [
        ("document", "Lab X", "Read from its document: tested by Lab X."),
        ("document", None, "Read from its document, which names no test laboratory."),
        ("document", "", "Read from its document, which names no test laboratory."),
        ("listing", None, "Listed by OCA only — no document read, so its test laboratory is not known."),
    ],
)
def test_it_says_who_tested_as_far_as_is_known(source: str, lab: str | None, words: str) -> None:
    assert Provenance(source, "active").tested_words(lab) == words
    assert "unnamed" not in words


def test_a_record_is_filed_under_its_source_and_status() -> None:
    assert Provenance("listing", "withdrawn").categories() == [
        ("source", "listing", "Listed by OCA only — no document read"),
        ("status", "withdrawn", "Withdrawn from OCA's listing"),
    ]


@pytest.mark.parametrize(
    ("total", "documented", "words"),
    [
        (293, 5, "293 certificates, 5 read from their documents"),
        (1, 1, "1 certificate, 1 read from its document"),
        (2, 1, "2 certificates, 1 read from its document"),
        (0, 0, "0 certificates, 0 read from their documents"),
        (12_345, 2_000, "12,345 certificates, 2,000 read from their documents"),
    ],
)
def test_it_counts_the_certificates_read_from_their_documents(total: int, documented: int, words: str) -> None:
    assert read_words(total, documented) == words


def test_the_coverage_says_every_count_that_is_not_zero() -> None:
    coverage = Coverage(total=293, documented=5, listed_only=288, withdrawn=3)
    assert coverage.words == "293 certificates, 5 read from their documents"
    assert coverage.summary == (
        "293 certificates, 5 read from their documents; 288 listed by OCA only, no document read; "
        "3 withdrawn from OCA's listing."
    )
    assert coverage.share_read == pytest.approx(5 / 293)
    assert Coverage(4, 4, 0, 0).summary == "4 certificates, 4 read from their documents."
    assert Coverage(0, 0, 0, 0).share_read == 0.0
