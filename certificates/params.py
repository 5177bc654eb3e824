"""The rules every request parameter of the site and the API obeys, in one place.

A request is first held to limits of shape (``query_string_errors``, ``character_errors``: the size of its
query string, how many parameters it has, no control characters), then each view reads the parameters it
takes through the readers here (``one``, ``several``, ``whole_number``, ``certificate_number``) or through
the filter set, which applies ``repeat_errors`` to every filter. A value that breaks a rule raises (or is
reported as) a message naming the parameter, which the API answers as a JSON 400 and the site as a page
with the message, status 400. Digits are ASCII digits only: ``"²".isdigit()`` is true and ``int("²")``
fails, and ``int("٣")`` is 3.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import overload
from urllib.parse import unquote_plus

from django.http import QueryDict
from rest_framework.exceptions import ValidationError

from certificates.choices import PROFILE_CHOICES, CertificateSource, FlagKind
from certificates.domain.numbers import NUMBER_RE, canonical_number

Errors = dict[str, list[str]]

# The longest query string answered and the most parameters in it: a search with every filter, every
# profile and every flag, and a cursor, is about 1,500 characters and 40 parameters.
MAX_QUERY_CHARS = 4096
MAX_PARAMETERS = 64
# Compare takes two to four certificates, and a search for one more of at most this many characters.
COMPARED = (2, 4)
MAX_COMPARE_SEARCH_CHARS = 100
# How many values a repeatable parameter takes at most, repeats counted: each profile or flag once, the
# certificates compared. Every other parameter is given once.
REPEATABLE = {"profile": len(PROFILE_CHOICES), "flag": len(FlagKind.choices), "number": COMPARED[1]}
# What the evidence parameter takes: where a certificate's profiles are known from (the values are its sources).
EVIDENCE_CHOICES = [
    (CertificateSource.DOCUMENT.value, "Read from its document"),
    (CertificateSource.LISTING.value, "Listed only (type code claims)"),
]
# The longest certificate number (the column's length) and the longest version a page asks for.
MAX_NUMBER_CHARS = 40
MAX_VERSION = 999_999
# The largest id a database row can have (a bigint).
MAX_ID = 2**63 - 1

_WHOLE = re.compile(r"[0-9]{1,19}")
# Control characters (C0, DEL, C1) and lone surrogates: no text of the registry holds them.
_FORBIDDEN_CATEGORIES = {"Cc", "Cs"}


def query_string_errors(query_string: str) -> Errors:
    """Return what is wrong with the size of a raw query string (before it is parsed), or nothing; too many
    parameters are blamed on the one given most often."""
    if len(query_string) > MAX_QUERY_CHARS:
        return {"non_field_errors": [f"The query string is longer than {MAX_QUERY_CHARS} characters."]}
    parts = query_string.split("&")
    if len(parts) <= MAX_PARAMETERS:
        return {}
    message = f"A request takes at most {MAX_PARAMETERS} parameters."
    ((name, given),) = Counter(unquote_plus(part.partition("=")[0]) for part in parts).most_common(1)
    if given == 1 or not name or has_control_characters(name):
        return {"non_field_errors": [message]}
    return {name: [f"{message} This one was given {given} times."]}


def character_errors(query: QueryDict) -> Errors:
    """Return, for each parameter of ``query`` whose name or a value holds a control character (or a lone
    surrogate), a message naming it."""
    errors: Errors = {}
    for name, values in query.lists():
        if has_control_characters(name):
            errors["non_field_errors"] = ["A parameter's name holds a control character."]
        elif any(has_control_characters(value) for value in values):
            errors[name] = ["This value holds a control character."]
    return errors


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a control character (NUL, tab, newline, DEL, C1) or a lone surrogate."""
    return any(unicodedata.category(ch) in _FORBIDDEN_CATEGORIES for ch in text)


def repeat_errors(query: QueryDict, names: Iterable[str]) -> Errors:
    """Return, for each of ``names`` given more times than it may be (``REPEATABLE``, else once), a message
    naming it."""
    errors: Errors = {}
    for name in names:
        given, most = len(query.getlist(name)), REPEATABLE.get(name, 1)
        if given > most:
            errors[name] = [_too_many(name, most)]
    return errors


def _too_many(name: str, most: int) -> str:
    if most == 1:
        return "Give this parameter once."
    return f"Give at most {most} values of {name}."


def one(query: QueryDict, name: str) -> str | None:
    """Return the value of the single-valued parameter ``name``, or None when it is absent; 400 (a
    ``ValidationError`` naming it) when it is given more than once."""
    values = query.getlist(name)
    if len(values) > 1:
        raise ValidationError({name: [_too_many(name, 1)]})
    return values[0] if values else None


def several(query: QueryDict, name: str) -> list[str]:
    """Return the distinct non-empty values of the repeatable parameter ``name``, in the order given; 400
    when it is given more times than ``REPEATABLE`` allows."""
    errors = repeat_errors(query, [name])
    if errors:
        raise ValidationError(errors)
    return list(dict.fromkeys(value for value in query.getlist(name) if value))


def is_whole(text: str) -> bool:
    """Whether ``text`` is a whole number in ASCII digits that fits a bigint's digits (no sign, no space)."""
    return _WHOLE.fullmatch(text) is not None


@overload
def whole_number(query: QueryDict, name: str, low: int, high: int, default: int) -> int: ...
@overload
def whole_number(query: QueryDict, name: str, low: int, high: int, default: None) -> int | None: ...
def whole_number(query: QueryDict, name: str, low: int, high: int, default: int | None) -> int | None:
    """Return the parameter ``name`` as a whole number from ``low`` to ``high``, or ``default`` when it is
    absent; 400 naming it when it is given twice or is anything else (ASCII digits only)."""
    raw = one(query, name)
    if raw is None:
        return default
    if not is_whole(raw) or not low <= int(raw) <= high:
        raise ValidationError({name: [f"Give a whole number from {low} to {high}."]})
    return int(raw)


def text(query: QueryDict, name: str, longest: int) -> str:
    """Return the single-valued text parameter ``name``, stripped ("" when absent); 400 naming it when it is
    given twice or is longer than ``longest`` characters (control characters are refused before any view)."""
    value = one(query, name) or ""
    if len(value) > longest:
        raise ValidationError({name: [f"Give at most {longest} characters."]})
    return value.strip()


def certificate_number(value: str, name: str = "number") -> str:
    """Return ``value`` if it can be a certificate number (1 to ``MAX_NUMBER_CHARS`` characters, no control
    character), whether or not such a certificate exists, in canonical dotted form when it is a whole number
    spelt another way (``oca.0016.0009.csms``, ``OCA00160009CSMS``, ``OCA_0016_0009_CSMS``); else 400 naming
    ``name``."""
    if not value or len(value) > MAX_NUMBER_CHARS or has_control_characters(value):
        raise ValidationError(
            {name: [f"A certificate number has 1 to {MAX_NUMBER_CHARS} characters, none of them a control character."]}
        )
    match = NUMBER_RE.fullmatch(value.strip())
    return canonical_number(match) if match else value


def compared_numbers(query: QueryDict) -> list[str]:
    """Return the distinct numbers ``query`` asks to compare (``number``, repeated), in the order given, each
    one that can be a certificate number (``certificate_number``); 400 naming ``number`` otherwise. How many
    there may be is for the page to say (``COMPARED``): it names the limit and offers to remove one."""
    return [certificate_number(value) for value in dict.fromkeys(query.getlist("number")) if value]


def compare_search(query: QueryDict, name: str = "add") -> str | None:
    """Return the text ``name`` asks compare to add (a number, or a holder or product name), stripped, or None
    when absent or blank; 400 naming it when it is given twice, is longer than ``MAX_COMPARE_SEARCH_CHARS`` or
    holds a control character."""
    raw = one(query, name)
    if raw is None or not raw.strip():
        return None
    if len(raw) > MAX_COMPARE_SEARCH_CHARS or has_control_characters(raw):
        message = f"Give a number or a name of at most {MAX_COMPARE_SEARCH_CHARS} characters, no control character."
        raise ValidationError({name: [message]})
    return raw.strip()


def text_value(value: str, longest: int) -> str:
    """Return ``value`` if it is text a column can hold: at most ``longest`` characters, no control
    character; else raise ``ValueError``."""
    if len(value) > longest or has_control_characters(value):
        raise ValueError("not a text the registry holds")
    return value


def in_utc(value: datetime) -> datetime:
    """Return ``value`` in UTC (a naive time is taken as UTC); ``ValueError`` when that falls outside the
    years 1 to 9999 (``0001-01-01T00:00+23:59`` does). PostgreSQL takes offsets up to ±15:59 only, so times
    reach the database in UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("out of range in UTC") from None
