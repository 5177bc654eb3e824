"""The rules of request parameters (``certificates.params``), on their own: no database, no view."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.http import QueryDict
from rest_framework.exceptions import ValidationError

from certificates import params
from certificates.choices import PROFILE_CHOICES, FlagKind


def query(**values: str) -> QueryDict:
    """A query of one value per name."""
    made = QueryDict(mutable=True)
    made.update(values)
    return made


@pytest.mark.parametrize("raw", ["²", "٣", "１", "3 ", " 3", "+3", "-3", "3.0", "", "0x10", "1_000", "9" * 20])
def test_it_rejects_a_whole_number_that_is_not_ascii_digits(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        params.whole_number(query(page_size=raw), "page_size", 1, 200, 50)
    assert list(caught.value.detail) == ["page_size"]


def test_it_reads_a_whole_number_in_range_or_the_default() -> None:
    assert params.whole_number(QueryDict("page_size=007"), "page_size", 1, 200, 50) == 7
    assert params.whole_number(QueryDict(""), "page_size", 1, 200, 50) == 50
    assert params.whole_number(QueryDict(""), "version", 1, 9, None) is None
    with pytest.raises(ValidationError):
        params.whole_number(QueryDict("page_size=201"), "page_size", 1, 200, 50)


def test_it_rejects_a_single_parameter_given_twice() -> None:
    with pytest.raises(ValidationError) as caught:
        params.one(QueryDict("page=1&page=1"), "page")
    assert caught.value.detail == {"page": ["Give this parameter once."]}


def test_the_caps_of_repeatable_parameters_come_from_the_domain() -> None:
    assert {"profile": len(PROFILE_CHOICES), "flag": len(FlagKind.choices), "number": 4} == params.REPEATABLE


def test_it_keeps_distinct_values_of_a_repeatable_parameter_up_to_its_cap() -> None:
    assert params.several(QueryDict("number=A&number=&number=B&number=A"), "number") == ["A", "B"]
    with pytest.raises(ValidationError) as caught:
        params.several(QueryDict("&".join(["number=A"] * 5)), "number")
    assert list(caught.value.detail) == ["number"]


def test_it_reads_the_numbers_compared_each_once_however_many() -> None:
    given = QueryDict("number=A&number=&number=B&number=A&number=C&number=D&number=E")
    assert params.compared_numbers(given) == ["A", "B", "C", "D", "E"]  # the page says the limit
    with pytest.raises(ValidationError) as caught:
        params.compared_numbers(QueryDict("number=A&number=a%00b"))
    assert list(caught.value.detail) == ["number"]


@pytest.mark.parametrize("raw", ["x" * 101, "a\x00b", "line\nbreak"])
def test_it_refuses_a_compare_search_too_long_or_with_a_control_character(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        params.compare_search(query(add=raw))
    assert list(caught.value.detail) == ["add"]


def test_it_reads_a_compare_search_stripped_or_none() -> None:
    assert params.compare_search(query(add="  Meshcrafts  ")) == "Meshcrafts"
    assert params.compare_search(query(add="   ")) is None
    assert params.compare_search(QueryDict("")) is None
    with pytest.raises(ValidationError):
        params.compare_search(QueryDict("add=a&add=b"))


def test_it_names_each_filter_given_too_often() -> None:
    given = QueryDict("&".join(["flag=x"] * (len(FlagKind.choices) + 1)) + "&q=a&q=b&ocpp_version=1.6")
    assert set(params.repeat_errors(given, ["flag", "q", "ocpp_version", "profile"])) == {"flag", "q"}


@pytest.mark.parametrize("value", ["a\x00b", "\x01", "tab\there", "line\n", "\x7f", "\x85", "\ud800"])
def test_it_finds_control_characters_and_lone_surrogates(value: str) -> None:
    given = QueryDict(mutable=True)
    given.setlist("q", ["fine", value])
    assert params.character_errors(given) == {"q": ["This value holds a control character."]}
    assert params.has_control_characters(value)


def test_it_lets_other_unicode_through() -> None:
    assert not params.has_control_characters("Smart Charging Ünïcødé 充電 ½ \u200d\ufffd")


def test_it_refuses_query_strings_too_long_or_with_too_many_parameters_and_blames_the_most_repeated() -> None:
    assert params.query_string_errors("q=" + "x" * 4094) == {}
    assert list(params.query_string_errors("q=" + "x" * 4095)) == ["non_field_errors"]
    assert params.query_string_errors("&".join(["flag=a"] * 64)) == {}
    assert list(params.query_string_errors("&".join(["fl%61g=a"] * 65))) == ["flag"]
    assert list(params.query_string_errors("&".join(f"p{n}=a" for n in range(65)))) == ["non_field_errors"]


@pytest.mark.parametrize("value", ["", "x" * 41, "OCA.0016.0009.CSMS\x00", "\x1b[31m"])
def test_it_rejects_what_can_be_no_certificate_number(value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        params.certificate_number(value)
    assert list(caught.value.detail) == ["number"]


def test_it_accepts_any_possible_certificate_number() -> None:
    assert params.certificate_number("OCA.0016.0009.CSMS") == "OCA.0016.0009.CSMS"
    assert params.certificate_number("no such number, but printable") == "no such number, but printable"


def test_it_moves_times_to_utc_or_refuses_them_when_utc_is_out_of_range() -> None:
    ahead = timezone(timedelta(hours=23, minutes=59))
    assert params.in_utc(datetime(2024, 1, 2, 23, 59, tzinfo=ahead)) == datetime(2024, 1, 2, tzinfo=UTC)
    assert params.in_utc(datetime(2024, 1, 2)) == datetime(2024, 1, 2, tzinfo=UTC)
    with pytest.raises(ValueError):
        params.in_utc(datetime(1, 1, 1, tzinfo=ahead))
    with pytest.raises(ValueError):
        params.in_utc(datetime(9999, 12, 31, 23, 59, tzinfo=timezone(-timedelta(hours=23, minutes=59))))
