"""Rows of a certificate corrected by hand in the admin (profiles, measurements, settings, signatories) survive
a re-parse of its document, like corrected fields: changed, added and deleted rows stay as the admin left
them, the other rows follow the parse, and the profile bits follow the rows."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from certificates.domain.profiles import PROFILE_BITS
from certificates.models import Certificate, PerformanceMeasurement, ProfileResult
from ingest.models import DocumentStatus, SourceDocument
from ingest.services import document_create, document_reparse
from tests.helpers import seed_text

pytestmark = pytest.mark.django_db
SEED = "000_d42e1137ead7e816.txt"  # OCA.0016.0009.CSMS: six OCPP 1.6 profiles, all passed; two measurements
NUMBER = "OCA.0016.0009.CSMS"


@pytest.fixture
def certificate(django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> Certificate:
    """The seed, published through the pipeline."""
    with django_capture_on_commit_callbacks(execute=True):
        document_create(data=seed_text(SEED).encode(), filename=SEED)
    return Certificate.objects.get(number=NUMBER)


def posted(value: Any) -> str:
    """A form value as a browser posts it."""
    return value.isoformat() if isinstance(value, date) else str(value)


def is_posted(value: Any) -> bool:
    """Whether a browser posts a form value at all (it leaves out empty values and unticked boxes)."""
    return value is not None and value is not False


def change_form(response: HttpResponse) -> dict[str, str]:
    """The admin change form as a browser posts it untouched: the certificate's fields and each inline's rows."""
    form = response.context["adminform"].form
    data = {name: posted(form[name].value()) for name in form.fields if is_posted(form[name].value())}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): posted(management[name].value()) for name in management.fields})
        for row in formset.forms:
            values = {name: row[name].value() for name in row.fields}
            data.update({row.add_prefix(name): posted(v) for name, v in values.items() if is_posted(v)})
    return data


def row_prefix(data: dict[str, str], table: str, name: str) -> str:
    """The form prefix (``profiles-3``) of the row of ``table`` named ``name`` in posted ``data``."""
    return next(
        key.removesuffix("-name") for key, value in data.items() if key.startswith(f"{table}-") and value == name
    )


def add_row(data: dict[str, str], table: str, **values: str) -> None:
    """Add a row to ``table`` in posted ``data``, as the admin's "Add another" does."""
    index = int(data[f"{table}-TOTAL_FORMS"])
    data[f"{table}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{table}-{index}-{field}": value for field, value in values.items()})


def reparse(capture: DjangoCaptureOnCommitCallbacks) -> Certificate:
    """Parse the certificate's document again, through the pipeline; return the certificate as it is after."""
    with capture(execute=True):
        document_reparse(document=SourceDocument.objects.get())
    assert SourceDocument.objects.get().status == DocumentStatus.PUBLISHED
    return Certificate.objects.get(number=NUMBER)


def profiles(certificate: Certificate) -> list[tuple[str, str]]:
    return list(certificate.profiles.order_by("position").values_list("name", "result"))


def test_profile_rows_changed_added_and_deleted_in_the_admin_survive_a_reparse(
    certificate: Certificate, admin_client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    change = reverse("admin:certificates_certificate_change", args=[certificate.pk])
    data = change_form(admin_client.get(change))
    data[row_prefix(data, "profiles", "Reservation") + "-result"] = "Not Tested"
    data[row_prefix(data, "profiles", "Remote Trigger") + "-DELETE"] = "on"
    add_row(data, "profiles", name="ISO 15118 support", result="Pass", position="9", certificate=str(certificate.pk))
    response = admin_client.post(change, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    certificate.refresh_from_db()
    assert certificate.corrected_rows == {
        "profiles": {"Remote Trigger": "deleted", "Reservation": "changed", "ISO 15118 support": "added"}
    }
    assert certificate.corrected_fields == []

    # A parser that read the uncorrected rows wrongly before: the re-parse must put them right again.
    ProfileResult.objects.filter(certificate=certificate, name="Smart Charging").update(result="Fail")
    certificate = reparse(django_capture_on_commit_callbacks)

    assert SourceDocument.objects.get().outcome == (
        f"{NUMBER} version 1 rewritten from this document (the corrections by hand kept)"
    )
    assert profiles(certificate) == [
        ("Core", "Pass"),
        ("Firmware Management", "Pass"),
        ("Smart Charging", "Pass"),  # not corrected: as parsed
        ("Reservation", "Not Tested"),  # changed by hand: kept
        ("Local Authorization List Management", "Pass"),
        ("ISO 15118 support", "Pass"),  # added by hand: kept; "Remote Trigger", deleted by hand, stays deleted
    ]
    passed = [name for name, result in profiles(certificate) if result == "Pass"]
    assert certificate.profiles_passed == sum(PROFILE_BITS[name] for name in passed)


def test_the_profile_filter_follows_the_corrected_result(
    certificate: Certificate,
    admin_client: Client,
    client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    change = reverse("admin:certificates_certificate_change", args=[certificate.pk])
    data = change_form(admin_client.get(change))
    data[row_prefix(data, "profiles", "Reservation") + "-result"] = "Not Tested"
    assert admin_client.post(change, data).status_code == 302
    reparse(django_capture_on_commit_callbacks)

    def numbers(**params: str) -> list[str]:
        return [c["number"] for c in client.get("/api/v1/certificates/", params).json()["results"]]

    assert numbers(profile="Reservation") == []
    assert numbers(profile="Smart Charging") == [NUMBER]
    facets = client.get("/api/v1/certificates/facets/").json()
    assert [item["value"] for item in facets["profile"]] == [
        "Core",
        "Firmware Management",
        "Local Authorization List Management",
        "Remote Trigger",
        "Smart Charging",
    ]


def test_a_measurement_renamed_and_a_signatory_changed_survive_a_reparse(
    certificate: Certificate, admin_client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    change = reverse("admin:certificates_certificate_change", args=[certificate.pk])
    data = change_form(admin_client.get(change))
    prefix = row_prefix(data, "measurements", "Response time Authorize")
    data.update({f"{prefix}-name": "Response time of Authorize", f"{prefix}-measured_value_raw": "0.4 sec"})
    lab = next(key.removesuffix("-role") for key, value in data.items() if value == "lab")
    data[f"{lab}-position"] = "Senior Consultant"
    assert admin_client.post(change, data).status_code == 302
    certificate.refresh_from_db()
    assert certificate.corrected_rows == {
        "measurements": {"Response time Authorize": "deleted", "Response time of Authorize": "changed"},
        "signatories": {"lab": "changed"},
    }

    certificate = reparse(django_capture_on_commit_callbacks)
    assert list(certificate.measurements.order_by("position").values_list("name", "measured_value_raw")) == [
        ("OCPP response timeout", "3 sec"),
        ("Response time of Authorize", "0.4 sec"),
    ]
    assert dict(certificate.signatories.values_list("role", "position")) == {
        "vendor": "Backend Developer/Integration Tester",
        "lab": "Senior Consultant",
    }


def test_the_admin_page_notes_what_was_corrected_by_hand(certificate: Certificate, admin_client: Client) -> None:
    change = reverse("admin:certificates_certificate_change", args=[certificate.pk])
    data = change_form(admin_client.get(change))
    data["software_version"] = "1.6J-24012021 (corrected)"
    data[row_prefix(data, "profiles", "Reservation") + "-result"] = "Not Tested"
    assert admin_client.post(change, data).status_code == 302
    page = admin_client.get(change).content.decode()
    assert "Corrected by hand (kept when the document is re-parsed)" in page
    assert "<strong>Fields</strong>: software version" in page
    assert "<strong>Profiles</strong>: Reservation (changed)" in page


def test_an_untouched_change_form_records_no_correction(certificate: Certificate, admin_client: Client) -> None:
    change = reverse("admin:certificates_certificate_change", args=[certificate.pk])
    assert admin_client.post(change, change_form(admin_client.get(change))).status_code == 302
    certificate.refresh_from_db()
    assert (certificate.corrected_fields, certificate.corrected_rows) == ([], {})
    assert PerformanceMeasurement.objects.filter(certificate=certificate).count() == 2
