"""The rows of a comparison: facts compared as a reader compares them, profiles by evidence, times in seconds."""

from __future__ import annotations

from certificates.domain.comparison import (
    FACTS,
    PERFORMANCE,
    PROFILES,
    Measurement,
    Row,
    Side,
    comparison_rows,
    seconds,
)
from certificates.domain.typecodes import profile_evidence


def side(number: str, **facts: str) -> Side:
    return Side(number, {"holder": "Meshcrafts AS", "product": "SmartCharge", **facts})


def row(rows: list[Row], label: str) -> Row:
    (found,) = [r for r in rows if r.label == label]
    return found


def test_it_does_not_mark_equal_facts_that_differ_only_in_case_spacing_or_legal_form() -> None:
    rows = comparison_rows(
        [
            side("A", holder="Meshcrafts AS", product="Smart  Charge", lab="DNV GL"),
            side("B", holder="meshcrafts", product="smart charge", lab="DNV GL AS"),
        ]
    )
    assert not row(rows, "Holder").differs
    assert not row(rows, "Product").differs
    assert not row(rows, "Test laboratory").differs
    assert row(rows, "Holder").cells == ("Meshcrafts AS", "meshcrafts")  # shown as printed


def test_it_marks_facts_that_differ_and_a_value_one_lacks() -> None:
    rows = comparison_rows([side("A", software_version="1.2"), side("B", software_version="1.3"), side("C")])
    software = row(rows, "Software version")
    assert software.differs and software.section == FACTS and software.fact == "software_version"
    assert software.cells == ("1.2", "1.3", "—")
    assert not row(rows, "OCTT version").differs  # none of them has one


def test_it_compares_profiles_by_their_evidence() -> None:
    documented = profile_evidence(ocpp_version="1.6", type_code="", rows=[("Core", "Pass")], has_document=True)
    claimed = profile_evidence(ocpp_version="1.6", type_code="Core", rows=[], has_document=False)
    tested = profile_evidence(
        ocpp_version="1.6", type_code="", rows=[("Core", "Pass"), ("Reservation", "Not Tested")], has_document=True
    )
    rows = comparison_rows(
        [
            Side("A", profiles=tuple(documented)),
            Side("B", profiles=tuple(claimed)),
            Side("C", profiles=tuple(tested)),
        ]
    )
    core = row(rows, "Core")
    assert core.section == PROFILES
    assert core.cells == ("Passed", "Claimed by type code", "Passed") and core.differs
    assert core.kinds == ("passed", "claimed", "passed")
    assert row(rows, "Reservation").cells == ("Unknown", "Unknown", "Not tested")
    same = comparison_rows([Side("A", profiles=tuple(documented)), Side("B", profiles=tuple(documented))])
    assert not any(r.differs for r in same if r.section == PROFILES)


def test_it_shows_a_pics_and_a_measured_row_per_figure_in_seconds() -> None:
    rows = comparison_rows(
        [
            Side("A", measurements=(Measurement("OCPP response timeout", 5.0, 3.0),)),
            Side("B", measurements=(Measurement("OCPP response timeout", 5, 0.25), Measurement("Authorize", 5, 1))),
        ]
    )
    pics, measured = row(rows, "OCPP response timeout: PICS"), row(rows, "OCPP response timeout: measured")
    assert pics.section == PERFORMANCE
    assert pics.cells == ("5 s", "5 s") and not pics.differs  # 5.0 and 5 are one value
    assert measured.cells == ("3 s", "0.25 s") and measured.differs
    assert row(rows, "Authorize: PICS").cells == ("—", "5 s")
    assert [r.label for r in rows if r.section == PERFORMANCE] == [
        "OCPP response timeout: PICS",
        "OCPP response timeout: measured",
        "Authorize: PICS",
        "Authorize: measured",
    ]


def test_seconds_reads_as_a_cell_shows_them() -> None:
    assert [seconds(None), seconds(0.0), seconds(100.0), seconds(0.5)] == ["—", "0 s", "100 s", "0.5 s"]
