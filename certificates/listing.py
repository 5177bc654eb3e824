"""Services for OCA's public listing: import it, reconcile it with the parsed certificates, link renamed holders.

Reading the CSV and comparing a row with a certificate are pure (``ingest.listing``); this module writes what
they find: listing entries, certificates known only from the listing, data-quality flags and holder renames.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from certificates.caching import registry_changed
from certificates.choices import CertificateSource, FlagKind, OcppVersion, ProductType
from certificates.models import (
    Certificate,
    DataQualityFlag,
    Holder,
    HolderAlias,
    HolderRename,
    Lab,
    LabAlias,
    ListingEntry,
    ListingImport,
    former_name,
    name_key,
)
from certificates.services import certificate_search_text, certificates_search_reindex, holder_resolve
from ingest.listing import ListingRow, ParsedFacts, number_in, read_listing, reconcile, row_from_cells

# The entry fields an import compares with the import before; a difference is recorded as a change.
_ENTRY_FIELDS = (
    "number",
    "company",
    "company_link",
    "country",
    "product_designation",
    "certificate_type",
    "software_version",
    "ocpp_version",
    "product_type",
    "registered_on",
    "certificate_url",
)
_PRODUCT_TYPES = {"CSMS": ProductType.CSMS, "CS": ProductType.CHARGING_STATION}


@transaction.atomic
def listing_import(*, data: bytes, source_name: str) -> ListingImport:
    """Import the listing CSV ``data``: one entry per row, a certificate for every number, flags recomputed.

    Idempotent: importing the same rows again changes nothing and records no change. Rows that were in the
    import before and are gone are counted as removed (their entries and certificates stay).
    Raises ``ingest.listing.ListingError`` for a file that is not the listing.
    """
    rows = read_listing(data)
    previous = ListingImport.objects.order_by("-pk").first()
    run = ListingImport.objects.create(source_name=source_name[:255], sha256=hashlib.sha256(data).hexdigest())
    known = {entry.raw_number: entry for entry in ListingEntry.objects.all()}
    for row in rows:
        entry = known.pop(row.raw_number[:255], None)
        changes = _store_entry(entry, row, run)
        if entry is None:
            run.created += 1
        elif changes:
            run.changed += 1
            run.changes.extend(changes)
    gone = [entry for entry in known.values() if previous is not None and entry.last_import_id == previous.pk]
    run.removed = len(gone)
    run.changes.extend({"row": None, "number": e.raw_number, "field": "row", "old": "listed", "new": "removed"}
                       for e in gone)  # fmt: skip
    run.rows = len(rows)
    run.save()
    registry_changed()
    return run


def _store_entry(entry: ListingEntry | None, row: ListingRow, run: ListingImport) -> list[dict[str, Any]]:
    """Create or update the entry of ``row``; make sure its certificate exists; reconcile. Return the changes."""
    values = _entry_values(row)
    changes = []
    if entry is None:
        entry = ListingEntry.objects.create(raw_number=row.raw_number[:255], first_import=run, last_import=run,
                                            **values)  # fmt: skip
    else:
        for field in _ENTRY_FIELDS:
            old, new = getattr(entry, field), values[field]
            if old != new:
                changes.append({"row": row.position, "number": entry.raw_number, "field": field,
                                "old": str(old or ""), "new": str(new or "")})  # fmt: skip
        for field, value in values.items():
            setattr(entry, field, value)
        entry.last_import = run
        entry.save()
    if entry.number:
        _certificate_from_listing(entry)
    listing_reconcile(entry=entry)
    return changes


def _entry_values(row: ListingRow) -> dict[str, Any]:
    """The entry's fields from a listing row; a malformed number is replaced by the one its link names."""
    return {
        "number": row.number or number_in(row.certificate_url),
        "position": row.position,
        "company": row.company[:255],
        "company_link": row.company_link[:500],
        "country": row.country[:128],
        "product_designation": row.product_designation[:255],
        "certificate_type": row.certificate_type[:64],
        "software_version": row.software_version[:255],
        "ocpp_version": row.ocpp_version,
        "product_type": row.product_type,
        "registered_on": row.registered_on,
        "certificate_url": row.certificate_url[:500],
        "raw": row.raw,
    }


def _certificate_from_listing(entry: ListingEntry) -> Certificate:
    """Return the current certificate of the entry's number; one made (or kept up to date) from the listing when
    no document of it has been parsed."""
    current = Certificate.objects.select_for_update().filter(number=entry.number, is_current=True).first()
    if current is not None and current.source == CertificateSource.DOCUMENT:
        return current
    certificate = current or Certificate(number=entry.number, version=1, source=CertificateSource.LISTING)
    suffix = entry.number.rsplit(".", 1)[-1]
    values = {
        "holder_name": entry.company or entry.raw_number,
        "product_designation": entry.product_designation,
        "software_version": entry.software_version,
        "certificate_type": entry.certificate_type,
        "ocpp_version": entry.ocpp_version if entry.ocpp_version in OcppVersion.values else _version_of(entry.number),
        "product_type": _PRODUCT_TYPES.get(suffix, ""),  # the number's suffix, not the listing's (often misfiled)
        "certification_date": entry.registered_on,
    }
    if current is not None and all(getattr(current, field) == value for field, value in values.items()):
        return current
    for field, value in values.items():
        setattr(certificate, field, value)
    certificate.holder = holder_resolve(name=certificate.holder_name[:255])
    _alias_former_name(certificate.holder, certificate.holder_name)
    certificate.search_document = certificate_search_text(certificate)
    certificate.save()
    return certificate


def _alias_former_name(holder: Holder, name: str) -> None:
    """Record the former name a listed name gives ("… (Formerly CS Technology)") as an alias of ``holder``,
    unless that name already belongs to a holder."""
    former = former_name(name)[:255]
    if former and not HolderAlias.objects.filter(name=former).exists():
        HolderAlias.objects.create(name=former, key=name_key(former), holder=holder)


def _version_of(number: str) -> str:
    """The OCPP version a number's protocol part names ("0016" is 1.6, "0201" is 2.0.1)."""
    protocol = number.split("OCA.", 1)[-1][:4]
    return {"0016": OcppVersion.V16, "0201": OcppVersion.V201, "0021": OcppVersion.V21}.get(protocol, "")


def listing_reconcile(*, entry: ListingEntry) -> list[DataQualityFlag]:
    """Recompute the flags of ``entry`` against its certificate; link a renamed holder. Return the flags.

    Writes only what differs: an entry whose flags are unchanged is left as it is.
    """
    certificate = Certificate.objects.filter(number=entry.number, is_current=True).first() if entry.number else None
    facts = None
    if certificate is not None and certificate.source == CertificateSource.DOCUMENT:
        facts = ParsedFacts(
            holder=certificate.holder_name,
            product_designation=certificate.product_designation,
            software_version=certificate.software_version,
            certification_date=certificate.certification_date,
        )
    found = reconcile(_row_of(entry), facts, _words_key)
    wanted = {(flag.kind.value, flag.message, flag.listed[:255], flag.parsed[:255]) for flag in found}
    flags = list(entry.flags.all())
    have = {(f.kind, f.message, f.listed, f.parsed) for f in flags}
    if wanted != have or any(f.number != entry.number for f in flags):
        entry.flags.all().delete()
        DataQualityFlag.objects.bulk_create(
            DataQualityFlag(entry=entry, number=entry.number, kind=kind, message=message, listed=listed, parsed=parsed)
            for kind, message, listed, parsed in sorted(wanted)
        )
        flags = list(entry.flags.all())
        registry_changed()
    if certificate is not None and any(flag.kind == FlagKind.HOLDER_RENAMED for flag in found):
        holder_rename_link(certificate=certificate, listed_name=entry.company)
    return flags


def _words_key(name: str) -> str:
    """A company name's key with its words in order: "KERI (Korea … Institute)" is "Korea … Institute (KERI)"."""
    return " ".join(sorted(set(name_key(name).split())))


def _row_of(entry: ListingEntry) -> ListingRow:
    """The listing row an entry was stored from (its raw cells read again)."""
    return row_from_cells(entry.position, entry.raw)


def listing_reconcile_number(*, number: str) -> None:
    """Reconcile every listing entry of ``number`` (after its document was parsed or re-parsed)."""
    for entry in ListingEntry.objects.filter(number=number):
        listing_reconcile(entry=entry)


@transaction.atomic
def holder_rename_link(*, certificate: Certificate, listed_name: str) -> HolderRename | None:
    """Make the listing's name of ``certificate``'s holder an alias of that holder, merging the holder the name
    already belongs to. Return the link, or None when the link was reverted before (it is not made again).

    The canonical name becomes the listing's (OCA lists current names). Touches holders, aliases, certificates
    (moved to the kept holder) and their search index.
    """
    link, _ = HolderRename.objects.get_or_create(
        number=certificate.number,
        listed_name=listed_name[:255],
        defaults={"printed_name": certificate.holder_name[:255], "holder": certificate.holder},
    )
    if link.reverted:
        return None
    kept = certificate.holder
    listed = HolderAlias.objects.filter(name=listed_name).select_related("holder").first()
    if listed is None:
        listed = HolderAlias.objects.filter(key=name_key(listed_name)).select_related("holder").first()
    if listed is not None and listed.holder_id != kept.pk:
        holder_merge(source=listed.holder, into=kept)
    if not HolderAlias.objects.filter(name=listed_name).exists():
        HolderAlias.objects.create(name=listed_name[:255], key=name_key(listed_name), holder=kept)
    changed = kept.name != listed_name or link.holder_id != kept.pk
    if changed:
        Holder.objects.filter(pk=kept.pk).update(name=listed_name[:255])
        HolderRename.objects.filter(pk=link.pk).update(holder=kept)
        certificates_search_reindex(queryset=kept.certificates.all())
        registry_changed()
    return link


@transaction.atomic
def entity_merge(*, source: Holder | Lab, into: Holder | Lab) -> Holder | Lab:
    """Move every certificate and alias (and, for holders, rename link) of ``source`` to ``into``, delete
    ``source``; return ``into``. Both must be holders, or both labs.

    Later imports respect the merge: names resolve through the aliases, which now all belong to ``into``.
    """
    if type(source) is not type(into):
        raise TypeError("only two holders or two labs can be merged")
    if source.pk == into.pk:
        return into
    owner = "holder" if isinstance(into, Holder) else "lab"
    Certificate.objects.filter(**{owner: source}).update(**{owner: into})
    (HolderAlias if owner == "holder" else LabAlias).objects.filter(**{owner: source}).update(**{owner: into})
    if owner == "holder":
        HolderRename.objects.filter(holder_id=source.pk).update(holder_id=into.pk)
    source.delete()
    certificates_search_reindex(queryset=into.certificates.all())
    registry_changed()
    return into


def holder_merge(*, source: Holder, into: Holder) -> Holder:
    """Merge the holder ``source`` into ``into`` (see ``entity_merge``); return ``into``."""
    merged = entity_merge(source=source, into=into)
    assert isinstance(merged, Holder)
    return merged


@transaction.atomic
def holder_rename_revert(*, link: HolderRename) -> Holder:
    """Undo a rename link: the listing's name gets a holder of its own again, with the certificates the listing
    alone names under it; the link is kept, reverted, so no later import makes it again. Return that holder."""
    kept = link.holder
    separate = Holder.objects.create(name=link.listed_name)
    HolderAlias.objects.filter(name=link.listed_name, holder=kept).update(holder=separate)
    moved: QuerySet[Certificate] = Certificate.objects.filter(
        holder=kept, source=CertificateSource.LISTING, holder_name=link.listed_name
    )
    moved.update(holder=separate)
    if kept.name == link.listed_name:
        Holder.objects.filter(pk=kept.pk).update(name=link.printed_name)
    link.reverted = True
    link.save(update_fields=["reverted", "updated_at"])
    certificates_search_reindex(queryset=Certificate.objects.filter(holder__in=[kept, separate]))
    registry_changed()
    return separate
