"""Writes to the registry: a parsed record becomes a certificate version with its holder, lab and rows (or is
found to duplicate, predate or contradict one); hand corrections of fields and rows are recorded and kept."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from operator import attrgetter
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from certificates.caching import registry_changed
from certificates.choices import CertificateSource, ProfileResultValue, SignatoryRole
from certificates.domain.corrections import ROW_KEYS, merged_rows, rows_edited
from certificates.domain.facts import FACT_LABELS, fact_differences, facts_of, shown
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
# The certificate fields a hand correction of a fact may have changed (a fact not named here is one field).
_FACT_FIELDS = {"holder": {"holder", "holder_name"}, "test_lab": {"lab", "test_lab_name"}}
# Each table of a certificate (its related name) and the model of its rows.
ROW_MODELS: dict[str, type[ProfileResult | PerformanceMeasurement | LimitSetting | Signatory]] = {
    "profiles": ProfileResult,
    "measurements": PerformanceMeasurement,
    "settings": LimitSetting,
    "signatories": Signatory,
}


class OutcomeKind(StrEnum):
    """What became of a parsed record in the registry."""

    CREATED = "created"  # the first version of its number (or the first parsed record of a listed one)
    REWRITTEN = "rewritten"  # its own document parsed again: its version rewritten, corrections kept
    NEW_VERSION = "new_version"  # a re-issue with a later date: a new version, the older ones kept as history
    DUPLICATE = "duplicate"  # a version of the same number, date and facts exists: nothing written
    OLDER = "older"  # dated before the current version and no version has its date: nothing written
    CONFLICTING = "conflicting"  # the same number and date (or no date to order by) but other facts: review


@dataclass(frozen=True)
class RecordOutcome:
    """The outcome of writing a parsed record: what happened, and the certificate version it concerns (the one
    written, or the one the record duplicates, predates or conflicts with)."""

    kind: OutcomeKind
    certificate: Certificate
    differences: tuple[str, ...] = ()
    certified_on: date | None = None

    @property
    def message(self) -> str:
        """One sentence for the uploader: what happened, naming the number and the version."""
        version = f"{self.certificate.number} version {self.certificate.version}"
        dated = self.certificate.certification_date or "no date"
        messages = {
            OutcomeKind.CREATED: f"published as {version}",
            OutcomeKind.REWRITTEN: f"{version} rewritten from this document" + self._kept,
            OutcomeKind.NEW_VERSION: f"published as {version}, a re-issue certified on {dated}",
            OutcomeKind.DUPLICATE: f"not published: a duplicate of {version} (the same number, certification "
            "date and facts)",
            OutcomeKind.OLDER: f"not published: certified on {self.certified_on or 'no date'}, before {version} "
            f"(certified on {dated}), which stays the current version",
            OutcomeKind.CONFLICTING: f"needs review: {version} has the same number but other facts: "
            + "; ".join(self.differences),
        }
        return messages[self.kind]

    @property
    def _kept(self) -> str:
        """What a rewritten version kept, in words ("" when nothing was corrected by hand)."""
        corrected = self.certificate.corrected_fields or any(self.certificate.corrected_rows.values())
        return " (the corrections by hand kept)" if corrected else ""


@transaction.atomic
def certificate_create_from_record(*, record: ParsedCertificate, document_id: int) -> RecordOutcome:
    """Write the certificate version ``record`` (parsed from the document ``document_id``) describes, if it is
    new; return what became of it. Its listing entries are compared with what was written.

    - a number not seen before (or known only from OCA's listing): ``CREATED``, version 1;
    - a number a version of which came from this same document: ``REWRITTEN``, that version is written again
      from the record, except the fields and rows corrected by hand;
    - a later certification date than the current version's: ``NEW_VERSION``; the others stay as history;
    - the date of an existing version and the same facts (the text of a PDF already ingested):
      ``DUPLICATE`` of that version; nothing is written;
    - an earlier date than the current version's, which no version has: ``OLDER``; nothing is written;
    - the date of an existing version but other facts (another software version, another result), or a
      date missing on one side so that the two cannot be ordered: ``CONFLICTING``; nothing is written and
      the differences are given for a person to review.

    "The same facts" are those a buyer relies on, compared as ``certificates.domain.facts`` says: holder,
    product designation, software version, OCPP version, product type, certificate type, profiles with
    their results, test laboratory. A fact corrected by hand on the version compared with is not compared:
    the correction is the registry's word on it.
    """
    number = record.certificate_number or ""
    current = Certificate.objects.select_for_update().filter(number=number, is_current=True).first()
    if current is None:
        try:
            with transaction.atomic():  # a savepoint: another worker may create this number at the same time
                created = _write(Certificate(number=number, version=1), record, document_id)
        except IntegrityError:
            current = Certificate.objects.select_for_update().get(number=number, is_current=True)
        else:
            return RecordOutcome(OutcomeKind.CREATED, _reconciled(created))
    if current.source == CertificateSource.LISTING:
        return RecordOutcome(OutcomeKind.CREATED, _reconciled(_write(current, record, document_id)))
    own = Certificate.objects.filter(number=number, document_id=document_id).order_by("-version").first()
    if own is not None:
        return RecordOutcome(OutcomeKind.REWRITTEN, _reconciled(_write(own, record, document_id)))
    return _compared(current, record, document_id)


def _compared(current: Certificate, record: ParsedCertificate, document_id: int) -> RecordOutcome:
    """Return the outcome of a record from another document than any version of its number: a new version
    when it is later, else what it is to the version of its date (or to the current one)."""
    issued, latest = record.certification_date, current.certification_date
    if issued is not None and latest is not None and issued > latest:
        Certificate.objects.filter(pk=current.pk).update(is_current=False)
        new = _write(Certificate(number=current.number, version=current.version + 1), record, document_id)
        return RecordOutcome(OutcomeKind.NEW_VERSION, _reconciled(new), certified_on=issued)
    same_date = Certificate.objects.filter(number=current.number, certification_date=issued).order_by("-version")
    twin = same_date.first()
    if twin is not None:
        differences = _differences(twin, record)
        kind = OutcomeKind.CONFLICTING if differences else OutcomeKind.DUPLICATE
        return RecordOutcome(kind, twin, tuple(differences), certified_on=issued)
    if issued is not None and latest is not None:
        return RecordOutcome(OutcomeKind.OLDER, current, certified_on=issued)
    undated = f"certification date {shown(str(issued or ''))}, not {shown(str(latest or ''))}"
    return RecordOutcome(OutcomeKind.CONFLICTING, current, (undated,), certified_on=issued)


def _differences(certificate: Certificate, record: ParsedCertificate) -> list[str]:
    """Return how ``record`` states the facts otherwise than ``certificate`` (facts corrected by hand left out)."""
    facts = certificate.stated_facts(certificate.profiles.values_list("name", "result"))
    corrected = set(certificate.corrected_fields)
    skipped = {fact for fact in FACT_LABELS if corrected & _FACT_FIELDS.get(fact, {fact})}
    return fact_differences(
        facts_of(record), facts, skip_facts=skipped, skip_profiles=certificate.corrected_rows.get("profiles", {})
    )


def _reconciled(certificate: Certificate) -> Certificate:
    """Return ``certificate`` after its listing entries (if any) are compared with it again."""
    listing_reconcile_number(number=certificate.number)
    return certificate


def _write(certificate: Certificate, record: ParsedCertificate, document_id: int) -> Certificate:
    """Fill ``certificate`` from ``record`` (fields and rows corrected by hand kept), save it with its rows."""
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
    rows = _rows(certificate, record)
    certificate.profiles_passed = profiles_mask(p.name for p in rows["profiles"] if p.result == PASS)
    certificate.save()
    _replace_rows(certificate, rows)
    return certificate


def certificate_profiles_refresh(*, certificate: Certificate) -> None:
    """Recompute ``certificate.profiles_passed`` from its profile rows (after they were edited by hand), and its
    number's claims and listing flags (``listing_reconcile_number``: a row or the certificate type may have changed);
    saves those columns alone."""
    passed = certificate.profiles.filter(result=ProfileResultValue.PASS).values_list("name", flat=True)
    certificate.profiles_passed = profiles_mask(passed)
    Certificate.objects.filter(pk=certificate.pk).update(profiles_passed=certificate.profiles_passed)
    listing_reconcile_number(number=certificate.number)
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


def _rows(certificate: Certificate, record: ParsedCertificate) -> dict[str, list[Any]]:
    """Return each table's rows (unsaved) for ``certificate`` written from ``record``: the parsed rows, with the
    rows corrected by hand kept in their place (``certificates.domain.corrections``)."""
    parsed = _parsed_rows(certificate, record)
    if certificate.pk is None or not certificate.corrected_rows:
        return parsed
    rows = {}
    for table, model in ROW_MODELS.items():
        corrected = certificate.corrected_rows.get(table, {})
        kept = list(model.objects.filter(certificate=certificate)) if corrected else []
        rows[table] = merged_rows(parsed[table], kept, corrected, key=attrgetter(ROW_KEYS[table]))
    return rows


def _parsed_rows(certificate: Certificate, record: ParsedCertificate) -> dict[str, list[Any]]:
    """Return the record's profile, measurement, setting and signatory rows for ``certificate``, unsaved."""
    signed = ((SignatoryRole.VENDOR, record.vendor_signatory), (SignatoryRole.LAB, record.lab_signatory))
    return {
        "profiles": [
            ProfileResult(certificate=certificate, name=p.name, result=p.result, description=p.description or "")
            for p in record.profiles
        ],
        "measurements": [
            PerformanceMeasurement(
                certificate=certificate,
                name=m.name,
                pics_value_s=m.pics_value_s,
                measured_value_s=m.measured_value_s,
                pics_value_raw=m.pics_value_raw or "",
                measured_value_raw=m.measured_value_raw or "",
                description=m.description or "",
            )
            for m in record.performance
        ],
        "settings": [
            LimitSetting(certificate=certificate, name=s.name or "", value=s.value or "") for s in record.settings
        ],
        "signatories": [
            Signatory(
                certificate=certificate,
                role=role,
                date=signatory.date,
                **{field: value or "" for field, value in asdict(signatory).items() if field in _SIGNATORY_FIELDS},
            )
            for role, signatory in signed
            if signatory
        ],
    }


def _replace_rows(certificate: Certificate, rows: dict[str, list[Any]]) -> None:
    """Replace the rows of each table of ``certificate`` with ``rows``, numbered in their order."""
    for table, model in ROW_MODELS.items():
        model.objects.filter(certificate=certificate).delete()
        for position, row in enumerate(rows[table]):
            row.pk = None  # a kept row is written again, as the parsed ones are
            row._state.adding = True
            row.certificate = certificate
            if table != "signatories":
                row.position = position
        model.objects.bulk_create(rows[table])


def certificate_rows_correct(
    *, certificate: Certificate, table: str, edits: Iterable[tuple[str | None, str | None]]
) -> None:
    """Record that a person edited rows of ``certificate``'s ``table`` (``profiles``, ``measurements``,
    ``settings`` or ``signatories``): each edit is (key before, key after), as
    ``certificates.domain.corrections.rows_edited`` takes them. A re-parse keeps those rows as they are now.
    Saves that column alone."""
    edits = list(edits)
    if not edits:
        return
    recorded = dict(certificate.corrected_rows)
    recorded[table] = rows_edited(recorded.get(table, {}), edits)
    certificate.corrected_rows = recorded
    Certificate.objects.filter(pk=certificate.pk).update(corrected_rows=recorded)


def certificates_set_published(*, queryset: QuerySet[Certificate], published: bool) -> int:
    """Publish or unpublish the certificates of ``queryset``; return how many changed.

    Their ``updated_at`` moves, so mirrors syncing with ``updated_since`` see the change.
    """
    count = queryset.exclude(is_published=published).update(is_published=published, updated_at=timezone.now())
    registry_changed()
    return count
