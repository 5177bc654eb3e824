"""Writes to the registry: a parsed record becomes a certificate version with its holder, lab and rows."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from certificates.caching import registry_changed
from certificates.choices import CertificateSource, ProfileResultValue, SignatoryRole
from certificates.domain.profiles import PASS, profiles_mask
from certificates.domain.record import ParsedCertificate
from certificates.entities import holder_resolve, lab_resolve
from certificates.listing import listing_reconcile_number
from certificates.models import (
    Certificate,
    LimitSetting,
    PerformanceMeasurement,
    ProfileResult,
    Signatory,
)
from certificates.search import certificate_search_text

# Record fields copied onto the certificate as they are (None becomes "").
_TEXT_FIELDS = (
    "ocpp_version",
    "certificate_type",
    "product_type",
    "product_designation",
    "software_version",
    "specification",
    "test_lab_location",
    "applied_tests_lab",
    "test_report_reference",
    "document_evidence",
    "vendor_name",
    "device_under_test",
    "communication",
    "octt_version",
    "firmware_version",
    "hardware_version",
    "oca_signatory",
)
_SIGNATORY_FIELDS = ("name", "company", "department", "position", "location")


@transaction.atomic
def certificate_create_from_record(*, record: ParsedCertificate, document_id: int) -> Certificate:
    """Return the certificate version ``record`` (parsed from the document ``document_id``) describes, written
    from it when it is new; its listing entries are compared with it again.

    - the same number parsed again from the same document: that version is rewritten, except the fields
      corrected by hand;
    - the same number with a later certification date: a new version; the old one stays as history;
    - the same number and date from another document (the text of a PDF already ingested): the
      existing version is returned unchanged.
    """
    number = record.certificate_number or ""
    current = Certificate.objects.select_for_update().filter(number=number, is_current=True).first()
    if current is None:
        try:
            with transaction.atomic():  # a savepoint: another worker may create this number at the same time
                return _reconciled(_write(Certificate(number=number, version=1), record, document_id))
        except IntegrityError:
            current = Certificate.objects.select_for_update().get(number=number, is_current=True)
    if current.document_id == document_id or current.source == CertificateSource.LISTING:
        return _reconciled(_write(current, record, document_id))
    issued = record.certification_date
    if issued and current.certification_date and issued > current.certification_date:
        Certificate.objects.filter(pk=current.pk).update(is_current=False)
        new = Certificate(number=number, version=current.version + 1)
        return _reconciled(_write(new, record, document_id))
    return current


def _reconciled(certificate: Certificate) -> Certificate:
    """Return ``certificate`` after its listing entries (if any) are compared with it again."""
    listing_reconcile_number(number=certificate.number)
    return certificate


def _write(certificate: Certificate, record: ParsedCertificate, document_id: int) -> Certificate:
    """Fill ``certificate`` from ``record`` (hand corrections kept), save it, and replace its rows."""
    corrected = set(certificate.corrected_fields)
    holder = record.holder or ""
    values: dict[str, Any] = {field: getattr(record, field) or "" for field in _TEXT_FIELDS}
    certificate.warnings = list(record.warnings)
    values.update(
        holder_name=holder,
        holder=holder_resolve(name=holder[:255]),
        test_lab_name=record.test_lab or "",
        lab=lab_resolve(name=record.test_lab[:255]) if record.test_lab else None,
        certification_date=record.certification_date,
        test_date=record.test_date,
    )
    for field, value in values.items():
        if field not in corrected:
            setattr(certificate, field, _clipped(certificate, field, value))
    certificate.document_id = document_id
    certificate.source = CertificateSource.DOCUMENT
    certificate.search_document = certificate_search_text(certificate)
    certificate.profiles_passed = profiles_mask(p.name for p in record.profiles if p.result == PASS)
    certificate.save()
    _replace_rows(certificate, record)
    return certificate


def certificate_profiles_refresh(*, certificate: Certificate) -> None:
    """Recompute ``certificate.profiles_passed`` from its profile rows (after they were edited by hand); saves
    that column alone."""
    passed = certificate.profiles.filter(result=ProfileResultValue.PASS).values_list("name", flat=True)
    certificate.profiles_passed = profiles_mask(passed)
    Certificate.objects.filter(pk=certificate.pk).update(profiles_passed=certificate.profiles_passed)
    registry_changed()


def _clipped(certificate: Certificate, field: str, value: Any) -> Any:
    """Return ``value`` cut to the column's length, noting the cut in the certificate's warnings."""
    limit = getattr(certificate._meta.get_field(field), "max_length", None)
    if not isinstance(value, str) or limit is None or len(value) <= limit:
        return value
    certificate.warnings = [
        *certificate.warnings,
        f"{field.replace('_', ' ')} was longer than {limit} characters and was cut",
    ]
    return value[:limit]


def _replace_rows(certificate: Certificate, record: ParsedCertificate) -> None:
    """Replace the certificate's profile, measurement, setting and signatory rows with the record's."""
    for model in (ProfileResult, PerformanceMeasurement, LimitSetting, Signatory):
        model.objects.filter(certificate=certificate).delete()
    ProfileResult.objects.bulk_create(
        ProfileResult(
            certificate=certificate, position=i, name=p.name, result=p.result, description=p.description or ""
        )
        for i, p in enumerate(record.profiles)
    )
    PerformanceMeasurement.objects.bulk_create(
        PerformanceMeasurement(
            certificate=certificate,
            position=i,
            name=m.name,
            pics_value_s=m.pics_value_s,
            measured_value_s=m.measured_value_s,
            pics_value_raw=m.pics_value_raw or "",
            measured_value_raw=m.measured_value_raw or "",
            description=m.description or "",
        )
        for i, m in enumerate(record.performance)
    )
    LimitSetting.objects.bulk_create(
        LimitSetting(certificate=certificate, position=i, name=s.name or "", value=s.value or "")
        for i, s in enumerate(record.settings)
    )
    Signatory.objects.bulk_create(
        Signatory(
            certificate=certificate,
            role=role,
            date=signed.date,
            **{field: value or "" for field, value in asdict(signed).items() if field in _SIGNATORY_FIELDS},
        )
        for role, signed in ((SignatoryRole.VENDOR, record.vendor_signatory), (SignatoryRole.LAB, record.lab_signatory))
        if signed
    )


def certificates_set_published(*, queryset: QuerySet[Certificate], published: bool) -> int:
    """Publish or unpublish the certificates of ``queryset``; return how many changed.

    Their ``updated_at`` moves, so mirrors syncing with ``updated_since`` see the change.
    """
    count = queryset.exclude(is_published=published).update(is_published=published, updated_at=timezone.now())
    registry_changed()
    return count
