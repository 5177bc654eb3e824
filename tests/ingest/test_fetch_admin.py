"""The admin lists the listed PDFs' fetches, failures first, filtered by status; nobody edits them by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ingest.models import DocumentFetch, FetchStatus

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:ingest_documentfetch_changelist")


def test_failures_are_listed_with_their_reason_attempts_and_next_attempt(admin_client: Client) -> None:
    DocumentFetch.objects.create(url="https://oca.example/a.pdf", number="OCA.0016.0001.CSMS",
                                 status=FetchStatus.FETCHED, sha256="a" * 64)  # fmt: skip
    DocumentFetch.objects.create(url="https://oca.example/b.pdf", number="OCA.0016.0002.CSMS",
                                 status=FetchStatus.FAILED, error="HTTP 404 NOT FOUND", attempts=3,
                                 next_attempt_at=timezone.now() + timedelta(hours=4))  # fmt: skip
    page = admin_client.get(CHANGELIST, {"status__exact": "failed"}).content.decode()
    assert "OCA.0016.0002.CSMS" in page and "HTTP 404 NOT FOUND" in page
    assert "OCA.0016.0001.CSMS" not in page
    listed = admin_client.get(CHANGELIST).content.decode()
    assert listed.index("OCA.0016.0002.CSMS") < listed.index("OCA.0016.0001.CSMS")  # failures first
    assert admin_client.get(reverse("admin:ingest_documentfetch_add")).status_code == 403


def test_the_documents_filter_by_where_they_came_from(admin_client: Client) -> None:
    changelist = reverse("admin:ingest_sourcedocument_changelist")
    assert admin_client.get(changelist, {"source_url__isempty": "0"}).status_code == 200
