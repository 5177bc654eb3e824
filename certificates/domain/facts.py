"""The facts of a certificate a buyer relies on, and how two records of one number and date are compared.

Two documents that print one certificate number and one certification date describe one certificate when
their facts agree; when they disagree, one of them is wrong (or OCA issued two certificates under one number)
and a person has to decide. The facts are what a buyer checks a product against: the holder, the product
designation, the software version, the OCPP version, the product type, the certificate type, the profiles
with their results, and the test laboratory. Everything else (dates of the test, report references, the
performance table, the settings, the signatures) describes the test, not what was certified, and is left out.

Facts are compared as a reader compares them, not byte by byte: company names (holder, lab) by their name key
(case, accents, punctuation and legal forms left out: "Meshcrafts AS" is "Meshcrafts"), other values with
case and runs of white space ignored, profiles as a set of (profile, result) pairs whatever their order. A
value one record has and the other lacks is a difference: which reading is right is for the review to say.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from certificates.domain.names import name_key
from certificates.domain.record import ParsedCertificate

# The facts compared, in the order differences are told, with the words that name them.
FACT_LABELS = {
    "holder": "holder",
    "product_designation": "product designation",
    "software_version": "software version",
    "ocpp_version": "OCPP version",
    "product_type": "product type",
    "certificate_type": "certificate type",
    "test_lab": "test laboratory",
}
# Facts that are company names, compared by their name key.
_COMPANY_FACTS = ("holder", "test_lab")
# How much of a value a difference quotes.
_SHOWN_CHARS = 80


@dataclass(frozen=True)
class Facts:
    """What a certificate states a buyer relies on; ``profiles`` are (profile, result) pairs as printed."""

    holder: str = ""
    product_designation: str = ""
    software_version: str = ""
    ocpp_version: str = ""
    product_type: str = ""
    certificate_type: str = ""
    test_lab: str = ""
    profiles: tuple[tuple[str, str], ...] = ()


def facts_of(record: ParsedCertificate) -> Facts:
    """Return the facts of a parsed record (absent values as "")."""
    return Facts(
        holder=record.holder or "",
        product_designation=record.product_designation or "",
        software_version=record.software_version or "",
        ocpp_version=record.ocpp_version or "",
        product_type=record.product_type or "",
        certificate_type=record.certificate_type or "",
        test_lab=record.test_lab or "",
        profiles=tuple((profile.name, profile.result) for profile in record.profiles),
    )


@dataclass(frozen=True)
class Difference:
    """One fact two records state otherwise: its label ("software version", "profile Core") and both values
    ("" for a value one of them lacks)."""

    label: str
    new: str
    old: str

    def __str__(self) -> str:
        return f"{self.label} {shown(self.new)}, not {shown(self.old)}"


def fact_differences(
    new: Facts, old: Facts, *, skip_facts: Collection[str] = (), skip_profiles: Collection[str] = ()
) -> list[str]:
    """Return one phrase per fact ``new`` states otherwise than ``old`` (``'software version "2.0", not
    "1.0"'``); empty when they agree.

    ``skip_facts`` (names of ``FACT_LABELS``) and ``skip_profiles`` (profile names) are not compared: a person
    corrected them on ``old``, and that correction is the registry's word on them.
    """
    return [str(difference) for difference in differing_facts(new, old, skip_facts, skip_profiles)]


def differing_facts(
    new: Facts, old: Facts, skip_facts: Collection[str] = (), skip_profiles: Collection[str] = ()
) -> list[Difference]:
    """Return each fact ``new`` states otherwise than ``old``, in the order of ``FACT_LABELS``, then profiles;
    empty when they agree. ``skip_facts`` and ``skip_profiles`` as for ``fact_differences``."""
    differences = []
    for fact, label in FACT_LABELS.items():
        if fact in skip_facts:
            continue
        mine, theirs = getattr(new, fact), getattr(old, fact)
        keyed = company_key if fact in _COMPANY_FACTS else text_key
        if keyed(mine) != keyed(theirs):
            differences.append(Difference(label, mine, theirs))
    return differences + _profile_differences(new.profiles, old.profiles, skip_profiles)


def _profile_differences(
    new: Iterable[tuple[str, str]], old: Iterable[tuple[str, str]], skip: Collection[str]
) -> list[Difference]:
    """Return one difference per profile whose result differs, or that one side prints and the other does not."""
    mine = {text_key(name): (name, result) for name, result in new if name not in skip}
    theirs = {text_key(name): (name, result) for name, result in old if name not in skip}
    differences = []
    for key in dict.fromkeys([*mine, *theirs]):
        name = (mine.get(key) or theirs[key])[0]
        ours, others = mine.get(key, (name, ""))[1], theirs.get(key, (name, ""))[1]
        if text_key(ours) != text_key(others):
            differences.append(Difference(f"profile {name}", ours, others))
    return differences


def text_key(value: str) -> str:
    """Return ``value`` as it is compared: compatibility forms unified, case and runs of white space ignored."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def company_key(value: str) -> str:
    """Return the key a company name is compared by ("" for no name)."""
    return name_key(value) if value.strip() else ""


def shown(value: str) -> str:
    """Return ``value`` quoted for a message, cut to a readable length; "none" for no value."""
    if not value:
        return "none"
    return f'"{value[:_SHOWN_CHARS]}…"' if len(value) > _SHOWN_CHARS else f'"{value}"'
