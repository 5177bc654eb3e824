"""The public site in a real browser: search, facets, a certificate, a comparison, the statistics charts.

Each test opens the live server in Debian's Chromium (see conftest.py) with the five seed certificates ingested
through the pipeline, acts as a person would (typing, clicking, the keyboard) and keeps full-page screenshots of
the main pages in ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site

pytestmark = pytest.mark.browser

MESHCRAFTS = "OCA.0016.0009.CSMS"
SEMACONNECT = "OCA.0016.0019.CSMS"
KOREA = ["OCA.0016.0042.CSMS", "OCA.0016.0073.CSMS"]
LATEST = "OCA.0016.0232.CSMS"
DETAIL_HREF = re.compile(r"/certificates/(OCA\.[0-9A-Z.]+)/")


def result_numbers(page: Page) -> list[str]:
    """The certificate numbers the results list links to, in order."""
    hrefs = page.locator("ol.results > li a.certificate-link").evaluate_all("links => links.map(a => a.href)")
    numbers = []
    for href in hrefs:
        match = DETAIL_HREF.search(href)
        assert match, f"a result links to {href}, not to a certificate page"
        numbers.append(match.group(1))
    return numbers


def query(page: Page) -> dict[str, list[str]]:
    """The current page's query string, parsed."""
    return parse_qs(urlsplit(page.url).query)


def search(site: Site, text: str) -> None:
    """Type ``text`` into the page's search box and submit it with Enter."""
    box = site.page.locator("form[role=search] input[name=q]").first
    box.fill(text)
    box.press("Enter")
    expect(site.page).to_have_url(re.compile(r"[?&]q="))


def test_the_browser_loads_the_admin_login_page(site: Site) -> None:
    site.goto("/admin/login/")
    expect(site.page.locator("input[name=username]")).to_be_visible()
    expect(site.page.locator("input[name=password]")).to_be_visible()
    assert site.requests[0] == f"{site.base_url}/admin/login/"


def test_the_home_page_searches_counts_and_lists_the_latest(site: Site, seeds: list[str]) -> None:
    site.goto("/")
    expect(site.page.locator("form[role=search] input[name=q]")).to_be_visible()
    expect(site.page.locator("main")).to_contain_text("5")
    latest = site.page.locator("main a[href^='/certificates/OCA.']")
    expect(latest.first).to_be_visible()
    hrefs = latest.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert f"/certificates/{LATEST}/" in hrefs, hrefs
    assert all(DETAIL_HREF.fullmatch(href) for href in hrefs), hrefs
    site.screenshot("home")


def test_a_search_finds_a_holder_by_a_word_and_by_a_typo(site: Site, seeds: list[str]) -> None:
    site.goto("/")
    search(site, "meshcrafts")
    assert urlsplit(site.page.url).path == "/certificates/"
    expect(site.page.locator("ol.results > li")).to_have_count(1)
    assert result_numbers(site.page) == [MESHCRAFTS]
    site.screenshot("search")

    search(site, "semaconect")
    did_you_mean = site.page.locator("a#did-you-mean")
    if did_you_mean.count():  # the page may offer the correction instead of searching with it
        did_you_mean.click()
    expect(site.page.locator("ol.results > li").first).to_contain_text("SemaConnect")
    assert result_numbers(site.page) == [SEMACONNECT]


def test_a_facet_narrows_the_results(site: Site, seeds: list[str]) -> None:
    site.goto("/certificates/")
    expect(site.page.locator("ol.results > li")).to_have_count(5)
    expect(site.page.locator("#hit-count")).to_contain_text("5")
    expect(site.page.locator("select[name=ordering]")).to_be_visible()
    site.screenshot("list")

    facets = site.page.locator('nav[aria-label="Filters"]')
    for name in ("ocpp_version", "product_type", "certificate_type", "lab", "year"):
        expect(facets.locator(f'a[data-facet="{name}"]').first).to_be_visible()
    facets.locator('a[data-facet="lab"]', has_text="Korea Smart Grid Association").click()
    expect(site.page).to_have_url(re.compile(r"[?&]lab="))
    expect(site.page.locator("ol.results > li")).to_have_count(2)
    expect(site.page.locator("#hit-count")).to_contain_text("Showing 1–2 of 2")
    assert sorted(result_numbers(site.page)) == KOREA
    expect(facets.locator('a[data-facet="lab"][aria-current="true"]')).to_be_focused()  # list.js
    site.screenshot("search-facet")


def test_a_result_opens_its_certificate(site: Site, seeds: list[str]) -> None:
    site.goto("/certificates/?q=meshcrafts")
    site.page.locator("ol.results > li a.certificate-link").first.click()
    expect(site.page).to_have_url(re.compile(rf"/certificates/{re.escape(MESHCRAFTS)}/$"))
    expect(site.page.locator("h1")).to_contain_text(MESHCRAFTS)
    expect(site.page.locator("main")).to_contain_text("Meshcrafts AS")
    expect(site.page.locator("main")).to_contain_text("Remote Trigger")
    expect(site.page.locator(".badge.passed").first).to_be_visible()
    assert site.page.locator(".badge.passed").count() >= 6  # the seed passed all its six profiles
    expect(site.page.locator("table#performance")).to_contain_text("OCPP response timeout")
    site.screenshot("detail")


def test_two_ticked_certificates_are_compared(site: Site, seeds: list[str]) -> None:
    site.goto("/certificates/")
    # The checkboxes and the button belong to form#compare-form, inside it or through their form attribute.
    boxes = site.page.locator("ol.results input[type=checkbox][name=number]")
    expect(boxes).to_have_count(5)
    assert set(boxes.evaluate_all("boxes => boxes.map(box => box.form && box.form.id)")) == {"compare-form"}
    button = site.page.locator("button#compare-button")
    assert button.evaluate("button => button.form && button.form.id") == "compare-form"
    boxes.and_(site.page.locator(f'[value="{MESHCRAFTS}"]')).check()
    boxes.and_(site.page.locator(f'[value="{SEMACONNECT}"]')).check()
    button.click()
    expect(site.page).to_have_url(re.compile(r"/compare/\?"))
    numbers = query(site.page).get("number", [])
    assert sorted(numbers) == [MESHCRAFTS, SEMACONNECT], f"'Compare selected' went to {site.path()}"

    table = site.page.locator("table.compare")
    expect(table).to_be_visible()
    expect(table).to_contain_text(MESHCRAFTS)
    expect(table).to_contain_text(SEMACONNECT)
    cells_per_row = table.locator("tr:has(td)").evaluate_all("rows => rows.map(r => r.querySelectorAll('td').length)")
    assert cells_per_row, "the comparison has no rows"
    assert set(cells_per_row) == {2}, f"one column per certificate expected, got rows of {cells_per_row} cells"
    expect(table.locator("tr.differs", has_text="Meshcrafts AS")).to_have_count(1)  # the holders differ
    assert table.locator("tr:has(td):not(.differs)").count() >= 1  # both are OCPP 1.6 CSMS certificates
    site.screenshot("compare")


def test_the_statistics_page_draws_its_charts(site: Site, seeds: list[str]) -> None:
    site.goto("/statistics/")
    charts = site.page.locator("figure.chart svg")
    expect(charts.nth(2)).to_be_visible()
    sizes = charts.evaluate_all("svgs => svgs.map(svg => svg.getBoundingClientRect()).map(r => r.width * r.height)")
    assert len(sizes) >= 3, sizes
    assert all(size > 0 for size in sizes), f"a chart has no area: {sizes}"

    alternatives = site.page.locator("details.alt")
    assert alternatives.locator("table").count() >= 3
    first = alternatives.first
    if not first.evaluate("details => details.open"):
        first.locator("summary").click()
    expect(first.locator("table")).to_be_visible()
    expect(first.locator("table td").first).to_be_visible()
    site.screenshot("statistics")


def test_the_keyboard_reaches_the_search_box_and_enter_submits(site: Site, seeds: list[str]) -> None:
    site.goto("/")
    for _ in range(20):
        site.page.keyboard.press("Tab")
        if site.page.evaluate("document.activeElement.matches('form[role=search] input[name=q]')"):
            break
    else:
        pytest.fail("20 presses of Tab never reached the search box")
    site.page.keyboard.type("korea smart grid")
    site.page.keyboard.press("Enter")
    expect(site.page).to_have_url(re.compile(r"/certificates/\?(.*&)?q=korea"))
    expect(site.page.locator("ol.results > li")).to_have_count(2)
    assert sorted(result_numbers(site.page)) == KOREA


def test_every_page_is_served_by_the_site_alone(site: Site, seeds: list[str]) -> None:
    """Styles, scripts, fonts and images come from the live server: nothing from a CDN or another host."""
    pages = [
        "/",
        "/certificates/",
        "/certificates/?q=meshcrafts",
        f"/certificates/{MESHCRAFTS}/",
        f"/compare/?number={MESHCRAFTS}&number={SEMACONNECT}",
        "/statistics/",
    ]
    for path in pages:
        site.goto(path)
        site.page.wait_for_load_state("networkidle")
    assert site.foreign_requests() == []
    assert site.page_errors == [], "a script failed"
    assert any("/static/" in url for url in site.requests), "no stylesheet or script was loaded"
