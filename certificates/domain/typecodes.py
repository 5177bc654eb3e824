"""OCA's type codes ("Full", "Core + S + C", "Full + Security") read as the profiles they claim, and the
evidence for each profile of a certificate: what its document shows, what OCA's type code claims, or nothing.

A type code is a claim, not a test result: OCA's listing prints it, and no document has to be read to know it.
"Full" for OCPP 1.6 is not spelt out anywhere by OCA; the registry reads it as the six profiles the 1.6 Full
certificates list (an inference, marked ``inferred``, and said wherever it shows). A token nobody knows is kept
in ``unknown`` and never guessed at. "Subset" and "Family" qualify a certificate; they name no profile.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from certificates.domain.profiles import (
    FAIL,
    NOT_APPLICABLE,
    NOT_TESTED,
    PASS,
    PROFILE_BITS,
    PROFILE_LETTERS,
    PROFILE_NAMES,
)

OCPP_16 = "1.6"
OCPP_201 = "2.0.1"

# OCPP 1.6 "Full": the six profiles every 1.6 Full certificate lists (an inference: OCA does not define it).
FULL_16 = (
    "Core",
    "Firmware Management",
    "Smart Charging",
    "Reservation",
    "Local Authorization List Management",
    "Remote Trigger",
)
# The profiles each OCPP version certifies, in the registry's order.
VERSION_PROFILES: dict[str, tuple[str, ...]] = {
    OCPP_16: (*FULL_16, "Advanced Security"),
    OCPP_201: (
        "Core",
        "Advanced Security",
        "Local Authorization List Management",
        "Smart Charging",
        "Advanced Device Management",
        "Reservation",
        "Advanced User Interface",
        "ISO 15118 support",
    ),
}
QUALIFIERS = ("Subset", "Family")
_LETTER_PROFILES = {letter: name for name, letter in PROFILE_LETTERS.items()}
_PROFILE_KEYS = {key: name for name, keys in PROFILE_NAMES.items() for key in keys}
_SEPARATORS = re.compile(r"\s*(?:\+|,|&|/|;|\band\b)\s*", re.IGNORECASE)

# The evidence a profile can have, strongest first.
PASSED = "passed"
FAILED = "failed"
NOT_TESTED_EVIDENCE = "not_tested"
NOT_APPLICABLE_EVIDENCE = "not_applicable"
CLAIMED = "claimed"
UNKNOWN = "unknown"
EVIDENCE_LABELS = {
    PASSED: "Passed per its document",
    FAILED: "Failed per its document",
    NOT_TESTED_EVIDENCE: "Not tested per its document",
    NOT_APPLICABLE_EVIDENCE: "Not applicable per its document",
    CLAIMED: "Claimed by OCA's type code (no document read)",
    UNKNOWN: "Unknown",
}
# The evidence as a badge says it, short.
EVIDENCE_BADGES = {
    PASSED: "Passed",
    FAILED: "Failed",
    NOT_TESTED_EVIDENCE: "Not tested",
    NOT_APPLICABLE_EVIDENCE: "Not applicable",
    CLAIMED: "Claimed (type code)",
    UNKNOWN: "Unknown",
}
_RESULT_EVIDENCE = {
    PASS: PASSED,
    FAIL: FAILED,
    NOT_TESTED: NOT_TESTED_EVIDENCE,
    NOT_APPLICABLE: NOT_APPLICABLE_EVIDENCE,
}


@dataclass(frozen=True)
class TypeCode:
    """A type code read: the profiles it claims (registry order), whether any was inferred from "Full", its
    qualifiers and the tokens nobody knows."""

    code: str
    profiles: tuple[str, ...] = ()
    inferred: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()

    @property
    def mask(self) -> int:
        """The claimed profiles as bits of ``PROFILE_BITS``."""
        mask = 0
        for name in self.profiles:
            mask |= PROFILE_BITS[name]
        return mask


@dataclass(frozen=True)
class ProfileEvidence:
    """One profile of a certificate: its evidence (one of ``EVIDENCE_LABELS``), the result as its document
    prints it (empty without one), and whether a claim was inferred from "Full"."""

    name: str
    evidence: str
    result: str = ""
    inferred: bool = False

    @property
    def label(self) -> str:
        """The evidence in words; an inferred claim says so."""
        if self.evidence == CLAIMED and self.inferred:
            return "Claimed by OCA's type code “Full” (read as this profile by the registry: an inference)"
        return EVIDENCE_LABELS[self.evidence]

    @property
    def badge(self) -> str:
        """The evidence as a short badge text; an inferred claim says so."""
        if self.evidence == CLAIMED and self.inferred:
            return "Claimed (type code “Full”, inferred)"
        return EVIDENCE_BADGES[self.evidence]


def decode_type_code(code: str, ocpp_version: str = "") -> TypeCode:
    """Return what OCA's type code ``code`` claims for a certificate of ``ocpp_version`` ("1.6", "2.0.1", or ""
    when unknown). Pure; a profile the version does not certify is an unknown token, not a claim."""
    allowed = VERSION_PROFILES.get(ocpp_version)
    claimed: list[str] = []
    inferred: list[str] = []
    qualifiers: list[str] = []
    unknown: list[str] = []
    for token in (part for part in _SEPARATORS.split(code.strip()) if part):
        names, is_inferred, qualifier = _read_token(token, ocpp_version)
        if qualifier:
            qualifiers.append(qualifier)
        elif names is None or (allowed is not None and any(name not in allowed for name in names)):
            unknown.append(token)
        else:
            claimed.extend(names)
            if is_inferred:
                inferred.extend(names)
    order = list(PROFILE_NAMES)
    profiles = tuple(sorted(set(claimed), key=order.index))
    explicit = {name for name in claimed if name not in inferred} if inferred else set(claimed)
    inferred_only = tuple(name for name in profiles if name in inferred and name not in explicit)
    return TypeCode(code, profiles, inferred_only, tuple(dict.fromkeys(qualifiers)), tuple(unknown))


def _read_token(token: str, ocpp_version: str) -> tuple[tuple[str, ...] | None, bool, str]:
    """Return (profiles named, inferred?, qualifier) for one token; profiles None when nobody knows it."""
    key = re.sub(r"[^a-z0-9]", "", token.lower())
    if key == "full":
        return (FULL_16, True, "") if ocpp_version in (OCPP_16, "") else (None, False, "")
    for qualifier in QUALIFIERS:
        if key == qualifier.lower():
            return None, False, qualifier
    if token.strip() in _LETTER_PROFILES:
        return (_LETTER_PROFILES[token.strip()],), False, ""
    if key in _PROFILE_KEYS:
        return (_PROFILE_KEYS[key],), False, ""
    return None, False, ""


def profile_evidence(
    *, ocpp_version: str, type_code: str, rows: Iterable[tuple[str, str]], has_document: bool
) -> list[ProfileEvidence]:
    """Return the evidence for every profile of a certificate: ``rows`` are its document's (profile, result)
    pairs (canonical names), ``type_code`` OCA's listed code. A document's row wins over a claim; a profile
    neither shows is unknown. Profiles of the version come in registry order, then any other row as printed."""
    decoded = decode_type_code(type_code, ocpp_version)
    results = dict(rows) if has_document else {}
    names = list(VERSION_PROFILES.get(ocpp_version, tuple(PROFILE_NAMES)))
    names += [name for name in results if name not in names]
    evidence = []
    for name in names:
        if name in results:
            kind = _RESULT_EVIDENCE.get(results[name], UNKNOWN)
            evidence.append(ProfileEvidence(name, kind, results[name]))
        elif name in decoded.profiles:
            evidence.append(ProfileEvidence(name, CLAIMED, inferred=name in decoded.inferred))
        else:
            evidence.append(ProfileEvidence(name, UNKNOWN))
    return evidence


def type_code_disagreement(
    *, ocpp_version: str, type_code: str, passed: Iterable[str], documented: Iterable[str] | None = None
) -> str:
    """Return why a document's ``passed`` profiles disagree with OCA's ``type_code``, or "" when they agree or
    the code cannot be read in full (unknown tokens, no profiles). With ``documented`` (the profiles the
    document has a row for), a claimed profile the document says nothing of is not counted as not passed."""
    decoded = decode_type_code(type_code, ocpp_version)
    if decoded.unknown or not decoded.profiles:
        return ""
    passed_set = set(passed)
    shown = None if documented is None else set(documented)
    missing = [name for name in decoded.profiles if name not in passed_set and (shown is None or name in shown)]
    extra = [name for name in PROFILE_NAMES if name in passed_set and name not in decoded.profiles]
    parts = []
    if missing:
        parts.append("claimed but not passed per the document: " + ", ".join(missing))
    if extra:
        parts.append("passed per the document but not in the type code: " + ", ".join(extra))
    return f"OCA's type code “{type_code}” and the document disagree ({'; '.join(parts)})" if parts else ""


def claimed_mask(evidence: Iterable[ProfileEvidence]) -> int:
    """Return the profiles whose evidence is a claim of the type code (no document row shows them) as bits of
    ``PROFILE_BITS``: what a certificate's ``profiles_claimed`` holds."""
    mask = 0
    for item in evidence:
        if item.evidence == CLAIMED:
            mask |= PROFILE_BITS.get(item.name, 0)
    return mask


def listed_type_code(entries: Iterable[tuple[str, date | None]]) -> str | None:
    """Return the type code OCA's listing gives a number, from its entries' ``(type code, withdrawn on)`` in
    listing order: the first listed entry's non-empty code, else a withdrawn one's, else "" when every entry
    gives none; None when the number has no entry (it is not listed)."""
    entries = list(entries)
    if not entries:
        return None
    ranked = [code for code, withdrawn in entries if withdrawn is None] + [c for c, w in entries if w is not None]
    return next((code for code in ranked if code.strip()), "")


def claims_type_code(listed: str | None, own: str) -> str:
    """Return the type code a certificate's claims are read from: its listing's when the number is listed and
    the listing gives one, else the certificate's own certificate type."""
    return listed if listed else own


def unknown_type_code_message(type_code: str, ocpp_version: str) -> str:
    """Return why ``type_code`` cannot be read in full (a token nobody knows), or "" when it can."""
    decoded = decode_type_code(type_code, ocpp_version)
    if not decoded.unknown:
        return ""
    tokens = ", ".join(f"“{token}”" for token in decoded.unknown)
    version = f" for OCPP {ocpp_version}" if ocpp_version else ""
    return (
        f"OCA's type code “{type_code}” holds {tokens}, which names no profile{version} the registry knows: "
        "the registry does not guess what it claims."
    )
