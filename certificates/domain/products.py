"""OCPP versions and product types, as the registry stores them, and the spellings they are read from."""

from __future__ import annotations

import re

# The OCPP versions OCA certifies, as stored.
OCPP_VERSIONS = ("1.6", "2.0.1", "2.1")
OCPP_VERSION_LABELS = {version: f"OCPP {version}" for version in OCPP_VERSIONS}

# The product types, as stored, with their names.
CSMS = "CSMS"
CHARGING_STATION = "Charging Station"
PRODUCT_TYPE_LABELS = {CSMS: "Charging Station Management System", CHARGING_STATION: "Charging Station"}

# The product type of each kind a certificate number ends with (``.CSMS``, ``.CS``), and back.
KIND_PRODUCT_TYPES = {"CSMS": CSMS, "CS": CHARGING_STATION}
PRODUCT_TYPE_KINDS = {product_type: kind for kind, product_type in KIND_PRODUCT_TYPES.items()}

_LISTED_PRODUCT_TYPES = {
    "chargingstationmanagementsystem": "CSMS",
    "csms": "CSMS",
    "chargingstation": "CS",
    "cs": "CS",
}
_VERSION_NUMBER = re.compile(r"(\d+(?:\.\d+)+)")


def kind_of_product_type(text: str) -> str:
    """Return the kind ("CSMS" or "CS") a product type cell names ("Charging Station Management System"),
    or "" when it names none."""
    return _LISTED_PRODUCT_TYPES.get(re.sub(r"[^a-z]", "", text.lower()), "")


def ocpp_version_named(text: str) -> str:
    """Return the OCPP version a cell such as "OCPP 1.6" names ("1.6", "2.0.1" or "2.1"), or ""."""
    match = _VERSION_NUMBER.search(text)
    return match.group(1) if match and match.group(1) in OCPP_VERSIONS else ""
