"""A synthetic registry for the benchmarks: holders, labs and certificates that look like OCA's, in bulk.

Needs Django set up (``bench/api.py`` does it). ``build(count)`` empties the registry's tables and writes
``count`` certificates: a few thousand holders (some printed under 2-3 names), 16 labs under their printed
names, numbers like ``OCA.0016.0001.CSMS`` and ``OCA.0201.0041.CS`` (white-label and family copies past 9,999
per protocol), OCPP 1.6 and 2.0.1 profiles as each procedure lists them, 3-6 performance measurements, 1-3
limit settings and two signatories each. Deterministic for a given count.
"""

from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction

from certificates.choices import OcppVersion, ProductType, ProfileResultValue, SignatoryRole
from certificates.domain.names import name_key
from certificates.domain.profiles import certificate_type_from_profiles, profiles_mask
from certificates.models import (
    Certificate,
    Holder,
    HolderAlias,
    Lab,
    LabAlias,
    LimitSetting,
    PerformanceMeasurement,
    ProfileResult,
    Signatory,
)

SEED = 2026
CHUNK = 5000  # certificates written per transaction

# ---------------------------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------------------------

SYLLABLES = (
    "vol", "ta", "ro", "ki", "wat", "ne", "lux", "mo", "ra", "sun", "gen", "tri", "zen", "ca", "lo", "vi", "ar",
    "do", "han", "seo", "jin", "kor", "del", "nor", "ve", "lis", "ox", "tek", "ma", "pe", "qu", "sa", "bo", "el",
    "am", "pi", "ry", "on", "fi", "ga", "hy", "ul", "ze", "wo", "ba", "stro", "mi", "te",
)  # fmt: skip
# Sector words in holder names, with weights: "Energy" is in about one holder name in six.
SECTORS = {"Energy": 6, "Charge": 3, "Power": 3, "Mobility": 2, "Electric": 2, "Grid": 1, "EV": 2, "Tech": 2,
           "Systems": 1, "Solutions": 1, "Networks": 1}  # fmt: skip
LEGAL_FORMS = (
    "GmbH", "B.V.", "AS", "Co., Ltd.", "Inc.", "Ltd", "S.A.", "AB", "Oy", "S.r.l.", "LLC", "Pty Ltd", "Corp.",
    "SAS", "AG", "Ltd.", "Co., Ltd", "Corporation",
)  # fmt: skip
PLACES = (
    ("Seoul", "Republic of Korea"), ("Amsterdam", "Netherlands"), ("Berlin", "Germany"), ("Shenzhen", "China"),
    ("San Jose", "USA"), ("Oslo", "Norway"), ("Taipei", "Taiwan"), ("Madrid", "Spain"), ("Tokyo", "Japan"),
    ("Lyon", "France"), ("Milan", "Italy"), ("London", "United Kingdom"), ("Stockholm", "Sweden"),
    ("Espoo", "Finland"), ("Sofia", "Bulgaria"), ("Pune", "India"), ("Sydney", "Australia"),
    ("Busan", "Republic of Korea"),
)  # fmt: skip
# Labs: short name for report references, printed names (the first is canonical), city, country code, weight.
LABS = (
    ("DNV", ("DNV", "DNV GL", "DNV Netherlands B.V.", "DNV GL Lab Arnhem"), "Arnhem", "NL", 20),
    ("DNV", ("DNV Singapore Pte. Ltd.", "DNV Singapore Ptd. Ltd."), "Singapore", "SG", 4),
    ("DEKRA", ("DEKRA Certification Inc.", "Dekra Certification Inc", "DEKRA Certification Inc"), "Concord", "US", 8),
    ("DEKRA", ("DEKRA Testing and Certification S.A.U.", "DEKRA Spain"), "Malaga", "ES", 5),
    ("DEKRA", ("DEKRA Testing and Certification (Shanghai) Ltd.", "DEKRA China"), "Shanghai", "CN", 5),
    ("KSGA", ("Korea Smart Grid Association", "KSGA"), "Seoul", "KR", 18),
    ("KTC", ("Korea Testing Certification", "KTC"), "Gunpo", "KR", 6),
    ("KTL", ("Korea Testing Laboratory", "KTL"), "Jinju", "KR", 6),
    ("TUV", ("TÜV Rheinland", "TUV Rheinland", "TÜV Rheinland Japan Ltd."), "Cologne", "DE", 5),
    ("TUV", ("TÜV SÜD", "TUV SUD Product Service GmbH"), "Munich", "DE", 4),
    ("KIWA", ("Kiwa Nederland B.V.", "Kiwa"), "Apeldoorn", "NL", 3),
    ("UL", ("UL Solutions", "UL LLC"), "Northbrook", "US", 3),
    ("ITS", ("Intertek Testing Services NA Inc.", "Intertek"), "Lake Forest", "US", 3),
    ("BV", ("Bureau Veritas CPS", "Bureau Veritas"), "Shenzhen", "CN", 3),
    ("SGS", ("SGS Fimko Oy", "SGS"), "Helsinki", "FI", 2),
    ("CSA", ("CSA Group Testing & Certification Inc.", "CSA Group"), "Toronto", "CA", 2),
)
SPECIFICATIONS = {
    OcppVersion.V16: "OCPP 1.6 – Edition 2 with OCPP 1.6 Errata sheet (v4.0 Release, 2019-10-23)",
    OcppVersion.V201: "OCPP 2.0.1 Edition 3 FINAL incl. Errata 2024-11",
}
PROFILE_DESCRIPTIONS = {
    "Core": "Basic Charging Station functionality for booting, authorization, configuration, transactions.",
    "Firmware Management": "Support for (remote) firmware update management and diagnostic log file download.",
    "Smart Charging": "Support for Smart Charging (all profile types, including stacking), to control charging.",
    "Reservation": "Support for reservation of a connector of a Charging Station.",
    "Local Authorization List Management": "Features to manage a local list of authorization data.",
    "Remote Trigger": "Support for remotely triggering messages that originate from a Charging Station.",
    "Advanced Security": "Security profiles, certificate management and security events.",
    "Advanced Device Management": "Monitoring and device model configuration beyond Core.",
    "Advanced User Interface": "Display messages and tariff and cost information for the driver.",
    "ISO 15118 support": "Plug and Charge and smart charging with ISO 15118 vehicles.",
}
PROFILES_16_LEGACY = ("Core", "Firmware Management", "Smart Charging", "Reservation",
                      "Local Authorization List Management", "Remote Trigger")  # fmt: skip
PROFILES_16_CURRENT = ("Core", "Advanced Security", "Smart Charging", "Remote Trigger")
PROFILES_201 = (
    "Core", "Advanced Security", "Local Authorization List Management", "Smart Charging",
    "Advanced Device Management", "Reservation", "Advanced User Interface", "ISO 15118 support",
)  # fmt: skip
CURRENT_16_PROCEDURE = date(2025, 10, 1)  # 1.6 certificates from here on follow the 2023 procedure's profiles
MEASUREMENTS = {
    "CSMS": ("OCPP response timeout", "Response time Authorize", "Response time BootNotification",
             "Response time StartTransaction", "Response time StopTransaction", "Response time MeterValues"),
    "CS": ("OCPP response timeout", "OCPP triggered function timeout",
           "Transaction authorization time by RemoteStartTransaction",
           "Transaction authorization end time by RemoteStopTransaction", "Boot time after power loss",
           "Time to send StatusNotification"),
}  # fmt: skip
LIMITS = (
    ("Number of connectors", ("1", "2", "3")), ("Supports SOAP", ("Yes", "No")), ("Security profile", ("1", "2", "3")),
    ("Maximum charging current", ("16 A", "32 A", "63 A", "250 A")), ("Heartbeat interval", ("60 s", "300 s")),
    ("Local authorization cache", ("Yes", "No")),
)  # fmt: skip
FIRST_NAMES = ("Elmir", "Casper", "Philip", "Sukoco", "Min-jun", "Anna", "Lars", "Wei", "Sofia", "Jan", "Hiroshi",
               "Maria", "Pieter", "Ji-woo", "Carlos", "Emma", "Ravi", "Ingrid", "Luca", "Chen")  # fmt: skip
LAST_NAMES = ("Zeynalov", "van der Sluis", "YANG", "Kim", "Jansen", "Larsen", "Zhang", "Garcia", "Tanaka", "Rossi",
              "de Vries", "Park", "Lopez", "Muller", "Sharma", "Berg", "Lee", "Chen", "Novak", "Smit")  # fmt: skip
VENDOR_ROLES = (("Development", "Backend Developer"), ("R&D", "CTO"), ("Quality Assurance", "QA Engineer"),
                ("Engineering", "Firmware Engineer"), ("Product Management", "Product Owner"))  # fmt: skip
LAB_ROLES = (("Digital Grid Operations", "Consultant"), ("E-Mobility", "Test Engineer"),
             ("Smart Grid Testing", "Senior Engineer"))  # fmt: skip
OCTT_BY_YEAR = {
    OcppVersion.V16: {2018: "1.3.4", 2019: "1.4.0", 2020: "1.4.1", 2021: "1.4.2", 2022: "1.4.3", 2023: "1.5.2",
                      2024: "1.5.4", 2025: "1.6.0", 2026: "1.6.2"},
    OcppVersion.V201: {2023: "2.0.5", 2024: "2.1.2", 2025: "2.2.0", 2026: "2.3.1"},
}  # fmt: skip
FIRST_DATE = {OcppVersion.V16: date(2018, 1, 8), OcppVersion.V201: date(2023, 7, 3)}
LAST_DATE = date(2026, 10, 30)


@dataclass
class Company:
    """A synthetic holder: canonical name, the names certificates print it under, brand, place; its row's pk."""

    name: str
    printed: list[str]
    brand: str
    place: tuple[str, str]
    pk: int | None = None


@dataclass
class TestLab:
    """A synthetic lab: its printed names (the first canonical), short name, city, country; its row's pk."""

    short: str
    printed: tuple[str, ...]
    city: str
    country: str
    pk: int | None = None


# ---------------------------------------------------------------------------------------------------------------
# Holders and labs
# ---------------------------------------------------------------------------------------------------------------


def new_companies(rng: random.Random, count: int) -> list[Company]:
    """Return ``count`` holders with distinct brands and name keys; about one in four printed 2-3 ways."""
    companies: list[Company] = []
    brands: set[str] = set()
    owners: dict[str, int] = {}  # name key -> index of the company it names
    while len(companies) < count:
        brand = _new_brand(rng, brands)
        stem, legal = _stem(rng, brand), rng.choice(LEGAL_FORMS)
        name = f"{stem} {legal}"
        if name_key(name) in owners:
            continue
        owners[name_key(name)] = len(companies)
        printed = [name]
        if rng.random() < 0.25:
            for variant in rng.sample(_variants(rng, stem, legal, brands), rng.randint(1, 2)):
                mine = owners.setdefault(name_key(variant), len(companies)) == len(companies)
                if mine and variant not in printed:
                    printed.append(variant)
        companies.append(Company(name, printed, brand, rng.choice(PLACES)))
    return companies


def _new_brand(rng: random.Random, taken: set[str]) -> str:
    """Return a made-up brand of 2-3 syllables not in ``taken`` (which it joins)."""
    while True:
        brand = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        if brand not in taken and len(brand) >= 4:
            taken.add(brand)
            return brand


def _stem(rng: random.Random, brand: str) -> str:
    """Return a company name without its legal form: the brand, alone or with one or two sector words."""
    shape = rng.random()
    if shape < 0.45:
        return f"{brand} {_sector(rng)}"
    if shape < 0.75:
        return brand
    if shape < 0.9:
        first, second = _sector(rng), _sector(rng)
        return f"{brand} {first}" if first == second else f"{brand} {first} {second}"
    return brand.upper()


def _sector(rng: random.Random) -> str:
    """Return a sector word, "Energy" the likeliest."""
    return rng.choices(list(SECTORS), weights=list(SECTORS.values()))[0]


def _variants(rng: random.Random, stem: str, legal: str, brands: set[str]) -> list[str]:
    """Return other ways a certificate prints a holder: capitals, no legal form, bare punctuation, a former name."""
    bare = legal.replace(".", "").replace(",", "")
    former = f"{_new_brand(rng, brands)} {stem.split(' ', 1)[1] if ' ' in stem else _sector(rng)} {legal}"
    variants = [f"{stem} {legal}".upper(), stem, former]
    return [*variants, f"{stem} {bare}"] if bare != legal else variants


def holder_count(certificates: int) -> int:
    """Return how many holders a registry of ``certificates`` has: a few thousand at 100,000."""
    return max(20, min(4000, certificates // 30))


def create_holders(companies: list[Company]) -> None:
    """Insert a holder and its aliases per company; set each company's pk."""
    holders = Holder.objects.bulk_create([Holder(name=company.name) for company in companies], batch_size=2000)
    for company, holder in zip(companies, holders, strict=True):
        company.pk = holder.pk
    HolderAlias.objects.bulk_create(
        [HolderAlias(holder_id=c.pk, name=name, key=name_key(name)) for c in companies for name in c.printed],
        batch_size=2000,
    )


def create_labs() -> tuple[list[TestLab], list[int]]:
    """Insert the labs with their aliases; return them and their weights."""
    labs = [TestLab(short, printed, city, country) for short, printed, city, country, _ in LABS]
    rows = Lab.objects.bulk_create([Lab(name=lab.printed[0]) for lab in labs])
    for lab, row in zip(labs, rows, strict=True):
        lab.pk = row.pk
    LabAlias.objects.bulk_create(
        [LabAlias(lab_id=lab.pk, name=name, key=name_key(name)) for lab in labs for name in lab.printed]
    )
    return labs, [weight for *_, weight in LABS]


# ---------------------------------------------------------------------------------------------------------------
# Certificates
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Rows:
    """The rows of a chunk of certificates, by model, in insertion order."""

    certificates: list[Certificate] = field(default_factory=list)
    children: dict[type[Any], list[Any]] = field(default_factory=dict)

    def add(self, model: type[Any], rows: list[Any]) -> None:
        """Append ``rows`` of ``model``."""
        self.children.setdefault(model, []).extend(rows)


def certificate_number(i: int, count: int) -> tuple[str, str, str, float, int]:
    """Return the number, OCPP version, kind (CS/CSMS), place in its series (0-1) and copy of certificate ``i``.

    1.6 and 2.0.1 alternate; each series numbers up to 9999 (CS and CSMS share the sequence), and past that
    come white-label and family copies of the same numbers (``W01.``, ``F01.``, ``W02.``, ...).
    """
    copy, base = divmod(i, 2 * 9999)
    sequence, series = divmod(base, 2)
    code, version = (("0016", OcppVersion.V16), ("0201", OcppVersion.V201))[series]
    kind = "CSMS" if (sequence * 7919) % 10 < 4 else "CS"
    prefix = "" if copy == 0 else f"{'WF'[(copy - 1) % 2]}{(copy + 1) // 2:02d}."
    used = min(9999, (count + 1) // 2)
    return f"{prefix}OCA.{code}.{sequence + 1:04d}.{kind}", version, kind, sequence / max(1, used - 1), copy


def certification_date(rng: random.Random, version: str, place: float, copy: int) -> date:
    """Return a date that grows with the number's place in its series; copies come some months later."""
    first = FIRST_DATE[version]
    day = first + timedelta(days=round(place * (LAST_DATE - first).days) + rng.randint(-20, 20))
    if copy:
        day += timedelta(days=rng.randint(10, 400))
    return min(max(day, first), LAST_DATE)


def profile_results(rng: random.Random, version: str, kind: str, day: date) -> tuple[str, list[tuple[str, str]]]:
    """Return the certificate type and the (profile, result) rows of a certificate of ``version`` from ``day``.

    2.0.1 lists all eight profiles, Core and Advanced Security passed; a 1.6 certificate of the 2023 procedure
    lists four (Smart Charging passed by every CSMS); an older one is Full (six profiles passed), Security or
    Full + Security.
    """
    if version == OcppVersion.V201:
        rows = [(name, _result(rng, name in ("Core", "Advanced Security"), 0.35)) for name in PROFILES_201]
    elif day >= CURRENT_16_PROCEDURE:
        mandatory = {"Core", "Smart Charging"} if kind == "CSMS" else {"Core"}
        rows = [(name, _result(rng, name in mandatory, 0.7)) for name in PROFILES_16_CURRENT]
    else:
        legacy = rng.choices(("Full", "Full + Security", "Security"), weights=(7, 2, 1))[0]
        rows = [(name, _result(rng, legacy != "Security" or name == "Core", 0)) for name in PROFILES_16_LEGACY]
        return legacy, rows if legacy == "Full" else [*rows, ("Advanced Security", "Pass")]
    return certificate_type_from_profiles([name for name, result in rows if result == "Pass"]), rows


def _result(rng: random.Random, passed: bool, chance: float) -> str:
    """Return "Pass" when ``passed``, else "Pass" with probability ``chance`` and "Not Tested" otherwise."""
    return "Pass" if passed or rng.random() < chance else "Not Tested"


def product(rng: random.Random, brand: str, kind: str) -> tuple[str, str, str]:
    """Return a product designation, a firmware version and a hardware version (empty for a CSMS)."""
    if kind == "CSMS":
        pattern = rng.choice(
            (
                "{b} CSMS",
                "{b} Charging Management Platform",
                "{b} Cloud",
                "{b}Charge Hub",
                "{b} EV Backend",
                "{b} Charge Point Operator Suite",
            )
        )
        return pattern.format(b=brand), "", ""
    power = rng.choice((7, 11, 22, 60, 120, 180, 350))
    current = "AC" if power <= 22 else "DC"
    pattern = rng.choice(("{b} {c} {p} kW Wallbox", "{b} {c} Fast Charger {p}", "{u}-{c}{p}-T2", "{b} HomeCharge {p}"))
    designation = pattern.format(b=brand, c=current, p=power, u=brand[:3].upper())
    return designation, _version(rng), f"HW-{rng.randint(1, 9)}.{rng.randint(0, 9)}"


def _version(rng: random.Random) -> str:
    """Return a software version as vendors print them: v1.2.3, release-v2.5.46, 1.6J-24012021, 20260316."""
    a, b, c = rng.randint(0, 4), rng.randint(0, 20), rng.randint(0, 120)
    return rng.choice(
        (
            f"v{a}.{b}.{c}",
            f"{a}.{b}.{c}",
            f"release-v{a}.{b}.{c}",
            f"V{a}.{b}.{c}",
            f"1.6J-{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}20{rng.randint(19, 26)}",
            f"20{rng.randint(19, 26)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}",
        )
    )


def _seconds(rng: random.Random, seconds: int) -> str:
    """Return ``seconds`` as certificates print a duration: 5 sec, 30 seconds, 60s, 00:00:05."""
    return rng.choice(
        (f"{seconds} sec", f"{seconds} seconds", f"{seconds}s", f"00:{seconds // 60:02d}:{seconds % 60:02d}")
    )


def add_certificate(rows: Rows, rng: random.Random, i: int, count: int, company: Company, lab: TestLab) -> None:
    """Append certificate ``i`` of ``count`` (held by ``company``, tested by ``lab``) and its rows to ``rows``."""
    number, version, kind, place, copy = certificate_number(i, count)
    day = certification_date(rng, version, place, copy)
    certificate_type, results = profile_results(rng, version, kind, day)
    designation, firmware, hardware = product(rng, company.brand, kind)
    holder_name = company.name if rng.random() < 0.7 else rng.choice(company.printed)
    lab_name = rng.choice(lab.printed)
    reference = f"{lab.short}_{day:%Y%m%d}_Test Report_{company.brand}_V{rng.randint(100, 140)}"
    certificate = Certificate(
        number=number,
        ocpp_version=version,
        certificate_type=certificate_type,
        product_type=ProductType.CSMS if kind == "CSMS" else ProductType.CHARGING_STATION,
        profiles_passed=profiles_mask(name for name, result in results if result == ProfileResultValue.PASS),
        holder_id=company.pk,
        holder_name=holder_name,
        product_designation=designation,
        software_version=_version(rng),
        certification_date=day,
        specification=SPECIFICATIONS[version],
        lab_id=lab.pk,
        test_lab_name=lab_name,
        test_lab_location=lab.city,
        applied_tests_lab=f"{lab_name} Lab {lab.city}, {lab.country}, {day:%B} {day.day}, {day.year}",
        test_date=day - timedelta(days=rng.randint(0, 30)),
        test_report_reference=reference,
        document_evidence=reference,
        vendor_name=holder_name,
        device_under_test="CSMS" if kind == "CSMS" else designation,
        communication="SOAP" if rng.random() < 0.03 else "JSON",
        octt_version=OCTT_BY_YEAR[version][day.year],
        firmware_version=firmware,
        hardware_version=hardware,
        oca_signatory="ONOPH CARON",
    )
    rows.certificates.append(certificate)
    _add_children(rows, rng, certificate, kind, results, company)


def _add_children(
    rows: Rows,
    rng: random.Random,
    certificate: Certificate,
    kind: str,
    results: list[tuple[str, str]],
    company: Company,
) -> None:
    """Append the certificate's profile results, 3-6 measurements, 1-3 settings and 2 signatories to ``rows``."""
    rows.add(ProfileResult, [
        ProfileResult(certificate=certificate, position=n, name=name, result=result,
                      description=PROFILE_DESCRIPTIONS[name])
        for n, (name, result) in enumerate(results)
    ])  # fmt: skip
    rows.add(PerformanceMeasurement, [
        _measurement(rng, certificate, n, name) for n, name in enumerate(MEASUREMENTS[kind][: rng.randint(3, 6)])
    ])  # fmt: skip
    rows.add(LimitSetting, [
        LimitSetting(certificate=certificate, position=n, name=name, value=rng.choice(values))
        for n, (name, values) in enumerate(rng.sample(LIMITS, rng.randint(1, 3)))
    ])  # fmt: skip
    rows.add(Signatory, _signatories(rng, certificate, company))


def _measurement(rng: random.Random, certificate: Certificate, position: int, name: str) -> PerformanceMeasurement:
    """Return a performance measurement: a PICS value of 5-60 s, a measured one of 0-4 s, printed as labs do."""
    pics, measured = rng.choice((5, 10, 30, 60)), rng.randint(0, 4)
    return PerformanceMeasurement(
        certificate=certificate,
        position=position,
        name=name,
        pics_value_s=pics,
        measured_value_s=measured,
        pics_value_raw=_seconds(rng, pics),
        measured_value_raw=_seconds(rng, measured),
        description=f"The time measured for: {name.lower()}.",
    )


def _signatories(rng: random.Random, certificate: Certificate, company: Company) -> list[Signatory]:
    """Return the vendor's and the lab's signatures of the Statement of Approval."""
    department, position = rng.choice(VENDOR_ROLES)
    lab_department, lab_position = rng.choice(LAB_ROLES)
    signed = certificate.certification_date
    vendor = Signatory(
        certificate=certificate, role=SignatoryRole.VENDOR, name=_person(rng), company=certificate.holder_name,
        department=department, position=position, location=company.place[0], date=signed,
    )  # fmt: skip
    lab = Signatory(
        certificate=certificate, role=SignatoryRole.LAB, name=_person(rng), company=certificate.test_lab_name,
        department=lab_department, position=lab_position, location=certificate.test_lab_location, date=signed,
    )  # fmt: skip
    return [vendor, lab]


def _person(rng: random.Random) -> str:
    """Return a signatory's name."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def write(rows: Rows) -> None:
    """Insert a chunk's certificates, then their rows (which take the certificates' new pks)."""
    Certificate.objects.bulk_create(rows.certificates, batch_size=1000)
    for model, children in rows.children.items():
        model.objects.bulk_create(children, batch_size=2000)


def without_legal_form(name: str) -> str:
    """Return ``name`` without a trailing legal form ("Voltaro Energy GmbH" -> "Voltaro Energy")."""
    for legal in sorted(LEGAL_FORMS, key=len, reverse=True):
        if name.endswith(f" {legal}"):
            return name[: -len(legal) - 1]
    return name


def build(count: int) -> None:
    """Empty the registry's tables and fill them with ``count`` synthetic certificates, ``CHUNK`` per transaction."""
    started = time.monotonic()
    rng = random.Random(SEED)
    tables = ", ".join(model._meta.db_table for model in (Certificate, Holder, HolderAlias, Lab, LabAlias))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    with transaction.atomic():
        companies = new_companies(rng, holder_count(count))
        create_holders(companies)
        labs, lab_weights = create_labs()
    # A long tail: the biggest holder has ~2% of the certificates, hundreds of holders have 1-3.
    holders = rng.choices(companies, weights=[1 / (rank + 10) for rank in range(len(companies))], k=count)
    for start in range(0, count, CHUNK):
        rows = Rows()
        for i in range(start, min(count, start + CHUNK)):
            add_certificate(rows, rng, i, count, holders[i], rng.choices(labs, weights=lab_weights)[0])
        with transaction.atomic():
            write(rows)
        print(f"\r  {min(count, start + CHUNK):,} / {count:,} certificates", end="", file=sys.stderr, flush=True)
    print(f"\nbuilt {count:,} certificates, {len(companies):,} holders in {time.monotonic() - started:.1f} s")
