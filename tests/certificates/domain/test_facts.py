"""Tests of certificates.domain.facts: which differences between two records of one number and date count.

Pure functions, no database: example tests and a hypothesis property.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from certificates.domain.facts import Facts, fact_differences, facts_of, shown
from certificates.domain.record import ParsedCertificate, PerformanceMeasurement, ProfileResult
from tests.strategies import SOME

RECORD = ParsedCertificate(
    certificate_number="OCA.0016.0009.CSMS",
    ocpp_version="1.6",
    certificate_type="Full",
    product_type="CSMS",
    holder="Meshcrafts AS",
    product_designation="SmartCharge",
    software_version="1.6J-24012021",
    certification_date=date(2021, 1, 25),
    test_lab="DNV GL",
    profiles=(ProfileResult("Core", "Pass"), ProfileResult("Smart Charging", "Pass")),
)
FACTS = facts_of(RECORD)


def test_the_same_record_has_no_differences() -> None:
    assert fact_differences(FACTS, FACTS) == []


def test_it_ignores_what_a_reader_ignores() -> None:
    """Case, runs of white space, legal forms and punctuation of company names, the order of the profiles."""
    other = replace(
        FACTS,
        holder="MESHCRAFTS A.S.",
        product_designation=" smartcharge ",
        test_lab="DNV-GL",
        profiles=(("Smart Charging", "pass"), ("Core", "Pass")),
    )
    assert fact_differences(other, FACTS) == []
    spaced = replace(FACTS, product_designation="Smart \t Charge  Cloud")
    assert fact_differences(spaced, replace(FACTS, product_designation="smart charge cloud")) == []


def test_it_leaves_out_what_describes_the_test_rather_than_the_product() -> None:
    other = replace(
        RECORD,
        test_date=date(2020, 1, 1),
        test_report_reference="another report",
        performance=(PerformanceMeasurement("OCPP response timeout", 5.0, 3.0, "5 sec", "3 sec"),),
    )
    assert fact_differences(facts_of(other), FACTS) == []


def test_it_names_each_fact_that_differs_with_both_values() -> None:
    other = replace(FACTS, software_version="2.0", holder="Current Eco AS", product_type="")
    assert fact_differences(other, FACTS) == [
        'holder "Current Eco AS", not "Meshcrafts AS"',
        'software version "2.0", not "1.6J-24012021"',
        'product type none, not "CSMS"',
    ]


def test_it_names_a_profile_whose_result_differs_or_that_one_side_lacks() -> None:
    other = replace(FACTS, profiles=(("Core", "Pass"), ("Smart Charging", "Not Tested"), ("Reservation", "Pass")))
    assert fact_differences(other, FACTS) == [
        'profile Smart Charging "Not Tested", not "Pass"',
        'profile Reservation "Pass", not none',
    ]
    assert fact_differences(FACTS, other) == [
        'profile Smart Charging "Pass", not "Not Tested"',
        'profile Reservation none, not "Pass"',
    ]


def test_it_does_not_compare_facts_and_profiles_corrected_by_hand() -> None:
    other = replace(FACTS, software_version="2.0", profiles=(("Core", "Pass"), ("Smart Charging", "Fail")))
    assert fact_differences(other, FACTS, skip_facts={"software_version"}, skip_profiles={"Smart Charging"}) == []


def test_a_quoted_value_is_cut_to_a_readable_length() -> None:
    assert shown("") == "none"
    assert shown("x" * 200) == '"' + "x" * 80 + '…"'


@SOME
@given(
    values=st.lists(st.text(max_size=12), min_size=7, max_size=7),
    profiles=st.lists(st.tuples(st.text(max_size=8), st.sampled_from(["Pass", "Fail", "Not Tested"])), max_size=4),
)
def test_a_record_never_differs_from_itself_and_differences_go_both_ways(
    values: list[str], profiles: list[tuple[str, str]]
) -> None:
    facts = Facts(*values, profiles=tuple(profiles))
    assert fact_differences(facts, facts) == []
    assert bool(fact_differences(facts, FACTS)) == bool(fact_differences(FACTS, facts))
