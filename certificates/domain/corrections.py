"""Rows of a certificate's tables corrected by hand, and how a re-parse keeps them.

A certificate has four tables: profiles, measurements, settings and signatories. A row is known by its key:
a profile, a measurement or a setting by its name, a signatory by its role (compared with case and runs of
white space ignored). When a person changes, adds or deletes a row, its key is recorded with what was done;
when the document is parsed again, the rows of every recorded key stay as the person left them (a deleted
one stays deleted) and every other row follows the new parse.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TypeVar

from certificates.domain.facts import text_key

# Each table (the certificate's related name) and the field its rows are known by.
ROW_KEYS = {"profiles": "name", "measurements": "name", "settings": "name", "signatories": "role"}
CHANGED = "changed"
ADDED = "added"
DELETED = "deleted"

Row = TypeVar("Row")


def rows_edited(recorded: dict[str, str], edits: Iterable[tuple[str | None, str | None]]) -> dict[str, str]:
    """Return the corrections of one table (key → what was done) after ``edits`` are noted on ``recorded``.

    Each edit is (key before, key after): (None, key) a row added, (key, None) a row deleted, (key, key) a
    row changed. A row whose key itself changed counts as the old key deleted and the new key changed, so
    that a re-parse neither brings back the old row nor overwrites the new one. A row added and changed
    later stays added.
    """
    notes = dict(recorded)
    for before, after in edits:
        if before is not None and (after is None or text_key(before) != text_key(after)):
            _note(notes, before, DELETED)
        if after is not None:
            _note(notes, after, ADDED if before is None or notes.get(_named(notes, after)) == ADDED else CHANGED)
    return notes


def _note(notes: dict[str, str], key: str, done: str) -> None:
    """Record ``done`` for ``key`` in ``notes``, replacing what was recorded under any spelling of it."""
    notes.pop(_named(notes, key), None)
    notes[key] = done


def _named(notes: dict[str, str], key: str) -> str:
    """Return the spelling ``notes`` records ``key`` under ("" when it does not)."""
    return next((known for known in notes if text_key(known) == text_key(key)), "")


def merged_rows(
    parsed: Sequence[Row], kept: Sequence[Row], corrected: Collection[str], key: Callable[[Row], str]
) -> list[Row]:
    """Return the rows of a table after a re-parse: the ``parsed`` rows in their order, except that the
    ``kept`` rows of each ``corrected`` key stand where the first parsed row of that key stood (none for a
    deleted row); kept corrected rows the parse does not have follow at the end, in their order."""
    corrected_keys = {text_key(name) for name in corrected}
    kept_by_key: dict[str, list[Row]] = {}
    for row in kept:
        if text_key(key(row)) in corrected_keys:
            kept_by_key.setdefault(text_key(key(row)), []).append(row)
    rows: list[Row] = []
    for row in parsed:
        name = text_key(key(row))
        if name not in corrected_keys:
            rows.append(row)
        elif name in kept_by_key:
            rows.extend(kept_by_key.pop(name))
    for left in kept_by_key.values():
        rows.extend(left)
    return rows
