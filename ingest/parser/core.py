"""``parse_certificate``: plain text of an OCA certificate in, a ``ParsedCertificate`` out.

Each section is read by its own module; this one assigns lines to sections, resolves each field from the
places it may be printed (in order of trust), derives what the contract derives, and records a warning for
every value it had to guess or could not find.
"""

from __future__ import annotations

from dataclasses import replace

from certificates.domain.numbers import find_number, ocpp_version_of, product_type_of
from certificates.domain.profiles import PASS, certificate_type_from_profiles
from certificates.domain.record import ParsedCertificate, PicsEntry, ProfileResult
from certificates.domain.typecodes import FULL_16
from ingest.errors import ParseError
from ingest.normalize import find_ocpp_version, normalize_product_type, parse_date, parse_octt_version
from ingest.parser.approval import parse_approval
from ingest.parser.header import (
    Title,
    header_region,
    orphan_holder,
    parse_applied_tests,
    parse_oca_signatory,
    parse_specification,
    parse_title,
)
from ingest.parser.labels import Labelled, find_labels, first_value
from ingest.parser.limits import parse_settings
from ingest.parser.lines import Line, assign_sections, in_section, split_lines
from ingest.parser.performance import parse_performance
from ingest.parser.results import parse_profiles
from ingest.text import clean_markup

# The six profiles of a legacy OCPP 1.6 Full certificate (the vocabulary's reading of "Full").
LEGACY_16_PROFILES = FULL_16


def parse_certificate(text: str) -> ParsedCertificate:
    """Return the certificate printed in ``text`` (plain, Markdown or HTML-tagged; tabs separate cells).

    Raises ``ParseError`` when the text is not an OCA certificate.
    """
    lines = split_lines(clean_markup(text))
    assign_sections(lines)
    title = parse_title(lines)
    labels = find_labels([line for line in lines if line.section != "approval"])
    number = _certificate_number(labels, lines)
    profiles, pics = parse_profiles(in_section(lines, "results") or in_section(lines, "header", "abstract"))
    _require_certificate(number, title, profiles, labels)
    builder = _Builder(lines, labels, title, number)
    return builder.build(profiles, pics)


def _require_certificate(
    number: str | None, title: Title | None, profiles: list[ProfileResult], labels: list[Labelled]
) -> None:
    """Raise ``ParseError`` unless the text shows two signs of a certificate: a number, an OCPP certificate
    title, profile results, a labelled holder or test laboratory. A letter that quotes a number is none."""
    fields = {labelled.field for labelled in labels if labelled.value}
    signs = [number is not None, title is not None, bool(profiles), "holder" in fields, "test_lab" in fields]
    if sum(signs) < 2:
        raise ParseError(
            "not an OCA certificate: it lacks at least two of a certificate number, an OCPP certificate "
            "title, profile results, a certificate holder and a test laboratory"
        )


def _certificate_number(labels: list[Labelled], lines: list[Line]) -> str | None:
    """Return the certificate number: from its label, else the first one printed anywhere."""
    labelled = first_value(labels, "number")
    return find_number(labelled) or find_number("\n".join(line.text for line in lines))


class _Builder:
    """Resolves the record's fields from the sections of one document, collecting warnings as it goes."""

    def __init__(self, lines: list[Line], labels: list[Labelled], title: Title | None, number: str | None):
        self.lines = lines
        self.labels = labels
        self.title = title
        self.number = number
        self.warnings: list[str] = []

    def value(self, field: str, *sections: str) -> str | None:
        """Return the first value printed for ``field`` in the given sections, in the order given."""
        for section in sections:
            found = first_value(self.labels, field, section)
            if found:
                return found
        return None

    def build(self, profiles: list[ProfileResult], pics: list[PicsEntry]) -> ParsedCertificate:
        """Return the record, with a warning for each field that is missing or was guessed."""
        header = in_section(self.lines, "header")
        certification_date = parse_date(self.value("certification_date", "header", "abstract"))
        applied = parse_applied_tests(header, certification_date)
        configuration = in_section(self.lines, "configuration")
        settings, settings_warnings = parse_settings(in_section(self.lines, "settings"), configuration)
        self.warnings.extend(settings_warnings)
        vendor, lab = parse_approval(in_section(self.lines, "approval"), certification_date)
        octt_raw = self.value("octt_version", "configuration", "abstract", "settings", "header")
        record = ParsedCertificate(
            certificate_number=self.number,
            ocpp_version=self._ocpp_version(header),
            certificate_type=self._certificate_type(profiles),
            product_type=self._product_type(),
            holder=self._holder(header),
            product_designation=self.value("designation", "header"),
            software_version=self._software_version(),
            certification_date=certification_date,
            specification=parse_specification(header),
            test_lab=self.value("test_lab", "abstract", "header", "results", "configuration"),
            test_lab_location=self.value("location", "abstract", "header", "results"),
            test_date=applied.test_date if applied else None,
            test_report_reference=self.value("report_reference", "abstract", "header", "results"),
            document_evidence=applied.evidence if applied else None,
            vendor_name=self.value("vendor_name", "abstract", "header") or self.value("vendor", "configuration"),
            device_under_test=self.value("device_under_test", "abstract", "configuration", "header"),
            communication=self.value("communication", "abstract", "configuration", "header"),
            octt_version=parse_octt_version(octt_raw),
            profiles=tuple(profiles),
            performance=tuple(parse_performance(in_section(self.lines, "performance"))),
            settings=tuple(settings),
            vendor_signatory=vendor,
            lab_signatory=lab,
            oca_signatory=parse_oca_signatory(in_section(self.lines, "oca")),
            title=self.title.text if self.title else None,
            applied_tests_lab=applied.lab if applied else None,
            octt_version_raw=octt_raw,
            firmware_version=self.value("firmware_version", "header", "abstract", "configuration"),
            hardware_version=self.value("hardware_version", "header", "abstract", "configuration"),
            pics=tuple(pics),
        )
        return _with_missing_warnings(record, self.warnings)

    def _ocpp_version(self, header: list[Line]) -> str | None:
        """Return the OCPP version: from the number, else the title, else the specification or any mention."""
        version = ocpp_version_of(self.number) or (self.title.ocpp_version if self.title else None)
        if version:
            return version
        self.warnings.append("OCPP version taken from the text, not from the number or title")
        return find_ocpp_version(parse_specification(header)) or find_ocpp_version(
            " ".join(line.text for line in self.lines)
        )

    def _certificate_type(self, profiles: list[ProfileResult]) -> str | None:
        """Return the type the title states; else the type the passed profiles make."""
        passed = [profile.name for profile in profiles if profile.result == PASS]
        derived = _type_from_results(passed)
        stated = self.title.certificate_type if self.title else None
        if stated and derived and stated not in ("Full", "Security", "Full + Security") and stated != derived:
            self.warnings.append(f'the title states type "{stated}" but the results make "{derived}"')
        if stated:
            return stated
        if derived is None:
            self.warnings.append("certificate type not stated and no profile results to derive it from")
        return derived

    def _product_type(self) -> str | None:
        """Return CSMS or Charging Station: printed product type, else the number's suffix, else the DUT."""
        printed = normalize_product_type(self.value("product_type", "header", "abstract"))
        by_number = product_type_of(self.number)
        if printed and by_number and printed != by_number:
            self.warnings.append(f'product type "{printed}" disagrees with the number\'s suffix ({self.number})')
        return printed or by_number or normalize_product_type(self.value("device_under_test", "abstract"))

    def _holder(self, header: list[Line]) -> str | None:
        """Return the holder: its label's value, else the unlabelled lines of the field block, else the vendor."""
        labelled = self.value("holder", "header")
        if labelled:
            return labelled
        region = header_region(header)
        orphan = orphan_holder(region, [lab for lab in self.labels if lab.line.section == "header"], self.title)
        if orphan:
            self.warnings.append("holder printed away from its label; taken from the unlabelled line(s) near it")
            return orphan
        vendor = self.value("vendor_name", "abstract")
        if vendor:
            self.warnings.append("holder not printed; the vendor name of the test report is used instead")
        return vendor

    def _software_version(self) -> str | None:
        """Return the OCPP software version; a Charging Station may print only a firmware version."""
        return self.value("software_version", "header", "abstract", "configuration") or self.value(
            "firmware_version", "header", "abstract", "configuration"
        )


def _type_from_results(passed: list[str]) -> str | None:
    """Return the type the passed profiles make: "Full" for the whole 1.6 legacy set, else Core + letters."""
    if not passed:
        return None
    if set(LEGACY_16_PROFILES) <= set(passed):
        return "Full"
    return certificate_type_from_profiles(passed)


_REQUIRED = (
    "certificate_number",
    "ocpp_version",
    "product_type",
    "holder",
    "product_designation",
    "software_version",
    "certification_date",
    "test_lab",
    "test_date",
    "test_report_reference",
    "octt_version",
)


def _with_missing_warnings(record: ParsedCertificate, warnings: list[str]) -> ParsedCertificate:
    """Return ``record`` with its warnings: those collected, then one per missing field or section."""
    missing = [f"{name.replace('_', ' ')} not found" for name in _REQUIRED if getattr(record, name) is None]
    for name, value in (("profile results", record.profiles), ("performance table", record.performance)):
        if not value:
            missing.append(f"{name} not found")
    if record.vendor_signatory is None and record.lab_signatory is None:
        missing.append("statement of approval not found")
    return _replace_warnings(record, [*warnings, *missing])


def _replace_warnings(record: ParsedCertificate, warnings: list[str]) -> ParsedCertificate:
    """Return a copy of ``record`` carrying ``warnings`` (each once, in order)."""
    return replace(record, warnings=tuple(dict.fromkeys(warnings)))
