"""Tests of certificates.domain.numbers: finding a certificate number in any printed form, and reading its
OCPP version and product type.

Pure functions, no database: example tests and hypothesis properties.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certificates.domain.numbers import find_number, ocpp_version_of, product_type_of
from tests.strategies import FEW, SOME, certificate_like_text, number_prefixes

# --- find_number ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OCA.0016.0009.CSMS", "OCA.0016.0009.CSMS"),
        ("OCA00160009CSMS", "OCA.0016.0009.CSMS"),
        ("OCA_0016_0009_CSMS", "OCA.0016.0009.CSMS"),
        ("OCA 0016 0009 CSMS", "OCA.0016.0009.CSMS"),
        ("oca.0016.0009.csms", "OCA.0016.0009.CSMS"),
        ("OCA.0201.0069.CS", "OCA.0201.0069.CS"),
        ("W01.OCA.0016.1071.CSMS", "W01.OCA.0016.1071.CSMS"),
        ("F01.OCA.0016.1175.CS", "F01.OCA.0016.1175.CS"),
        ("W01OCA00161071CSMS", "W01.OCA.0016.1071.CSMS"),
        ("Certificate_F01.OCA_.0016.1175.CS_CHAEVI.pdf", "F01.OCA.0016.1175.CS"),
        ("Certificate_OCA_.0016.0528.CSMS_AHA.pdf", "OCA.0016.0528.CSMS"),
        ("Certificate_OCA00160009CSMS_Meshcrafts-AS.pdf", "OCA.0016.0009.CSMS"),
        ("OCA.0016.1137.CSMS - update-2025-12-12", "OCA.0016.1137.CSMS"),
        ("Certificate number: OCA.0016.0009.CSMS", "OCA.0016.0009.CSMS"),
    ],
)
def test_it_reads_every_certificate_number_form(text: str, expected: str) -> None:
    assert find_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OCA.OO16.OOO9.CSMS", "OCA.0016.0009.CSMS"),
        ("0CA.0016.0009.CSMS", "OCA.0016.0009.CSMS"),
        ("OCA.00l6.0009.CSMS", "OCA.0016.0009.CSMS"),
        ("OCA.0016.I071.CSMS", "OCA.0016.1071.CSMS"),
        ("WO1.OCA.0016.1071.CSMS", "W01.OCA.0016.1071.CSMS"),
    ],
)
def test_it_reads_ocr_look_alikes_in_certificate_numbers(text: str, expected: str) -> None:
    assert find_number(text) == expected


@pytest.mark.parametrize("text", [None, "", "no number", "OCA.0016.0009.CSX", "OCA.016.0009.CSMS", "XOCA.0016.0009.CS"])
def test_it_returns_none_when_there_is_no_certificate_number(text: str | None) -> None:
    assert find_number(text) is None


@pytest.mark.parametrize("text", ["OCA.00i6.0009.CS", "OCA.0016.00L9.CSMS", "Wi1.OCA.0016.1071.CS"])
def test_it_does_not_crash_on_letters_that_are_not_ocr_digits_in_numbers(text: str) -> None:
    result = find_number(text)
    assert result is None or result.startswith(("OCA.", "W", "F"))


NUMBER_FORMS = {
    "dotted": ("{p}.", "OCA.{v}.{n}.{k}"),
    "underscored": ("{p}_", "OCA_{v}_{n}_{k}"),
    "spaced": ("{p} ", "OCA {v} {n} {k}"),
    "undotted": ("{p}", "OCA{v}{n}{k}"),
    "url": ("{p}.", "OCA_.{v}.{n}.{k}"),
}


@SOME
@given(
    version=st.integers(min_value=0, max_value=9999),
    sequence=st.integers(min_value=0, max_value=9999),
    kind=st.sampled_from(["CS", "CSMS"]),
    prefix=number_prefixes,
    form=st.sampled_from(sorted(NUMBER_FORMS)),
    ocr_zeros=st.booleans(),
    frame=st.sampled_from(["{}", "Certificate_{}_Vendor.pdf", "Certificate number: {}\n", "({})"]),
)
def test_any_certificate_number_in_any_form_gives_the_canonical_form(
    version: int, sequence: int, kind: str, prefix: str | None, form: str, ocr_zeros: bool, frame: str
) -> None:
    prefix_template, template = NUMBER_FORMS[form]
    rendered = template.format(v=f"{version:04d}", n=f"{sequence:04d}", k=kind)
    if prefix:
        rendered = prefix_template.format(p=prefix) + rendered
    if ocr_zeros:
        rendered = rendered.replace("0", "O")
    canonical = f"OCA.{version:04d}.{sequence:04d}.{kind}"
    if prefix:
        canonical = f"{prefix}.{canonical}"
    assert find_number(frame.format(rendered)) == canonical


@SOME
@given(text=certificate_like_text)
def test_find_certificate_number_never_raises_and_returns_a_canonical_form_or_none(text: str) -> None:
    result = find_number(text)
    assert result is None or result.endswith((".CS", ".CSMS"))
    if result is not None:
        assert find_number(result) == result


# --- ocpp_version_of -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "version"),
    [
        ("OCA.0016.0009.CSMS", "1.6"),
        ("OCA.0201.0053.CSMS", "2.0.1"),
        ("OCA.0201.0069.CS", "2.0.1"),
        ("W01.OCA.0016.1071.CSMS", "1.6"),
        ("F01.OCA.0016.1175.CS", "1.6"),
        ("OCA.0021.0001.CS", "2.1"),
    ],
)
def test_it_reads_the_ocpp_version_from_a_number(number: str, version: str) -> None:
    assert ocpp_version_of(number) == version


@pytest.mark.parametrize("number", [None, "", "OCA.9999.0001.CS", "not a number", "OCA00160009CSMS"])
def test_it_returns_no_ocpp_version_for_an_unknown_or_non_canonical_number(number: str | None) -> None:
    assert ocpp_version_of(number) is None


@FEW
@given(
    code_version=st.sampled_from([("0016", "1.6"), ("0201", "2.0.1")]),
    sequence=st.integers(0, 9999),
    kind=st.sampled_from(["CS", "CSMS"]),
)
def test_the_version_of_any_found_number_comes_from_its_protocol_code(
    code_version: tuple[str, str], sequence: int, kind: str
) -> None:
    code, version = code_version
    number = find_number(f"OCA{code}{sequence:04d}{kind}")
    assert ocpp_version_of(number) == version


# --- product_type_of -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "product_type"),
    [
        ("OCA.0016.0009.CSMS", "CSMS"),
        ("OCA.0201.0069.CS", "Charging Station"),
        ("F01.OCA.0016.1175.CS", "Charging Station"),
        ("W01.OCA.0016.1071.CSMS", "CSMS"),
        (None, None),
        ("", None),
        ("OCA.0016.0009", None),
    ],
)
def test_it_reads_the_product_type_from_a_number(number: str | None, product_type: str | None) -> None:
    assert product_type_of(number) == product_type
