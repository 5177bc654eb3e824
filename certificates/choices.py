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
