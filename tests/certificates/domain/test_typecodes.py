"""OCA type codes read as claimed profiles, and each profile's evidence."""

import pytest

from certificates.domain.typecodes import (
    CLAIMED,
    FULL_16,
    NOT_TESTED_EVIDENCE,
    PASSED,
    UNKNOWN,
    decode_type_code,
    profile_evidence,
    type_code_disagreement,
)


@pytest.mark.parametrize(
    ("code", "version", "profiles"),
    [
        ("Core", "1.6", {"Core"}),
        ("Security", "1.6", {"Advanced Security"}),
        ("Core + S + C", "1.6", {"Core", "Advanced Security", "Smart Charging"}),
        ("Core + C + D + I", "2.0.1", {"Core", "Smart Charging", "Advanced Device Management", "ISO 15118 support"}),
        (
            "Core+S+L+C+D+R+U+I",
            "2.0.1",
            {
                "Core",
                "Advanced Security",
                "Local Authorization List Management",
                "Smart Charging",
                "Advanced Device Management",
                "Reservation",
                "Advanced User Interface",
                "ISO 15118 support",
            },
        ),
    ],
)
def test_letters_and_words_name_their_profiles(code: str, version: str, profiles: set[str]) -> None:
    decoded = decode_type_code(code, version)
    assert set(decoded.profiles) == profiles
    assert decoded.unknown == () and decoded.inferred == ()


def test_full_is_the_six_profiles_of_16_and_says_it_is_an_inference() -> None:
    decoded = decode_type_code("Full + Security", "1.6")
    assert set(decoded.profiles) == {*FULL_16, "Advanced Security"}
    assert set(decoded.inferred) == set(FULL_16)


@pytest.mark.parametrize(
    ("code", "version", "unknown"),
    [
        ("Core + X", "2.0.1", ("X",)),
        ("Full", "2.0.1", ("Full",)),
        ("Core + I", "1.6", ("I",)),
        ("Gold", "", ("Gold",)),
    ],
)
def test_a_token_nobody_knows_is_flagged_never_guessed(code: str, version: str, unknown: tuple[str, ...]) -> None:
    decoded = decode_type_code(code, version)
    assert decoded.unknown == unknown
    assert not set(decoded.profiles) - {"Core"}


def test_subset_and_family_are_qualifiers_not_profiles() -> None:
    decoded = decode_type_code("Subset + Family", "1.6")
    assert decoded.profiles == () and decoded.qualifiers == ("Subset", "Family") and decoded.unknown == ()


def test_a_document_row_wins_over_a_claim_and_the_rest_is_unknown() -> None:
    evidence = {
        e.name: e
        for e in profile_evidence(
            ocpp_version="2.0.1",
            type_code="Core + S + C",
            rows=[("Core", "Pass"), ("Advanced Security", "Pass"), ("Smart Charging", "Not Tested")],
            has_document=True,
        )
    }
    assert evidence["Core"].evidence == PASSED
    assert evidence["Smart Charging"].evidence == NOT_TESTED_EVIDENCE
    assert evidence["Reservation"].evidence == UNKNOWN
    assert len(evidence) == 8


def test_without_a_document_the_type_code_is_a_claim() -> None:
    evidence = {e.name: e for e in profile_evidence(ocpp_version="1.6", type_code="Full", rows=[], has_document=False)}
    assert evidence["Smart Charging"].evidence == CLAIMED and evidence["Smart Charging"].inferred
    assert "inference" in evidence["Smart Charging"].label
    assert evidence["Advanced Security"].evidence == UNKNOWN


def test_disagreement_between_document_and_type_code() -> None:
    assert type_code_disagreement(ocpp_version="1.6", type_code="Full", passed=FULL_16) == ""
    why = type_code_disagreement(ocpp_version="2.0.1", type_code="Core + S + C", passed=["Core", "Advanced Security"])
    assert "Smart Charging" in why
    assert type_code_disagreement(ocpp_version="2.0.1", type_code="Core + Q", passed=["Core"]) == ""


def test_badges_say_the_evidence_short_and_an_inferred_claim_says_so() -> None:
    from certificates.domain.typecodes import ProfileEvidence

    assert ProfileEvidence("Core", PASSED, "Pass").badge == "Passed"
    assert ProfileEvidence("Core", NOT_TESTED_EVIDENCE, "Not Tested").badge == "Not tested"
    assert ProfileEvidence("Core", CLAIMED).badge == "Claimed (type code)"
    assert ProfileEvidence("Core", CLAIMED, inferred=True).badge == "Claimed (type code “Full”, inferred)"
    assert ProfileEvidence("Core", UNKNOWN).badge == "Unknown"


def test_the_claimed_mask_holds_only_claims_no_document_row_shows() -> None:
    from certificates.domain.profiles import PROFILE_BITS
    from certificates.domain.typecodes import claimed_mask

    rows = [("Core", "Pass"), ("Smart Charging", "Not Tested")]
    evidence = profile_evidence(ocpp_version="1.6", type_code="Full", rows=rows, has_document=True)
    expected = sum(PROFILE_BITS[name] for name in FULL_16 if name not in ("Core", "Smart Charging"))
    assert claimed_mask(evidence) == expected
    listed = profile_evidence(ocpp_version="1.6", type_code="Core + S", rows=[], has_document=False)
    assert claimed_mask(listed) == PROFILE_BITS["Core"] | PROFILE_BITS["Advanced Security"]


def test_the_listing_type_code_prefers_a_listed_entry_then_the_certificate_type() -> None:
    from datetime import date

    from certificates.domain.typecodes import claims_type_code, listed_type_code

    assert listed_type_code([]) is None
    assert listed_type_code([("Full", date(2025, 1, 1)), ("Core + S", None)]) == "Core + S"
    assert listed_type_code([("", None), ("Full", date(2025, 1, 1))]) == "Full"
    assert listed_type_code([("", None)]) == ""
    assert claims_type_code(None, "Core") == "Core"
    assert claims_type_code("", "Core") == "Core"
    assert claims_type_code("Full", "Core") == "Full"


def test_an_unknown_token_is_named_and_a_known_code_has_no_message() -> None:
    from certificates.domain.typecodes import unknown_type_code_message

    message = unknown_type_code_message("Core + X", "1.6")
    assert "“X”" in message and "does not guess" in message
    assert unknown_type_code_message("Full + Security", "1.6") == ""
    assert "“Full”" in unknown_type_code_message("Full", "2.0.1")  # Full means nothing known for 2.0.1


def test_a_profile_the_document_does_not_show_is_not_counted_as_not_passed() -> None:
    passed = ["Core", "Firmware Management"]
    assert "Smart Charging" in type_code_disagreement(ocpp_version="1.6", type_code="Core + C", passed=passed)
    assert type_code_disagreement(ocpp_version="1.6", type_code="Core + C", passed=["Core"], documented=["Core"]) == ""
    shown = type_code_disagreement(
        ocpp_version="1.6", type_code="Core + C", passed=["Core"], documented=["Core", "Smart Charging"]
    )
    assert "claimed but not passed per the document: Smart Charging" in shown
