"""Company names as they are compared: the key of a name, and the former name a name may give."""

from __future__ import annotations

import re
import unicodedata

# Legal forms left out when names are compared: "Meshcrafts AS" and "Meshcrafts" are one company.
LEGAL_FORMS = re.compile(
    r"\b(co|corp|corporation|inc|incorporated|ltd|limited|llc|gmbh|ag|as|asa|ab|bv|nv|sa|sas|sau|srl|spa|plc|pte|"
    r"ptd|pty|kk|oy|company)\b"
)
# A former name given beside the current one: "E-wave Co., Ltd. (Formerly CS Technology)".
FORMERLY = re.compile(r"\(?\s*\b(?:formerly|previously|former(?:ly)? known as|f/k/a|fka)\b[:\s]*([^)]*)\)?\s*$", re.I)


def former_name(name: str) -> str:
    """Return the former name a company name gives ("CS Technology" of "E-wave (Formerly CS Technology)"), or ""."""
    found = FORMERLY.search(name)
    return found.group(1).strip(" .,;") if found else ""


def name_key(name: str) -> str:
    """Return the comparison key of a company name: case, accents, punctuation, legal forms and a "(formerly …)"
    part dropped."""
    name = FORMERLY.sub("", name) or name
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"(?<![a-z])([a-z])\.", r"\1", text)  # initials: "A.S." is "AS", "B.V." is "BV"
    text = LEGAL_FORMS.sub(" ", re.sub(r"[^a-z0-9]+", " ", text))
    return " ".join(text.split()) or name.strip().lower()


def words_key(name: str) -> str:
    """Return a name's key with its words sorted: "KERI (Korea … Institute)" is "Korea … Institute (KERI)"."""
    return " ".join(sorted(set(name_key(name).split())))
