"""Labelled values ("Certificate holder: Meshcrafts AS", "Vendor name:<TAB>EVAR") and where they stand.

Every section labels its values the same few ways: label and value in one cell after a colon, label and
value in adjacent cells, or a label whose value is printed on a line of its own. ``find_labels`` reads all
three, through OCR noise, and reports each with the line it stands on.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ingest.parser.lines import Line, is_noise, key

# key of a printed label -> the field it fills. One table for the certificate page, abstract and configuration.
LABELS = {
    "certificateholder": "holder",
    "holder": "holder",
    "nameofcertificateholder": "holder",
    "certificatenumber": "number",
    "certificateno": "number",
    "certificatenr": "number",
    "certificatenumbers": "number",
    "producttype": "product_type",
    "typeofproduct": "product_type",
    "productdesignation": "designation",
    "productdesignations": "designation",
    "productname": "designation",
    "ocppsoftwareversion": "software_version",
    "softwareversion": "software_version",
    "ocppsoftwareversions": "software_version",
    "softwarefirmwareversion": "software_version",
    "ocppfirmwareversion": "firmware_version",
    "firmwareversion": "firmware_version",
    "hardwareversion": "hardware_version",
    "model": "model",
    "modelname": "model",
    "productmodel": "model",
    "certificationdate": "certification_date",
    "dateofcertification": "certification_date",
    "certificatedate": "certification_date",
    "dateofissue": "certification_date",
    "issuedate": "certification_date",
    "testlaboratory": "test_lab",
    "testlab": "test_lab",
    "laboratory": "test_lab",
    "testhouse": "test_lab",
    "location": "location",
    "testreportreference": "report_reference",
    "testreportref": "report_reference",
    "reportreference": "report_reference",
    "testreportnumber": "report_reference",
    "testreportno": "report_reference",
    "vendorname": "vendor_name",
    "vendor": "vendor",
    "deviceundertest": "device_under_test",
    "dutsut": "device_under_test",
    "dut": "device_under_test",
    "sut": "device_under_test",
    "systemundertest": "device_under_test",
    "communication": "communication",
    "communicationprotocol": "communication",
    "octtversion": "octt_version",
    "testtoolversion": "octt_version",
    "ocpptesttoolversion": "octt_version",
    "octt": "octt_version",
}
# Fields whose printed value may wrap onto the next line: names and designations.
WRAPPING_FIELDS = {"holder", "designation", "test_lab", "location", "vendor_name", "vendor", "device_under_test"}
_FUZZY_KEYS = [label for label in LABELS if len(label) >= 10]
# OCR reads a colon as a semicolon now and then.
_COLON = re.compile(r"\s*[:：;]\s*")


@dataclass(frozen=True)
class Labelled:
    """A label found on a line: the field it names, the value printed with it ('' if none), the line."""

    field: str
    value: str
    line: Line


def label_field(text: str, *, fuzzy: bool = False) -> str | None:
    """Return the field a printed label names, or None. ``fuzzy`` also accepts near misses (OCR)."""
    label_key = key(text)
    found = LABELS.get(label_key)
    if found is not None or not fuzzy or not 10 <= len(label_key) <= 30:
        return found
    close = difflib.get_close_matches(label_key, _FUZZY_KEYS, n=1, cutoff=0.86)
    return LABELS[close[0]] if close else None


def read_label(line: Line) -> Labelled | None:
    """Return the label that starts ``line`` and the value printed with it, or None."""
    first = line.cells[0]
    field = label_field(first.rstrip(":：; "), fuzzy=first.rstrip().endswith((":", "：", ";")))
    if field is not None:
        return Labelled(field, " ".join(line.cells[1:2]), line)
    parts = _COLON.split(first, maxsplit=1)
    if len(parts) == 2:
        field = label_field(parts[0], fuzzy=True)
        if field is not None:
            value = parts[1] or " ".join(line.cells[1:2])
            return Labelled(field, value, line)
    return _run_together_label(line) if len(line.cells) == 1 else None


def _run_together_label(line: Line) -> Labelled | None:
    """Return a label printed with its value and neither colon nor gap ("OCTT version OCTT 1.6 v1.4.2").

    The label must start the line with a capital (prose wrapped onto a line starts in lower case); a
    one-word label only counts on a short line.
    """
    words = line.text.split()
    if not words[0][:1].isupper():
        return None
    for count in range(min(4, len(words) - 1), 0, -1):
        field = LABELS.get(key(" ".join(words[:count])))
        if field is not None and (count > 1 or len(words) <= 5):
            return Labelled(field, " ".join(words[count:]), line)
    return None


def find_labels(lines: list[Line]) -> list[Labelled]:
    """Return every labelled value in ``lines``, with values printed on the lines after an empty label.

    A label with an empty value takes the following lines that are no label themselves (the value printed
    below its label); a label with a value takes the lines that follow it directly (a wrapped value).
    """
    found: list[Labelled] = []
    for position, line in enumerate(lines):
        labelled = read_label(line)
        if labelled is None:
            continue
        found.append(_with_continuation(labelled, lines[position + 1 :]))
    return found


def _with_continuation(labelled: Labelled, following: list[Line]) -> Labelled:
    """Return ``labelled`` with the value continued on the following unlabelled lines, if any.

    Only names wrap; a number, date, type or version is whole on its line.
    """
    if labelled.value and labelled.field not in WRAPPING_FIELDS:
        return labelled
    parts = [labelled.value] if labelled.value else []
    for line in following[:3]:
        if read_label(line) is not None or line.section != labelled.line.section or len(line.cells) > 1:
            break
        if is_noise(line.text):
            continue
        if parts and line.blank_before:
            break
        parts.append(line.text)
    return Labelled(labelled.field, " ".join(parts), labelled.line)


def first_value(found: list[Labelled], field: str, *sections: str) -> str | None:
    """Return the first non-empty value of ``field`` in the given sections (any section if none given)."""
    for labelled in found:
        if labelled.field == field and labelled.value and (not sections or labelled.line.section in sections):
            return labelled.value
    return None
