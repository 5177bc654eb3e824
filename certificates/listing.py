"""Services for OCA's public listing: store its rows, reconcile them with the certificates, link renamed holders.

Comparing a row with a certificate is pure (``certificates.domain.listed``); reading the listing is the
pipeline's (``ingest``). This module writes what they find: listing entries, certificates known only from the
listing, data-quality flags and holder renames.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from certificates.caching import registry_changed
from certificates.choices import CertificateSource, FlagKind, ListingSource, ListingStatus, OcppVersion
from certificates.domain.links import web_url
from certificates.domain.listed import ListingRow, ParsedFacts, number_in, reconcile, update_date
from certificates.domain.numbers import ocpp_version_of, product_type_of
from certificates.domain.typecodes import claimed_mask, claims_type_code, listed_type_code, profile_evidence
from certificates.entities import holder_alias_former_name, holder_rename_link, holder_resolve
from certificates.models import Certificate, DataQualityFlag, ListingEntry, ListingImport, ProfileResult
from certificates.search import certificate_search_text

# The longest link a listing entry stores (its URL columns' length).
LINK_LENGTH = 500
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


class ListingShrank(ValueError):
    """A complete listing holds far fewer rows than the last complete one of its scope: nothing was stored."""


@transaction.atomic
def listing_import(
    *,
    rows: Sequence[ListingRow],
    source_name: str,
    sha256: str,
    source: str = ListingSource.CSV,
    scope: Collection[str] = (),
    min_share: float = 0.0,
    on: date | None = None,
) -> ListingImport:
    """Store the listing ``rows`` (read from ``source_name``, whose bytes hash to ``sha256``): one entry per row,
    a certificate for every number, flags and listing statuses recomputed. Return the import's record.

    ``scope`` names the product types (kinds, "CSMS" and "CS") the rows hold completely: an entry filed under
    one of them that the rows do not hold is marked withdrawn on today's date (never deleted), and a withdrawn
    entry the rows hold again is listed again. An empty scope is a partial listing and withdraws nothing.
    ``on`` is the date the listing was read (today by default): entries are seen, listed or withdrawn on it.
    A complete listing of fewer than ``min_share`` times the rows of the last complete one of the same scope
    raises ``ListingShrank`` before anything is stored.

    Idempotent: importing the same rows again changes nothing and records no change. Rows that were in the
    import before and are gone are counted as removed.
    """
    kinds = sorted(set(scope))
    _check_share(len(rows), kinds, min_share)
    previous = ListingImport.objects.order_by("-pk").first()
    run = ListingImport.objects.create(source_name=source_name[:255], sha256=sha256, source=source,
                                       complete=bool(kinds), scope=kinds)  # fmt: skip
    today = on or timezone.localdate()
    known = {entry.raw_number: entry for entry in ListingEntry.objects.all()}
    numbers = {entry.number for entry in known.values()}  # a number whose entry is gone may lose its claims
    for row in rows:
        entry = known.pop(row.raw_number[:255], None)
        changes = _store_entry(entry, row, run, today)
        run.created += entry is None
        run.changed += any(change["field"] != "withdrawn_on" for change in changes)  # coming back is not a change
        run.changes.extend(changes)
    gone = [entry for entry in known.values() if previous is not None and entry.last_import_id == previous.pk]
    run.removed = len(gone)
    run.changes.extend({"row": None, "number": e.raw_number, "field": "row", "old": "listed", "new": "removed"}
                       for e in gone)  # fmt: skip
    if kinds:
        run.withdrawn = _withdraw(known.values(), kinds, run, today)
    run.back = sum(1 for change in run.changes if change["field"] == "withdrawn_on" and not change["new"])
    run.rows = len(rows)
    run.save()
    listing_status_refresh()
    numbers.update(ListingEntry.objects.values_list("number", flat=True))
    certificate_claims_refresh(numbers=numbers - {""})
    registry_changed()
    return run


def _check_share(count: int, kinds: list[str], min_share: float) -> None:
    """Raise ``ListingShrank`` when a complete listing of ``count`` rows is below ``min_share`` of the last
    complete one of the same scope."""
    if not kinds or not min_share:
        return
    last = ListingImport.objects.filter(complete=True, scope=kinds).order_by("-pk").first()
    if last is not None and count < min_share * last.rows:
        raise ListingShrank(
            f"the listing holds {count} rows, fewer than {min_share:.0%} of the {last.rows} of the last complete "
            f"one ({last}): nothing was changed"
        )


def _withdraw(unseen: Iterable[ListingEntry], kinds: list[str], run: ListingImport, today: date) -> int:
    """Mark withdrawn on ``today`` the listed entries of the product types ``kinds`` among ``unseen`` (entries
    of an unknown type only when every type is in scope); record each as a change. Return how many."""
    types = set(kinds) | ({""} if {"CSMS", "CS"} <= set(kinds) else set())
    withdrawn = [entry for entry in unseen if entry.withdrawn_on is None and entry.product_type in types]
    for entry in withdrawn:
        run.changes.append({"row": None, "number": entry.raw_number, "field": "withdrawn_on", "old": "",
                            "new": today.isoformat()})  # fmt: skip
    ListingEntry.objects.filter(pk__in=[e.pk for e in withdrawn]).update(withdrawn_on=today)
    return len(withdrawn)


def _store_entry(entry: ListingEntry | None, row: ListingRow, run: ListingImport, today: date) -> list[dict[str, Any]]:
    """Create or update the entry of ``row`` (seen ``today``; listed again if it was withdrawn); make sure its
    certificate exists; reconcile. Return the changes."""
    values = _entry_values(row)
    changes = []
    if entry is None:
        entry = ListingEntry.objects.create(raw_number=row.raw_number[:255], first_import=run, last_import=run,
                                            listed_since=today, last_seen=today, **values)  # fmt: skip
    else:
        for field in _ENTRY_FIELDS:
            old, new = getattr(entry, field), values[field]
            if old != new:
                changes.append({"row": row.position, "number": entry.raw_number, "field": field,
                                "old": str(old or ""), "new": str(new or "")})  # fmt: skip
        if entry.withdrawn_on is not None:
            changes.append({"row": row.position, "number": entry.raw_number, "field": "withdrawn_on",
                            "old": entry.withdrawn_on.isoformat(), "new": ""})  # fmt: skip
        for field, value in values.items():
            setattr(entry, field, value)
        entry.last_import, entry.last_seen, entry.withdrawn_on = run, today, None
        entry.listed_since = entry.listed_since or today
        entry.save()
    if entry.number:
        _certificate_from_listing(entry)
    listing_reconcile(entry=entry)
    return changes


def _entry_values(row: ListingRow) -> dict[str, Any]:
    """The entry's fields from a listing row; a malformed number is replaced by the one its link names. Links
    are kept only when they are web links (``web_url``) that fit their column; the row as read stays in ``raw``."""
    return {
        "number": row.linked_number,
        "position": row.position,
        "company": row.company[:255],
        "company_link": _link(row.company_link),
        "country": row.country[:128],
        "product_designation": row.product_designation[:255],
        "certificate_type": row.certificate_type[:64],
        "software_version": row.software_version[:255],
        "ocpp_version": row.ocpp_version,
        "product_type": row.product_type,
        "registered_on": row.registered_on,
        "certificate_url": _link(row.certificate_url),
        "raw": row.raw,
    }


def _link(text: str) -> str:
    """``text`` as a web link that fits a link column (500 characters; a cut link would point elsewhere), or ""."""
    link = web_url(text)
    return link if len(link) <= LINK_LENGTH else ""


def _certificate_from_listing(entry: ListingEntry) -> Certificate:
    """Return the current certificate of the entry's number; one made (or kept up to date) from the listing when
    no document of it has been parsed."""
    current = Certificate.objects.select_for_update().filter(number=entry.number, is_current=True).first()
    if current is not None and current.source == CertificateSource.DOCUMENT:
        return current
    certificate = current or Certificate(number=entry.number, version=1, source=CertificateSource.LISTING)
    values = {
        "holder_name": entry.company or entry.raw_number,
        "product_designation": entry.product_designation,
        "software_version": entry.software_version,
        "certificate_type": entry.certificate_type,
        "ocpp_version": entry.ocpp_version if entry.ocpp_version in OcppVersion.values else _version_of(entry),
        "product_type": product_type_of(entry.number) or "",  # the number's kind, not the listing's (often misfiled)
        "certification_date": entry.registered_on,
    }
    if current is not None and all(getattr(current, field) == value for field, value in values.items()):
        return current
    for field, value in values.items():
        setattr(certificate, field, value)
    certificate.holder = holder_resolve(name=certificate.holder_name[:255])
    holder_alias_former_name(holder=certificate.holder, name=certificate.holder_name)
    certificate.search_document = certificate_search_text(certificate)
    certificate.save()
    return certificate


def _version_of(entry: ListingEntry) -> str:
    """The OCPP version the entry's number names ("0016" is 1.6, "0201" is 2.0.1), "" when it names none."""
    return ocpp_version_of(entry.number) or ""


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
            ocpp_version=certificate.ocpp_version,
            profiles=tuple(certificate.profiles.values_list("name", "result")),
        )
    found = reconcile(_row_of(entry), facts)
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


def _row_of(entry: ListingEntry) -> ListingRow:
    """The listing row an entry was stored from, read again from its fields."""
    return ListingRow(
        position=entry.position,
        raw_number=entry.raw_number,
        number=number_in(entry.raw_number),
        reissued_on=update_date(entry.raw_number),
        company=entry.company,
        company_link=entry.company_link,
        country=entry.country,
        product_designation=entry.product_designation,
        certificate_type=entry.certificate_type,
        software_version=entry.software_version,
        ocpp_version=entry.ocpp_version,
        registered_on=entry.registered_on,
        certificate_url=entry.certificate_url,
        product_type=entry.product_type,
        raw=entry.raw,
    )


def listing_reconcile_number(*, number: str) -> None:
    """Reconcile every listing entry of ``number`` (after its document was parsed or re-parsed) and give its
    versions the number's listing status."""
    for entry in ListingEntry.objects.filter(number=number):
        listing_reconcile(entry=entry)
    listing_status_refresh(numbers=[number])
    certificate_claims_refresh(numbers=[number])


def number_type_codes(numbers: Collection[str] | None = None) -> dict[str, str | None]:
    """Return the type code OCA's listing gives each number of ``numbers`` (or every listed number): see
    ``certificates.domain.typecodes.listed_type_code``. A number without entries is left out. One query."""
    entries = ListingEntry.objects.exclude(number="").order_by("position")
    if numbers is not None:
        entries = entries.filter(number__in=numbers)
    listed: dict[str, list[tuple[str, date | None]]] = defaultdict(list)
    for number, code, withdrawn in entries.values_list("number", "certificate_type", "withdrawn_on"):
        listed[number].append((code, withdrawn))
    return {number: listed_type_code(pairs) for number, pairs in listed.items()}


def certificate_claims_refresh(*, numbers: Collection[str] | None = None) -> int:
    """Give every version of each certificate number (of ``numbers``, or all) the ``profiles_claimed`` its type
    code makes: the listing's when the number is listed, else its own certificate type; only the profiles no
    row of its document shows (``certificates.domain.typecodes``). Return how many certificates changed.

    Writes only what differs, grouped by value; a change moves ``updated_at`` (what the record claims changed).
    Three queries, and one UPDATE per new value.
    """
    certificates = Certificate.objects.all()
    if numbers is not None:
        certificates = certificates.filter(number__in=numbers)
    columns = ("pk", "number", "source", "ocpp_version", "certificate_type", "profiles_claimed")
    found = list(certificates.values_list(*columns))
    codes = number_type_codes(numbers)
    documented = [pk for pk, _, source, *_ in found if source == CertificateSource.DOCUMENT]
    rows: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for pk, name, result in (
        ProfileResult.objects.filter(certificate__in=documented)
        .order_by("certificate", "position")
        .values_list("certificate", "name", "result")
    ):
        rows[pk].append((name, result))
    changed: dict[int, list[int]] = defaultdict(list)
    for pk, number, source, version, own, have in found:
        evidence = profile_evidence(ocpp_version=version, type_code=claims_type_code(codes.get(number), own),
                                    rows=rows[pk], has_document=source == CertificateSource.DOCUMENT)  # fmt: skip
        if (want := claimed_mask(evidence)) != have:
            changed[want].append(pk)
    now = timezone.now()
    for mask, pks in changed.items():
        Certificate.objects.filter(pk__in=pks).update(profiles_claimed=mask, updated_at=now)
    if changed:
        registry_changed()
    return sum(len(pks) for pks in changed.values())


def listing_status_refresh(*, numbers: Collection[str] | None = None) -> int:
    """Give every version of each certificate number (of ``numbers``, or all) the listing status its entries
    make: ``active`` while one of them is listed, ``withdrawn`` when all are (on the latest withdrawal date),
    ``unlisted`` without entries; with the first and last dates they were seen. Return how many numbers changed.

    Writes only what differs, grouped by value (a few UPDATEs, not one per number). A new status, first date or
    withdrawal moves ``updated_at`` (mirrors see it); a later last-seen date alone does not: every complete
    sync moves it, and a mirror need not copy every certificate daily for it.
    """
    entries = ListingEntry.objects.exclude(number="")
    certificates = Certificate.objects.filter(is_current=True)
    if numbers is not None:
        entries, certificates = entries.filter(number__in=numbers), certificates.filter(number__in=numbers)
    derived = {
        number: (
            ListingStatus.ACTIVE if listed else ListingStatus.WITHDRAWN,
            since,
            seen,
            None if listed else withdrawn,
        )
        for number, listed, since, seen, withdrawn in entries.values("number")
        .annotate(listed=Count("pk", filter=Q(withdrawn_on=None)), since=Min("listed_since"), seen=Max("last_seen"),
                  withdrawn=Max("withdrawn_on"))
        .values_list("number", "listed", "since", "seen", "withdrawn")
        .order_by()
    }  # fmt: skip
    unlisted = (ListingStatus.UNLISTED, None, None, None)
    changed: dict[tuple[Any, ...], list[str]] = {}
    seen_only: dict[Any, list[str]] = {}
    columns = ("number", "listing_status", "listed_since", "last_seen", "withdrawn_on")
    for number, *have in certificates.values_list(*columns):
        want = derived.get(number, unlisted)
        if (have[0], have[1], have[3]) != (want[0], want[1], want[3]):
            changed.setdefault(want, []).append(number)
        elif have[2] != want[2]:
            seen_only.setdefault(want[2], []).append(number)
    now = timezone.now()
    for (status, since, seen, withdrawn), chosen in changed.items():
        Certificate.objects.filter(number__in=chosen).update(
            listing_status=status, listed_since=since, last_seen=seen, withdrawn_on=withdrawn, updated_at=now
        )
    for seen, chosen in seen_only.items():
        Certificate.objects.filter(number__in=chosen).update(last_seen=seen)
    if changed or seen_only:
        registry_changed()
    return sum(len(chosen) for chosen in changed.values()) + sum(len(chosen) for chosen in seen_only.values())
