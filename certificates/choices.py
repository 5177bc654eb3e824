"""Choices of the models, the API and the site, made from the registry's pure vocabulary
(``certificates.domain``)."""

from django.db import models

from certificates.domain import products, profiles
from certificates.domain.listed import FLAG_LABELS
from certificates.domain.listed import FlagKind as ListedFlagKind


class OcppVersion(models.TextChoices):
    V16 = "1.6", products.OCPP_VERSION_LABELS["1.6"]
    V201 = "2.0.1", products.OCPP_VERSION_LABELS["2.0.1"]
    V21 = "2.1", products.OCPP_VERSION_LABELS["2.1"]


class ProductType(models.TextChoices):
    CSMS = products.CSMS, products.PRODUCT_TYPE_LABELS[products.CSMS]
    CHARGING_STATION = products.CHARGING_STATION, products.PRODUCT_TYPE_LABELS[products.CHARGING_STATION]


class SignatoryRole(models.TextChoices):
    VENDOR = "vendor", "Vendor"
    LAB = "lab", "Test laboratory"


class ProfileResultValue(models.TextChoices):
    """A profile's result as the parser normalises it (an unrecognised printed word is kept as printed)."""

    PASS = profiles.PASS, profiles.PASS
    FAIL = profiles.FAIL, profiles.FAIL
    NOT_TESTED = profiles.NOT_TESTED, profiles.NOT_TESTED
    NOT_APPLICABLE = profiles.NOT_APPLICABLE, profiles.NOT_APPLICABLE


class CertificateSource(models.TextChoices):
    """Where a certificate record's fields come from."""

    DOCUMENT = "document", "Parsed from its document"
    LISTING = "listing", "Listed, document not parsed"


class ListingStatus(models.TextChoices):
    """Where a certificate number stands in OCA's public listing (derived from its listing entries)."""

    ACTIVE = "active", "Listed by OCA"
    WITHDRAWN = "withdrawn", "Withdrawn from OCA's listing"
    UNLISTED = "unlisted", "Never in OCA's listing"


class ListingSource(models.TextChoices):
    """Where an import of OCA's listing was read from."""

    CSV = "csv", "CSV file"
    OCA = "oca", "OCA's listing endpoint"


# A way OCA's public listing and the certificate disagree, or a flaw of the listing row itself, as choices.
FlagKind = models.TextChoices("FlagKind", [(kind.name, (kind.value, FLAG_LABELS[kind])) for kind in ListedFlagKind])

PROFILE_CHOICES = [(name, name) for name in profiles.PROFILE_NAMES]
