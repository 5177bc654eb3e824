"""The compare page and its CSV on the seed certificates: rows side by side, add and remove, the limit, by name."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from certificates.models import Certificate, Holder, ListingEntry, ListingImport, PerformanceMeasurement
from tests.factories import make_certificate, make_holder

pytestmark = pytest.mark.django_db

MESHCRAFTS, SEMACONNECT, EVAR, KERI = (
    "OCA.0016.0009.CSMS",
    "OCA.0016.0019.CSMS",
    "OCA.0016.0042.CSMS",
    "OCA.0016.0073.CSMS",
)
ICHARGE = "OCA.0016.0232.CSMS"


def get(client: Client, path: str, status: int = 200, bound: int = 6) -> str:
    """GET ``path``; check its status and that it ran at most ``bound`` queries; return its HTML."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == status, response.content[:3000]
    assert len(queries) <= bound, [q["sql"][:200] for q in queries]
    return response.content.decode()


def row_of(html: str, label: str) -> str:
    """The HTML of the table row headed ``label``, each run of white space as one space."""
    found = re.search(rf'<tr[^>]*>\s*<th scope="row">{re.escape(label)}\b(?:(?!</tr>).)*</tr>', html, re.S)
    assert found, label
    return " ".join(found.group(0).split())


def test_it_shows_the_rows_side_by_side_and_marks_differences_in_words(client: Client, seeds: None) -> None:
    html = get(client, f"/compare/?number={MESHCRAFTS}&number={SEMACONNECT}", bound=3)
    holder = row_of(html, "Holder")
    assert 'class="differs"' in holder and "≠ differs" in holder
    assert "≠ differs" not in row_of(html, "Certificate type")  # both Full
    meshcrafts = Holder.objects.get(name="Current Eco AS") if Holder.objects.filter(name="Current Eco AS") else None
    holder_id = (meshcrafts or Certificate.objects.get(number=MESHCRAFTS).holder).pk
    assert f'<a href="/holders/{holder_id}/">' in holder
    lab = Certificate.objects.get(number=MESHCRAFTS).lab
    assert lab is not None and f'<a href="/labs/{lab.pk}/">' in row_of(html, "Test laboratory")
    assert 'role="region" aria-labelledby="compare-caption" tabindex="0"' in html
    assert "Scroll sideways to see all certificates" in html


def test_it_shows_pics_and_measured_values_in_seconds(client: Client, seeds: None) -> None:
    html = get(client, f"/compare/?number={MESHCRAFTS}&number={SEMACONNECT}", bound=3)
    pics = row_of(html, "OCPP response timeout: PICS")
    assert "<td>5 s</td>" in pics and "<td>100 s</td>" in pics and "≠ differs" in pics
    measured = row_of(html, "OCPP response timeout: measured")
    assert "<td>3 s</td>" in measured and "<td>1 s</td>" in measured


def test_equal_values_printed_otherwise_are_not_marked(client: Client, seeds: None) -> None:
    PerformanceMeasurement.objects.filter(certificate__number=SEMACONNECT).update(
        pics_value_s=5.0, pics_value_raw="5 sec"
    )
    PerformanceMeasurement.objects.filter(certificate__number=MESHCRAFTS).update(pics_value_raw="5.0 s")
    Certificate.objects.filter(number=SEMACONNECT).update(product_designation="  SMART   charge ")
    Certificate.objects.filter(number=MESHCRAFTS).update(product_designation="Smart Charge")
    html = get(client, f"/compare/?number={MESHCRAFTS}&number={SEMACONNECT}", bound=3)
    assert "≠ differs" not in row_of(html, "OCPP response timeout: PICS")
    assert "≠ differs" not in row_of(html, "Product")


def test_profiles_show_their_evidence(client: Client, seeds: None) -> None:
    holder = make_holder(name="Listed Only GmbH")
    make_certificate(number="OCA.0016.9001.CSMS", holder=holder, source="listing")
    entry = ListingEntry.objects.filter(number=MESHCRAFTS).first()
    assert entry is None  # the seeds are not in a listing: the listed-only record gets its own entry below
    made = ListingImport.objects.create()
    ListingEntry.objects.create(raw_number="OCA.0016.9001.CSMS", number="OCA.0016.9001.CSMS", position=1,
                                certificate_type="Core + C", first_import=made, last_import=made)  # fmt: skip
    html = get(client, f"/compare/?number={MESHCRAFTS}&number=OCA.0016.9001.CSMS", bound=3)
    core = row_of(html, "Core")
    assert '<span class="badge passed">Passed</span>' in core
    assert '<span class="badge claimed">Claimed by type code</span>' in core
    assert '<span class="badge unknown">Unknown</span>' in row_of(html, "Reservation")
    source = row_of(html, "Source")
    assert "Read from its document" in source and "Listed by OCA only — no document read" in source


def test_a_certificate_is_removed_and_added_by_number(client: Client, seeds: None) -> None:
    html = get(client, f"/compare/?number={MESHCRAFTS}&number={SEMACONNECT}&number={EVAR}", bound=3)
    assert f'href="/compare/?number={MESHCRAFTS}&amp;number={EVAR}">Remove' in html
    response = client.get(f"/compare/?number={MESHCRAFTS}&number={SEMACONNECT}&add={EVAR.lower()}")
    assert response.status_code == 302
    assert response["Location"] == f"/compare/?number={MESHCRAFTS}&number={SEMACONNECT}&number={EVAR}"


def test_one_certificate_so_far_offers_to_add_another(client: Client, seeds: None) -> None:
    html = get(client, f"/compare/?number={MESHCRAFTS}", bound=3)
    assert "So far:" in html and 'name="add"' in html and 'value="OCA.0016.0009.CSMS"' in html
    assert "<table" not in html


def test_a_holder_name_matching_one_certificate_adds_it(client: Client, seeds: None) -> None:
    response = client.get(f"/compare/?number={MESHCRAFTS}&add=semaconnect")
    assert response.status_code == 302
    assert response["Location"] == f"/compare/?number={MESHCRAFTS}&number={SEMACONNECT}"


def test_a_name_matching_several_shows_the_choices(client: Client, seeds: None) -> None:
    for n in range(3):
        make_certificate(number=f"OCA.0016.910{n}.CSMS", holder=make_holder(name=f"Zephyr Volt {n}"))
    from certificates.search import certificates_search_reindex

    certificates_search_reindex()
    html = get(client, f"/compare/?number={MESHCRAFTS}&add=zephyr", bound=8)
    assert "Several certificates match “zephyr”" in html
    for n in range(3):
        assert f'href="/compare/?number={MESHCRAFTS}&amp;number=OCA.0016.910{n}.CSMS">Add OCA.0016.910{n}.CSMS' in html


def test_a_name_matching_nothing_says_so(client: Client, seeds: None) -> None:
    html = get(client, f"/compare/?number={MESHCRAFTS}&add=nothingcalledthis", bound=8)
    assert "No certificate matches “nothingcalledthis”" in html


def test_a_fifth_is_refused_with_the_limit_and_never_dropped(client: Client, seeds: None) -> None:
    four = [MESHCRAFTS, SEMACONNECT, EVAR, KERI]
    query = "&".join(f"number={n}" for n in four)
    html = get(client, f"/compare/?{query}&add={ICHARGE}", status=400, bound=3)
    assert "You can compare at most 4 certificates at a time" in html and ICHARGE in html
    assert html.count('<th scope="col"><a href="/certificates/') == 4  # the four are still compared
    html = get(client, f"/compare/?{query}&number={ICHARGE}", status=400, bound=3)
    assert "at most 4 certificates at a time, and 5 were chosen" in html
    assert f'href="/compare/?number={SEMACONNECT}&amp;number={EVAR}&amp;number={KERI}&amp;number={ICHARGE}"' in html


def test_a_search_too_long_is_refused_naming_it(client: Client, seeds: None) -> None:
    html = get(client, f"/compare/?number={MESHCRAFTS}&add={'x' * 101}", status=400, bound=2)
    assert "<strong>add</strong>: Give a number or a name of at most 100 characters" in html


def csv_rows(client: Client, path: str) -> list[list[str]]:
    response = client.get(path)
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="oca-comparison.csv"'
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_comparison_downloads_as_csv_with_the_rows_of_the_page(client: Client, seeds: None) -> None:
    html = get(client, f"/compare/?number={MESHCRAFTS}&number={SEMACONNECT}", bound=3)
    assert f'href="/compare.csv?number={MESHCRAFTS}&amp;number={SEMACONNECT}"' in html
    rows = csv_rows(client, f"/compare.csv?number={MESHCRAFTS}&number={SEMACONNECT}")
    assert rows[0] == ["Section", "Row", MESHCRAFTS, SEMACONNECT, "Differs"]
    labels = re.findall(r'<th scope="row">([^<]+?)(?:\s*<span|</th>)', html)
    assert [row[1] for row in rows[1:]] == [unescape(label.strip()) for label in labels]
    by_label = {row[1]: row for row in rows[1:]}
    assert by_label["OCPP response timeout: PICS"] == ["Performance (seconds)", "OCPP response timeout: PICS",
                                                       "5 s", "100 s", "yes"]  # fmt: skip
    assert by_label["Certificate type"][-1] == "no"
    assert by_label["Core"][2:] == ["Passed", "Passed", "no"]


def test_the_comparison_csv_is_formula_safe(client: Client, seeds: None) -> None:
    Certificate.objects.filter(number=MESHCRAFTS).update(product_designation='=HYPERLINK("http://x.example")')
    rows = csv_rows(client, f"/compare.csv?number={MESHCRAFTS}&number={SEMACONNECT}")
    product = next(row for row in rows if row[1] == "Product")
    assert product[2] == '\'=HYPERLINK("http://x.example")'


def test_the_comparison_csv_of_too_few_is_the_page_with_its_message(client: Client, seeds: None) -> None:
    response = client.get(f"/compare.csv?number={MESHCRAFTS}&number=NOPE")
    assert response.status_code == 400 and "Not found: NOPE" in response.content.decode()
    response = client.get("/compare.csv?number=a%00b")
    assert response.status_code == 400 and "<strong>number</strong>" in response.content.decode()
