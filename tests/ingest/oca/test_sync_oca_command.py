"""``manage.py sync_oca`` and the daily task: progress, the summary, and a failed sync's reason and exit status."""

from __future__ import annotations

import io
import logging

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from certificates.models import ListingEntry
from ingest.models import SourceDocument
from ingest.tasks import sync_oca_task
from tests.ingest.oca.conftest import CS, CSMS, FakeOca, sample_pdf, seed_pdf


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def listed(oca: FakeOca) -> None:
    oca.add("OCA.0016.0009.CSMS", sample_pdf("OCA.0016.0009.CSMS"))
    oca.add("OCA.0016.0404.CSMS", link=True)
    oca.add("OCA.0201.0500.CS", product_type=CS, date_of_registration="July 1st 2024")


@pytest.mark.django_db(transaction=True)
def test_it_syncs_and_sums_up_with_plain_lines_when_not_on_a_terminal(oca: FakeOca) -> None:
    listed(oca)
    out = io.StringIO()
    call_command("sync_oca", stdout=out)
    lines = out.getvalue().splitlines()
    assert "listing [1/1] Charging Station Management System, page 1 of 1" in lines
    assert "documents [1/2] OCA.0016.0009.CSMS: fetched" in lines
    assert "documents [2/2] OCA.0016.0404.CSMS: failed" in lines
    assert lines[-3:] == [
        "listing: 3 rows (CS 1, CSMS 2): 3 new, 0 changed, 0 withdrawn, 0 back",
        "PDFs: 1 fetched, 0 already stored, 0 unchanged, 1 failed (queued for retry), 0 waiting for a retry, "
        "0 left for the next run",
        "new documents: 1 published",  # parsed in-process as it was stored, as in the embedded default
    ]
    assert "\r" not in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_changed_pdf_needing_review_is_reported(oca: FakeOca) -> None:
    oca.add("OCA.0016.0009.CSMS", seed_pdf("000_d42e1137ead7e816.txt"))
    oca.add("OCA.0201.0500.CS", product_type=CS)
    call_command("sync_oca", stdout=io.StringIO())
    oca.pdfs["/pdf/Certificate_OCA.0016.0009.CSMS.pdf"] = seed_pdf(
        "000_d42e1137ead7e816.txt", ("1.6J-24012021", "1.6J-99999999")
    )
    out = io.StringIO()
    call_command("sync_oca", stdout=out)
    assert "new documents: 1 needs review" in out.getvalue()
    assert "needs review: Certificate_OCA.0016.0009.CSMS.pdf: needs review: OCA.0016.0009.CSMS version 1 has the " \
           "same number but other facts: software version" in out.getvalue()  # fmt: skip


@pytest.mark.django_db
def test_it_draws_a_progress_bar_on_a_terminal(oca: FakeOca) -> None:
    listed(oca)
    out = Terminal()
    call_command("sync_oca", "--no-documents", stdout=out)
    text = out.getvalue()
    assert "\rlisting   [" + "#" * 30 + "] 1/1 Charging Station, page 1 of 1" in text
    assert text.splitlines()[-1] == "PDFs: not fetched (--no-documents)"
    assert not SourceDocument.objects.exists()


@pytest.mark.django_db
def test_a_failed_sync_exits_with_its_reason_and_changes_nothing(oca: FakeOca) -> None:
    listed(oca)
    oca.faults[(CSMS, 1)] = ["html"]
    with pytest.raises(CommandError, match="sync with OCA failed: the Charging Station Management System listing, "
                       "page 1: the answer is text/html, not JSON; nothing was changed"):  # fmt: skip
        call_command("sync_oca", stdout=io.StringIO())
    assert not ListingEntry.objects.exists()


@pytest.mark.django_db
def test_one_product_type_and_a_limit_can_be_asked_for(oca: FakeOca) -> None:
    listed(oca)
    out = io.StringIO()
    call_command("sync_oca", "--product-type", "csms", "--max-documents", "0", stdout=out)
    assert [q["filters"][0]["value"] for q in oca.queries] == [CSMS]
    assert "PDFs: 0 fetched, 0 already stored, 0 unchanged, 0 failed (queued for retry), 0 waiting for a retry, " \
           "2 left for the next run" in out.getvalue()  # fmt: skip
    with pytest.raises(CommandError, match="--max-documents must be 0 or more"):
        call_command("sync_oca", "--max-documents", "-1")


@pytest.mark.django_db
def test_the_daily_task_syncs_or_logs_why_it_did_not(oca: FakeOca, caplog: pytest.LogCaptureFixture) -> None:
    listed(oca)
    assert sync_oca_task.apply().get().startswith("listing: 3 rows (CS 1, CSMS 2): 3 new")
    oca.faults[(CS, 1)] = [500, 500, 500]
    with caplog.at_level(logging.ERROR, logger="ingest.tasks"):
        result = sync_oca_task.apply().get()
    assert result == "failed: the Charging Station listing, page 1: HTTP 500 INTERNAL SERVER ERROR; nothing was changed"
    logged = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "ingest.tasks"]
    assert logged == [("ERROR", f"sync with OCA failed: {result.removeprefix('failed: ')}")]


def test_beat_runs_the_sync_daily_at_the_configured_hour() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["sync-oca"]
    assert entry["task"] == "ingest.tasks.sync_oca_task"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({settings.OCA_SYNC_HOUR}, {7})
