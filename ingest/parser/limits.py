"""The limits and non-OCPP settings table: one (name, value) row per setting.

A row name cut short by the extraction ("… milliseconds in") is completed with a displaced fragment
("timestamps:") found among the unlabelled lines of the configuration and settings sections.
"""

from __future__ import annotations

import re

from certificates.domain.record import Setting
from ingest.parser.lines import Line, is_noise, key

_SETTINGS_SENTENCE = key(
    "All relevant limits and non-OCPP settings that are relevant for the test laboratory and for the correct "
    "functioning of the"
)
_SETTINGS_HEADER_KEYS = {
    "limitsetting",
    "limitsettingvalue",
    "value",
    "limitsettingsvalue",
    "limitsettings",
    "setting",
}
_DANGLING = {
    "in",
    "of",
    "for",
    "to",
    "with",
    "the",
    "a",
    "an",
    "and",
    "or",
    "by",
    "on",
    "at",
    "from",
    "per",
    "when",
}
_VALUE_WORD = re.compile(r"^(?P<name>.*?)\s*(?P<value>Yes|No|True|False|Enabled|Disabled|\d+(?:[.,]\d+)?\s*\w*)$", re.I)


def parse_settings(settings: list[Line], configuration: list[Line]) -> tuple[list[Setting], list[str]]:
    """Return the limits/settings rows and the warnings about them.

    A row name cut short by the extraction ("… milliseconds in") is completed with a displaced fragment
    ("timestamps:") found among the unlabelled lines of the configuration and settings sections.
    """
    rows: list[tuple[str | None, str | None]] = []
    fragments = [line.text for line in configuration if _is_fragment(line)]
    for line in settings:
        if _is_settings_boilerplate(line):
            continue
        row = _setting_row(line)
        if row is None:
            fragments.append(line.text)
        else:
            rows.append(row)
    return _complete_settings(rows, fragments)


def _is_fragment(line: Line) -> bool:
    """Return True for a short unlabelled line of one cell (a piece displaced from a table)."""
    return (
        len(line.cells) == 1
        and len(line.text.split()) <= 3
        and not is_noise(line.text)
        and not (line.key.startswith("testconfiguration"))
    )


def _is_settings_boilerplate(line: Line) -> bool:
    """Return True for the table's heading sentence (whole or wrapped) and its column header."""
    line_key = line.key
    if line_key in _SETTINGS_HEADER_KEYS or line_key.startswith("allrelevantlimits"):
        return True
    trimmed = re.sub(r"(csms|chargingstation|chargepoint|centralsystem|dut|sut|cs)$", "", line_key)
    return len(trimmed) >= 12 and trimmed in _SETTINGS_SENTENCE


def _setting_row(line: Line) -> tuple[str | None, str | None] | None:
    """Return (name, value) for a settings row, (None, value) for a value printed without its name."""
    if len(line.cells) >= 2:
        return line.cells[0].rstrip(": ") or None, line.cells[1]
    text = line.text
    if ":" in text.rstrip(":"):
        name, _, value = text.rpartition(":")
        return name.strip() or None, value.strip()
    match = _VALUE_WORD.match(text)
    if match is None:
        return None
    return (match.group("name").rstrip(": ") or None), match.group("value")


def _complete_settings(
    rows: list[tuple[str | None, str | None]], fragments: list[str]
) -> tuple[list[Setting], list[str]]:
    """Return the settings with cut names completed from ``fragments``, and warnings for what was guessed."""
    settings: list[Setting] = []
    warnings: list[str] = []
    for name, value in rows:
        if name and name.split()[-1].lower() in _DANGLING and fragments:
            fragment = fragments.pop(0).rstrip(": ")
            warnings.append(f'setting name "{name}" completed with the displaced fragment "{fragment}"')
            name = f"{name} {fragment}"
        if name is None:
            warnings.append(f'a setting value "{value}" is printed without its name and was left out')
            continue
        settings.append(Setting(name, value))
    return settings, warnings
