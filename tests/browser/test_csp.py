"""Every page works under the Content-Security-Policy, in a real browser: the site, the API's Swagger UI, the
admin, and a source PDF in the browser's viewer. The ``site`` fixture records every violation the browser
reports (console "Refused to …" messages and ``securitypolicyviolation`` events) and fails the test that caused
one; each test here also checks that the page did its work (Swagger UI drew the operations and ran one, the
admin logged in and showed its forms), so a page that only looks quiet because nothing ran does not pass.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from certificates.listing import listing_import
from certificates.models import Certificate
from ingest.models import DocumentStatus
from ingest.services import document_create
from tests.browser.conftest import Site
from tests.helpers import FIXTURES, listing_row

pytestmark = pytest.mark.browser

MESHCRAFTS = "OCA.0016.0009.CSMS"
SEMACONNECT = "OCA.0016.0019.CSMS"
POLICY = re.compile(r"default-src 'self'")
VARIATIONS = FIXTURES / "variations"
PASSWORD = "a-long-password-for-the-browser-test"  # a test account on the live server


def policy_of(site: Site, path: str) -> str:
    """Open ``path`` and return its Content-Security-Policy header (failing unless it answers 200)."""
    response = site.page.goto(site.base_url + path)
    assert response is not None and response.status == 200, path
    return response.header_value("content-security-policy") or ""


def test_every_site_page_works_under_the_policy(site: Site, seeds: list[str]) -> None:
    holder = Certificate.objects.get(number=MESHCRAFTS).holder_id
    lab = Certificate.objects.get(number=MESHCRAFTS).lab_id
    pages = ["/", "/certificates/", "/certificates/?q=meshcrafts&profile=Core", f"/certificates/{MESHCRAFTS}/",
             f"/holders/{holder}/", f"/labs/{lab}/", f"/compare/?number={MESHCRAFTS}&number={SEMACONNECT}",
             "/statistics/"]  # fmt: skip
    for path in pages:
        assert POLICY.search(policy_of(site, path)), path
        site.page.wait_for_load_state("networkidle")
    expect(site.page.locator("figure.chart svg").first).to_be_visible()  # the statistics drew their charts
    response = site.page.goto(f"{site.base_url}/certificates/OCA.0016.9999.CSMS/")
    assert response is not None and response.status == 404
    assert site.page_errors == []
    assert site.csp_violations == []


def test_swagger_ui_draws_and_runs_the_operations_under_the_policy(site: Site, seeds: list[str]) -> None:
    assert POLICY.search(policy_of(site, "/api/docs/"))
    operations = site.page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() >= 8, "Swagger UI drew fewer operations than the API has"
    listing = site.page.locator(".opblock-get", has=site.page.locator("[data-path='/api/v1/certificates/']"))
    listing.locator(".opblock-summary").first.click()
    site.page.locator("button.try-out__btn").first.click()
    site.page.locator("button.execute").first.click()
    status = site.page.locator(".live-responses-table .response .response-col_status").first
    expect(status).to_have_text("200")
    expect(site.page.locator(".live-responses-table")).to_contain_text(MESHCRAFTS)
    assert site.page_errors == []
    assert site.csp_violations == []


def test_the_admin_works_under_the_policy(site: Site, seeds: list[str]) -> None:
    User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    assert POLICY.search(policy_of(site, "/admin/login/"))
    site.page.fill("input[name=username]", "admin")
    site.page.fill("input[name=password]", PASSWORD)
    site.page.click("input[type=submit]")
    expect(site.page.locator("#site-name")).to_be_visible()
    certificate = Certificate.objects.get(number=MESHCRAFTS)
    pages = ["/admin/", "/admin/certificates/certificate/", f"/admin/certificates/certificate/{certificate.pk}/change/",
             "/admin/ingest/sourcedocument/", f"/admin/ingest/sourcedocument/{certificate.document_id}/change/",
             "/admin/ingest/sourcedocument/upload/", "/admin/certificates/holder/suggestions/"]  # fmt: skip
    for path in pages:
        assert POLICY.search(policy_of(site, path)), path
        site.page.wait_for_load_state("networkidle")
    site.page.goto(f"{site.base_url}/admin/certificates/certificate/{certificate.pk}/change/")
    site.page.locator(".field-holder .select2-selection").click()  # the autocomplete widget opens and searches
    site.page.locator(".select2-search__field").fill("Meshcrafts")
    expect(site.page.locator(".select2-results__option").first).to_contain_text("Meshcrafts")
    site.page.goto(f"{site.base_url}/admin/ingest/sourcedocument/{certificate.document_id}/change/")
    review = site.page.locator(".document-review")
    assert review.evaluate("div => getComputedStyle(div).display") == "flex"  # its stylesheet applied
    assert site.page_errors == []
    assert site.csp_violations == []


def test_a_hostile_listing_runs_nothing(site: Site, seeds: list[str]) -> None:
    """A listing row with script in its link and its names: shown as text, linked nowhere, nothing runs."""
    script = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    row = listing_row(
        certificate_no="OCA.0016.7777.CSMS",
        company=f"Evil {script}",
        certificate_url="javascript:alert(3)",
        product_designation=script,
    )
    listing_import(rows=[row], source_name="listing.csv", sha256="0" * 64)
    dialogs: list[str] = []
    site.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    site.goto("/certificates/OCA.0016.7777.CSMS/")
    expect(site.page.locator("main")).to_contain_text("<script>alert(2)</script>")  # as text
    assert site.page.locator("main a[href^='javascript']").count() == 0
    site.goto("/certificates/?q=evil")
    site.page.wait_for_load_state("networkidle")
    assert dialogs == []
    assert site.csp_violations == []


def test_the_original_pdf_opens_under_the_policy(site: Site, transactional_db: None) -> None:
    """A certificate's source PDF is served with the policy too, and the browser's PDF viewer still shows it."""
    document, _ = document_create(data=(VARIATIONS / "b01.pdf").read_bytes(), filename="b01.pdf")
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED, document.error
    site.goto("/certificates/OCA.0016.0006.CSMS/")
    with site.page.expect_response(re.compile(r"/documents/")) as opened:
        site.page.locator("a", has_text="The original document").click()
    response = opened.value
    assert response.status == 200 and response.header_value("content-type") == "application/pdf"
    assert POLICY.search(response.header_value("content-security-policy") or "")
    site.page.wait_for_timeout(1000)  # the viewer loads its parts; a refused one is reported
    assert site.page_errors == []
    assert site.csp_violations == []
