"""What a free-text search says besides names: words naming a profile, an OCPP version, a product type or a
lab become filters, and the rest stays the text searched.

"SemaConnect smart charging 1.6" is the text "SemaConnect" with the profile Smart Charging and OCPP 1.6.
Pure: the labs' names come in as a mapping from each name (any alias) to the lab's id.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from certificates.domain.names import name_key
from certificates.domain.products import CHARGING_STATION, CSMS, OCPP_VERSIONS
from certificates.domain.profiles import PROFILE_NAMES

# A word of a query: letters and digits, dots inside kept ("1.6", "OCA.0016.0009.CSMS" stay one word).
_WORD = re.compile(r"[^\W_]+(?:\.[^\W_]+)*")
# Words so common in product names that alone they name no filter ("core" would take every "Core" product).
_TOO_COMMON = {"core"}

_VERSION_SPELLINGS = {
    **{version: version for version in OCPP_VERSIONS},
    **{version.replace(".", ""): version for version in OCPP_VERSIONS},
}
# Bare compact versions ("16", "21") are read only after "ocpp" or "v": alone they are model numbers.
_BARE_COMPACT = {"201": "2.0.1"}

_PRODUCT_PHRASES = {
    ("charging", "station", "management", "system"): CSMS,
    ("charging", "stations", "management", "system"): CSMS,
    ("csms",): CSMS,
    ("central", "system"): CSMS,
    ("charging", "station"): CHARGING_STATION,
    ("charging", "stations"): CHARGING_STATION,
    ("charge", "point"): CHARGING_STATION,
    ("chargepoint",): CHARGING_STATION,
    ("cs",): CHARGING_STATION,
}


def _profile_phrases() -> dict[tuple[str, ...], str]:
    """Each way of writing a profile, as a sequence of lower-case words, with the profile it names."""
    phrases: dict[tuple[str, ...], str] = {}
    for name, keys in PROFILE_NAMES.items():
        phrases[tuple(word.lower() for word in _WORD.findall(name))] = name
        for key in keys:
            phrases[(key,)] = name
        phrases[(*(word.lower() for word in _WORD.findall(name)), "profile")] = name
    phrases[("iso", "15118")] = "ISO 15118 support"
    phrases[("iso15118",)] = "ISO 15118 support"
    phrases[("iso15118", "support")] = "ISO 15118 support"
    for common in _TOO_COMMON:
        phrases.pop((common,), None)
    return phrases


_PROFILE_PHRASES = _profile_phrases()


@dataclass(frozen=True)
class ReadQuery:
    """A search read: the text left to search, and the filters its words named (empty when none)."""

    text: str
    profiles: tuple[str, ...] = ()
    ocpp_version: str = ""
    product_type: str = ""
    lab: int | None = None
    words: tuple[str, ...] = field(default=())  # the words read as filters, as typed

    @property
    def has_filters(self) -> bool:
        """Whether any word was read as a filter."""
        return bool(self.profiles or self.ocpp_version or self.product_type or self.lab is not None)


@dataclass
class _Token:
    key: str
    start: int
    end: int


def lab_short_names(names: Mapping[str, int]) -> dict[str, int]:
    """Return ``names`` (each name a lab is known under, to its id) with the initials of each name of three words
    or more ("ksga" of "Korea Smart Grid Association"), when they name one lab. A lab's first word is no short
    name: "korea" or "element" name holders too, and the search text holds every lab's name anyway."""
    candidates: dict[str, set[int]] = {}
    for name, pk in names.items():
        words = name_key(name).split()
        if len(words) >= 3:
            candidates.setdefault("".join(word[0] for word in words), set()).add(pk)
    short = {word: ids.pop() for word, ids in candidates.items() if len(ids) == 1}
    return {**short, **names}


def read_query(text: str, labs: Mapping[str, int] | None = None, taken: frozenset[str] = frozenset()) -> ReadQuery:
    """Return ``text`` read: words naming a profile, an OCPP version, a product type or one of ``labs`` (name to
    id) taken out as filters, the rest as the text left. The longest phrase wins ("charging station management
    system" is CSMS, not a charging station); a filter named in ``taken`` (already chosen) is not read again,
    nor is a second OCPP version, product type or lab (its words stay in the text)."""
    tokens = [_Token(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    lab_phrases = {tuple(w.lower() for w in _WORD.findall(name)): pk for name, pk in (labs or {}).items()}
    found: dict[str, object] = {}
    profiles: list[str] = []
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        size, kind, value = _longest_match(tokens, i, lab_phrases)
        if not size or (kind in taken) or (kind != "profile" and kind in found):
            i += 1
            continue
        if kind == "profile":
            profiles.extend([str(value)] if value not in profiles else [])
        else:
            found[kind] = value
        spans.append((tokens[i].start, tokens[i + size - 1].end))
        i += size
    return ReadQuery(
        text=_without_spans(text, spans),
        profiles=tuple(profiles),
        ocpp_version=str(found.get("ocpp_version", "")),
        product_type=str(found.get("product_type", "")),
        lab=found.get("lab"),  # type: ignore[arg-type]
        words=tuple(text[start:end] for start, end in spans),
    )


def _longest_match(tokens: list[_Token], i: int, labs: dict[tuple[str, ...], int]) -> tuple[int, str, object]:
    """The longest phrase starting at token ``i``: (how many tokens, which filter, its value), or (0, "", None)."""
    best: tuple[int, str, object] = (0, "", None)
    keys = [token.key for token in tokens[i : i + 8]]
    for kind, phrases in (("profile", _PROFILE_PHRASES), ("product_type", _PRODUCT_PHRASES), ("lab", labs)):
        for size in range(len(keys), best[0], -1):
            value = phrases.get(tuple(keys[:size]))
            if value is not None:
                best = (size, kind, value)
                break
    version = _version_at(keys)
    if version[0] > best[0]:
        best = (version[0], "ocpp_version", version[1])
    return best


def _version_at(keys: list[str]) -> tuple[int, str]:
    """An OCPP version written at the start of ``keys`` ("1.6", "ocpp 2.0.1", "ocpp16", "v2.1", "201"): (how
    many words, the version), or (0, "")."""
    if not keys:
        return 0, ""
    first = keys[0]
    if first in OCPP_VERSIONS:
        return 1, first
    if first in _BARE_COMPACT:
        return 1, _BARE_COMPACT[first]
    for prefix in ("ocpp", "v"):
        rest = first.removeprefix(prefix)
        if rest != first and rest in _VERSION_SPELLINGS:
            return 1, _VERSION_SPELLINGS[rest]
    if first == "ocpp" and len(keys) > 1 and keys[1].removeprefix("v") in _VERSION_SPELLINGS:
        return 2, _VERSION_SPELLINGS[keys[1].removeprefix("v")]
    return 0, ""


def _without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the characters of ``spans``, spaces collapsed, and stray separators trimmed."""
    kept, at = [], 0
    for start, end in spans:
        kept.append(text[at:start])
        at = end
    kept.append(text[at:])
    joined = " ".join(" ".join(kept).split())
    return joined.strip(" ,;+&-/")


def squashed(text: str) -> str:
    """``text`` as lower-case letters and digits alone, accents dropped: "Sema-Connect Inc." is
    "semaconnectinc", "Ünsal" "unsal"."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text) if unicodedata.category(ch) != "Mn")
    return "".join(word.lower() for word in re.findall(r"[^\W_]+", plain))


def closeness(text: str, name: str) -> float:
    """How close ``name`` is to what was searched (0 to 1): spacing, case and punctuation aside, the best of
    the whole name and of its start as long as ``text`` ("semaconect" is close to "SemaConnect Inc")."""
    wanted, have = squashed(text), squashed(name)
    if not wanted or not have:
        return 0.0
    whole = difflib.SequenceMatcher(None, wanted, have).ratio()
    start = difflib.SequenceMatcher(None, wanted, have[: len(wanted)]).ratio()
    return max(whole, start)


def closest_names(text: str, names: Iterable[str], limit: int = 5, cutoff: float = 0.6) -> list[str]:
    """Return up to ``limit`` of ``names`` closest to ``text`` (at least ``cutoff``), closest first (then A-Z);
    a name is given once, whatever its case or spacing."""
    scored: dict[str, tuple[float, str]] = {}
    for name in names:
        key = squashed(name)
        score = closeness(text, name)
        if score >= cutoff and (key not in scored or scored[key][0] < score):
            scored[key] = (score, name)
    ranked = sorted(scored.values(), key=lambda pair: (-pair[0], pair[1].lower()))
    return [name for _, name in ranked[:limit]]
