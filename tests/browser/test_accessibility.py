"""Every page of ours (tests/browser/pages.py) on a desktop (1280 px) and a phone (390 x 844): axe-core finds no
violation, nothing is wider than the screen, and on the phone every link, button and field can be tapped
(WCAG 2.5.8: at least 24 x 24 CSS px, or far enough from its neighbours, or a link inside a sentence).

axe-core comes from npm (``make npm``: node_modules/axe-core, pinned by package-lock.json). It is added to each
page as an init script, which the browser runs outside the page's Content-Security-Policy, so the policy stays
on for the page itself and any violation the page causes still fails the test (the ``site`` fixture).
"""

from __future__ import annotations

from pathlib import Path
from pprint import pformat
from typing import Any

import pytest
from playwright.sync_api import BrowserContext

from tests.browser.conftest import VIEWPORT, Site
from tests.browser.pages import SitePage, ours

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP: dict[str, Any] = {"viewport": VIEWPORT}
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
SMALLEST_TARGET = 24  # CSS px, WCAG 2.2 SC 2.5.8 (AA)

# Runs axe-core on the whole page; returns each violation with the selectors of the elements at fault.
RUN_AXE = """
async (notOurs) => {
  const rules = Object.fromEntries(notOurs.map(id => [id, {enabled: false}]));
  const results = await axe.run(document, {resultTypes: ["violations"], rules});
  return results.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}));
}
"""

# Targets smaller than 24 x 24 px that are neither inline in a sentence nor spaced: a 24 px circle centred on
# each undersized target must not reach another target (WCAG 2.5.8's spacing exception).
SMALL_TARGETS = """
(smallest) => {
  const seen = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
                       return r.width > 0 && r.height > 0 && s.visibility !== "hidden"; };
  const targets = [...document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")]
    .filter(seen);
  // A link inside a sentence: inline, beside words of its parent's own text (not a list of links and counts).
  const inSentence = el => el.tagName === "A" && getComputedStyle(el).display === "inline" &&
    [...el.parentElement.childNodes].some(node => node.nodeType === Node.TEXT_NODE && /[a-z]{2}/i.test(node.data));
  const rects = targets.map(el => el.getBoundingClientRect());
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const reaches = ([x, y], r) => {
    const dx = Math.max(r.left - x, 0, x - r.right), dy = Math.max(r.top - y, 0, y - r.bottom);
    return dx * dx + dy * dy < (smallest / 2) ** 2;
  };
  const label = el => el.outerHTML.slice(0, 120);
  return targets.flatMap((el, i) => {
    const r = rects[i];
    if ((r.width >= smallest && r.height >= smallest) || inSentence(el)) return [];
    const c = centre(r);
    const crowded = rects.some((other, j) => j !== i && !targets[j].contains(el) && !el.contains(targets[j]) &&
                                            reaches(c, other));
    return crowded ? [`${Math.round(r.width)}x${Math.round(r.height)} ${label(el)}`] : [];
  });
}
"""

# How far the page is wider than the window it is given (a phone zooms out to show a wide page, so the width
# the window had is passed in rather than read from the zoomed-out window).
OVERFLOW = "(width) => document.documentElement.scrollWidth - width"
# The innermost elements that stick out past the window's right edge, to say what widens a page.
STICKING_OUT = """
(width) => [...document.querySelectorAll("body *")]
  .filter(el => el.getBoundingClientRect().right > width + 1 && el.children.length === 0)
  .slice(0, 5).map(el => `${Math.round(el.getBoundingClientRect().right)}px ${el.outerHTML.slice(0, 100)}`)
"""


def visit(site: Site, page: SitePage) -> None:
    """Open ``page`` and fail unless it answers its status; wait until its requests are done."""
    response = site.page.goto(site.base_url + page.path)
    assert response is not None, page.path
    assert response.status == page.status, f"{page.path} answered {response.status}"
    site.page.wait_for_load_state("networkidle")


def axe_violations(site: Site, not_ours: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """What axe-core reports on the current page, but for the rules in ``not_ours``."""
    result: list[dict[str, Any]] = site.page.evaluate(RUN_AXE, list(not_ours))
    return result


def check_pages(site: Site, *, phone: bool) -> dict[str, Any]:
    """Walk every page of ours; return what is wrong on each (empty when all is well)."""
    assert AXE.exists(), "axe-core is missing: run make npm"
    site.page.context.add_init_script(path=str(AXE))
    problems: dict[str, Any] = {}
    width = (site.page.viewport_size or VIEWPORT)["width"]
    for page in ours():
        visit(site, page)
        found: dict[str, Any] = {}
        if violations := axe_violations(site, page.not_ours):
            found["axe"] = violations
        if (overflow := site.page.evaluate(OVERFLOW, width)) > 0:
            found[f"wider than the screen by {overflow} px"] = site.page.evaluate(STICKING_OUT, width)
        if phone and (small := site.page.evaluate(SMALL_TARGETS, SMALLEST_TARGET)):
            found["tap targets too small"] = small
        if found:
            problems[page.name] = found
        site.screenshot(f"{'phone' if phone else 'desktop'}-{page.name}")
    return problems


@pytest.mark.parametrize("context", [DESKTOP, PHONE], indirect=True, ids=["desktop", "phone"])
def test_every_page_is_accessible_and_fits_the_screen(context: BrowserContext, site: Site, seeds: list[str]) -> None:
    phone = site.page.viewport_size == PHONE["viewport"]
    problems = check_pages(site, phone=phone)
    assert not problems, pformat(problems, width=110)
    assert site.page_errors == []


def test_the_checks_see_a_violation_a_wide_page_and_a_small_target(site: Site, seeds: list[str]) -> None:
    """The checks above can fail: a long word that widens the page, an image link without text, a tiny link."""
    site.page.context.add_init_script(path=str(AXE))
    site.goto("/")
    site.page.evaluate(
        """() => { const main = document.querySelector("main");
                   main.appendChild(document.createElement("p")).textContent = "x".repeat(500);
                   for (const id of ["tiny", "its-neighbour"]) {
                     const link = main.appendChild(document.createElement("a")); link.href = "/"; link.id = id;
                     const image = link.appendChild(document.createElement("img")); image.width = image.height = 8;
                     image.src = "/static/certificates/favicon.svg";
                   } }"""
    )
    assert {v["id"] for v in axe_violations(site)} >= {"image-alt", "link-name"}
    assert site.page.evaluate(OVERFLOW, VIEWPORT["width"]) > 0
    assert any('id="tiny"' in target for target in site.page.evaluate(SMALL_TARGETS, SMALLEST_TARGET))


# The smallest text of the page's charts as drawn on the screen, in CSS px (font size times the SVG's scale).
SMALLEST_CHART_TEXT = """
() => Math.min(...[...document.querySelectorAll("figure.chart svg text")].map(
  t => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a))
"""


@pytest.mark.parametrize("context", [PHONE], indirect=True, ids=["phone"])
def test_the_statistics_charts_are_readable_on_a_phone(context: BrowserContext, site: Site, seeds: list[str]) -> None:
    site.goto("/statistics/")
    assert site.page.locator("figure.chart svg text").count() > 10
    assert site.page.evaluate(SMALLEST_CHART_TEXT) >= 11
    assert site.page.evaluate(OVERFLOW, PHONE["viewport"]["width"]) <= 0


# Where the first result starts, where the facets start, and whether they are folded in a closed <details>.
RESULTS_AND_FACETS = """
() => { const facets = document.querySelector("nav.facets, [aria-label=Facets]");
        const folded = facets.closest("details");
        return {result: document.querySelector("ol.results > li").getBoundingClientRect().top,
                facets: facets.getBoundingClientRect().top, folded: folded !== null && !folded.open}; }
"""


@pytest.mark.parametrize("context", [PHONE], indirect=True, ids=["phone"])
def test_on_a_phone_the_results_come_before_the_facets(context: BrowserContext, site: Site, seeds: list[str]) -> None:
    site.goto("/certificates/")
    where = site.page.evaluate(RESULTS_AND_FACETS)
    assert where["folded"] or where["result"] < where["facets"], where
    assert where["result"] < PHONE["viewport"]["height"], "the first result is below the first screen"


# Which of the page's parts are shown: the site's navigation, facets, forms, tables, and the first link's text
# after it (the address a printed page gives).
PRINTED = """
() => { const shown = sel => [...document.querySelectorAll(sel)].some(el => el.getClientRects().length > 0);
        const link = document.querySelector("main .fields a[href^='/']");
        return {nav: shown("header.site nav"), facets: shown(".facets"), forms: shown("form"), table: shown("table"),
                after: link ? getComputedStyle(link, "::after").content : null}; }
"""


def test_pages_print_without_navigation_facets_and_forms(site: Site, seeds: list[str]) -> None:
    site.goto("/certificates/")
    assert site.page.evaluate(PRINTED)["facets"] and site.page.evaluate(PRINTED)["forms"]  # on the screen
    site.page.emulate_media(media="print")
    printed = site.page.evaluate(PRINTED)
    assert not printed["nav"] and not printed["facets"] and not printed["forms"], printed
    site.page.goto(f"{site.base_url}/certificates/OCA.0016.0009.CSMS/")
    printed = site.page.evaluate(PRINTED)
    assert printed["table"] and not printed["nav"], printed
    assert printed["after"] and "/labs/" in printed["after"], printed  # the lab's link, with its address
