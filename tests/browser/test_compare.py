"""The compare page in a browser: on a 390 px phone the table scrolls sideways inside its own region, with a
visible hint and its first column in place, and nothing else is wider than the screen; the CSV downloads."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Site

pytestmark = pytest.mark.browser

NUMBERS = ["OCA.0016.0009.CSMS", "OCA.0016.0019.CSMS", "OCA.0016.0042.CSMS"]
COMPARE = "/compare/?" + "&".join(f"number={n}" for n in NUMBERS)


def test_on_a_phone_the_table_scrolls_sideways_in_its_region(site: Site, seeds: list[str]) -> None:
    site.page.set_viewport_size({"width": 390, "height": 844})
    site.goto(COMPARE)
    page_width = site.page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390, f"the page is {page_width} px wide"
    hint = site.page.locator("#compare-hint")
    assert hint.is_visible() and hint.inner_text() == "Scroll sideways to see all certificates"
    region = site.page.locator(".compare-scroll")
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    assert region.evaluate("r => r.scrollWidth > r.clientWidth"), "the table fits: nothing to scroll"
    label = site.page.locator('.compare th[scope="row"]', has_text="Holder")
    before = label.bounding_box()
    region.focus()
    site.page.keyboard.press("ArrowRight")
    region.evaluate("r => { r.scrollLeft = 300; }")
    after = label.bounding_box()
    assert region.evaluate("r => r.scrollLeft") > 0
    assert before and after and abs(before["x"] - after["x"]) < 1, "the first column moved with the scroll"
    site.screenshot("compare-phone")


def test_on_a_wide_screen_there_is_no_hint_and_the_csv_downloads(site: Site, seeds: list[str]) -> None:
    site.goto(COMPARE)
    assert not site.page.locator("#compare-hint").is_visible()
    marks = site.page.locator("tr.differs .differs-mark")
    assert marks.count() >= 1 and marks.first.inner_text() == "≠ differs"
    href = site.page.locator("#compare-csv").get_attribute("href")
    assert href
    response = site.page.request.get(site.base_url + href)
    assert response.status == 200 and response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.text().splitlines()[0] == "Section,Row," + ",".join(NUMBERS) + ",Differs"
