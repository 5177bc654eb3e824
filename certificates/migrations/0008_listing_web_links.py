"""Listing entries keep only web links: a stored certificate or company link that is no http(s) URL (a
``javascript:`` link, say) is cleared, the row as read stays in ``raw``, and a cleared document link gets the
"document link missing" flag the next import would give it."""

from django.db import migrations

from certificates.domain.links import web_url
from certificates.domain.listed import FlagKind, ListingRow, number_in

LINK_LENGTH = 500
LINK_FLAGS = (FlagKind.LINK_MISSING.value, FlagKind.LINK_MISMATCH.value)


def _link(text):
    link = web_url(text)
    return link if len(link) <= LINK_LENGTH else ""


def clean_links(apps, schema_editor):
    ListingEntry = apps.get_model("certificates", "ListingEntry")
    DataQualityFlag = apps.get_model("certificates", "DataQualityFlag")
    for entry in ListingEntry.objects.exclude(certificate_url="", company_link="").iterator():
        certificate_url, company_link = _link(entry.certificate_url), _link(entry.company_link)
        if (certificate_url, company_link) == (entry.certificate_url, entry.company_link):
            continue
        url_changed = certificate_url != entry.certificate_url
        entry.certificate_url, entry.company_link = certificate_url, company_link
        entry.save(update_fields=["certificate_url", "company_link"])
        if url_changed:
            _flag_links(entry, DataQualityFlag)


def _flag_links(entry, DataQualityFlag):
    """Give the entry the link flags its row now earns (as ``certificates.listing.listing_reconcile`` would)."""
    row = ListingRow(position=entry.position, raw_number=entry.raw_number, number=number_in(entry.raw_number),
                     reissued_on=None,
                     company=entry.company, company_link=entry.company_link, country=entry.country,
                     product_designation=entry.product_designation, certificate_type=entry.certificate_type,
                     software_version=entry.software_version, ocpp_version=entry.ocpp_version,
                     registered_on=entry.registered_on, certificate_url=entry.certificate_url,
                     product_type=entry.product_type)
    DataQualityFlag.objects.filter(entry=entry, kind__in=LINK_FLAGS).delete()
    DataQualityFlag.objects.bulk_create(
        DataQualityFlag(entry=entry, number=entry.number, kind=flag.kind.value, message=flag.message,
                        listed=flag.listed[:255], parsed=flag.parsed[:255])
        for flag in row.row_flags()
        if flag.kind.value in LINK_FLAGS
    )


class Migration(migrations.Migration):

    dependencies = [
        ("certificates", "0007_corrected_rows"),
    ]

    operations = [
        migrations.RunPython(clean_links, migrations.RunPython.noop),
    ]
