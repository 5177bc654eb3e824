"""Parser tests: the seeds field by field, and each variation class of domain.md §5/§6 built from them."""

from __future__ import annotations

import re

import pytest

from ingest.parser import ParseError, parse_certificate
from tests.helpers import SEEDS_EXPECTED, mismatches, seed_text

SEED_NAMES = sorted(SEEDS_EXPECTED)


def parsed(text: str) -> dict:
    """Return the parsed record of ``text`` as contract JSON."""
    return parse_certificate(text).to_dict()


@pytest.mark.parametrize("name", SEED_NAMES)
def test_it_reads_every_expected_field_of_each_seed(name: str) -> None:
    assert mismatches(parsed(seed_text(name)), SEEDS_EXPECTED[name]) == []


def _crlf_bom_nbsp(text: str) -> str:
    return "\ufeff" + text.replace(": ", ":\u00a0").replace("\n", "\r\n")


def _html(text: str) -> str:
    rows = []
    for line in text.split("\n"):
        line = line.replace("&", "&amp;")
        if "\t" in line:
            rows.append("<table><tr><td>" + "</td><td>".join(line.split("\t")) + "</td></tr></table>")
        elif line.strip():
            rows.append(f"<p><b>{line}</b></p>")
    return "<html><body>\n" + "\n".join(rows) + "\n</body></html>"


def _markdown(text: str) -> str:
    out = []
    for line in text.split("\n"):
        if "\t" in line:
            cells = line.split("\t")
            out.append("| " + " | ".join(cells) + " |")
        elif line.startswith(("Abstract", "Statement", "Performance", "Test Configuration")):
            out.append(f"## {line}")
        elif ": " in line:
            label, _, value = line.partition(": ")
            out.append(f"**{label}:** {value}  ")
        else:
            out.append(line)
    return "\n".join(out)


def _space_aligned(text: str) -> str:
    return text.replace("\t", "    ")


VARIANTS = {
    "crlf-bom-nbsp": _crlf_bom_nbsp,
    "html": _html,
    "markdown": _markdown,
    "space-aligned": _space_aligned,
    "fullwidth-colons": lambda text: text.replace(":", "：").replace("：//", "://"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("name", SEED_NAMES)
def test_it_reads_the_same_record_through_each_format(name: str, variant: str) -> None:
    text = VARIANTS[variant](seed_text(name))
    expected = dict(SEEDS_EXPECTED[name])
    if variant == "fullwidth-colons":
        # Colons inside values (clock durations) become fullwidth too; the durations are then unreadable.
        expected.pop("performance")
    assert mismatches(parsed(text), expected) == []


def test_it_survives_ocr_noise() -> None:
    text = seed_text("004_46e2c1a1b98fd4ac.txt")
    text = text.replace("Certificate holder:", "Certificate ho1der:").replace("Core\tPass", "C0re\tPas5")
    text = text.replace("Vendor name:", "Vend0r name:").replace("\nReservation", "\n~ ' ,. ;\nReservation")
    record = parsed(text)
    assert record["holder"] == "EVAR"
    assert record["vendor_name"] == "EVAR"
    assert [(p["name"], p["result"]) for p in record["profiles"]][:4] == [
        ("Core", "Pass"),
        ("Firmware Management", "Pass"),
        ("Smart Charging", "Pass"),
        ("Reservation", "Pass"),
    ]


def test_it_splits_result_rows_merged_onto_one_line() -> None:
    text = seed_text("001_38b104c6f537bd29.txt")
    text = re.sub(r"remote control\.\nFirmware Management", "remote control. Firmware Management", text)
    record = parsed(text)
    assert [p["name"] for p in record["profiles"]] == [p["name"] for p in SEEDS_EXPECTED[SEED_NAMES[1]]["profiles"]]
    assert record["profiles"][0]["description"].endswith("remote control.")


def test_it_joins_a_profile_name_wrapped_over_two_lines() -> None:
    text = seed_text("003_5fa35c9b1f76e96e.txt").replace(
        "Local Authorization List Management\tPass", "Local Authorization List\tPass"
    )
    record = parsed(text)
    assert "Local Authorization List Management" in [p["name"] for p in record["profiles"]]


def test_it_joins_a_measurement_name_wrapped_over_two_lines() -> None:
    text = seed_text("000_d42e1137ead7e816.txt").replace(
        "Response time Authorize:\t5 sec", "Response time\nAuthorize:\t5 sec"
    )
    names = [row["name"] for row in parsed(text)["performance"]]
    assert names == ["OCPP response timeout", "Response time Authorize"]


def test_it_takes_the_holder_printed_below_an_empty_label() -> None:
    text = seed_text("000_d42e1137ead7e816.txt").replace(
        "Certificate holder: Meshcrafts AS", "Certificate holder:\n\nMeshcrafts AS"
    )
    assert parsed(text)["holder"] == "Meshcrafts AS"


def test_it_takes_the_holder_printed_before_its_label_over_two_lines() -> None:
    record = parsed(seed_text("002_0660209c32adafc6.txt"))
    assert record["holder"] == "KERI (Korea Electrotechnology Research Institute)"
    assert any("holder" in warning for warning in record["warnings"])


def test_it_keeps_the_applied_tests_lab_apart_from_the_abstract_lab() -> None:
    record = parsed(seed_text("000_d42e1137ead7e816.txt"))
    assert record["test_lab"] == "DNV GL"
    assert record["applied_tests_lab"] == "DNV GL Lab Arnhem, NL"


def test_it_resolves_ambiguous_approval_dates_by_the_certification_date() -> None:
    record = parsed(seed_text("001_38b104c6f537bd29.txt").replace("05/12/2021", "12/05/2021"))
    assert record["vendor_signatory"]["date"] == "2021-05-12"


def test_it_reports_missing_sections_as_null_and_warnings() -> None:
    text = seed_text("004_46e2c1a1b98fd4ac.txt")
    text = text[: text.index("Performance Measurement Results")]
    record = parsed(text)
    assert record["performance"] == []
    assert record["settings"] == []
    assert record["vendor_signatory"] is None and record["lab_signatory"] is None
    assert record["octt_version"] is None
    assert "performance table not found" in record["warnings"]
    assert "statement of approval not found" in record["warnings"]
    assert record["certificate_number"] == "OCA.0016.0042.CSMS"


def test_it_completes_a_setting_name_from_a_displaced_fragment() -> None:
    record = parsed(seed_text("002_0660209c32adafc6.txt"))
    assert record["settings"] == [{"name": "Device supports sending milliseconds in timestamps", "value": "Yes"}]


def test_it_title_cases_the_oca_signatory_printed_in_capitals() -> None:
    assert parsed(seed_text("003_5fa35c9b1f76e96e.txt"))["oca_signatory"] == "Onoph Caron"


OCPP_201_CSMS = """OCPP 2.0.1 Certificate

Certificate holder: Volt Grid B.V.
Certificate number: OCA.0201.0057.CSMS
Product type: Charging Station Management System
Product designation: VoltHub
OCPP Software version: 4.2.0
Certification date: 18 March 2025

This certificate attests that the above mentioned product successfully completed certification testing in \
conformance with the reference specification OCPP 2.0.1 Edition 3 FINAL incl. Errata 2024-11. The optional \
features of the protocol are also covered by this certification.

Applied tests\tPerformed by / on\tDocument evidence
Conformance testing according to the test specification referenced by the test report\tDEKRA Testing and \
Certification S.A.U., 14.03.2025\tDEKRA_OCPP201_VoltHub_R1

Abstract of test report
Test laboratory:\tDEKRA Testing and Certification S.A.U.
Location:\tMálaga, Spain
Test Report Reference:\tDEKRA_OCPP201_VoltHub_R1
Vendor name:\tVolt Grid B.V.
Device Under Test:\tCSMS
Communication:\tJSON

Test Result Summary for the certified functionalities
Functionalities\tOCPP 2.0.1 Certification Test Results\tDescription
Core\tPass\tBasic functionality.
Advanced Security\tPass\tSecurity profiles 2 and 3.
Local Auth List Management\tNot Tested\tLocal list.
Smart Charging\tPass\tCharging profiles.
Advanced Device Management\tNot Tested\tMonitoring.
Reservation\tNot Tested\tReservations.
Advanced User Interface\tNot Tested\tDisplay messages.
ISO 15118 Support\tPass\tPlug and Charge.
C-11\tSupports TLS 1.3\tYes

Test Configuration
OCTT version\tOCTT 2.0.1 v1.2.0
"""


def test_it_derives_the_type_of_a_201_certificate_from_its_passed_profiles() -> None:
    record = parsed(OCPP_201_CSMS)
    assert record["ocpp_version"] == "2.0.1"
    assert record["certificate_type"] == "Core + S + C + I"
    assert record["test_date"] == "2025-03-14"
    assert record["octt_version"] == "1.2.0"
    assert record["specification"] == "OCPP 2.0.1 Edition 3 FINAL incl. Errata 2024-11"
    assert [(p["name"], p["result"]) for p in record["profiles"]] == [
        ("Core", "Pass"),
        ("Advanced Security", "Pass"),
        ("Local Authorization List Management", "Not Tested"),
        ("Smart Charging", "Pass"),
        ("Advanced Device Management", "Not Tested"),
        ("Reservation", "Not Tested"),
        ("Advanced User Interface", "Not Tested"),
        ("ISO 15118 support", "Pass"),
    ]
    assert record["pics"] == [{"id": "C-11", "description": "Supports TLS 1.3", "value": "Yes"}]


CHARGING_STATION_16 = """OCPP 1.6 Core + S + C Certificate
Certificate holder: Ampere Works GmbH
Certificate number: F01.OCA.0016.1175.CS
Product type: Charging Station
Product designation: WallBox Pro 22
OCPP Firmware version: FW 3.1.4
Hardware version: HW-B
Certification date: July 18th 2025

Abstract of test report
Test laboratory:\tKorea Testing Laboratory
Communication:\tSOAP

Functionalities\tOCPP 1.6 Certification Test Results\tDescription
Core\tPass\tBasic functionality.
Smart Charging\tPass\tProfiles.
Advanced Security\tPass\tSecurity whitepaper.

Performance Measurement Results
Name\tPICS value\tMeasured value\tDescription
OCPP response timeout:\t30 s\t0.5 s\tWaiting for a response.
OCPP triggered function timeout:\t1 min\t800 ms\tTriggered messages.
Transaction authorization time by RemoteStartTransaction:\t10 seconds\t00:00:02\tRemote start.
Transaction authorization end time by RemoteStopTransaction:\t10 seconds\tN/A\tRemote stop.
"""


def test_it_reads_a_charging_station_certificate() -> None:
    record = parsed(CHARGING_STATION_16)
    assert record["certificate_number"] == "F01.OCA.0016.1175.CS"
    assert record["product_type"] == "Charging Station"
    assert record["certificate_type"] == "Core + S + C"
    assert record["software_version"] == "FW 3.1.4"
    assert record["hardware_version"] == "HW-B"
    assert record["certification_date"] == "2025-07-18"
    assert record["communication"] == "SOAP"
    assert [(m["name"], m["pics_value_s"], m["measured_value_s"]) for m in record["performance"]] == [
        ("OCPP response timeout", 30.0, 0.5),
        ("OCPP triggered function timeout", 60.0, 0.8),
        ("Transaction authorization time by RemoteStartTransaction", 10.0, 2.0),
        ("Transaction authorization end time by RemoteStopTransaction", 10.0, None),
    ]
    assert record["performance"][3]["measured_value_raw"] == "N/A"


@pytest.mark.parametrize(
    "text",
    [
        "Invoice 2024-118\nTotal due: 1,200.00 EUR\nPayment within 30 days.",
        "Lorem ipsum dolor sit amet",
        "\n\n   \n",
    ],
)
def test_it_rejects_text_that_is_no_certificate(text: str) -> None:
    with pytest.raises(ParseError, match="not an OCA certificate"):
        parse_certificate(text)


def test_it_reads_pdf_ligatures_and_a_title_wrapped_over_two_lines() -> None:
    text = seed_text("000_d42e1137ead7e816.txt").replace("OCPP 1.6 Full Certificate", "OCPP 1.6 Full\nCertiﬁcate")
    record = parsed(text.replace("Certificate holder:", "Certiﬁcate holder:"))
    assert record["title"] == "OCPP 1.6 Full Certificate"
    assert record["certificate_type"] == "Full"
    assert record["holder"] == "Meshcrafts AS"


def test_it_reads_ocr_near_misses_of_results_profile_names_labels_and_the_number_suffix() -> None:
    text = seed_text("001_38b104c6f537bd29.txt")
    text = text.replace("Smart Charging\tPass", "Smart Chargmg\tPase").replace(
        "Remote Trigger\tPass", "Remote Trlgger\tPass"
    )
    text = text.replace("Certificate holder: SemaConnect", "Certificate holder; SemaConnect")
    text = text.replace("OCA.0016.0019.CSMS", "OCA.0016.0019.C5MS")
    record = parsed(text)
    assert record["holder"] == "SemaConnect"
    assert record["certificate_number"] == "OCA.0016.0019.CSMS"
    assert [(p["name"], p["result"]) for p in record["profiles"]][2:] == [
        ("Smart Charging", "Pass"),
        ("Reservation", "Pass"),
        ("Local Authorization List Management", "Pass"),
        ("Remote Trigger", "Pass"),
    ]


SIDE_BY_SIDE_APPROVAL = """OCPP 1.6 Full Certificate
Certificate holder: Nordvolt AS
Certificate number: OCA.0016.0311.CSMS
Certification date: March 3, 2023

Statement of Approval
Vendor\tDate: 03.03.2023\tTest laboratory\tDate: 03/03/2023
Name\tIngrid Berg\tName\tPieter de Vries
Company\tNordvolt AS\tCompany\tDNV Netherlands B.V.
Position\tCTO\tPosition\tTest Engineer
Location\tBergen\tLocation\tArnhem
"""


def test_it_reads_signature_blocks_printed_side_by_side() -> None:
    record = parsed(SIDE_BY_SIDE_APPROVAL)
    assert record["vendor_signatory"] == {
        "name": "Ingrid Berg",
        "company": "Nordvolt AS",
        "department": None,
        "position": "CTO",
        "location": "Bergen",
        "date": "2023-03-03",
    }
    assert record["lab_signatory"]["name"] == "Pieter de Vries"
    assert record["lab_signatory"]["company"] == "DNV Netherlands B.V."
    assert record["lab_signatory"]["location"] == "Arnhem"
    assert record["lab_signatory"]["date"] == "2023-03-03"


def test_it_reads_a_copy_paste_without_cell_separators() -> None:
    record = parsed(seed_text("002_0660209c32adafc6.txt").replace("\t", " "))
    expected = dict(SEEDS_EXPECTED["002_0660209c32adafc6.txt"])
    assert mismatches(record, expected) == []
    # Signature debris run onto the values ("43", Arabic glyphs) is left out.
    assert record["vendor_signatory"]["position"] == "Principal Researcher"
    assert record["lab_signatory"]["company"] == "Korea Smart Grid Association"


def test_it_rejects_a_letter_that_only_quotes_a_certificate_number() -> None:
    letter = "Dear customer,\nyour charger is covered by OCA.0016.0009.CSMS.\nKind regards"
    with pytest.raises(ParseError, match="not an OCA certificate"):
        parse_certificate(letter)
