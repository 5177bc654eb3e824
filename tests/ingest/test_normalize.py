"""Tests of ingest.normalize: every format the contract lists, the absent cases, and properties over generated input.

Pure functions, no database: each normaliser has its example tests followed by its hypothesis properties.
The vocabulary they read into (certificate numbers, the type a set of profiles earns) is tested in
tests/certificates/domain/.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from certificates.domain.numbers import find_number, ocpp_version_of, product_type_of
from certificates.domain.profiles import LETTER_ORDER, PROFILE_LETTERS, PROFILE_NAMES
from ingest.normalize import (
    canonical_profile_name,
    find_date,
    find_ocpp_version,
    normalize_certificate_type,
    normalize_product_type,
    normalize_profile_name,
    normalize_result,
    parse_date,
    parse_duration,
    parse_octt_version,
)
from tests.helpers import letters_of
from tests.strategies import FEW, SOME, certificate_like_text, number_prefixes

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
CANONICAL_PROFILES = list(PROFILE_NAMES)
CANONICAL_RESULTS = ["Pass", "Fail", "Not Tested", "Not Applicable"]
OCPP_VERSIONS = ("1.6", "2.0", "2.0.1", "2.1")

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


def ordinal(day: int) -> str:
    """Return the English ordinal suffix of ``day`` (1st, 2nd, 3rd, 4th, 11th, 22nd)."""
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


# --- dates: parse_date / find_date -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January 25, 2021", date(2021, 1, 25)),
        ("January 5, 2022", date(2022, 1, 5)),
        ("Jan 5 2022", date(2022, 1, 5)),
        ("Sept. 3, 2024", date(2024, 9, 3)),
        ("July 18th 2023", date(2023, 7, 18)),
        ("May 1st, 2020", date(2020, 5, 1)),
        ("January 25, 2O21", date(2021, 1, 25)),
    ],
)
def test_it_reads_month_name_first_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25 January 2021", date(2021, 1, 25)),
        ("5 Jan 2022", date(2022, 1, 5)),
        ("25th of January, 2021", date(2021, 1, 25)),
        ("25-Jan-2021", date(2021, 1, 25)),
    ],
)
def test_it_reads_day_first_month_name_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25.01.2021", date(2021, 1, 25)),
        ("5.1.2021", date(2021, 1, 5)),
        ("25-01-2021", date(2021, 1, 25)),
        ("01.02.2021", date(2021, 2, 1)),
    ],
)
def test_it_reads_day_first_dotted_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022.02.17", date(2022, 2, 17)),
        ("2022. 02. 17", date(2022, 2, 17)),
        ("2021-01-25", date(2021, 1, 25)),
        ("2022/02/17", date(2022, 2, 17)),
        ("Date : 2022.02.17", date(2022, 2, 17)),
    ],
)
def test_it_reads_year_first_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_it_reads_an_ambiguous_slashed_date_month_first_without_a_reference() -> None:
    assert parse_date("05/12/2021") == date(2021, 5, 12)


def test_it_resolves_an_ambiguous_slashed_date_by_the_reference_date() -> None:
    assert parse_date("05/12/2021", reference=date(2021, 12, 5)) == date(2021, 12, 5)
    assert parse_date("05/12/2021", reference=date(2021, 5, 12)) == date(2021, 5, 12)


def test_it_ignores_a_reference_that_matches_neither_reading() -> None:
    assert parse_date("05/12/2021", reference=date(2020, 1, 1)) == date(2021, 5, 12)
    assert parse_date("05.12.2021", reference=date(2020, 1, 1)) == date(2021, 12, 5)


def test_it_resolves_an_ambiguous_dotted_date_by_the_reference_date() -> None:
    assert parse_date("05.12.2021", reference=date(2021, 5, 12)) == date(2021, 5, 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("31/12/2021", date(2021, 12, 31)), ("12/31/2021", date(2021, 12, 31)), ("13.01.2021", date(2021, 1, 13))],
)
def test_it_takes_the_only_valid_reading_of_a_numeric_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [None, "", "nothing here", "Page 1 from 3", "OCA.0016.0009.CSMS", "February 30, 2021", "31.02.2021", "13/13/2021"],
)
def test_it_returns_none_when_there_is_no_date(text: str | None) -> None:
    assert parse_date(text) is None


def test_it_finds_the_first_date_and_its_span() -> None:
    text = "Lab Arnhem, NL, January 25, 2021 and later 2022.02.17"
    found = find_date(text)
    assert found is not None
    day, start, end = found
    assert day == date(2021, 1, 25)
    assert text[start:end] == "January 25, 2021"


def test_it_prefers_the_earliest_date_whatever_its_format() -> None:
    found = find_date("signed 2022.02.17, issued January 25, 2021")
    assert found is not None
    assert found[0] == date(2022, 2, 17)


def test_find_date_returns_none_without_a_date() -> None:
    assert find_date("no date at all") is None


@pytest.mark.parametrize(
    "text",
    ["January 2i, 2021", "2L January 2021", "July lI 2023", "January 25, 2O2i"],
)
def test_it_does_not_crash_on_letters_that_are_not_ocr_digits(text: str) -> None:
    result = parse_date(text)
    assert result is None or isinstance(result, date)


DATE_FORMATS = {
    "month day, year": lambda d: f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}",
    "month dayth year": lambda d: f"{MONTH_NAMES[d.month - 1]} {d.day}{ordinal(d.day)} {d.year}",
    "abbrev day year": lambda d: f"{MONTH_NAMES[d.month - 1][:3]} {d.day} {d.year}",
    "day month year": lambda d: f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}",
    "dd.mm.yyyy": lambda d: f"{d:%d.%m.%Y}",
    "yyyy.mm.dd": lambda d: f"{d:%Y.%m.%d}",
    "yyyy. mm. dd": lambda d: f"{d:%Y. %m. %d}",
    "iso": lambda d: d.isoformat(),
}


@SOME
@given(day=dates, fmt=st.sampled_from(sorted(DATE_FORMATS)), label=st.sampled_from(["", "Date : ", "on ", "Date:\t"]))
def test_any_date_in_an_unambiguous_format_parses_back_to_itself(day: date, fmt: str, label: str) -> None:
    text = label + DATE_FORMATS[fmt](day)
    assert parse_date(text) == day
    found = find_date(text)
    assert found is not None
    assert text[found[1] : found[2]] == DATE_FORMATS[fmt](day)


@SOME
@given(day=dates, pattern=st.sampled_from(["%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%m.%d.%Y", "%d-%m-%Y"]))
def test_any_numeric_date_parses_back_to_itself_given_itself_as_reference(day: date, pattern: str) -> None:
    assert parse_date(day.strftime(pattern), reference=day) == day


@SOME
@given(day=dates)
def test_a_slashed_date_without_reference_reads_month_first(day: date) -> None:
    assert parse_date(f"{day:%m/%d/%Y}") == day


@SOME
@given(text=certificate_like_text, reference=st.none() | dates)
def test_parse_date_never_raises_and_returns_a_date_or_none(text: str, reference: date | None) -> None:
    result = parse_date(text, reference)
    assert result is None or isinstance(result, date)
    found = find_date(text, reference)
    assert found is None or (found[0] == result and 0 <= found[1] < found[2] <= len(text))


# --- durations: parse_duration ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("5 sec", 5.0),
        ("3 sec", 3.0),
        ("0 sec", 0.0),
        ("100 sec", 100.0),
        ("60s", 60.0),
        ("1s", 1.0),
        ("30 seconds", 30.0),
        ("1 second", 1.0),
        ("00:00:02", 2.0),
        ("00:00:00", 0.0),
        ("0:00:01 seconds", 1.0),
        ("01:02:03", 3723.0),
        ("800 ms", 0.8),
        ("0.5 s", 0.5),
        ("0,5 s", 0.5),
        ("0.5s", 0.5),
        ("1 min", 60.0),
        ("2 minutes", 120.0),
        ("1 h", 3600.0),
        ("<1 s", 1.0),
        ("5", 5.0),
        ("  2,5 ", 2.5),
    ],
)
def test_it_reads_every_duration_format(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


def test_it_tells_zero_from_absent() -> None:
    assert parse_duration("0 sec") == 0.0
    assert parse_duration("n/a") is None


@pytest.mark.parametrize("text", [None, "", "abc", "Yes", "sec", "five seconds", "1.2.3"])
def test_it_returns_none_when_there_is_no_duration(text: str | None) -> None:
    assert parse_duration(text) is None


@SOME
@given(
    number=st.integers(min_value=0, max_value=100_000),
    template=st.sampled_from(["{} sec", "{}s", "{} seconds", "{} s", "{}sec", "{} secs"]),
)
def test_any_whole_number_of_seconds_parses(number: int, template: str) -> None:
    assert parse_duration(template.format(number)) == pytest.approx(number)


@SOME
@given(whole=st.integers(min_value=0, max_value=10_000), fraction=st.integers(min_value=0, max_value=999))
def test_any_decimal_number_of_seconds_parses_with_a_dot_or_a_comma(whole: int, fraction: int) -> None:
    expected = whole + fraction / 1000
    assert parse_duration(f"{whole}.{fraction:03d} s") == pytest.approx(expected)
    assert parse_duration(f"{whole},{fraction:03d} s") == pytest.approx(expected)
    assert parse_duration(f"{whole}.{fraction:03d}s") == pytest.approx(expected)


@SOME
@given(total=st.integers(min_value=0, max_value=99 * 3600 + 59 * 60 + 59), suffix=st.sampled_from(["", " seconds"]))
def test_any_clock_duration_parses(total: int, suffix: str) -> None:
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    assert parse_duration(f"{hours:02d}:{minutes:02d}:{seconds:02d}{suffix}") == pytest.approx(total)
    assert parse_duration(f"{hours}:{minutes:02d}:{seconds:02d}{suffix}") == pytest.approx(total)


@SOME
@given(number=st.integers(min_value=0, max_value=1_000_000))
def test_any_millisecond_duration_parses(number: int) -> None:
    assert parse_duration(f"{number} ms") == pytest.approx(number / 1000)


@SOME
@given(number=st.integers(min_value=0, max_value=10_000))
def test_any_minute_duration_parses(number: int) -> None:
    assert parse_duration(f"{number} min") == pytest.approx(number * 60)


@SOME
@given(text=certificate_like_text)
def test_parse_duration_never_raises_and_returns_a_float_or_none(text: str) -> None:
    result = parse_duration(text)
    assert result is None or isinstance(result, float)


# --- OCPP versions: ocpp_version_of / find_ocpp_version -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("OCPP 1.6 Full Certificate", "1.6"),
        ("OCPP 1.6J", "1.6"),
        ("OCPP 2.0.1 Certificate", "2.0.1"),
        ("OCPP v2.0.1", "2.0.1"),
        ("OCPP version 2.1", "2.1"),
        ("ocpp 1.6 - Edition 2 with OCPP 1.6 Errata sheet", "1.6"),
        ("OCPP 2.0.1 Edition 3 FINAL incl. Errata 2024-11", "2.0.1"),
    ],
)
def test_it_finds_the_ocpp_version_named_in_text(text: str, version: str) -> None:
    assert find_ocpp_version(text) == version


@pytest.mark.parametrize("text", [None, "", "no version", "OCPP 1.6.1", "1.6 without the name"])
def test_it_finds_no_ocpp_version_when_none_is_named(text: str | None) -> None:
    assert find_ocpp_version(text) is None


@FEW
@given(
    version=st.sampled_from(["1.6", "2.0.1", "2.1"]), tail=st.sampled_from(["", " Full Certificate", " - Edition 2"])
)
def test_any_named_ocpp_version_is_found(version: str, tail: str) -> None:
    assert find_ocpp_version(f"OCPP {version}{tail}") == version


@SOME
@given(text=certificate_like_text)
def test_the_ocpp_version_readers_never_raise(text: str) -> None:
    assert find_ocpp_version(text) in (None, "1.6", "2.0", "2.0.1", "2.1")
    assert ocpp_version_of(text) in (None, "1.6", "2.0.1", "2.1")


# --- OCTT versions: parse_octt_version -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("OCTT 1.6 v1.4.2", "1.4.2"),
        ("OCTT v.1.4.3", "1.4.3"),
        ("OCTT 1.6 v.1.4.3", "1.4.3"),
        ("OCTT 1.4.2", "1.4.2"),
        ("OCTT 2.0.1 v1.2.0", "1.2.0"),
        ("OCTT version 1.5", "1.5"),
        ("Test tool: OCTT 1.6 v1.4.2", "1.4.2"),
    ],
)
def test_it_reads_the_octt_tools_own_version(text: str, version: str) -> None:
    assert parse_octt_version(text) == version


@pytest.mark.parametrize("text", [None, "", "OCTT", "OCTT 1.6", "OCTT 2.0.1", "no version here"])
def test_it_returns_no_octt_version_when_only_the_ocpp_version_is_printed(text: str | None) -> None:
    assert parse_octt_version(text) is None


tool_versions = st.lists(st.integers(min_value=0, max_value=30), min_size=2, max_size=4).map(
    lambda parts: ".".join(map(str, parts))
)


@SOME
@given(version=tool_versions, template=st.sampled_from(["OCTT 1.6 v{}", "OCTT 2.0.1 v{}", "OCTT v.{}", "OCTT v{}"]))
def test_any_v_marked_tool_version_round_trips(version: str, template: str) -> None:
    assert parse_octt_version(template.format(version)) == version


@SOME
@given(version=tool_versions)
def test_any_bare_tool_version_that_is_not_an_ocpp_version_round_trips(version: str) -> None:
    assume(version not in OCPP_VERSIONS)
    assert parse_octt_version(f"OCTT {version}") == version
    assert parse_octt_version(version) == version


@SOME
@given(text=certificate_like_text)
def test_parse_octt_version_never_raises(text: str) -> None:
    result = parse_octt_version(text)
    assert result is None or (isinstance(result, str) and result in text)


# --- profile names: canonical_profile_name / normalize_profile_name --------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Core", "Core"),
        ("core", "Core"),
        ("C0re", "Core"),
        ("Core Profile", "Core"),
        ("FIRMWARE MANAGEMENT", "Firmware Management"),
        ("Smart Charging profile", "Smart Charging"),
        ("Reservation", "Reservation"),
        ("Local Authorization List Management", "Local Authorization List Management"),
        ("Local Auth List Management", "Local Authorization List Management"),
        ("Local Authorisation List Management", "Local Authorization List Management"),
        ("Local List Management", "Local Authorization List Management"),
        ("Remote  Trigger", "Remote Trigger"),
        ("Advanced Security", "Advanced Security"),
        ("Security", "Advanced Security"),
        ("Advanced Device Management", "Advanced Device Management"),
        ("Advanced User Interface", "Advanced User Interface"),
        ("ISO 15118 support", "ISO 15118 support"),
        ("ISO 15118 Support", "ISO 15118 support"),
        ("ISO 15118", "ISO 15118 support"),
    ],
)
def test_it_maps_profile_aliases_to_canonical_names(text: str, name: str) -> None:
    assert canonical_profile_name(text) == name
    assert normalize_profile_name(text) == name


@pytest.mark.parametrize("text", ["", "Profile", "Something Else", "Hardware"])
def test_it_knows_no_canonical_name_for_unknown_rows(text: str) -> None:
    assert canonical_profile_name(text) is None


def test_an_unknown_profile_keeps_its_own_name_with_whitespace_collapsed() -> None:
    assert normalize_profile_name("  Vendor  Specific\tFeature ") == "Vendor Specific Feature"


@SOME
@given(
    name=st.sampled_from(CANONICAL_PROFILES),
    case=st.sampled_from([str.upper, str.lower, str.title, str]),
    space=st.sampled_from([" ", "  ", "\t", " \u00a0"]),
    suffix=st.sampled_from(["", " Profile", " profile"]),
)
def test_any_casing_and_spacing_of_a_canonical_profile_maps_back(name: str, case, space: str, suffix: str) -> None:
    printed = case(name).replace(" ", space) + suffix
    assert canonical_profile_name(printed) == name
    assert normalize_profile_name(printed) == name


@SOME
@given(text=st.text())
def test_normalize_profile_name_never_raises_and_returns_a_canonical_or_collapsed_name(text: str) -> None:
    result = normalize_profile_name(text)
    assert result in CANONICAL_PROFILES or result == " ".join(text.split())
    assert canonical_profile_name(text) in (None, *CANONICAL_PROFILES)


# --- results: normalize_result ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "result"),
    [
        ("Pass", "Pass"),
        ("PASS", "Pass"),
        ("passed", "Pass"),
        ("Pas5", "Pass"),
        ("  Pass ", "Pass"),
        ("Fail", "Fail"),
        ("Failed", "Fail"),
        ("FAILED", "Fail"),
        ("Not Tested", "Not Tested"),
        ("Not  tested", "Not Tested"),
        ("NOT TESTED", "Not Tested"),
        ("N/A", "Not Applicable"),
        ("n.a.", "Not Applicable"),
        ("NA", "Not Applicable"),
        ("Not Applicable", "Not Applicable"),
    ],
)
def test_it_normalises_result_words(text: str, result: str) -> None:
    assert normalize_result(text) == result


@pytest.mark.parametrize(("text", "raw"), [("Partial", "Partial"), ("  Pending  review ", "Pending review"), ("", "")])
def test_it_keeps_an_unknown_result_word_raw(text: str, raw: str) -> None:
    assert normalize_result(text) == raw


@pytest.mark.parametrize("canonical", CANONICAL_RESULTS)
def test_canonical_results_map_to_themselves(canonical: str) -> None:
    assert normalize_result(canonical) == canonical


@SOME
@given(text=st.one_of(st.text(), st.sampled_from(CANONICAL_RESULTS + ["pas5", "N/A", "failed", " not tested "])))
def test_normalize_result_is_idempotent(text: str) -> None:
    once = normalize_result(text)
    assert normalize_result(once) == once
    assert once in CANONICAL_RESULTS or once == " ".join(text.split())


@FEW
@given(
    canonical=st.sampled_from(CANONICAL_RESULTS),
    case=st.sampled_from([str.upper, str.lower, str.title, str]),
    pad=st.sampled_from(["", " ", "\t"]),
)
def test_any_casing_of_a_canonical_result_maps_back(canonical: str, case, pad: str) -> None:
    assert normalize_result(pad + case(canonical) + pad) == canonical


# --- product types: normalize_product_type / product_type_of ------------------------------------------


@pytest.mark.parametrize(
    ("text", "product_type"),
    [
        ("CSMS", "CSMS"),
        ("Charging Station Management System", "CSMS"),
        ("Central System", "CSMS"),
        ("SemaConnect Network Platform (CSMS)", "CSMS"),
        ("Charging Station", "Charging Station"),
        ("CS", "Charging Station"),
        ("Charge Point", "Charging Station"),
        ("AC EV charger", "Charging Station"),
    ],
)
def test_it_normalises_product_types(text: str, product_type: str) -> None:
    assert normalize_product_type(text) == product_type


@pytest.mark.parametrize("text", [None, "", "Smart meter", "Software"])
def test_it_returns_no_product_type_for_other_text(text: str | None) -> None:
    assert normalize_product_type(text) is None


@FEW
@given(
    version=st.integers(0, 9999),
    sequence=st.integers(0, 9999),
    kind_type=st.sampled_from([("CS", "Charging Station"), ("CSMS", "CSMS")]),
    prefix=number_prefixes,
)
def test_the_product_type_of_any_found_number_comes_from_its_suffix(
    version: int, sequence: int, kind_type: tuple[str, str], prefix: str | None
) -> None:
    kind, product_type = kind_type
    number = find_number(f"{prefix + '_' if prefix else ''}OCA_{version:04d}_{sequence:04d}_{kind}")
    assert product_type_of(number) == product_type
    assert normalize_product_type(kind) == product_type


@SOME
@given(text=st.text())
def test_the_product_type_readers_never_raise(text: str) -> None:
    assert normalize_product_type(text) in (None, "CSMS", "Charging Station")
    assert product_type_of(text) in (None, "CSMS", "Charging Station")


# --- certificate types: normalize_certificate_type -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "certificate_type"),
    [
        ("Full", "Full"),
        ("full", "Full"),
        ("Security", "Security"),
        ("Full + Security", "Full + Security"),
        ("Full & Security", "Full + Security"),
        ("Full and Security", "Full + Security"),
        ("Core", "Core"),
        ("Core + S + C", "Core + S + C"),
        ("core + c + s", "Core + S + C"),
        ("Core + C + D + I", "Core + C + D + I"),
        ("Core + S + L + C + D + R + U + I", "Core + S + L + C + D + R + U + I"),
        ("Core + Smart Charging", "Core + C"),
        ("Core, Advanced Security, ISO 15118 support", "Core + S + I"),
    ],
)
def test_it_normalises_stated_certificate_types(text: str, certificate_type: str) -> None:
    assert normalize_certificate_type(text) == certificate_type


@pytest.mark.parametrize("text", [None, "", "Subset", "Family", "Core + X", "Core + Firmware Management", "S + C"])
def test_it_returns_no_certificate_type_for_types_oca_does_not_use(text: str | None) -> None:
    assert normalize_certificate_type(text) is None


@SOME
@given(
    letters=st.lists(st.sampled_from(LETTER_ORDER), unique=True),
    by_name=st.booleans(),
    case=st.sampled_from([str.upper, str.lower, str]),
)
def test_any_stated_core_type_in_any_order_normalises_to_oca_order(letters: list[str], by_name: bool, case) -> None:
    names = {letter: name for name, letter in PROFILE_LETTERS.items()}
    parts = [names[letter] if by_name else letter for letter in letters]
    stated = case(" + ".join(["Core", *parts]))
    expected = " + ".join(["Core", *[letter for letter in LETTER_ORDER if letter in letters]])
    assert normalize_certificate_type(stated) == expected
    assert normalize_certificate_type(expected) == expected


@SOME
@given(text=certificate_like_text)
def test_normalize_certificate_type_never_raises_and_returns_a_known_type_or_none(text: str) -> None:
    result = normalize_certificate_type(text)
    if result is not None and result not in ("Full", "Security", "Full + Security"):
        letters = letters_of(result)
        assert letters == [letter for letter in LETTER_ORDER if letter in letters]
        assert normalize_certificate_type(result) == result
