"""Reading a free-text search: which words name filters, what text is left, and how close a name is."""

from __future__ import annotations

import pytest

from certificates.domain.query import ReadQuery, closest_names, lab_short_names, read_query, squashed

LABS = {"Korea Smart Grid Association": 3, "KSGA": 3, "DNV GL": 7}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "SemaConnect smart charging 1.6",
            ReadQuery("SemaConnect", ("Smart Charging",), "1.6", words=("smart charging", "1.6")),
        ),
        ("Smart Charging", ReadQuery("", ("Smart Charging",), words=("Smart Charging",))),
        ("smartcharging", ReadQuery("", ("Smart Charging",), words=("smartcharging",))),
        ("smart charging profile", ReadQuery("", ("Smart Charging",), words=("smart charging profile",))),
        ("security meshcrafts", ReadQuery("meshcrafts", ("Advanced Security",), words=("security",))),
        ("iso 15118", ReadQuery("", ("ISO 15118 support",), words=("iso 15118",))),
        ("ISO15118 support", ReadQuery("", ("ISO 15118 support",), words=("ISO15118 support",))),
        ("local auth list management", ReadQuery("local auth list management")),
        ("local authorization list management", ReadQuery("", ("Local Authorization List Management",),
                                                          words=("local authorization list management",))),
        ("ocpp 2.0.1", ReadQuery("", ocpp_version="2.0.1", words=("ocpp 2.0.1",))),
        ("OCPP2.0.1", ReadQuery("", ocpp_version="2.0.1", words=("OCPP2.0.1",))),
        ("ocpp201", ReadQuery("", ocpp_version="2.0.1", words=("ocpp201",))),
        ("201", ReadQuery("", ocpp_version="2.0.1", words=("201",))),
        ("ocpp 16", ReadQuery("", ocpp_version="1.6", words=("ocpp 16",))),
        ("v1.6", ReadQuery("", ocpp_version="1.6", words=("v1.6",))),
        ("2.1", ReadQuery("", ocpp_version="2.1", words=("2.1",))),
        ("model 16", ReadQuery("model 16")),  # a bare "16" is a model number, not a version
        ("csms", ReadQuery("", product_type="CSMS", words=("csms",))),
        ("CS", ReadQuery("", product_type="Charging Station", words=("CS",))),
        ("charging station", ReadQuery("", product_type="Charging Station", words=("charging station",))),
        ("Charging Station Management System", ReadQuery("", product_type="CSMS",
                                                         words=("Charging Station Management System",))),
        ("central system", ReadQuery("", product_type="CSMS", words=("central system",))),
        ("charge point alfen", ReadQuery("alfen", product_type="Charging Station", words=("charge point",))),
        ("Korea Smart Grid Association", ReadQuery("", lab=3, words=("Korea Smart Grid Association",))),
        ("ksga 1.6", ReadQuery("", ocpp_version="1.6", lab=3, words=("ksga", "1.6"))),
        ("tested by dnv gl", ReadQuery("tested by", lab=7, words=("dnv gl",))),
        ("OCA.0016.0009.CSMS", ReadQuery("OCA.0016.0009.CSMS")),  # a number's parts are not filters
        ("core", ReadQuery("core")),  # too common in product names
        ("Sema-Connect, security", ReadQuery("Sema-Connect", ("Advanced Security",), words=("security",))),
        ("1.6 2.0.1", ReadQuery("2.0.1", ocpp_version="1.6", words=("1.6",))),  # one version: the second stays
        ("csms cs", ReadQuery("cs", product_type="CSMS", words=("csms",))),
        ("security smart charging security", ReadQuery("", ("Advanced Security", "Smart Charging"),
                                                       words=("security", "smart charging", "security"))),
        ("", ReadQuery("")),
        ("   ", ReadQuery("")),
    ],
)  # fmt: skip
def test_it_reads_filters_out_of_what_people_type(text: str, expected: ReadQuery) -> None:
    assert read_query(text, LABS) == expected


def test_it_leaves_a_filter_already_chosen_to_the_text() -> None:
    read = read_query("1.6 csms smart charging", LABS, taken=frozenset({"ocpp_version"}))
    assert (read.text, read.ocpp_version, read.product_type, read.profiles) == ("1.6", "", "CSMS", ("Smart Charging",))


def test_it_reads_no_lab_without_the_labs_names() -> None:
    assert read_query("DNV GL").lab is None
    assert read_query("DNV GL").text == "DNV GL"


def test_it_says_whether_any_word_was_read() -> None:
    assert read_query("smart charging").has_filters
    assert not read_query("semaconnect").has_filters


def test_squashed_drops_spaces_hyphens_case_and_accents() -> None:
    assert squashed("Sema-Connect Inc.") == squashed("semaconnect  inc") == "semaconnectinc"
    assert squashed("Ünsal Şarj") == "unsalsarj"
    assert squashed("北京 Ltd") == "北京ltd"


def test_closest_names_come_closest_first_and_once() -> None:
    names = ["Meshcrafts AS", "SemaConnect Inc", "SEMACONNECT INC", "Semaphore Charging", "Sema"]
    assert closest_names("semaconect", names) == ["SemaConnect Inc", "Semaphore Charging"]
    assert closest_names("sema connect", names)[0] == "SemaConnect Inc"
    assert closest_names("meshcraft", names) == ["Meshcrafts AS"]
    assert closest_names("xyzzy", names) == []
    assert closest_names("", names) == []


REGISTRY_LABS = {
    "DEKRA Certification Inc": 1,
    "Dekra Certification Inc": 1,
    "DNV GL": 2,
    "Korea Smart Grid Association": 3,
    "Korea Testing Certification": 4,
    "Korea Testing Laboratory": 5,
    "DNV Singapore Pte. Ltd.": 6,
}


def test_a_lab_is_known_by_its_initials() -> None:
    short = lab_short_names(REGISTRY_LABS)
    assert (short["ksga"], short["ktc"], short["ktl"]) == (3, 4, 5)
    assert "dekra" not in short and "korea" not in short  # first words name holders too
    assert read_query("KSGA smart charging", short) == ReadQuery(
        text="", profiles=("Smart Charging",), lab=3, words=("KSGA", "smart charging")
    )
    assert read_query("korea electrotechnology", short).lab is None
