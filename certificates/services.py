"""Writes to the registry: a parsed record becomes a certificate version with its holder, lab and rows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from certificates.caching import registry_changed
from certificates.choices import CertificateSource, ProfileResultValue, SignatoryRole, profiles_mask
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
from certificates.search import search_document_of

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
    if match is not None:  # a known entity under a new name: its certificates become findable by it
        certificates_search_reindex(queryset=entity.certificates.all())
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
                return _reconciled(_write(Certificate(number=number, version=1), record, document))
        except IntegrityError:
            current = Certificate.objects.select_for_update().get(number=number, is_current=True)
    if current.document_id == document.pk or current.source == CertificateSource.LISTING:
        return _reconciled(_write(current, record, document))
    if issued and current.certification_date and issued > current.certification_date:
        Certificate.objects.filter(pk=current.pk).update(is_current=False)
        return _reconciled(_write(Certificate(number=number, version=current.version + 1), record, document))
    return current


def _reconciled(certificate: Certificate) -> Certificate:
    """Return ``certificate`` after its listing entries (if any) are compared with it again."""
    from certificates.listing import listing_reconcile_number  # the listing services build on this module

    listing_reconcile_number(number=certificate.number)
    return certificate


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
    certificate.source = CertificateSource.DOCUMENT
    certificate.search_document = certificate_search_text(certificate)
    certificate.profiles_passed = profiles_mask(
        p["name"] for p in record.get("profiles", []) if p["result"] == ProfileResultValue.PASS
    )
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


def certificate_search_text(certificate: Certificate) -> str:
    """Return the search document of ``certificate`` as it stands, holder and lab aliases included."""
    holder_names = HolderAlias.objects.filter(holder_id=certificate.holder_id).values_list("name", flat=True)
    lab_names = LabAlias.objects.filter(lab_id=certificate.lab_id).values_list("name", flat=True)
    return _document_of(certificate, list(holder_names), list(lab_names) if certificate.lab_id else [])


def _document_of(certificate: Certificate, holder_names: list[str], lab_names: list[str]) -> str:
    """Return the search document of ``certificate`` given its holder's and lab's alias names."""
    return search_document_of(
        certificate.number,
        certificate.holder.name,
        holder_names,
        certificate.holder_name,
        certificate.product_designation,
        certificate.software_version,
        certificate.lab.name if certificate.lab else "",
        lab_names,
        certificate.test_lab_name,
    )


def certificate_search_index(*, certificate: Certificate) -> None:
    """Store the search document of ``certificate`` (after a hand edit); touches only that column."""
    certificate.search_document = certificate_search_text(certificate)
    Certificate.objects.filter(pk=certificate.pk).update(search_document=certificate.search_document)
    registry_changed()


def certificates_search_reindex(*, queryset: QuerySet[Certificate] | None = None, batch_size: int = 2000) -> int:
    """Rewrite the search document of every certificate of ``queryset`` (all by default); return how many.

    Run after holders or labs gain, lose or merge aliases. Aliases are read once, certificates in batches.
    """
    holder_aliases = _aliases(HolderAlias, "holder_id")
    lab_aliases = _aliases(LabAlias, "lab_id")
    certificates = (queryset if queryset is not None else Certificate.objects.all()).select_related("holder", "lab")
    batch: list[Certificate] = []
    count = 0
    for certificate in certificates.order_by("pk").iterator(chunk_size=batch_size):
        certificate.search_document = _document_of(
            certificate, holder_aliases.get(certificate.holder_id, []), lab_aliases.get(certificate.lab_id or 0, [])
        )
        batch.append(certificate)
        if len(batch) == batch_size:
            count += _save_documents(batch)
    return count + _save_documents(batch)


def _aliases(model: type[Any], owner: str) -> dict[int, list[str]]:
    """Return every alias name by owner id."""
    names: dict[int, list[str]] = {}
    for owner_id, name in model.objects.values_list(owner, "name").iterator():
        names.setdefault(owner_id, []).append(name)
    return names


def _save_documents(batch: list[Certificate]) -> int:
    """Write the search documents of ``batch`` in one statement, empty it, and return how many it held."""
    count = len(batch)
    with transaction.atomic():
        Certificate.objects.bulk_update(batch, ["search_document"])
    registry_changed()
    batch.clear()
    return count


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


def certificates_set_published(*, queryset: QuerySet[Certificate], published: bool) -> int:
    """Publish or unpublish the certificates of ``queryset``; return how many changed.

    Their ``updated_at`` moves, so mirrors syncing with ``updated_since`` see the change.
    """
    count = queryset.exclude(is_published=published).update(is_published=published, updated_at=timezone.now())
    registry_changed()
    return count
