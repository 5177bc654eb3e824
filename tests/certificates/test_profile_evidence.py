"""Claimed, tested, not tested, unknown: the profiles_claimed mask kept in step, the type-code flags, the profile
and evidence filters, the facets, the statistics, and each profile's evidence on the page and in the API."""

from __future__ import annotations

import csv
import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks
from rest_framework.test import APIClient

from certificates.choices import CertificateSource
from certificates.domain.profiles import PROFILE_BITS
from certificates.domain.typecodes import FULL_16
from certificates.listing import certificate_claims_refresh, listing_import
from certificates.models import Certificate, DataQualityFlag, ListingEntry, ProfileResult
from certificates.selectors import certificate_profile_evidence
from certificates.services import certificate_profiles_refresh
from certificates.statistics import compute_statistics
from ingest.listing_csv import read_listing
from ingest.listing_import import listing_import_csv
from ingest.services import document_create
from tests.factories import make_certificate
from tests.helpers import LISTING, LISTING_HEADER, SEEDS

pytestmark = pytest.mark.django_db

MESHCRAFTS = "OCA.0016.0009.CSMS"  # a seed: its document passes the six profiles of 1.6 "Full"
LISTED_FULL = "OCA.0016.0509.CSMS"  # listed as "Full", no document in the samples
CSS = Path(__file__).resolve().parents[2] / "certificates" / "static" / "certificates" / "site.css"


def import_rows(*lines: str) -> None:
    """Import a listing of the CSV ``lines`` (after the header), as a partial listing."""
    data = "\n".join([LISTING_HEADER, *lines]).encode()
    listing_import(rows=read_listing(data), source_name="rows.csv", sha256=str(hash(data)))


def row(number: str, code: str, version: str = "OCPP 1.6") -> str:
    return f"{number},Acme Ltd,,NL,Acme CSMS,{code},1.0,{version},2024-05-01,https://example.org/{number}.pdf,CSMS"


def mask(*names: str) -> int:
    return sum(PROFILE_BITS[name] for name in names)


def claimed(number: str) -> int:
    return Certificate.objects.get(number=number, is_current=True).profiles_claimed


def numbers(response: object) -> set[str]:
    return {item["number"] for item in response.json()["results"]}  # type: ignore[attr-defined]


def test_a_listed_only_certificate_claims_what_its_type_code_names_and_follows_the_listing() -> None:
    import_rows(row("OCA.0016.0901.CSMS", "Core + S + C"))
    assert claimed("OCA.0016.0901.CSMS") == mask("Core", "Advanced Security", "Smart Charging")
    import_rows(row("OCA.0016.0901.CSMS", "Full"))
    assert claimed("OCA.0016.0901.CSMS") == mask(*FULL_16)
    import_rows(row("OCA.0016.0901.CSMS", "Core + Q"))  # a token nobody knows claims nothing
    assert claimed("OCA.0016.0901.CSMS") == mask("Core")
    assert DataQualityFlag.objects.filter(number="OCA.0016.0901.CSMS", kind="type_code_unknown").exists()


def test_a_parsed_document_replaces_the_claims_of_the_profiles_it_shows(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    import_rows(row(MESHCRAFTS, "Full + Security"))
    assert claimed(MESHCRAFTS) == mask(*FULL_16, "Advanced Security")
    with django_capture_on_commit_callbacks(execute=True):
        document_create(data=(SEEDS / "000_d42e1137ead7e816.txt").read_bytes(), filename="000.txt")
    certificate = Certificate.objects.get(number=MESHCRAFTS, is_current=True)
    assert certificate.source == CertificateSource.DOCUMENT
    assert certificate.profiles_passed == mask(*FULL_16)
    # the document prints no Advanced Security row: that profile stays a claim of the type code
    assert certificate.profiles_claimed == mask("Advanced Security")
    evidence = {item.name: item.evidence for item in certificate_profile_evidence(certificate)}
    assert evidence == {**dict.fromkeys(FULL_16, "passed"), "Advanced Security": "claimed"}


def test_an_unlisted_document_claims_from_its_own_certificate_type(seeds: None) -> None:
    certificate = Certificate.objects.get(number=MESHCRAFTS)
    assert certificate.profiles_claimed == 0  # its rows show every profile its type code names
    ProfileResult.objects.filter(certificate=certificate, name="Smart Charging").delete()
    Certificate.objects.filter(pk=certificate.pk).update(certificate_type="Core + C")
    certificate_profiles_refresh(certificate=certificate)  # what the admin calls after a hand edit
    certificate.refresh_from_db()
    assert (certificate.profiles_claimed, certificate.profiles_passed) == (
        mask("Smart Charging"),
        mask(*(name for name in FULL_16 if name != "Smart Charging")),
    )


def test_the_refresh_writes_only_what_differs() -> None:
    import_rows(row("OCA.0016.0902.CSMS", "Full"))
    assert certificate_claims_refresh() == 0
    Certificate.objects.filter(number="OCA.0016.0902.CSMS").update(profiles_claimed=0)
    assert certificate_claims_refresh(numbers=["OCA.0016.0902.CSMS"]) == 1
    assert claimed("OCA.0016.0902.CSMS") == mask(*FULL_16)


def test_the_type_code_differs_flag_names_the_disagreement(seeds: None) -> None:
    import_rows(row(MESHCRAFTS, "Core + S"))
    flag = DataQualityFlag.objects.get(number=MESHCRAFTS, kind="type_code_differs")
    assert "Firmware Management" in flag.message and "passed per the document but not in the type code" in flag.message
    assert flag.listed == "Core + S"
    import_rows(row(MESHCRAFTS, "Full"))  # the six profiles it passed: they agree again
    assert not DataQualityFlag.objects.filter(number=MESHCRAFTS, kind="type_code_differs").exists()
    import_rows(row(MESHCRAFTS, "Core + S"))
    api = APIClient().get("/api/v1/certificates/", {"flag": "type_code_differs"})
    assert numbers(api) == {MESHCRAFTS}
    page = Client().get(f"/certificates/{MESHCRAFTS}/").content.decode()
    assert "Type code and document disagree" in page and "?flag=type_code_differs" in page


def test_the_migration_fills_the_claims_and_the_flags(seeds: None) -> None:
    import_rows(row("OCA.0016.0903.CSMS", "Full"), row(MESHCRAFTS, "Core + Z"))
    Certificate.objects.update(profiles_claimed=0)
    DataQualityFlag.objects.filter(kind__startswith="type_code").delete()
    migration = importlib.import_module("certificates.migrations.0010_profiles_claimed")
    migration.fill(apps, None)
    assert claimed("OCA.0016.0903.CSMS") == mask(*FULL_16)
    assert set(DataQualityFlag.objects.filter(kind__startswith="type_code").values_list("number", "kind")) == {
        (MESHCRAFTS, "type_code_unknown")
    }


def test_profile_matches_passed_or_claimed_and_evidence_restricts_it(seeds: None) -> None:
    import_rows(row("OCA.0016.0904.CSMS", "Full"), row("OCA.0016.0905.CSMS", "Security"))
    api = APIClient()
    smart = {"profile": "Smart Charging"}
    assert numbers(api.get("/api/v1/certificates/", smart)) >= {MESHCRAFTS, "OCA.0016.0904.CSMS"}
    assert "OCA.0016.0905.CSMS" not in numbers(api.get("/api/v1/certificates/", smart))
    document = numbers(api.get("/api/v1/certificates/", {**smart, "evidence": "document"}))
    assert MESHCRAFTS in document and "OCA.0016.0904.CSMS" not in document
    assert numbers(api.get("/api/v1/certificates/", {**smart, "evidence": "listing"})) == {"OCA.0016.0904.CSMS"}
    listed = numbers(api.get("/api/v1/certificates/", {"evidence": "listing"}))
    assert listed == {"OCA.0016.0904.CSMS", "OCA.0016.0905.CSMS"}
    bad = api.get("/api/v1/certificates/", {"evidence": "rumour"})
    assert bad.status_code == 400 and "evidence" in bad.json()
    twice = api.get("/api/v1/certificates/?evidence=document&evidence=listing")
    assert twice.status_code == 400 and "evidence" in twice.json()
    site = Client().get("/certificates/", {**smart, "evidence": "listing"}).content.decode()
    assert "OCA.0016.0904.CSMS" in site and MESHCRAFTS not in site
    assert Client().get("/certificates/", {"evidence": "rumour"}).status_code == 400


def test_facets_count_passes_and_claims_apart_and_never_unknown_as_not_passed(seeds: None) -> None:
    import_rows(row("OCA.0016.0906.CSMS", "Full"), row("OCA.0016.0907.CSMS", "Security"))
    facets = APIClient().get("/api/v1/certificates/facets/").json()
    passed = {item["value"]: item["count"] for item in facets["profile"]}
    claims = {item["value"]: item["count"] for item in facets["profile_claimed"]}
    documents = Certificate.objects.public().filter(source="document")
    assert (
        passed["Smart Charging"] == documents.filter(profiles__name="Smart Charging", profiles__result="Pass").count()
    )
    assert claims == {**dict.fromkeys(FULL_16, 1), "Advanced Security": 1}
    evidence = {item["value"]: item["count"] for item in facets["evidence"]}
    assert evidence == {"document": documents.count(), "listing": 2}
    # a filtered count: the claims of one certificate; no facet counts a profile nobody knows of
    one = APIClient().get("/api/v1/certificates/facets/", {"evidence": "listing", "profile": "Reservation"}).json()
    assert {item["value"] for item in one["profile_claimed"]} == set(FULL_16)
    assert one["profile"] == []
    site = Client().get("/certificates/").content.decode()
    assert "Profile claimed (type code)" in site
    assert "?profile=Smart+Charging&amp;evidence=listing" in site
    assert "?profile=Smart+Charging&amp;evidence=document" in site


def test_the_site_facets_add_a_profile_without_repeating_evidence(seeds: None) -> None:
    import_rows(row("OCA.0016.0908.CSMS", "Full"))
    html = Client().get("/certificates/", {"profile": "Core", "evidence": "listing"}).content.decode()
    links = re.findall(r'href="(\?[^"]*)" data-facet="profile_claimed"', html)
    assert links and all(link.count("evidence=") <= 1 for link in links)
    assert all(Client().get("/certificates/" + link.replace("&amp;", "&")).status_code == 200 for link in links)


def test_statistics_count_passes_and_claims_as_separate_series(seeds: None) -> None:
    import_rows(row("OCA.0016.0909.CSMS", "Full"), row("OCA.0016.0910.CSMS", "Security"))
    data = compute_statistics()
    adoption = {profile.name: profile for profile in data.adoption}
    year = data.years.index(2024)
    assert adoption["Smart Charging"].claimed["1.6"][year] == 1
    assert adoption["Advanced Security"].claimed["1.6"][year] == 1
    passed_2021 = Certificate.objects.filter(
        source="document", certification_date__year=2021, profiles__name="Core", profiles__result="Pass"
    ).count()
    assert adoption["Core"].passed["1.6"][data.years.index(2021)] == passed_2021
    html = re.sub(r"\s+", " ", Client().get("/statistics/").content.decode())
    assert "Core, OCPP 1.6, claimed (type code)" in html and "Core, OCPP 1.6, passed (document)" in html
    assert "unknown is not counted as not passed" in html
    assert 'stroke-dasharray="4 3"' in html  # the claims are drawn dashed


def test_the_page_and_the_api_show_each_profile_with_its_evidence() -> None:
    import_rows(row("OCA.0016.0911.CSMS", "Full"))
    html = Client().get("/certificates/OCA.0016.0911.CSMS/").content.decode()
    assert html.count("Claimed (type code “Full”, inferred)") == 6
    assert '<span class="badge unknown" title="Unknown">Unknown</span>' in html  # Advanced Security
    assert "not passed" not in html.replace("does not mean the profile was not passed", "")
    assert "an inference" in html
    assert "What it covers" not in html  # no document, so no words of one on what each profile covers
    detail = APIClient().get("/api/v1/certificates/OCA.0016.0911.CSMS/").json()
    assert detail["profile_evidence"][0] == {"name": "Core", "evidence": "claimed", "result": "", "inferred": True}
    assert detail["profile_evidence"][-1] == {
        "name": "Advanced Security",
        "evidence": "unknown",
        "result": "",
        "inferred": False,
    }


def test_a_document_shows_passed_and_not_tested() -> None:
    certificate = make_certificate(number="OCA.0201.0912.CSMS", ocpp_version="2.0.1", certificate_type="Core + S")
    ProfileResult.objects.bulk_create(
        [
            ProfileResult(certificate=certificate, position=0, name="Core", result="Pass", description="Booting"),
            ProfileResult(certificate=certificate, position=1, name="Advanced Security", result="Not Tested"),
        ]
    )
    evidence = APIClient().get("/api/v1/certificates/OCA.0201.0912.CSMS/").json()["profile_evidence"]
    assert [(e["name"], e["evidence"], e["result"]) for e in evidence[:2]] == [
        ("Core", "passed", "Pass"),
        ("Advanced Security", "not_tested", "Not Tested"),
    ]
    html = Client().get("/certificates/OCA.0201.0912.CSMS/").content.decode()
    assert '<span class="badge not-tested" title="Not tested per its document">Not tested</span>' in html
    assert '<th scope="col">What it covers</th>' in html and "<td>Booting</td>" in html


def test_the_schema_describes_profile_evidence() -> None:
    schema = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    evidence = schema["components"]["schemas"]["ProfileEvidence"]["properties"]
    assert set(evidence) == {"name", "evidence", "result", "inferred"}
    assert all(field.get("description") for field in evidence.values())
    reference = str(evidence["evidence"]).split("#/components/schemas/")[1].split("'")[0]
    assert "claimed" in schema["components"]["schemas"][reference]["enum"]


def test_the_shipped_listing_shows_claimed_profiles_and_profile_counts_them(seeds: None) -> None:
    listing_import_csv(data=LISTING.read_bytes(), source_name=LISTING.name)
    entry = ListingEntry.objects.get(number=LISTED_FULL)
    assert entry.certificate_type == "Full"
    html = Client().get(f"/certificates/{LISTED_FULL}/").content.decode()
    assert html.count("Claimed (type code “Full”, inferred)") == 6
    # every listed-only number whose listed type code names Smart Charging ("Full" in 1.6, or the letter C)
    with LISTING.open(encoding="utf-8") as listing:
        rows = list(csv.DictReader(listing))
    documented = set(Certificate.objects.filter(source="document").values_list("number", flat=True))
    smart = {
        entry.number
        for entry in ListingEntry.objects.all()
        if entry.number not in documented
        and ("Full" in entry.certificate_type or "C" in [token.strip() for token in entry.certificate_type.split("+")])
    }
    assert len(rows) == 293 and len(smart) > 150
    listed = APIClient().get("/api/v1/certificates/facets/", {"evidence": "listing"}).json()
    assert {"value": "Smart Charging", "label": "Smart Charging", "count": len(smart)} in listed["profile_claimed"]
    found = walk({"profile": "Smart Charging", "evidence": "listing", "page_size": "200"})
    assert found == smart
    passed = {number for number in documented if Certificate.objects.get(number=number).profiles_passed & 4}
    assert walk({"profile": "Smart Charging"}) == smart | passed


def walk(query: dict[str, str]) -> set[str]:
    """Every number the API lists for ``query``, following the cursor."""
    found: set[str] = set()
    url: str | None = "/api/v1/certificates/"
    params: dict[str, str] | None = query
    while url:
        answer = APIClient().get(url, params).json()
        found |= {item["number"] for item in answer["results"]}
        url, params = answer["next"], None
    return found


def test_the_not_tested_badge_meets_wcag_aa_contrast() -> None:
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS.read_text(encoding="utf-8")))
    for ink, paper in (("untested", "untested-bg"), ("claimed", "claimed-bg"), ("pass", "pass-bg"), ("muted", "bg")):
        assert contrast(colours[ink], colours[paper]) >= 4.5, (ink, paper)
    assert contrast("#6e7781", "#eaeef2") < 4.5  # the grey it had: the test can fail


def contrast(ink: str, paper: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(ink), luminance(paper)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
