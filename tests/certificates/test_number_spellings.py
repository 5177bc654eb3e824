"""A certificate number typed another way (lower case, no dots, underscores) reaches the same certificate: the
site redirects to the one canonical address, the API answers the record, compare takes it as the number."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

NUMBER = "OCA.0016.0009.CSMS"
SPELLINGS = ["oca.0016.0009.csms", "OCA00160009CSMS", "OCA_0016_0009_CSMS", "oca.0016.0009.CSMS"]


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize(
    ("pattern", "target"),
    [
        ("/certificates/{}/", f"/certificates/{NUMBER}/"),
        ("/check/{}/", f"/check/{NUMBER}/"),
        ("/certificates/{}/badge.svg", f"/certificates/{NUMBER}/badge.svg"),
    ],
)
def test_pages_redirect_to_the_canonical_number(client: Client, seeds: None, spelling: str, pattern: str,
                                                target: str) -> None:  # fmt: skip
    response = client.get(pattern.format(spelling) + "?version=1")
    assert response.status_code == 301
    assert response["Location"] == target + "?version=1"
    assert client.get(target).status_code == 200


def test_the_check_form_sends_any_spelling_to_the_canonical_verdict(client: Client, seeds: None) -> None:
    response = client.get("/check/", {"number": " oca.0016.0009.csms "})
    assert response.status_code == 302 and response["Location"] == f"/check/{NUMBER}/"


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_the_api_answers_any_spelling_with_the_record(client: Client, seeds: None, spelling: str) -> None:
    assert client.get(f"/api/v1/certificates/{spelling}/").json()["number"] == NUMBER
    assert client.get(f"/api/v1/check/{spelling}/").json()["number"] == NUMBER


def test_compare_reads_numbers_in_any_spelling(client: Client, seeds: None) -> None:
    response = client.get("/compare/", {"number": ["oca00160009csms", "OCA.0016.0019.CSMS"]})
    assert response.status_code == 200
    assert response.content.decode().count(f'href="/certificates/{NUMBER}/"') >= 1


def test_a_value_that_is_no_number_is_kept_as_typed(client: Client, seeds: None) -> None:
    response = client.get("/certificates/not-a-number/")
    assert response.status_code == 404 and b"not-a-number" in response.content
