"""Importing OCA's listing from a CSV file through the listing service: partial by default, or a complete snapshot
of the product types its rows are filed under (``--complete``)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from certificates.models import Certificate, ListingImport
from tests.helpers import LISTING, LISTING_HEADER

pytestmark = pytest.mark.django_db


def shorter(tmp_path: Path, drop: int) -> Path:
    """OCA's listing without its last ``drop`` rows."""
    lines = LISTING.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "listing.csv"
    path.write_text("".join(lines[:-drop]), encoding="utf-8")
    return path


def test_a_csv_import_is_partial_by_default_and_withdraws_nothing(tmp_path: Path) -> None:
    call_command("import_oca_listing", str(LISTING), stdout=io.StringIO())
    call_command("import_oca_listing", str(shorter(tmp_path, 2)), stdout=io.StringIO())
    run = ListingImport.objects.order_by("-pk").first()
    assert (run.source, run.complete, run.scope, run.withdrawn, run.removed) == ("csv", False, [], 0, 2)
    assert not Certificate.objects.filter(listing_status="withdrawn").exists()


def test_a_complete_csv_withdraws_the_rows_it_lacks_of_its_product_types(tmp_path: Path) -> None:
    cs = tmp_path / "cs.csv"
    cs.write_text(f'{LISTING_HEADER}\n"OCA.0201.0500.CS",A,,,P,Core,1,OCPP 2.0.1,2024-01-01,,Charging Station\n')
    call_command("import_oca_listing", str(cs), "--complete", stdout=io.StringIO())
    call_command("import_oca_listing", str(LISTING), "--complete", stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_oca_listing", str(shorter(tmp_path, 2)), "--complete", stdout=out)
    assert "291 row(s) read: 0 new, 0 changed, 2 removed, 2 withdrawn, 0 back" in out.getvalue()
    run = ListingImport.objects.order_by("-pk").first()
    assert (run.complete, run.scope) == (True, ["CSMS"])
    assert Certificate.objects.filter(listing_status="withdrawn").count() == 2
    assert Certificate.objects.get(number="OCA.0201.0500.CS").listing_status == "active"  # not in its scope


def test_a_complete_csv_far_shorter_than_the_last_is_refused(tmp_path: Path) -> None:
    call_command("import_oca_listing", str(LISTING), "--complete", stdout=io.StringIO())
    with pytest.raises(CommandError, match="the listing holds 193 rows, fewer than 90% of the 293"):
        call_command("import_oca_listing", str(shorter(tmp_path, 100)), "--complete")
    assert ListingImport.objects.count() == 1
