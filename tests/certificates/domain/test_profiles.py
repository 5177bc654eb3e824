"""Tests of certificates.domain.profiles: the certificate type a set of passed profiles earns.

Pure functions, no database: example tests and a hypothesis property.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certificates.domain.profiles import LETTER_ORDER, PROFILE_LETTERS, PROFILE_NAMES, certificate_type_from_profiles
from tests.helpers import letters_of
from tests.strategies import SOME

CANONICAL_PROFILES = list(PROFILE_NAMES)


@pytest.mark.parametrize(
    ("passed", "certificate_type"),
    [
        ([], "Core"),
        (["Core"], "Core"),
        (["Core", "Firmware Management", "Remote Trigger"], "Core"),
        (["Core", "Smart Charging", "Advanced Security"], "Core + S + C"),
        (["ISO 15118 support", "Core", "Smart Charging"], "Core + C + I"),
        (CANONICAL_PROFILES, "Core + S + L + C + D + R + U + I"),
        (["Core", "Unknown Row"], "Core"),
    ],
)
def test_it_derives_the_certificate_type_from_passed_profiles(passed: list[str], certificate_type: str) -> None:
    assert certificate_type_from_profiles(passed) == certificate_type


@SOME
@given(passed=st.lists(st.one_of(st.sampled_from(CANONICAL_PROFILES), st.text(max_size=10)), max_size=15))
def test_a_derived_certificate_type_starts_with_core_and_lists_letters_in_oca_order(passed: list[str]) -> None:
    certificate_type = certificate_type_from_profiles(passed)
    assert certificate_type.startswith("Core")
    letters = letters_of(certificate_type)
    assert len(letters) == len(set(letters))
    assert letters == [letter for letter in LETTER_ORDER if letter in letters]
    assert set(letters) == {PROFILE_LETTERS[name] for name in passed if name in PROFILE_LETTERS}
