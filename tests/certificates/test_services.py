"""Holder and lab resolution: one entity per company, every printed name kept as an alias."""

import pytest

from certificates.models import Holder, Lab, name_key
from certificates.services import holder_resolve, lab_resolve

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("SemaConnect", "SemaConnect Inc"),
        ("I-Charge Solutions International Co. Ltd.", "I-Charge Solutions International Co. Ltd"),
        ("EVAR", "EVAR Inc."),
        ("Dekra Certification Inc", "DEKRA Certification Inc."),
    ],
)
def test_names_that_differ_in_case_punctuation_or_legal_form_have_one_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_it_resolves_every_printed_name_of_a_holder_to_one_holder() -> None:
    first = holder_resolve(name="SemaConnect")
    second = holder_resolve(name="SemaConnect Inc")
    assert first == second
    assert Holder.objects.count() == 1
    assert sorted(first.aliases.values_list("name", flat=True)) == ["SemaConnect", "SemaConnect Inc"]


def test_it_keeps_different_labs_apart() -> None:
    assert lab_resolve(name="Korea Smart Grid Association") != lab_resolve(name="DNV GL")
    assert Lab.objects.count() == 2
