"""Company names (certificates.domain.names): the key that makes one entity of every printed form."""

import pytest

from certificates.domain.names import name_key


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
