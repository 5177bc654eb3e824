"""The statistics: their numbers on the seeds and on built certificates, their cache, and the page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks

from certificates import statistics as stats
from certificates.caching import registry_changed
from certificates.models import Certificate, Lab, PerformanceMeasurement, ProfileResult
from certificates.services import certificate_profiles_refresh
from certificates.statistics import Histogram, LabCount, compute_statistics, registry_statistics
from tests.factories import make_certificates, make_lab

pytestmark = pytest.mark.django_db
URL = "/statistics/"
QUERIES = 5  # the statistics' queries; the page itself runs none
PAGE_QUERIES = QUERIES + 1  # and the coverage's one


def built() -> list[Certificate]:
    """Six certificates: 2022 to 2024, two OCPP versions and product types, one unpublished, one undated,
    one without a lab, with measured values."""
    certificates = make_certificates(6)  # OCPP 1.6 CSMS of 2024, passed Core, Smart Charging not tested
    first, second, third, undated, unpublished, labless = certificates
    Certificate.objects.filter(pk=first.pk).update(certification_date=date(2022, 3, 1))
    Certificate.objects.filter(pk=second.pk).update(ocpp_version="2.0.1", product_type="Charging Station")
    Certificate.objects.filter(pk=undated.pk).update(certification_date=None)
    Certificate.objects.filter(pk=unpublished.pk).update(is_published=False)
    Certificate.objects.filter(pk=labless.pk).update(lab=None)
    ProfileResult.objects.filter(certificate=second, name="Smart Charging").update(result="Pass")
    certificate_profiles_refresh(certificate=second)  # as the admin does after its rows are edited
    ProfileResult.objects.create(certificate=third, position=2, name="Printed Oddly", result="Pass")
    values = {first: [0.5, 1.2], second: [1.2, 2.5], third: [1.2], unpublished: [9.0], labless: [0.5]}
    PerformanceMeasurement.objects.bulk_create(
        PerformanceMeasurement(certificate=c, position=i, name="Response time Authorize", measured_value_s=v)
        for c, measured in values.items()
        for i, v in enumerate(measured)
    )
    PerformanceMeasurement.objects.create(certificate=third, position=5, name="Boot time", measured_value_s=None)
    return certificates


def page(client: Client, bound: int = PAGE_QUERIES) -> str:
    """GET the page; check its status, its queries and its weight; return its HTML."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200, response.content[:2000]
    assert len(queries) <= bound, [q["sql"][:200] for q in queries]
    assert len(response.content) < 150_000
    return str(response.content.decode())


def test_the_seeds_are_counted_per_year_version_type_and_lab(seeds: None) -> None:
    data = compute_statistics()
    assert (data.total, data.undated, data.holders, data.lab_count) == (5, 0, 5, 4)
    assert data.years == [2021, 2022]
    assert data.by_version == {"1.6": [2, 3]}
    assert data.by_product_type == {"CSMS": [2, 3]}
    korea = Lab.objects.get(name="Korea Smart Grid Association")
    assert data.labs[0] == LabCount("Korea Smart Grid Association", 2, korea.pk)
    assert sorted(lab.name for lab in data.labs[1:]) == ["DNV GL", "DNV Singapore Pte. Ltd.", "Dekra Certification Inc"]


def test_the_seeds_passed_the_six_profiles_of_ocpp_16(seeds: None) -> None:
    data = compute_statistics()
    assert [profile.name for profile in data.adoption] == [
        "Core",
        "Firmware Management",
        "Smart Charging",
        "Reservation",
        "Local Authorization List Management",
        "Remote Trigger",
    ]
    assert all(profile.passed == {"1.6": [2, 3]} for profile in data.adoption)


def test_the_seeds_measured_values_are_in_histograms_of_whole_seconds(seeds: None) -> None:
    assert compute_statistics().histograms == [
        Histogram("OCPP response timeout", 5, [("0", 0), ("1", 3), ("2", 1), ("3", 1)]),
        Histogram("Response time Authorize", 5, [("0", 4), ("1", 1)]),
    ]


def test_only_public_certificates_count_and_every_year_between_is_shown() -> None:
    built()
    data = compute_statistics()
    assert (data.total, data.undated, data.lab_count) == (5, 1, 1)  # the unpublished one is left out
    assert data.years == [2022, 2023, 2024]
    assert data.by_version == {"1.6": [1, 0, 2], "2.0.1": [0, 0, 1]}
    assert data.by_product_type == {"CSMS": [1, 0, 2], "Charging Station": [0, 0, 1]}
    assert data.labs == [LabCount("Synthetic Test Lab", 4, Lab.objects.get().pk), LabCount("No lab recorded", 1)]


def test_adoption_counts_passes_per_year_and_version_of_known_profiles_only() -> None:
    built()
    adoption = {profile.name: profile.passed for profile in compute_statistics().adoption}
    assert adoption == {
        "Core": {"1.6": [1, 0, 2], "2.0.1": [0, 0, 1]},  # the undated certificate has no year
        "Smart Charging": {"2.0.1": [0, 0, 1]},
    }


def test_a_histogram_has_bins_of_tenths_for_fractional_values() -> None:
    built()
    assert compute_statistics().histograms == [
        Histogram(
            "Response time Authorize",
            6,
            [("0–0.5", 0), ("0.5–1", 2), ("1–1.5", 3), ("1.5–2", 0), ("2–2.5", 0), ("2.5–3", 1)],
        )
    ]


def test_an_outlier_goes_to_a_last_bin_of_larger_values() -> None:
    histogram = stats._histogram("Boot time", {100: 20, 200: 20, 360_000: 1})
    assert histogram.bins == [("0", 0), ("1", 20), ("2", 20), ("≥ 3", 1)]


def test_wide_ranges_get_round_bins() -> None:
    histogram = stats._histogram("Boot time", {h: 1 for h in range(0, 6000, 25)})  # 0 to 59.75 s
    assert [label for label, _ in histogram.bins] == [
        "0–5",
        "5–10",
        "10–15",
        *(f"{a}–{a + 5}" for a in range(15, 60, 5)),
    ]
    assert sum(n for _, n in histogram.bins) == 240


def test_only_the_most_measured_measurements_get_a_histogram(monkeypatch: pytest.MonkeyPatch, seeds: None) -> None:
    monkeypatch.setattr(stats, "TOP_MEASUREMENTS", 1)
    assert [h.name for h in compute_statistics().histograms] == ["OCPP response timeout"]


def test_labs_past_the_top_ones_are_grouped(monkeypatch: pytest.MonkeyPatch, seeds: None) -> None:
    monkeypatch.setattr(stats, "TOP_LABS", 2)
    labs = compute_statistics().labs
    assert [(lab.name, lab.count) for lab in labs][0] == ("Korea Smart Grid Association", 2)
    assert (labs[-1].name, labs[-1].count, labs[-1].lab_id) == ("2 other labs", 2, None)
    assert len(labs) == 3


def test_an_empty_registry_has_no_statistics() -> None:
    data = compute_statistics()
    assert (data.total, data.years, data.labs, data.adoption, data.histograms) == (0, [], [], [], [])


def test_the_statistics_are_kept_until_the_registry_changes(
    read_cache: None, seeds: None, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with CaptureQueriesContext(connection) as first:
        assert registry_statistics().total == 5
    with CaptureQueriesContext(connection) as second:
        assert registry_statistics().total == 5
    assert (len(first), len(second)) == (QUERIES, 0)
    Certificate.objects.filter(number="OCA.0016.0009.CSMS").update(is_published=False)
    with django_capture_on_commit_callbacks(execute=True):
        registry_changed()
    assert registry_statistics().total == 4


def test_while_one_request_computes_them_others_get_the_last_statistics(read_cache: None, seeds: None) -> None:
    last = compute_statistics()
    cache.set(stats.STATISTICS.latest_key, last)
    cache.set(stats.STATISTICS.lock_key, True)
    with CaptureQueriesContext(connection) as queries:
        assert registry_statistics() == last
    assert len(queries) == 0


def test_without_the_read_cache_they_are_computed_every_time(seeds: None) -> None:
    registry_statistics()
    with CaptureQueriesContext(connection) as queries:
        registry_statistics()
    assert len(queries) == QUERIES


def test_the_page_draws_every_chart_with_its_table(client: Client, seeds: None) -> None:
    html = page(client)
    figures = re.findall(r'<figure class="chart".*?</figure>', html, re.S)
    assert len(figures) == 6  # two per year, labs, profiles, two measurements
    for figure in figures:
        assert "<figcaption>" in figure
        svg = ET.fromstring(re.search(r"<svg.*?</svg>", figure, re.S).group())  # type: ignore[union-attr]
        assert svg.get("role") == "img"
        assert '<details class="alt"><summary>Data as a table</summary>' in re.sub(r">\s+<", "><", figure)
        assert "<table>" in figure and '<td class="number">' in figure
    assert "<strong>5</strong> certificates" in html
    assert "<strong>2021–2022</strong> years certified" in html
    assert "<script" not in html and "https://" not in html.split("<main", 1)[1]


def test_the_tables_give_the_charts_numbers(client: Client, seeds: None) -> None:
    html = re.sub(r"\s+", " ", page(client))
    assert '<th scope="row">2022</th><td class="number">3</td><td class="number">3</td>' in html
    korea = Lab.objects.get(name="Korea Smart Grid Association")
    assert f'<a href="/labs/{korea.pk}/">Korea Smart Grid Association</a></th><td class="number">2</td>' in html
    assert (
        '<th scope="row">Core, OCPP 1.6, passed (document)</th><td class="number">100%</td><td class="number">100%</td>'
        in html
    )
    assert '<th scope="row">1 s</th><td class="number">3</td>' in html


def test_the_page_escapes_names(client: Client) -> None:
    built()
    Lab.objects.update(name='<script>alert("lab")</script>')
    html = page(client)
    assert "<script>" not in html
    assert html.count("&lt;script&gt;alert(&quot;lab&quot;)&lt;/script&gt;") >= 2  # in the chart and the table


def test_the_second_request_is_served_from_the_cache(client: Client, read_cache: None, seeds: None) -> None:
    first = page(client)
    assert page(client, bound=0) == first


def test_the_page_says_when_nothing_is_published(client: Client) -> None:
    html = page(client)
    assert "No certificate is published yet" in html
    assert "<svg" not in html


def test_the_page_stays_light_with_many_years_and_labs(client: Client) -> None:
    certificates = make_certificates(40)
    for n, certificate in enumerate(certificates):
        lab = make_lab(name=f"Laboratory number {n} of a long name, Somewhere")
        Certificate.objects.filter(pk=certificate.pk).update(lab=lab, certification_date=date(2000 + n % 26, 1, 1))
    html = page(client)
    assert len(html.encode()) < 60_000


def test_beat_warms_the_statistics_the_facets_and_the_coverage_once_per_change(read_cache: None) -> None:
    from certificates.caching import _bump
    from certificates.tasks import warm_read_cache_task

    every = ["registry:statistics:v2", "registry:facets:v3", "registry:coverage:v1"]
    assert warm_read_cache_task() == every
    assert warm_read_cache_task() == []  # nothing changed since
    _bump()
    assert warm_read_cache_task() == every
