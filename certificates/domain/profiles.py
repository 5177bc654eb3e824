"""OCA's certification profiles: their canonical names and spellings, their bits, their type-code letters, and
the results a profile can have."""

from __future__ import annotations

from collections.abc import Iterable

# Each profile's canonical name and the keys (lower-case letters and digits) of the ways it is spelt.
# The order is stored (``PROFILE_BITS``): a new profile goes at the end, never between two others.
PROFILE_NAMES = {
    "Core": ("core", "coreprofile"),
    "Firmware Management": ("firmwaremanagement",),
    "Smart Charging": ("smartcharging",),
    "Reservation": ("reservation",),
    "Local Authorization List Management": (
        "localauthorizationlistmanagement",
        "localauthorisationlistmanagement",
        "localauthlistmanagement",
        "locallistmanagement",
        "localauthorizationlist",
    ),
    "Remote Trigger": ("remotetrigger",),
    "Advanced Security": ("advancedsecurity", "security"),
    "Advanced Device Management": ("advanceddevicemanagement",),
    "Advanced User Interface": ("advanceduserinterface",),
    "ISO 15118 support": ("iso15118support", "iso15118"),
}

# Each profile as one bit of a certificate's ``profiles_passed``, in the order of ``PROFILE_NAMES``.
PROFILE_BITS = {name: 1 << index for index, name in enumerate(PROFILE_NAMES)}

# Letters OCA's listing uses for the optional profiles, and the order it prints them in.
PROFILE_LETTERS = {
    "Advanced Security": "S",
    "Local Authorization List Management": "L",
    "Smart Charging": "C",
    "Advanced Device Management": "D",
    "Reservation": "R",
    "Advanced User Interface": "U",
    "ISO 15118 support": "I",
}
LETTER_ORDER = "SLCDRUI"

# The results a profile can have, as stored (a word nobody knows is kept as printed).
PASS = "Pass"
FAIL = "Fail"
NOT_TESTED = "Not Tested"
NOT_APPLICABLE = "Not Applicable"
RESULTS = (PASS, FAIL, NOT_TESTED, NOT_APPLICABLE)


def profiles_mask(names: Iterable[str]) -> int:
    """Return the bits of the profiles ``names`` (a name that is not one of OCA's profiles has none)."""
    mask = 0
    for name in names:
        mask |= PROFILE_BITS.get(name, 0)
    return mask


def certificate_type_from_profiles(passed: Iterable[str]) -> str:
    """Return OCA's type code for the passed profiles: ``Core`` then the optional letters, e.g. ``Core + S + C``."""
    letters = {PROFILE_LETTERS[name] for name in passed if name in PROFILE_LETTERS}
    return " + ".join(["Core", *[letter for letter in LETTER_ORDER if letter in letters]])
