"""Fixtures for the real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

No browser is downloaded: Playwright launches ``/usr/bin/chromium`` (``.ci/run`` installs Debian's package), and
every test here is skipped with a reason when it is absent. One browser serves all the tests of this package; each
test gets a fresh context (cookies, cache) and a page that records every request it makes and aborts any request
to another host, so a page that pulls something from a CDN fails its test instead of hanging on the closed network.

Playwright's sync API keeps an asyncio loop running in the main thread while it is started, and Django refuses ORM
calls from a thread with a running loop. The browser therefore lives only while this package's tests run (the loop is
closed before the rest of the suite), and for that time ``DJANGO_ALLOW_ASYNC_UNSAFE`` lets the test thread seed and
flush the database: the live server answers from its own thread, outside any event loop.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Route,
    ViewportSize,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from ingest.models import DocumentStatus, SourceDocument
from ingest.services import document_create
from tests.helpers import SEEDS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium phones home at start-up, and on a closed network its connections are refused.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
TIMEOUT_MS = 10_000  # a missing element fails in seconds, not after Playwright's default 30


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One headless Chromium for every browser test, closed when they are done.

    Playwright gives the browser a fresh, temporary user-data-dir of its own (``launch`` refuses one in
    ``args``; it is removed when the browser closes). Old screenshots are cleared so the folder shows this run.
    """
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium package (.ci/run does) to run the browser tests")
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Site:
    """A browser page on the live server, with what it requested and which scripts failed."""

    page: Page
    base_url: str
    requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    @property
    def host(self) -> str:
        """The live server's ``host:port``."""
        return urlsplit(self.base_url).netloc

    def goto(self, path: str) -> None:
        """Open ``path`` on the live server and fail unless it answers 200."""
        response = self.page.goto(self.base_url + path)
        assert response is not None, path
        assert response.status == 200, f"{path} answered {response.status}"

    def path(self) -> str:
        """The current page's path and query string."""
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def screenshot(self, name: str) -> Path:
        """Save a full-page PNG of the current page to ``test-artifacts/screenshots/<name>.png``."""
        target = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=True)
        return target

    def foreign_requests(self) -> list[str]:
        """Every URL requested so far that the live server does not serve."""
        return [url for url in self.requests if not self.is_local(url)]

    def is_local(self, url: str) -> bool:
        """Whether ``url`` is served by the live server (or is inline data, which needs no server)."""
        parts = urlsplit(url)
        return parts.scheme in {"data", "blob", "about"} or parts.netloc == self.host


@pytest.fixture
def context(browser: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    """A fresh browser context (no cookies, no cache) for one test: a desktop window, or the device options a
    test gives by indirect parametrization (``{"viewport": …, "is_mobile": True, …}``)."""
    device = getattr(request, "param", {"viewport": VIEWPORT})
    context = browser.new_context(**device, locale="en-GB", timezone_id="UTC")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


# Reports every Content-Security-Policy violation of every page and frame to the test (the event, with what was
# refused and where); Playwright injects it outside the page's policy.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(`${event.violatedDirective} refused ${event.blockedURI || "inline"} ` +
                            `in ${event.documentURI} (${event.sourceFile || ""}:${event.lineNumber})`);
}, true);
"""


@pytest.fixture
def site(context: BrowserContext, live_server: LiveServer) -> Iterator[Site]:
    """A page on the live server that records its requests and script errors and aborts requests elsewhere.

    Every Content-Security-Policy violation (the console's "Refused to …" and the page's
    ``securitypolicyviolation`` events) is recorded too, and fails the test that caused it.
    """
    site = Site(page=context.new_page(), base_url=live_server.url)

    def abort(route: Route) -> None:
        route.abort("blockedbyclient")

    def record(request: Request) -> None:
        site.requests.append(request.url)

    def console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or message.text.startswith("Refused to"):
            site.csp_violations.append(message.text)

    def violation(report: str) -> None:
        site.csp_violations.append(report)

    context.route(lambda url: not site.is_local(url), abort)
    site.page.expose_function("reportCspViolation", violation)
    site.page.add_init_script(REPORT_VIOLATIONS)
    site.page.on("request", record)
    site.page.on("console", console)
    site.page.on("pageerror", lambda error: site.page_errors.append(str(error)))
    yield site
    assert site.csp_violations == [], "the Content-Security-Policy refused part of a page"


@pytest.fixture
def seeds(transactional_db: None) -> list[str]:
    """The five seed certificates, ingested through the pipeline; return their numbers.

    The test database is in autocommit here, so each upload's parse runs as soon as it is stored (in-process:
    REDIS_URL is unset in tests) and the live server sees the published certificates at once.
    """
    for path in sorted(SEEDS.glob("*.txt")):
        document_create(data=path.read_bytes(), filename=path.name)
    documents = SourceDocument.objects.all()
    assert [d.status for d in documents] == [DocumentStatus.PUBLISHED] * len(SEEDS_NUMBERS), [
        (d.filename, d.status, d.error) for d in documents
    ]
    return SEEDS_NUMBERS


SEEDS_NUMBERS = [
    "OCA.0016.0009.CSMS",
    "OCA.0016.0019.CSMS",
    "OCA.0016.0042.CSMS",
    "OCA.0016.0073.CSMS",
    "OCA.0016.0232.CSMS",
]
