"""Normalisers for the values printed on OCA certificates: dates, durations, versions, profiles, results.

Pure functions of strings; no Django, no I/O. Each returns ``None`` when the text holds no value of its kind,
so callers can tell "absent" from "zero". What the values mean (numbers, profiles, type letters) is the
registry's vocabulary, ``certificates.domain``; this module reads the printed, often noisy, forms of it.
"""

from __future__ import annotations

import difflib
import re
from datetime import date

from certificates.domain.numbers import OCR_DIGIT, ocr_digits
from certificates.domain.profiles import (
    FAIL,
    LETTER_ORDER,
    NOT_APPLICABLE,
    NOT_TESTED,
    PASS,
    PROFILE_LETTERS,
    PROFILE_NAMES,
)

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?<![A-Za-z])(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?![A-Za-z])\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
# OCR reads 0 as O and 1 as l or I inside numbers: a digit class that admits them.
_D = OCR_DIGIT

DATE_PATTERNS = [
    # January 25, 2021 / July 18th 2023 / Jan 5 2022
    (
        "mdy_name",
        re.compile(_MONTH + r"\s+(?P<day>" + _D + r"{1,2})" + _ORDINAL + r",?\s+(?P<year>" + _D + r"{4})", re.I),
    ),
    # 25 January 2021 / 25th of January, 2021 / 25-Jan-2021
    (
        "dmy_name",
        re.compile(
            r"(?P<day>"
            + _D
            + r"{1,2})"
            + _ORDINAL
            + r"(?:\s+of)?[\s-]+"
            + _MONTH
            + r",?[\s-]+(?P<year>"
            + _D
            + r"{4})",
            re.I,
        ),
    ),
    # 2021-01-25 / 2022.02.17 / 2022. 02. 17 / 2022/02/17
    (
        "ymd",
        re.compile(r"(?P<year>(?:19|20)\d\d)\s?[-./]\s?(?P<month>\d{1,2})\s?[-./]\s?(?P<day>\d{1,2})(?!\d)"),
    ),
    # 25.01.2021 / 05/12/2021 / 25-01-2021 (day and month order resolved later)
    (
        "numeric",
        re.compile(r"(?<![\d.])(?P<a>\d{1,2})\s?(?P<sep>[./-])\s?(?P<b>\d{1,2})\s?[./-]\s?(?P<year>\d{4})(?!\d)"),
    ),
]


def _ocr_number(text: str) -> int:
    """Return the integer in ``text`` after mapping OCR look-alikes (O, o -> 0; l, I -> 1)."""
    return int(ocr_digits(text))


def _make_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None when the parts do not form one (30 February, month 13)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _numeric_date(a: int, b: int, year: int, sep: str, reference: date | None) -> date | None:
    """Resolve an all-numeric date whose day and month order is not printed.

    Dots and dashes read day first (25.01.2021), slashes month first (05/12/2021); when both orders make a
    date, the one equal to ``reference`` (the certification date) wins.
    """
    day_first = _make_date(year, b, a)
    month_first = _make_date(year, a, b)
    candidates = [day_first, month_first] if sep in ".-" else [month_first, day_first]
    valid = [c for c in candidates if c is not None]
    if reference is not None and reference in valid:
        return reference
    return valid[0] if valid else None


def find_date(text: str, reference: date | None = None) -> tuple[date, int, int] | None:
    """Find the first date in ``text``; return ``(date, start, end)`` of its match, or None.

    ``reference`` decides ambiguous numeric dates (see ``_numeric_date``).
    """
    best: tuple[date, int, int] | None = None
    for kind, pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            parsed = _date_from_match(kind, match, reference)
            if parsed is not None:
                if best is None or match.start() < best[1]:
                    best = (parsed, match.start(), match.end())
                break
    return best


def _date_from_match(kind: str, match: re.Match[str], reference: date | None) -> date | None:
    """Return the date that a match of one of ``DATE_PATTERNS`` denotes, or None."""
    groups = match.groupdict()
    if kind in ("mdy_name", "dmy_name"):
        return _make_date(_ocr_number(groups["year"]), MONTHS[groups["month"].lower()], _ocr_number(groups["day"]))
    if kind == "ymd":
        return _make_date(int(groups["year"]), int(groups["month"]), int(groups["day"]))
    return _numeric_date(int(groups["a"]), int(groups["b"]), int(groups["year"]), groups["sep"], reference)


def parse_date(text: str | None, reference: date | None = None) -> date | None:
    """Return the first date printed in ``text`` (any format seen on certificates), or None."""
    if not text:
        return None
    found = find_date(text, reference)
    return found[0] if found else None


_DURATION_UNITS = {
    "ms": 0.001,
    "msec": 0.001,
    "millisecond": 0.001,
    "milliseconds": 0.001,
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "min": 60.0,
    "mins": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
}
_UNIT = r"(?P<unit>" + "|".join(sorted(_DURATION_UNITS, key=len, reverse=True)) + r")\b\.?"
DURATION_RE = re.compile(
    r"(?P<clock>(?<![\d:])\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?![\d:]))(?:\s*(?:seconds?|secs?|s)\b)?"
    r"|(?P<bound>[<>≤≥]\s*)?(?P<number>(?<![\w.])\d+(?:[.,]\d+)?)\s*" + _UNIT,
    re.IGNORECASE,
)
_BARE_NUMBER_RE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*$")


def parse_duration(text: str | None) -> float | None:
    """Return the duration printed in ``text`` in seconds, or None.

    Reads ``5 sec``, ``60s``, ``30 seconds``, ``00:00:02``, ``0:00:01 seconds``, ``800 ms``, ``0,5 s``,
    ``1 min`` and ``<1 s`` (the bound). A bare number is taken as seconds.
    """
    if not text:
        return None
    match = DURATION_RE.search(text)
    if match is not None:
        return duration_from_match(match)
    bare = _BARE_NUMBER_RE.match(text)
    if bare is not None:
        return float(bare.group(1).replace(",", "."))
    return None


def duration_from_match(match: re.Match[str]) -> float:
    """Return the seconds that a match of ``DURATION_RE`` denotes."""
    clock = match.group("clock")
    if clock:
        hours, minutes, seconds = clock.replace(",", ".").split(":")
        return round(int(hours) * 3600 + int(minutes) * 60 + float(seconds), 6)
    number = float(match.group("number").replace(",", "."))
    return round(number * _DURATION_UNITS[match.group("unit").lower()], 6)


OCPP_VERSION_RE = re.compile(r"OCPP\s*(?:v(?:ersion)?\.?\s*)?(2\.0\.1|2\.1|1\.6|2\.0)(?![\d.]*\d)", re.IGNORECASE)


def find_ocpp_version(text: str | None) -> str | None:
    """Return the OCPP version named in ``text`` ("OCPP 1.6", "OCPP 2.0.1"), or None."""
    if not text:
        return None
    match = OCPP_VERSION_RE.search(text)
    return match.group(1) if match else None


_VERSION_NUMBER_RE = re.compile(r"(?<![\w.])v?\.?\s?(\d+(?:\.\d+){1,3})(?![\w.]*\d)", re.IGNORECASE)
_PREFIXED_VERSION_RE = re.compile(r"(?<![A-Za-z])v(?:ersion)?\.?\s?(\d+(?:\.\d+){1,3})", re.IGNORECASE)


def parse_octt_version(text: str | None) -> str | None:
    """Return the OCTT tool's own version: ``OCTT 1.6 v1.4.2`` -> ``1.4.2``, ``OCTT v.1.4.3`` -> ``1.4.3``.

    A number marked with ``v`` wins; otherwise the first number that is not an OCPP version.
    """
    if not text:
        return None
    prefixed = _PREFIXED_VERSION_RE.search(text)
    if prefixed is not None:
        return prefixed.group(1)
    for match in _VERSION_NUMBER_RE.finditer(text):
        if match.group(1) not in ("1.6", "2.0.1", "2.0", "2.1"):
            return match.group(1)
    return None


# A lone digit OCR put in a word ("Loca1", "Rem0te", "Pa5s"); runs of digits ("15118") are real numbers.
_OCR_DIGIT_IN_WORD = re.compile(r"(?<=[a-z])[015](?![0-9])|(?<![0-9])[015](?=[a-z])")
_OCR_LETTERS = str.maketrans("015", "ols")


def _key(text: str) -> str:
    """Return a comparison key: lower case, letters and digits only, OCR's lone digits in words as letters."""
    lowered = _OCR_DIGIT_IN_WORD.sub(lambda m: m.group(0).translate(_OCR_LETTERS), text.lower())
    return re.sub(r"[^a-z0-9]", "", lowered)


_PROFILE_KEYS = {key: name for name, keys in PROFILE_NAMES.items() for key in keys}


def canonical_profile_name(text: str) -> str | None:
    """Return the canonical profile name for a printed one (case, spelling, OCR tolerant), or None.

    A near miss of a known name (``Smart Chargmg``, ``Remote Trlgger``) counts; a short one must be exact.
    """
    text_key = _key(re.sub(r"\bprofile\b", "", text, flags=re.IGNORECASE)) or _key(text)
    found = _PROFILE_KEYS.get(text_key)
    if found is not None or len(text_key) < 8:
        return found
    digits = re.sub(r"\D", "", text_key)
    # A near miss differs in letters only: "Security Profile 2" is no misspelt "Security".
    candidates = [known for known in _PROFILE_KEYS if re.sub(r"\D", "", known) == digits]
    close = difflib.get_close_matches(text_key, candidates, n=1, cutoff=0.85)
    return _PROFILE_KEYS[close[0]] if close else None


def normalize_profile_name(text: str) -> str:
    """Return the canonical profile name, or the printed name (whitespace collapsed) when it is unknown."""
    return canonical_profile_name(text) or " ".join(text.split())


RESULT_WORDS = {
    PASS: ("pass", "passed", "pas5", "pa55", "pa5s", "p4ss", "ok"),
    FAIL: ("fail", "failed", "fai1", "fa1l"),
    NOT_TESTED: ("nottested", "nottest", "nt", "notteste", "untested"),
    NOT_APPLICABLE: ("notapplicable", "na", "n/a", "notapp1icable"),
}
_RESULT_KEYS = {key: name for name, keys in RESULT_WORDS.items() for key in keys}


def normalize_result(text: str) -> str:
    """Return ``Pass``, ``Fail``, ``Not Tested`` or ``Not Applicable``; the printed word when none fits."""
    key = re.sub(r"[^a-z0-9/]", "", text.lower())
    found = _RESULT_KEYS.get(key) or _RESULT_KEYS.get(key.replace("/", ""))
    if found is None and len(key) >= 4:
        # OCR's near misses of a whole word ("Pase", "Nct Tested"); short words must be exact.
        close = difflib.get_close_matches(key, ("pass", "fail", "nottested", "notapplicable"), n=1, cutoff=0.75)
        found = _RESULT_KEYS[close[0]] if close else None
    return found or " ".join(text.split())


def normalize_product_type(text: str | None) -> str | None:
    """Return ``CSMS`` or ``Charging Station`` for a printed product type or DUT, or None."""
    if not text:
        return None
    key = _key(text)
    if "management" in key or "csms" in key or "centralsystem" in key:
        return "CSMS"
    if key == "cs" or any(word in key for word in ("chargingstation", "chargepoint", "evse", "charger")):
        return "Charging Station"
    return None


def normalize_certificate_type(text: str | None) -> str | None:
    """Return the certificate type a title states (``Full``, ``Security``, ``Full + Security``, ``Core + S``).

    Returns None when the text states no type OCA uses, so the caller derives it from the results.
    """
    if not text:
        return None
    parts = [p.strip() for p in re.split(r"\s*(?:\+|&|\band\b|,)\s*", text.strip()) if p.strip()]
    words = [p.lower() for p in parts]
    if words == ["full"]:
        return "Full"
    if words == ["security"]:
        return "Security"
    if words == ["full", "security"]:
        return "Full + Security"
    if not words or words[0] != "core":
        return None
    letters = []
    for part in parts[1:]:
        letter = part.upper() if len(part) == 1 else PROFILE_LETTERS.get(canonical_profile_name(part) or "")
        if letter is None or letter not in LETTER_ORDER:
            return None
        letters.append(letter)
    return " + ".join(["Core", *[letter for letter in LETTER_ORDER if letter in letters]])
