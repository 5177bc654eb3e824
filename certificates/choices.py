"""Choices shared by the models, the API and the site."""

from django.db import models


class OcppVersion(models.TextChoices):
    V16 = "1.6", "OCPP 1.6"
    V201 = "2.0.1", "OCPP 2.0.1"
    V21 = "2.1", "OCPP 2.1"


class ProductType(models.TextChoices):
    CSMS = "CSMS", "Charging Station Management System"
    CHARGING_STATION = "Charging Station", "Charging Station"


class SignatoryRole(models.TextChoices):
    VENDOR = "vendor", "Vendor"
    LAB = "lab", "Test laboratory"


class ProfileResultValue(models.TextChoices):
    """A profile's result as the parser normalises it (an unrecognised printed word is kept as printed)."""

    PASS = "Pass", "Pass"
    FAIL = "Fail", "Fail"
    NOT_TESTED = "Not Tested", "Not Tested"
    NOT_APPLICABLE = "Not Applicable", "Not Applicable"


class CertificateSource(models.TextChoices):
    """Where a certificate record's fields come from."""

    DOCUMENT = "document", "Parsed from its document"
    LISTING = "listing", "Listed, document not parsed"


class FlagKind(models.TextChoices):
    """A way OCA's public listing and the certificate disagree, or a flaw of the listing row itself."""

    HOLDER_RENAMED = "holder_renamed", "Holder renamed"
    DESIGNATION_DIFFERS = "designation_differs", "Product designation differs"
    VERSION_DIFFERS = "version_differs", "Software version differs"
    VERSION_MISSING = "version_missing", "Software version missing"
    PRODUCT_TYPE_MISFILED = "product_type_misfiled", "Product type misfiled"
    NUMBER_MALFORMED = "number_malformed", "Number malformed"
    NUMBER_SUFFIXED = "number_suffixed", "Number suffixed"
    LINK_MISSING = "link_missing", "Document link missing"
    LINK_MISMATCH = "link_mismatch", "Document link names another number"
    DATE_DIFFERS = "date_differs", "Date differs"
