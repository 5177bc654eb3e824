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
