"""Importing OCA's public listing (the real CSV) and reconciling it with the parsed certificates."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks
from rest_framework.test import APIClient

from certificates.choices import CertificateSource
from certificates.entities import holder_merge, holder_rename_revert, holder_resolve
from certificates.models import Certificate, DataQualityFlag, Holder, HolderRename, ListingEntry
from ingest.listing_csv import ListingError
from ingest.listing_import import listing_import_csv
from ingest.services import document_create
from tests.helpers import LISTING, SEEDS

pytestmark = pytest.mark.django_db


def imported() -> None:
    listing_import_csv(data=LISTING.read_bytes(), source_name=LISTING.name)


def flagged() -> dict[str, set[str]]:
    """Numbers as listed, by flag kind."""
    found: dict[str, set[str]] = defaultdict(set)
    for kind, raw in DataQualityFlag.objects.values_list("kind", "entry__raw_number"):
        found[kind].add(raw)
    return found


def test_every_row_becomes_an_entry_and_a_certificate() -> None:
    imported()
    assert ListingEntry.objects.count() == 293
    assert not ListingEntry.objects.filter(number="").exists()  # the malformed number is read from its link
    numbers = set(ListingEntry.objects.values_list("number", flat=True))
    assert Certificate.objects.current().filter(number__in=numbers).count() == len(numbers)
    listed = Certificate.objects.get(number="OCA.0201.0041.CSMS")
    assert listed.source == CertificateSource.LISTING
    assert (listed.holder_name, listed.ocpp_version, listed.software_version) == (
        "Current Eco AS",
        "2.0.1",
        "Version 2.0.1J-25062024",
    )
    # OCA files two Charging Station certificates as CSMS; the number's suffix decides the record's type
    assert Certificate.objects.get(number="OCA.0016.0039.CS").product_type == "Charging Station"


def test_each_flaw_is_flagged_on_the_rows_that_have_it_and_no_other() -> None:
    imported()
    found = flagged()
    assert found["number_suffixed"] == {
        "OCA.0016.1137.CSMS - update-2025-12-12",
        "OCA.0016.1159.CSMS - update-2025-12-15",
        "OCA.0016.1152.CSMS - update-2025-12-12",
        "OCA.0016.1153.CSMS - update-2025-12-12",
    }
    assert found["number_malformed"] == {"E&H energy Co. Ltd"}
    assert found["product_type_misfiled"] == {"OCA.0016.0039.CS", "OCA.0016.0060.CS"}
    rows = list(csv.DictReader(io.StringIO(LISTING.read_text(encoding="utf-8"))))
    assert found["link_missing"] == {r["certificate_no"] for r in rows if not r["certificate_url"].strip()}
    assert found["version_missing"] == {r["certificate_no"] for r in rows if not r["software_version"].strip()}
    assert "OCA.0016.1114.CSMS" in found["link_mismatch"]
    # without parsed documents nothing can disagree with one
    assert not {"holder_renamed", "designation_differs", "version_differs", "date_differs"} & set(found)


def test_a_parsed_certificate_is_compared_with_its_listing_entry(seeds: None) -> None:
    imported()
    found = flagged()
    assert found["holder_renamed"] == {"OCA.0016.0009.CSMS"}  # Meshcrafts AS is listed as Current Eco AS
    assert "OCA.0016.0009.CSMS" in found["designation_differs"]  # SmartCharge is listed as CURRENT
    assert Certificate.objects.get(number="OCA.0016.0009.CSMS", is_current=True).source == "document"


def test_a_second_import_changes_nothing(seeds: None) -> None:
    imported()
    before = list(DataQualityFlag.objects.order_by("pk").values_list("pk", "kind", "number"))
    certificates = list(Certificate.objects.order_by("pk").values_list("pk", "updated_at", "holder_id"))
    imported()
    run = ListingEntry.objects.first().last_import  # type: ignore[union-attr]
    assert (run.rows, run.created, run.changed, run.removed, run.changes) == (293, 0, 0, 0, [])
    assert list(DataQualityFlag.objects.order_by("pk").values_list("pk", "kind", "number")) == before
    assert list(Certificate.objects.order_by("pk").values_list("pk", "updated_at", "holder_id")) == certificates


def test_an_import_records_what_changed_since_the_one_before(tmp_path: Path) -> None:
    imported()
    changed = tmp_path / "listing.csv"
    text = LISTING.read_text(encoding="utf-8").replace("APRO CSMS,", "APRO CSMS 2,", 1)
    lines = text.splitlines(keepends=True)
    changed.write_text("".join(lines[:-1]), encoding="utf-8")  # the last row is gone
    run = listing_import_csv(data=changed.read_bytes(), source_name=changed.name)
    assert (run.created, run.changed, run.removed) == (0, 1, 1)
    assert {"row": 1, "number": "OCA.0016.1268.CSMS", "field": "product_designation", "old": "APRO CSMS",
            "new": "APRO CSMS 2"} in run.changes  # fmt: skip
    assert Certificate.objects.get(number="OCA.0016.1268.CSMS").product_designation == "APRO CSMS 2"


def test_searching_a_holder_by_an_earlier_name_finds_all_its_certificates(seeds: None) -> None:
    imported()
    meshcrafts = Certificate.objects.get(number="OCA.0016.0009.CSMS", is_current=True).holder
    assert Certificate.objects.get(number="OCA.0201.0041.CSMS").holder == meshcrafts
    assert meshcrafts.name == "Current Eco AS"  # the listing's name is the current one
    response = APIClient().get("/api/v1/certificates/", {"q": "Meshcrafts"})
    assert {item["number"] for item in response.json()["results"]} == {"OCA.0016.0009.CSMS", "OCA.0201.0041.CSMS"}
    assert HolderRename.objects.get().printed_name == "Meshcrafts AS"


def test_a_rename_link_can_be_reverted_and_a_later_import_respects_it(seeds: None) -> None:
    imported()
    separate = holder_rename_revert(link=HolderRename.objects.get())
    printed = Certificate.objects.get(number="OCA.0016.0009.CSMS", is_current=True).holder
    assert printed.name == "Meshcrafts AS"
    assert Certificate.objects.get(number="OCA.0201.0041.CSMS").holder == separate != printed
    imported()
    assert Certificate.objects.get(number="OCA.0201.0041.CSMS").holder == separate
    assert HolderRename.objects.get().reverted
    assert "OCA.0016.0009.CSMS" in flagged()["holder_renamed"]  # still flagged, no longer linked


def test_a_manual_merge_survives_a_reimport() -> None:
    imported()
    kept = Certificate.objects.get(number="OCA.0016.0528.CSMS").holder
    merged = Certificate.objects.get(number="OCA.0201.0009.CSMS").holder
    holder_merge(source=merged, into=kept)
    imported()
    assert Certificate.objects.get(number="OCA.0201.0009.CSMS").holder == kept
    assert not Holder.objects.filter(pk=merged.pk).exists()
    assert holder_resolve(name="Tardis Technology") == kept


def test_a_document_parsed_after_the_import_replaces_the_listed_record(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    imported()
    assert Certificate.objects.get(number="OCA.0016.0009.CSMS").source == CertificateSource.LISTING
    with django_capture_on_commit_callbacks(execute=True):
        document_create(data=(SEEDS / "000_d42e1137ead7e816.txt").read_bytes(), filename="000.txt")
    certificate = Certificate.objects.get(number="OCA.0016.0009.CSMS", is_current=True)
    assert (certificate.source, certificate.version, certificate.holder_name) == ("document", 1, "Meshcrafts AS")
    assert certificate.profiles.count() == 6
    assert "OCA.0016.0009.CSMS" in flagged()["holder_renamed"]


def test_flags_are_filterable_in_the_api_and_shown_on_the_certificate_page(seeds: None) -> None:
    imported()
    response = APIClient().get("/api/v1/certificates/", {"flag": "number_suffixed"})
    assert {item["number"] for item in response.json()["results"]} == {
        "OCA.0016.1137.CSMS",
        "OCA.0016.1159.CSMS",
        "OCA.0016.1152.CSMS",
        "OCA.0016.1153.CSMS",
    }
    assert APIClient().get("/api/v1/certificates/", {"flag": "nonsense"}).status_code == 400
    detail = APIClient().get("/api/v1/certificates/OCA.0016.0009.CSMS/").json()
    assert {flag["kind"] for flag in detail["flags"]} >= {"holder_renamed", "designation_differs"}
    assert detail["listing"][0]["company"] == "Current Eco AS"
    page = Client().get("/certificates/OCA.0016.0009.CSMS/")
    assert b"Where OCA's listing and the document disagree" in page.content and b"Holder renamed" in page.content
    listed = Client().get("/certificates/OCA.0201.0041.CSMS/")
    assert "Listed by OCA only — no document read" in listed.content.decode()
    facets = APIClient().get("/api/v1/certificates/facets/").json()
    assert {"value": "number_suffixed", "label": "Number suffixed", "count": 4} in facets["flag"]


def test_the_command_imports_and_rejects_a_file_that_is_not_the_listing(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("import_oca_listing", str(LISTING), stdout=out)
    assert out.getvalue().startswith("293 row(s) read: 293 new, 0 changed, 0 removed")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name,value\na,b\n", encoding="utf-8")
    with pytest.raises(Exception, match="certificate_no"):
        call_command("import_oca_listing", str(wrong))
    with pytest.raises(ListingError):
        listing_import_csv(data=b"", source_name="empty.csv")
    assert ListingEntry.objects.count() == 293  # nothing lost


def test_a_former_name_in_the_listing_becomes_an_alias_of_the_holder() -> None:
    imported()
    holder = Certificate.objects.get(number="OCA.0016.0254.CSMS").holder
    assert set(holder.aliases.values_list("name", flat=True)) == {
        "E-wave Co., Ltd. (Formerly CS Technology)",
        "CS Technology",
    }
    response = APIClient().get("/api/v1/certificates/", {"q": "CS Technology"})
    assert {"OCA.0016.0254.CSMS", "OCA.0016.0255.CSMS"} <= {item["number"] for item in response.json()["results"]}
