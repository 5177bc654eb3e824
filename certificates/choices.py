"""Choices shared by the models, the API and the site."""

from collections.abc import Iterable

from django.db import models

from ingest import listing
from ingest.normalize import PROFILE_NAMES


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


# A way OCA's public listing and the certificate disagree, or a flaw of the listing row itself: the kinds and
# labels of the pure listing module (``ingest.listing``), as choices.
FlagKind = models.TextChoices(
    "FlagKind", [(kind.name, (kind.value, listing.FLAG_LABELS[kind])) for kind in listing.FlagKind]
)


# Each of OCA's profiles as one bit of ``Certificate.profiles_passed``, in the order of ``PROFILE_NAMES``.
# The bits are stored: a new profile goes at the end of that list, never between two others.
PROFILE_BITS = {name: 1 << index for index, name in enumerate(PROFILE_NAMES)}


def profiles_mask(names: Iterable[str]) -> int:
    """Return the bits of the profiles ``names`` (a name that is not one of OCA's profiles has none)."""
    mask = 0
    for name in names:
        mask |= PROFILE_BITS.get(name, 0)
    return mask
