"""Certificate.profiles_claimed: the profiles OCA's type code claims and no document row shows, filled for every
certificate with the pure decoder; listing entries get the type-code flags the next import would give them."""

from collections import defaultdict

from django.db import migrations, models

from certificates.domain.listed import FlagKind, ListingRow, ParsedFacts, number_in, reconcile
from certificates.domain.typecodes import claimed_mask, claims_type_code, listed_type_code, profile_evidence

TYPE_CODE_FLAGS = (FlagKind.TYPE_CODE_DIFFERS.value, FlagKind.TYPE_CODE_UNKNOWN.value)


def fill(apps, schema_editor):
    """Compute each certificate's claims (as certificates.listing.certificate_claims_refresh does) and update the
    certificates whose claims are not none, grouped by value."""
    Certificate = apps.get_model("certificates", "Certificate")
    ListingEntry = apps.get_model("certificates", "ListingEntry")
    ProfileResult = apps.get_model("certificates", "ProfileResult")
    entries = defaultdict(list)
    for number, code, withdrawn in ListingEntry.objects.exclude(number="").order_by("position").values_list(
        "number", "certificate_type", "withdrawn_on"
    ):
        entries[number].append((code, withdrawn))
    rows = defaultdict(list)
    for pk, name, result in ProfileResult.objects.order_by("certificate", "position").values_list(
        "certificate", "name", "result"
    ):
        rows[pk].append((name, result))
    masks = defaultdict(list)
    for pk, number, source, version, own in Certificate.objects.values_list(
        "pk", "number", "source", "ocpp_version", "certificate_type"
    ):
        code = claims_type_code(listed_type_code(entries.get(number, [])), own)
        evidence = profile_evidence(
            ocpp_version=version, type_code=code, rows=rows.get(pk, []), has_document=source == "document"
        )
        if mask := claimed_mask(evidence):
            masks[mask].append(pk)
    for mask, pks in masks.items():
        Certificate.objects.filter(pk__in=pks).update(profiles_claimed=mask)
    _flag(apps, rows)


def _flag(apps, rows):
    """Give every listing entry the type-code flags reconciling it gives (as certificates.listing does)."""
    Certificate = apps.get_model("certificates", "Certificate")
    ListingEntry = apps.get_model("certificates", "ListingEntry")
    DataQualityFlag = apps.get_model("certificates", "DataQualityFlag")
    documents = {c.number: c for c in Certificate.objects.filter(is_current=True, source="document")}
    flags = []
    for entry in ListingEntry.objects.iterator():
        row = ListingRow(position=entry.position, raw_number=entry.raw_number, number=number_in(entry.raw_number),
                         reissued_on=None, company=entry.company, company_link=entry.company_link,
                         country=entry.country, product_designation=entry.product_designation,
                         certificate_type=entry.certificate_type, software_version=entry.software_version,
                         ocpp_version=entry.ocpp_version, registered_on=entry.registered_on,
                         certificate_url=entry.certificate_url, product_type=entry.product_type)  # fmt: skip
        certificate = documents.get(entry.number)
        facts = None
        if certificate is not None:
            facts = ParsedFacts(certificate.holder_name, certificate.product_designation,
                                certificate.software_version, certificate.certification_date,
                                certificate.ocpp_version, tuple(rows.get(certificate.pk, [])))  # fmt: skip
        flags += [
            DataQualityFlag(entry=entry, number=entry.number, kind=flag.kind.value, message=flag.message,
                            listed=flag.listed[:255], parsed=flag.parsed[:255])  # fmt: skip
            for flag in reconcile(row, facts)
            if flag.kind.value in TYPE_CODE_FLAGS
        ]
    DataQualityFlag.objects.filter(kind__in=TYPE_CODE_FLAGS).delete()
    DataQualityFlag.objects.bulk_create(flags)



class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0009_listing_status'),
    ]

    operations = [
        migrations.AddField(
            model_name='certificate',
            name='profiles_claimed',
            field=models.PositiveIntegerField(default=0, editable=False, help_text="The profiles OCA's type code claims and no document row shows, one bit each (PROFILE_BITS): read from the listing's type code when the number is listed, else from the certificate type; kept in step by the services (certificates.listing.certificate_claims_refresh). A claim, not a test result."),
        ),
        migrations.AlterField(
            model_name='dataqualityflag',
            name='kind',
            field=models.CharField(choices=[('holder_renamed', 'Holder renamed'), ('designation_differs', 'Product designation differs'), ('version_differs', 'Software version differs'), ('version_missing', 'Software version missing'), ('product_type_misfiled', 'Product type misfiled'), ('number_malformed', 'Number malformed'), ('number_suffixed', 'Number suffixed'), ('link_missing', 'Document link missing'), ('link_mismatch', 'Document link names another number'), ('date_differs', 'Date differs'), ('type_code_differs', 'Type code and document disagree'), ('type_code_unknown', 'Type code not understood')], max_length=32),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
