"""The registry's records: holders and labs (with every name they were printed under) and certificates.

A certificate is identified by its number. A re-issue (same number, later date) is a new version; the
earlier versions stay as history with ``is_current`` false.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, OuterRef, Q
from django.urls import reverse

from certificates.choices import (
    CertificateSource,
    FlagKind,
    ListingSource,
    ListingStatus,
    OcppVersion,
    ProductType,
    SignatoryRole,
)
from certificates.domain.facts import Facts
from certificates.domain.provenance import Provenance


class _Entity(models.Model):
    """A company known under one canonical name and any number of printed aliases."""

    name = models.CharField(max_length=255, help_text="Canonical display name.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Holder(_Entity):
    """A certificate holder: the company a certificate is issued to."""

    class Meta(_Entity.Meta):
        pass


class Lab(_Entity):
    """A test laboratory that performed certification testing."""

    class Meta(_Entity.Meta):
        pass


class _Alias(models.Model):
    """A name an entity was printed under, exactly as printed; ``key`` is what names are matched by."""

    name = models.CharField(max_length=255)
    key = models.CharField(max_length=255)

    class Meta:
        abstract = True
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name"], name="%(app_label)s_%(class)s_unique_name")]
        indexes = [models.Index(fields=["key"], name="%(app_label)s_%(class)s_key")]

    def __str__(self) -> str:
        return self.name


class HolderAlias(_Alias):
    """A name a holder was printed under."""

    holder = models.ForeignKey(Holder, on_delete=models.CASCADE, related_name="aliases")

    class Meta(_Alias.Meta):
        pass


class LabAlias(_Alias):
    """A name a lab was printed under."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="aliases")

    class Meta(_Alias.Meta):
        pass


class CertificateQuerySet(models.QuerySet["Certificate"]):
    """Reads shared by the site, the API and the admin."""

    def current(self) -> CertificateQuerySet:
        """Only the latest version of each certificate number."""
        return self.filter(is_current=True)

    def public(self) -> CertificateQuerySet:
        """What the public sees: the latest version of each published certificate."""
        return self.filter(is_current=True, is_published=True)

    def listed(self) -> CertificateQuerySet:
        """Certificates as a list shows them: their own columns, with the canonical names of their holder
        and lab as ``holder_canonical`` and ``lab_canonical`` (one model per row, not three)."""
        return self.annotate(holder_canonical=F("holder__name"), lab_canonical=F("lab__name"))

    def with_related(self) -> CertificateQuerySet:
        """Certificates with holder, lab and every child row loaded in a fixed number of queries."""
        return self.select_related("holder", "lab", "document").prefetch_related(
            "profiles", "measurements", "settings", "signatories"
        )

    def with_tables(self) -> CertificateQuerySet:
        """Certificates with holder, lab, document, every table and the version history, in one query.

        The rows come as lists of dicts: ``profile_rows``, ``measurement_rows``, ``setting_rows``,
        ``signatory_rows``, ``version_rows`` (published versions, latest first), ``holder_alias_names``,
        ``lab_alias_names``, ``flag_rows`` (data-quality flags) and ``listing_rows`` (OCA's listing entries).
        """
        from certificates.expressions import JSONRows

        def rows(model: type[models.Model], fields: list[str], order: str = "position") -> JSONRows:
            return JSONRows(model._default_manager.filter(certificate=OuterRef("pk")).order_by(order), fields)

        versions = Certificate.objects.filter(number=OuterRef("number"), is_published=True).order_by("-version")
        return self.select_related("holder", "lab", "document").annotate(
            profile_rows=rows(ProfileResult, ["name", "result", "description"]),
            measurement_rows=rows(PerformanceMeasurement, ["name", "pics_value_s", "measured_value_s",
                                                           "pics_value_raw", "measured_value_raw", "description"]),
            setting_rows=rows(LimitSetting, ["name", "value"]),
            signatory_rows=rows(Signatory, ["role", "name", "company", "department", "position", "location", "date"],
                                "role"),
            version_rows=JSONRows(versions, ["version", "certification_date", "is_current", "updated_at"]),
            holder_alias_names=JSONRows(
                HolderAlias.objects.filter(holder=OuterRef("holder_id")).order_by("name"), ["name"], flat=True
            ),
            lab_alias_names=JSONRows(
                LabAlias.objects.filter(lab=OuterRef("lab_id")).order_by("name"), ["name"], flat=True
            ),
            flag_rows=JSONRows(DataQualityFlag.objects.filter(number=OuterRef("number")).order_by("kind"),
                               ["kind", "message", "listed", "parsed"]),
            listing_rows=JSONRows(ListingEntry.objects.filter(number=OuterRef("number")).order_by("position"),
                                  ["raw_number", "company", "product_designation", "certificate_type",
                                   "software_version", "ocpp_version", "registered_on", "certificate_url",
                                   "country", "listed_since", "last_seen", "withdrawn_on"]),
        )  # fmt: skip


class Certificate(models.Model):
    """One version of an OCA certificate, as parsed from its document (and corrected by hand)."""

    number = models.CharField(max_length=40, help_text="Canonical number, e.g. OCA.0016.0009.CSMS.")
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    ocpp_version = models.CharField(max_length=8, choices=OcppVersion.choices, blank=True)
    certificate_type = models.CharField(max_length=64, blank=True)
    product_type = models.CharField(max_length=20, choices=ProductType.choices, blank=True)
    holder = models.ForeignKey(Holder, on_delete=models.PROTECT, related_name="certificates")
    holder_name = models.CharField(max_length=255, help_text="The holder as this certificate prints it.")
    product_designation = models.CharField(max_length=255, blank=True)
    software_version = models.CharField(max_length=255, blank=True)
    certification_date = models.DateField(null=True, blank=True)
    specification = models.TextField(blank=True)
    lab = models.ForeignKey(Lab, on_delete=models.PROTECT, related_name="certificates", null=True, blank=True)
    test_lab_name = models.CharField(max_length=255, blank=True, help_text="The lab as the abstract prints it.")
    test_lab_location = models.CharField(max_length=255, blank=True)
    applied_tests_lab = models.CharField(max_length=255, blank=True)
    test_date = models.DateField(null=True, blank=True)
    test_report_reference = models.CharField(max_length=255, blank=True)
    document_evidence = models.CharField(max_length=255, blank=True)
    vendor_name = models.CharField(max_length=255, blank=True)
    device_under_test = models.CharField(max_length=255, blank=True)
    communication = models.CharField(max_length=16, blank=True)
    octt_version = models.CharField(max_length=32, blank=True)
    firmware_version = models.CharField(max_length=255, blank=True)
    hardware_version = models.CharField(max_length=255, blank=True)
    oca_signatory = models.CharField(max_length=255, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    corrected_fields = models.JSONField(
        default=list, blank=True, help_text="Fields corrected by hand; a re-parse leaves them as they are."
    )
    corrected_rows = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="Rows corrected by hand, per table (profiles, measurements, settings, signatories): each row's "
        "key (name, or role) and whether it was changed, added or deleted; a re-parse leaves them as they are.",
    )
    is_published = models.BooleanField(default=True)
    profiles_passed = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="The profiles passed, one bit each (certificates.domain.profiles.PROFILE_BITS), kept in step with "
        "the profile rows by the services: the profile filter and facets read it instead of joining the rows.",
    )
    profiles_claimed = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="The profiles OCA's type code claims and no document row shows, one bit each (PROFILE_BITS): read "
        "from the listing's type code when the number is listed, else from the certificate type; kept in step by the "
        "services (certificates.listing.certificate_claims_refresh). A claim, not a test result.",
    )
    source = models.CharField(
        max_length=16,
        choices=CertificateSource.choices,
        default=CertificateSource.DOCUMENT,
        help_text="Parsed from its document, or known only from OCA's public listing.",
    )
    # Derived from the number's listing entries and kept in step by the listing service
    # (certificates.listing.listing_status_refresh), on every version of the number: the status filter reads
    # this indexed column instead of looking at the entries.
    listing_status = models.CharField(
        max_length=12,
        choices=ListingStatus.choices,
        default=ListingStatus.UNLISTED,
        editable=False,
        help_text="active: in OCA's listing; withdrawn: gone from a complete sync of it; unlisted: never in it.",
    )
    listed_since = models.DateField(
        null=True, blank=True, editable=False, help_text="The first import of OCA's listing that held the number."
    )
    last_seen = models.DateField(
        null=True, blank=True, editable=False, help_text="The last import of OCA's listing that held the number."
    )
    withdrawn_on = models.DateField(
        null=True, blank=True, editable=False, help_text="When a complete sync of OCA's listing no longer held it."
    )
    search_document = models.TextField(
        blank=True, editable=False, help_text="Number, holder (every alias), product, software and lab, for search."
    )
    # Kept in step with search_document by a PostgreSQL trigger (migration 0002); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    document = models.ForeignKey(
        "ingest.SourceDocument", on_delete=models.SET_NULL, null=True, blank=True, related_name="certificates"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-certification_date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["number", "version"], name="%(app_label)s_%(class)s_unique_version"),
            models.UniqueConstraint(
                fields=["number"], condition=Q(is_current=True), name="%(app_label)s_%(class)s_unique_current"
            ),
        ]
        indexes = [
            models.Index(fields=["ocpp_version", "product_type"], name="certificates_version_type"),
            models.Index(fields=["certification_date"], name="certificates_date"),
            models.Index(fields=["updated_at"], name="certificates_updated"),
            # The public list's keyset orderings (see certificates/pagination.py); on PostgreSQL, migration
            # 0002 adds the one by date, nulls last, which SQLite cannot declare.
            models.Index(
                fields=["holder_name", "id"],
                name="certificates_public_holder",
                condition=Q(is_current=True, is_published=True),
            ),
            models.Index(
                fields=["updated_at", "id"],
                name="certificates_public_updated",
                condition=Q(is_current=True, is_published=True),
            ),
            models.Index(
                fields=["listing_status"],
                name="certificates_public_status",
                condition=Q(is_current=True, is_published=True),
            ),
        ]

    def __str__(self) -> str:
        return self.number if self.version == 1 else f"{self.number} (v{self.version})"

    def get_absolute_url(self) -> str:
        """The certificate's public page (its latest version; ``?version=N`` for an earlier one)."""
        url = reverse("certificates:detail", kwargs={"number": self.number})
        return url if self.is_current else f"{url}?version={self.version}"

    @property
    def provenance(self) -> Provenance:
        """Where this record comes from and where its number stands in OCA's listing, with the words for both."""
        return Provenance(self.source, self.listing_status, self.listed_since, self.last_seen, self.withdrawn_on)

    def stated_facts(self, profiles: Iterable[tuple[str, str]]) -> Facts:
        """Return the facts this certificate states (``certificates.domain.facts``), with ``profiles`` as its
        (profile, result) rows: what a document's record is compared with. Reads nothing."""
        return Facts(
            holder=self.holder_name,
            product_designation=self.product_designation,
            software_version=self.software_version,
            ocpp_version=self.ocpp_version,
            product_type=self.product_type,
            certificate_type=self.certificate_type,
            test_lab=self.test_lab_name,
            profiles=tuple(profiles),
        )

    def get_document_url(self) -> str:
        """The path of the document this version was parsed from ("" when there is none), served by the
        pipeline's ``documents:file`` view (the registry core names the URL, it imports nothing of ingest).

        Reads the document row unless it was selected with the certificate (``with_related``, ``with_tables``).
        """
        if self.document_id is None:
            return ""
        return reverse("documents:file", args=[self.document_id, self.document.filename])


class _Child(models.Model):
    """A row of one of a certificate's tables, kept in the order printed."""

    position = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True
        ordering = ["certificate", "position"]


class ProfileResult(_Child):
    """The result of one certification profile (Core, Smart Charging, …)."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="profiles")
    name = models.CharField(max_length=128)
    result = models.CharField(max_length=32)
    description = models.TextField(blank=True)

    class Meta(_Child.Meta):
        constraints = [
            models.UniqueConstraint(fields=["certificate", "position"], name="%(app_label)s_%(class)s_unique_row")
        ]
        indexes = [models.Index(fields=["name", "result"], name="certificates_profile_result")]

    def __str__(self) -> str:
        return f"{self.name}: {self.result}"


class PerformanceMeasurement(_Child):
    """One performance measurement: the PICS value and the measured value, in seconds and as printed."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="measurements")
    name = models.CharField(max_length=255)
    pics_value_s = models.FloatField(null=True, blank=True)
    measured_value_s = models.FloatField(null=True, blank=True)
    pics_value_raw = models.CharField(max_length=64, blank=True)
    measured_value_raw = models.CharField(max_length=64, blank=True)
    description = models.TextField(blank=True)

    class Meta(_Child.Meta):
        constraints = [
            models.UniqueConstraint(fields=["certificate", "position"], name="%(app_label)s_%(class)s_unique_row")
        ]

    def __str__(self) -> str:
        return self.name


class LimitSetting(_Child):
    """One row of the limits and non-OCPP settings the lab tested with."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="settings")
    name = models.CharField(max_length=255)
    value = models.CharField(max_length=255, blank=True)

    class Meta(_Child.Meta):
        constraints = [
            models.UniqueConstraint(fields=["certificate", "position"], name="%(app_label)s_%(class)s_unique_row")
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class Signatory(models.Model):
    """A signature of the Statement of Approval: the vendor's or the test laboratory's."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="signatories")
    role = models.CharField(max_length=8, choices=SignatoryRole.choices)
    name = models.CharField(max_length=255, blank=True)
    company = models.CharField(max_length=255, blank=True)
    department = models.CharField(max_length=255, blank=True)
    position = models.CharField(max_length=255, blank=True)
    location = models.CharField(max_length=255, blank=True)
    date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["certificate", "role"]
        constraints = [
            models.UniqueConstraint(fields=["certificate", "role"], name="%(app_label)s_%(class)s_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"


class HolderRename(models.Model):
    """Two names of one holder linked by evidence: the listing names the holder of a parsed certificate differently.

    Reverting it splits the listing's name off into a holder of its own; a reverted link is never made again
    by a later import.
    """

    number = models.CharField(max_length=40, help_text="The certificate that is the evidence.")
    listed_name = models.CharField(max_length=255, help_text="The holder as OCA's listing names it.")
    printed_name = models.CharField(max_length=255, help_text="The holder as the certificate prints it.")
    holder = models.ForeignKey(Holder, on_delete=models.CASCADE, related_name="renames")
    reverted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["number", "listed_name"], name="%(app_label)s_%(class)s_unique_evidence")
        ]

    def __str__(self) -> str:
        return f"{self.printed_name} → {self.listed_name} ({self.number})"


class ListingImport(models.Model):
    """One import of OCA's public listing: what it held and what changed since the import before.

    A complete import holds every row OCA lists for the product types of its ``scope``: an entry of those
    types it does not hold is marked withdrawn. A partial one (an empty scope) withdraws nothing.
    """

    source_name = models.CharField(max_length=255)
    source = models.CharField(max_length=8, choices=ListingSource.choices, default=ListingSource.CSV)
    sha256 = models.CharField(max_length=64)
    complete = models.BooleanField(default=False, help_text="Whether it held the whole listing of its scope.")
    scope = models.JSONField(
        default=list, blank=True, help_text='The product types it holds completely ("CSMS", "CS"); [] when partial.'
    )
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0, help_text="Rows seen for the first time.")
    changed = models.PositiveIntegerField(default=0, help_text="Rows whose values changed.")
    removed = models.PositiveIntegerField(default=0, help_text="Rows of the import before that are gone.")
    withdrawn = models.PositiveIntegerField(default=0, help_text="Entries of its scope it no longer held.")
    back = models.PositiveIntegerField(default=0, help_text="Withdrawn entries it held again.")
    changes = models.JSONField(default=list, blank=True, help_text="Each change: row number, field, old, new.")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class ListingEntry(models.Model):
    """A row of OCA's public listing as last imported, linked by ``number`` to the certificate of that number."""

    raw_number = models.CharField(max_length=255, help_text="The number column exactly as listed.")
    number = models.CharField(max_length=40, blank=True, help_text="Canonical number ('' when none is known).")
    position = models.PositiveIntegerField(help_text="Row in the last imported file.")
    company = models.CharField(max_length=255, blank=True)
    company_link = models.CharField(max_length=500, blank=True)
    country = models.CharField(max_length=128, blank=True)
    product_designation = models.CharField(max_length=255, blank=True)
    certificate_type = models.CharField(max_length=64, blank=True)
    software_version = models.CharField(max_length=255, blank=True)
    ocpp_version = models.CharField(max_length=8, blank=True)
    product_type = models.CharField(max_length=64, blank=True, help_text="As listed, normalised.")
    registered_on = models.DateField(null=True, blank=True)
    certificate_url = models.CharField(max_length=500, blank=True)
    raw = models.JSONField(default=dict, help_text="The row exactly as read.")
    listed_since = models.DateField(null=True, blank=True, help_text="The date of the first import that held it.")
    last_seen = models.DateField(null=True, blank=True, help_text="The date of the last import that held it.")
    withdrawn_on = models.DateField(
        null=True, blank=True, help_text="When a complete import no longer held it; empty while it is listed."
    )
    first_import = models.ForeignKey(ListingImport, on_delete=models.PROTECT, related_name="+")
    last_import = models.ForeignKey(ListingImport, on_delete=models.PROTECT, related_name="entries")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position"]
        verbose_name_plural = "listing entries"
        constraints = [models.UniqueConstraint(fields=["raw_number"], name="%(app_label)s_%(class)s_unique_raw")]
        indexes = [models.Index(fields=["number"], name="certificates_listing_number")]

    def __str__(self) -> str:
        return self.raw_number


class DataQualityFlag(models.Model):
    """A disagreement between a listing entry and its certificate, or a flaw of the entry itself."""

    entry = models.ForeignKey(ListingEntry, on_delete=models.CASCADE, related_name="flags")
    number = models.CharField(max_length=40, blank=True, help_text="The certificate flagged (the entry's number).")
    kind = models.CharField(max_length=32, choices=FlagKind.choices)
    message = models.TextField()
    listed = models.CharField(max_length=255, blank=True)
    parsed = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number", "kind"]
        constraints = [models.UniqueConstraint(fields=["entry", "kind"], name="%(app_label)s_%(class)s_unique_kind")]
        indexes = [models.Index(fields=["kind", "number"], name="certificates_flag_kind_number")]

    def __str__(self) -> str:
        return f"{self.number or self.entry}: {self.get_kind_display()}"
