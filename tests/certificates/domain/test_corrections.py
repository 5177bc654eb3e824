"""Tests of certificates.domain.corrections: how edits by hand are noted, and which rows a re-parse keeps.

Pure functions, no database: example tests and a hypothesis property.
"""

from __future__ import annotations

from operator import itemgetter

from hypothesis import given
from hypothesis import strategies as st

from certificates.domain.corrections import merged_rows, rows_edited
from tests.strategies import SOME

name = itemgetter(0)


def test_it_notes_rows_changed_added_and_deleted() -> None:
    notes = rows_edited({}, [("Reservation", "Reservation"), (None, "ISO 15118 support"), ("Remote Trigger", None)])
    assert notes == {"Reservation": "changed", "ISO 15118 support": "added", "Remote Trigger": "deleted"}


def test_a_renamed_row_deletes_its_old_name() -> None:
    assert rows_edited({}, [("Smart Charing", "Smart Charging")]) == {
        "Smart Charing": "deleted",
        "Smart Charging": "changed",
    }


def test_later_edits_update_what_was_noted_under_any_spelling() -> None:
    notes = rows_edited(
        {"ISO 15118 support": "added", "Core": "changed"}, [("iso 15118  SUPPORT", "ISO 15118 support")]
    )
    assert notes == {"ISO 15118 support": "added", "Core": "changed"}
    assert rows_edited(notes, [("Core", None)]) == {"ISO 15118 support": "added", "Core": "deleted"}
    assert rows_edited({"Core": "deleted"}, [(None, "core")]) == {"core": "added"}


PARSED = [("Core", "Pass"), ("Smart Charging", "Pass"), ("Reservation", "Pass"), ("Remote Trigger", "Pass")]


def test_uncorrected_rows_follow_the_parse() -> None:
    kept = [("Core", "Fail"), ("Smart Charging", "Fail")]
    assert merged_rows(PARSED, kept, {}, name) == PARSED


def test_a_corrected_row_stays_where_the_parse_puts_its_name() -> None:
    kept = [("Core", "Pass"), ("Smart Charging", "Not Tested"), ("Reservation", "Fail")]
    assert merged_rows(PARSED, kept, {"smart charging": "changed"}, name) == [
        ("Core", "Pass"),
        ("Smart Charging", "Not Tested"),
        ("Reservation", "Pass"),
        ("Remote Trigger", "Pass"),
    ]


def test_a_deleted_row_stays_deleted_and_an_added_row_stays_at_the_end() -> None:
    kept = [("Core", "Pass"), ("ISO 15118 support", "Pass")]
    corrected = {"Remote Trigger": "deleted", "ISO 15118 support": "added"}
    assert merged_rows(PARSED, kept, corrected, name) == [*PARSED[:3], ("ISO 15118 support", "Pass")]


@SOME
@given(
    parsed=st.lists(st.tuples(st.sampled_from("ABCDE"), st.integers(0, 3)), max_size=6),
    kept=st.lists(st.tuples(st.sampled_from("ABCDEF"), st.integers(4, 6)), max_size=6),
    corrected=st.sets(st.sampled_from("ABCDEFG")),
)
def test_every_kept_row_of_a_corrected_key_stays_and_no_parsed_row_of_one_comes_back(
    parsed: list[tuple[str, int]], kept: list[tuple[str, int]], corrected: set[str]
) -> None:
    rows = merged_rows(parsed, kept, corrected, name)
    assert sorted(row for row in rows if row[0] in corrected) == sorted(row for row in kept if row[0] in corrected)
    assert [row for row in rows if row[0] not in corrected] == [row for row in parsed if row[0] not in corrected]
