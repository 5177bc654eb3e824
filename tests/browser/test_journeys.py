"""Three people's journeys through the site, on a desktop and on a 390 px phone, as they would walk them: an
operator checking one product, a procurement officer comparing three, a vendor checking its own records.

Every page each of them reaches is checked on the way: axe-core finds no violation, nothing is wider than the
screen, and on the phone every target can be tapped (the checks of test_accessibility.py). The journeys also
write the README's screenshots (docs/screenshots/), so the pictures show the site as it is.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, expect

from certificates.listing import listing_import
from tests.browser.conftest import VIEWPORT, Site
from tests.browser.test_accessibility import (
    AXE,
    DESKTOP,
    OVERFLOW,
    PHONE,
    SMALL_TARGETS,
    SMALLEST_TARGET,
    STICKING_OUT,
    axe_violations,
)
from tests.helpers import SEEDS, listing_row

pytestmark = pytest.mark.browser

DEVICES = pytest.mark.parametrize("context", [DESKTOP, PHONE], indirect=True, ids=["desktop", "phone"])
README_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MESHCRAFTS = "OCA.0016.0009.CSMS"
SEMACONNECT = "OCA.0016.0019.CSMS"
EVAR = "OCA.0016.0042.CSMS"
KERI = "OCA.0016.0073.CSMS"


class Walk:
    """A person's walk through the site: each page reached is checked, and what is wrong is kept by page."""

    def __init__(self, site: Site) -> None:
        assert AXE.exists(), "axe-core is missing: run make npm"
        site.page.context.add_init_script(path=str(AXE))
        self.site = site
        self.width = (site.page.viewport_size or VIEWPORT)["width"]
        self.phone = self.width < 600
        self.problems: dict[str, Any] = {}

    def check(self, name: str) -> None:
        """Check the page the walk is on (axe-core, width, tap targets on a phone) under ``name``."""
        page = self.site.page
        page.wait_for_load_state("networkidle")
        found: dict[str, Any] = {}
        if violations := axe_violations(self.site):
            found["axe"] = violations
        if (overflow := page.evaluate(OVERFLOW, self.width)) > 0:
            found[f"wider than the screen by {overflow} px"] = page.evaluate(STICKING_OUT, self.width)
        if self.phone and (small := page.evaluate(SMALL_TARGETS, SMALLEST_TARGET)):
            found["tap targets too small"] = small
        if found:
            self.problems[f"{name} ({page.url})"] = found

    def goto(self, path: str, name: str) -> None:
        """Open ``path`` (it must answer 200) and check it."""
        self.site.goto(path)
        self.check(name)


def listed(number: str, **cells: str) -> None:
    """Put ``number`` in OCA's listing (a row of the listing CSV), as a sync would."""
    listing_import(rows=[listing_row(certificate_no=number, **cells)], source_name="listing.csv", sha256="1" * 64)


@DEVICES
def test_an_operator_checks_one_product(context: BrowserContext, site: Site, seeds: list[str]) -> None:
    """From the home page to one certificate: what it was tested for and by whom, its check and its badge."""
    listed(MESHCRAFTS, company="Current Eco AS", certificate_type="Full", certificate_url="")
    walk = Walk(site)
    page = site.page
    walk.goto("/", "home")
    box = page.locator("form[role=search] input[name=q]").first
    box.fill("meshcrafts")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/certificates/\?.*q=meshcrafts"))
    walk.check("search")
    page.locator("ol.results > li a.certificate-link").first.click()
    expect(page).to_have_url(re.compile(rf"/certificates/{re.escape(MESHCRAFTS)}/$"))
    walk.check("certificate")
    expect(page.get_by_role("region", name="Certification profiles")).to_contain_text("Remote Trigger")
    assert page.locator("td .badge.passed").count() >= 6
    if walk.phone:
        README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(README_SCREENSHOTS / "certificate-phone.png"), full_page=False)
    else:
        README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(README_SCREENSHOTS / "certificate.png"), full_page=False)

    # The badge the certificate page offers to embed is the certificate's, and says what OCA's listing says.
    snippet = page.locator("textarea.snippet").first
    expect(snippet).to_contain_text(f"/certificates/{MESHCRAFTS}/badge.svg")
    badge = page.request.get(f"{site.base_url}/certificates/{MESHCRAFTS}/badge.svg")
    assert badge.status == 200 and badge.headers["content-type"].startswith("image/svg+xml")
    assert "1.6" in badge.text() and "active" in badge.text().lower()

    # The check by number: a verdict with the date, citable by its permalink.
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Check").click()
    walk.check("check")
    page.locator("#check-number").fill(MESHCRAFTS.lower())
    page.locator("#check-number").press("Enter")
    expect(page).to_have_url(re.compile(rf"/check/{re.escape(MESHCRAFTS)}/$"))
    walk.check("check-number")
    main = page.locator("main")
    expect(main).to_contain_text("Checked on")
    expect(main).to_contain_text("read from its document", ignore_case=True)
    expect(main).to_contain_text("Remote Trigger")
    assert walk.problems == {}, walk.problems


@DEVICES
def test_a_procurement_officer_compares_three_and_downloads_the_comparison(
    context: BrowserContext, site: Site, seeds: list[str]
) -> None:
    """Tick two in the list, add a third by the holder's name, read the differences, download them as CSV."""
    walk = Walk(site)
    page = site.page
    walk.goto("/certificates/?ocpp_version=1.6", "list")
    if walk.phone and not page.locator("#compare-button").is_visible():
        pytest.fail("the list's Compare button cannot be reached on a phone")
    page.get_by_label(f"Compare {MESHCRAFTS}").check()
    page.get_by_label(f"Compare {SEMACONNECT}").check()
    page.locator("#compare-button").click()
    expect(page).to_have_url(re.compile(r"/compare/\?"))
    walk.check("compare-two")
    page.locator("#add").fill("EVAR")
    page.locator("#add").press("Enter")
    expect(page.locator("table.compare thead th")).to_have_count(4)  # the corner and three certificates
    walk.check("compare-three")
    if not walk.phone:
        README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(README_SCREENSHOTS / "compare.png"), full_page=False)
    header = page.locator("table.compare thead").inner_text()
    assert all(number in header for number in (MESHCRAFTS, SEMACONNECT, EVAR))
    # The software versions differ, said in words and not by colour alone; times are in seconds.
    row = page.locator("table.compare tr", has_text="Software version")
    expect(row).to_contain_text("≠ differs")
    if walk.phone:
        expect(page.locator("#compare-hint")).to_be_visible()

    with page.expect_download() as download:
        page.locator("#compare-csv").click()
    path = download.value.path()
    rows = list(csv.reader(io.StringIO(Path(path).read_text(encoding="utf-8"))))
    assert sorted(rows[0][2:5]) == sorted([MESHCRAFTS, SEMACONNECT, EVAR])
    software = next(r for r in rows if r[1] == "Software version")
    versions = dict(zip(rows[0][2:5], software[2:5], strict=True))
    assert versions == {MESHCRAFTS: "1.6J-24012021", SEMACONNECT: "v1.0408.27", EVAR: "1.0.0"}
    assert any(r[1].startswith("OCPP response timeout") for r in rows)
    assert walk.problems == {}, walk.problems


@DEVICES
def test_a_vendor_checks_its_own_records_and_the_file_it_sends(
    context: BrowserContext, site: Site, seeds: list[str]
) -> None:
    """Find the company in the A-Z directory, open its certificate, then check three files: the one the
    registry holds (identical), one with another software version (differs), one of a number nobody lists."""
    walk = Walk(site)
    page = site.page
    walk.goto("/holders/", "holders")
    page.get_by_role("link", name=re.compile("KERI")).first.click()
    expect(page).to_have_url(re.compile(r"/holders/\d+/$"))
    walk.check("holder")
    page.locator(f'a[href="/certificates/{KERI}/"]').first.click()
    walk.check("certificate")
    if not walk.phone:
        listed("OCA.0016.0528.CSMS")  # a certificate OCA lists whose document was not read, beside the seeds
        walk.goto("/certificates/?ordering=holder", "list")
        README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(README_SCREENSHOTS / "list.png"), full_page=False)

    original = next(p for p in sorted(SEEDS.glob("*.txt")) if KERI in p.read_text(encoding="utf-8"))
    text = original.read_text(encoding="utf-8")
    files = {
        "identical": text,
        "differs": re.sub(r"(Software version:\s*)v1\.0\b", r"\1v1.1", text),
        "not listed": text.replace(KERI, "OCA.0016.0998.CSMS"),
    }
    seen = {}
    for name, body in files.items():
        walk.goto("/check/", "check")
        page.locator("#check-file").set_input_files(
            {"name": "certificate.txt", "mimeType": "text/plain", "buffer": body.encode("utf-8")}
        )
        page.get_by_role("button", name="Check the file").click()
        expect(page.locator("main h1")).to_be_visible()
        walk.check(f"check-{name}")
        seen[name] = page.locator("main").inner_text()
    assert "Identical to the registry's document" in seen["identical"]
    assert "with differences from the registry's record" in seen["differs"]
    assert re.search(r"software version\W+v1\.1\W+here, \W*v1\.0\W* in the registry", seen["differs"])
    assert "A number OCA does not list" in seen["not listed"]
    assert walk.problems == {}, walk.problems
