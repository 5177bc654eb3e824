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
