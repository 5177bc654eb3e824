"""The parsed-certificate record: what the parser reads from a document and the registry writes, as frozen
dataclasses. ``to_dict`` gives the contract's JSON (``shared/contract/parsed-certificate.md``); ``from_dict``
reads it back, so the record stays typed wherever it travels as JSON (the parse's child process, a stored
document)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ProfileResult:
    """One row of the results table: a certification profile and its result."""

    name: str
    result: str
    description: str | None = None
    raw_name: str | None = None
    raw_result: str | None = None


@dataclass(frozen=True)
class PicsEntry:
    """One PICS row (``C-11 … Yes``) printed with the results of OCPP 2.0.1 certificates."""

    id: str
    description: str | None
    value: str


@dataclass(frozen=True)
class PerformanceMeasurement:
    """One row of the performance table; values in seconds beside the printed text."""

    name: str
    pics_value_s: float | None
    measured_value_s: float | None
    pics_value_raw: str | None
    measured_value_raw: str | None
    description: str | None = None


@dataclass(frozen=True)
class Setting:
    """One row of the limits / non-OCPP settings table. ``name`` is None when the document prints none."""

    name: str | None
    value: str | None


@dataclass(frozen=True)
class Signatory:
    """One signature block of the Statement of Approval."""

    name: str | None = None
    company: str | None = None
    department: str | None = None
    position: str | None = None
    location: str | None = None
    date: date | None = None


@dataclass(frozen=True)
class ParsedCertificate:
    """Everything read from one certificate. Absent scalars are None, absent lists empty."""

    certificate_number: str | None = None
    ocpp_version: str | None = None
    certificate_type: str | None = None
    product_type: str | None = None
    holder: str | None = None
    product_designation: str | None = None
    software_version: str | None = None
    certification_date: date | None = None
    specification: str | None = None
    test_lab: str | None = None
    test_lab_location: str | None = None
    test_date: date | None = None
    test_report_reference: str | None = None
    document_evidence: str | None = None
    vendor_name: str | None = None
    device_under_test: str | None = None
    communication: str | None = None
    octt_version: str | None = None
    profiles: tuple[ProfileResult, ...] = ()
    performance: tuple[PerformanceMeasurement, ...] = ()
    settings: tuple[Setting, ...] = ()
    vendor_signatory: Signatory | None = None
    lab_signatory: Signatory | None = None
    oca_signatory: str | None = None
    warnings: tuple[str, ...] = ()
    # Beyond the contract's fields: kept because the documents print them.
    title: str | None = None
    applied_tests_lab: str | None = None
    octt_version_raw: str | None = None
    firmware_version: str | None = None
    hardware_version: str | None = None
    pics: tuple[PicsEntry, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Return the record as JSON-ready data: dates as ISO strings, tuples as lists."""
        data: dict[str, Any] = _jsonable(asdict(self))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParsedCertificate:
        """Return the record ``to_dict`` gave ``data`` for (keys it does not know, such as ``source``, are left)."""
        known = {f.name for f in fields(cls)}
        values = {name: value for name, value in data.items() if name in known}
        for name in ("certification_date", "test_date"):
            values[name] = _date(values.get(name))
        for name, row in (("profiles", ProfileResult), ("performance", PerformanceMeasurement),
                          ("settings", Setting), ("pics", PicsEntry)):  # fmt: skip
            values[name] = tuple(row(**item) for item in values.get(name) or ())
        for name in ("vendor_signatory", "lab_signatory"):
            signed = values.get(name)
            values[name] = Signatory(**{**signed, "date": _date(signed.get("date"))}) if signed else None
        values["warnings"] = tuple(values.get("warnings") or ())
        return cls(**values)


def _date(value: str | date | None) -> date | None:
    """Return the date of an ISO string (a date as it is, None for None)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _jsonable(value: Any) -> Any:
    """Return ``value`` with dates turned into ISO strings and tuples into lists, recursively."""
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
