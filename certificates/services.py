"""Writes to the registry: a parsed record becomes a certificate version with its holder, lab and rows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from certificates.choices import SignatoryRole
from certificates.models import (
    Certificate,
    Holder,
    HolderAlias,
    Lab,
    LabAlias,
    LimitSetting,
    PerformanceMeasurement,
    ProfileResult,
    Signatory,
    name_key,
)

if TYPE_CHECKING:
    from ingest.models import SourceDocument

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


def holder_resolve(*, name: str) -> Holder:
    """Return the holder printed as ``name``: by that exact alias, else by its key, else a new holder.

    Records ``name`` as an alias of the holder it resolves to.
    """
    return _resolve(HolderAlias, "holder", Holder, name)


def lab_resolve(*, name: str) -> Lab:
    """Return the lab printed as ``name`` (see ``holder_resolve``); records the alias."""
    return _resolve(LabAlias, "lab", Lab, name)


def _resolve(alias_model: type[Any], owner: str, entity_model: type[Any], name: str) -> Any:
    """Return the entity an alias of ``name`` (or of its key) belongs to, creating both when none does.

    Safe under concurrency: when another transaction records the same name first, its entity is used.
    """
    aliases = alias_model.objects.select_related(owner)
    alias = aliases.filter(name=name).first()
    if alias is not None:
        return getattr(alias, owner)
    key = name_key(name)
    match = aliases.filter(key=key).first()
    try:
        with transaction.atomic():  # a savepoint: a lost race rolls back the entity made for it too
            entity = getattr(match, owner) if match is not None else entity_model.objects.create(name=name)
            alias_model.objects.create(name=name, key=key, **{owner: entity})
    except IntegrityError:
        return getattr(aliases.get(name=name), owner)
    return entity


@transaction.atomic
def certificate_create_from_record(*, record: dict[str, Any], document: SourceDocument) -> Certificate:
    """Return the certificate version ``record`` describes, written from it when it is new.

    - the same number parsed again from the same document: that version is rewritten, except the fields
      corrected by hand;
    - the same number with a later certification date: a new version; the old one stays as history;
    - the same number and date from another document (the text of a PDF already ingested): the
      existing version is returned unchanged.
    """
    number = record["certificate_number"]
    current = Certificate.objects.select_for_update().filter(number=number, is_current=True).first()
    issued = _date(record.get("certification_date"))
    if current is None:
        try:
            with transaction.atomic():  # a savepoint: another worker may create this number at the same time
                return _write(Certificate(number=number, version=1), record, document)
        except IntegrityError:
            current = Certificate.objects.select_for_update().get(number=number, is_current=True)
    if current.document_id == document.pk:
        return _write(current, record, document)
    if issued and current.certification_date and issued > current.certification_date:
        Certificate.objects.filter(pk=current.pk).update(is_current=False)
        return _write(Certificate(number=number, version=current.version + 1), record, document)
    return current


def _write(certificate: Certificate, record: dict[str, Any], document: SourceDocument) -> Certificate:
    """Fill ``certificate`` from ``record`` (hand corrections kept), save it, and replace its rows."""
    corrected = set(certificate.corrected_fields)
    values: dict[str, Any] = {field: record.get(field) or "" for field in _TEXT_FIELDS}
    certificate.warnings = list(record.get("warnings", []))
    values.update(
        holder_name=record["holder"],
        holder=holder_resolve(name=record["holder"][:255]),
        test_lab_name=record.get("test_lab") or "",
        lab=lab_resolve(name=record["test_lab"][:255]) if record.get("test_lab") else None,
        certification_date=_date(record.get("certification_date")),
        test_date=_date(record.get("test_date")),
    )
    for field, value in values.items():
        if field not in corrected:
            setattr(certificate, field, _clipped(certificate, field, value))
    certificate.document = document
    certificate.save()
    _replace_rows(certificate, record)
    return certificate


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


def _replace_rows(certificate: Certificate, record: dict[str, Any]) -> None:
    """Replace the certificate's profile, measurement, setting and signatory rows with the record's."""
    for model in (ProfileResult, PerformanceMeasurement, LimitSetting, Signatory):
        model.objects.filter(certificate=certificate).delete()
    ProfileResult.objects.bulk_create(
        ProfileResult(
            certificate=certificate,
            position=i,
            name=p["name"],
            result=p["result"],
            description=p.get("description") or "",
        )
        for i, p in enumerate(record.get("profiles", []))
    )
    PerformanceMeasurement.objects.bulk_create(
        PerformanceMeasurement(
            certificate=certificate,
            position=i,
            name=m["name"],
            pics_value_s=m.get("pics_value_s"),
            measured_value_s=m.get("measured_value_s"),
            pics_value_raw=m.get("pics_value_raw") or "",
            measured_value_raw=m.get("measured_value_raw") or "",
            description=m.get("description") or "",
        )
        for i, m in enumerate(record.get("performance", []))
    )
    LimitSetting.objects.bulk_create(
        LimitSetting(certificate=certificate, position=i, name=s["name"], value=s.get("value") or "")
        for i, s in enumerate(record.get("settings", []))
    )
    Signatory.objects.bulk_create(
        Signatory(
            certificate=certificate,
            role=role,
            date=_date(signed.get("date")),
            **{f: signed.get(f) or "" for f in ("name", "company", "department", "position", "location")},
        )
        for role, signed in (
            (SignatoryRole.VENDOR, record.get("vendor_signatory")),
            (SignatoryRole.LAB, record.get("lab_signatory")),
        )
        if signed
    )


def _date(value: str | None) -> date | None:
    """Return the date of an ISO string from the record, None for None."""
    return date.fromisoformat(value) if value else None
