"""CSV cells a spreadsheet reads as text: every CSV the registry writes goes through here.

Spreadsheets (Excel, LibreOffice, Google Sheets) read a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula, and some do so after a leading tab, carriage return or other whitespace, or for the full-width and
small-form look-alikes of those characters. A formula in a downloaded file can fetch URLs or run commands
(DDE), so a cell of data from outside that would start one is written with a leading apostrophe, which makes
it text. A cell that is only a number (``-1.5``, ``+3``) is left as it is: a spreadsheet reads it as that
number, and no formula can hide in it. No column the registry exports is a negative number; the rule keeps
such values intact should one ever be.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

# What starts a formula: the ASCII characters, their full-width and small-form look-alikes, the minus sign,
# and a tab or carriage return in first place.
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def formula_safe(value: object) -> str:
    """Return ``value`` as the text of a CSV cell that no spreadsheet reads as a formula: ``None`` as "", a
    value that would start a formula (even after whitespace or invisible characters) with a leading "'"."""
    if value is None:
        return ""
    text = str(value)
    if not text or _NUMBER.fullmatch(text):
        return text
    if text[0] in FORMULA_STARTS or _first_visible(text) in FORMULA_STARTS:
        return "'" + text
    return text


def _first_visible(text: str) -> str:
    """The first character of ``text`` that is not whitespace, a control or an invisible format character."""
    for character in text:
        if not (character.isspace() or unicodedata.category(character) in {"Cc", "Cf"}):
            return character
    return ""


class FormulaSafeDictWriter(csv.DictWriter):  # type: ignore[type-arg]
    """``csv.DictWriter`` whose every cell goes through ``formula_safe``: the one CSV writer of the registry."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow(self._safe(rowdict))

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for rowdict in rowdicts:
            self.writerow(rowdict)

    def _safe(self, rowdict: Mapping[str, Any]) -> dict[str, Any]:
        """The row with the cells of its columns made safe (other keys are left for ``extrasaction``)."""
        columns = set(self.fieldnames)
        return {key: formula_safe(value) if key in columns else value for key, value in rowdict.items()}
