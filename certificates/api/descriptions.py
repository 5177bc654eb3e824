"""What each field of the API means, as the OpenAPI schema describes it (one place for every serializer)."""

from __future__ import annotations

from typing import Any

FIELDS = {
    # certificates
    "url": "This certificate in the API.",
    "number": "OCA's certificate number, e.g. OCA.0016.0009.CSMS.",
    "version": "Version of this number: 1, then 2, 3… for each re-issue with a later date.",
    "ocpp_version": "OCPP version certified: 1.6, 2.0.1 or 2.1.",
    "product_type": "CSMS (Charging Station Management System) or Charging Station.",
    "certificate_type": "OCA's type code, e.g. Full, or Core + the letters of the optional profiles passed.",
    "holder": "The certificate holder (the canonical company).",
    "holder_name": "The holder as this certificate prints it.",
    "product_designation": "The product as the certificate names it.",
    "software_version": "Software version certified.",
    "certification_date": "Date of certification (YYYY-MM-DD); null when the document does not give it.",
    "lab": "The test laboratory (the canonical lab), null when the document names none.",
    "updated_at": "When this record last changed in the registry.",
    "is_current": "True for the latest version of the number.",
    "specification": "The OCPP specification and errata tested against, as printed.",
    "test_lab_name": "The laboratory as the certificate prints it.",
    "test_lab_location": "Where the laboratory tested.",
    "applied_tests_lab": "The laboratory named in the applied-tests section, when it differs.",
    "test_date": "Date of the tests.",
    "test_report_reference": "The laboratory's test report reference.",
    "document_evidence": "The evidence document the certificate refers to.",
    "vendor_name": "The vendor as the statement of approval names it.",
    "device_under_test": "The device under test, as printed.",
    "communication": "Transport tested, e.g. JSON or SOAP.",
    "octt_version": "Version of OCA's test tool (OCTT) used.",
    "firmware_version": "Firmware version of a Charging Station, when printed.",
    "hardware_version": "Hardware version of a Charging Station, when printed.",
    "oca_signatory": "Who signed for the Open Charge Alliance.",
    "warnings": "What the parser noticed and could not settle (text of each warning).",
    "source": "Where the record's fields come from. document: read from its certificate document (profile "
    "results, lab, measurements); listing: known only from OCA's public listing, no document read yet, so its "
    "test results and lab are not known.",
    "status": "Where the number stands in OCA's public listing: active (listed), withdrawn (gone from a complete "
    "sync of the listing; the record stays) or unlisted (never in it).",
    "listed_since": "The date the registry first found the number in OCA's listing; null when unlisted.",
    "last_seen": "The date the registry last found the number in OCA's listing; null when unlisted.",
    "withdrawn_on": "The date a complete sync of OCA's listing no longer held the number; null unless withdrawn.",
    "profiles": "Result per certification profile, in the order printed.",
    "performance": "Performance measurements: the PICS value and the measured value.",
    "settings": "Limits and non-OCPP settings the laboratory tested with.",
    "signatories": "Signatures of the statement of approval: vendor and laboratory.",
    # rows
    "name": "Name, as printed.",
    "result": "Pass, Fail, Not Tested or Not Applicable (or the printed word when none fits).",
    "description": "Description, as printed.",
    "pics_value_s": "The value the vendor declared in its PICS, in seconds.",
    "measured_value_s": "The value the laboratory measured, in seconds.",
    "pics_value_raw": "The PICS value as printed.",
    "measured_value_raw": "The measured value as printed.",
    "value": "The value, as printed.",
    "role": "vendor or lab.",
    "company": "Company of the signatory.",
    "department": "Department of the signatory.",
    "position": "Position of the signatory.",
    "location": "Where it was signed.",
    "date": "Date of signature.",
    # holders and labs
    "id": "Identifier; the holder and lab filters take it.",
    "aliases": "Every name it was printed under.",
}


def described(fields: list[str], **overrides: str) -> dict[str, dict[str, Any]]:
    """Return serializer ``extra_kwargs`` giving each of ``fields`` its description (``overrides`` win)."""
    texts = {**FIELDS, **overrides}
    return {field: {"help_text": texts[field]} for field in fields if field in texts}
