"""Every page of ours the browser tests walk, desktop and phone: one line each.

A path may name ``{holder}`` and ``{lab}`` (the ids of the first seed certificate's holder and lab), filled in
by ``ours`` once the seeds are in. The admin is Django's, not ours, and is left out. Add a page here and the
accessibility, width and tap-target tests check it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from certificates.listing import listing_import
from certificates.models import Certificate
from tests.helpers import listing_row

MESHCRAFTS = "OCA.0016.0009.CSMS"
SEMACONNECT = "OCA.0016.0019.CSMS"
LISTED_ONLY = "OCA.0016.0528.CSMS"  # in OCA's listing, its document not parsed


@dataclass(frozen=True)
class SitePage:
    """A page of the site: a name for messages and screenshots, its path, the status it answers with, and the
    axe-core rules that judge markup not ours (a third party's widget drawn into the page), if any."""

    name: str
    path: str
    status: int = 200
    not_ours: tuple[str, ...] = ()


# Swagger UI draws the API docs itself: its operation summaries are buttons inside buttons, its headings skip a
# level, and it puts its own <main> around the operations, leaving its title block outside any landmark. The
# page around it (language, title) and its colours (swagger.css) are ours and are checked.
SWAGGER_UI = ("nested-interactive", "heading-order", "region")


PAGES = [
    SitePage("home", "/"),
    SitePage("list", "/certificates/"),
    SitePage("search", "/certificates/?q=meshcrafts&ocpp_version=1.6&profile=Core&ordering=-date"),
    SitePage("no-hits", "/certificates/?q=nothing-of-the-kind"),
    SitePage("certificate", f"/certificates/{MESHCRAFTS}/"),
    SitePage("listed-only", f"/certificates/{LISTED_ONLY}/"),
    SitePage("holder", "/holders/{holder}/"),
    SitePage("lab", "/labs/{lab}/"),
    SitePage("compare", f"/compare/?number={MESHCRAFTS}&number={SEMACONNECT}"),
    SitePage("statistics", "/statistics/"),
    SitePage("holders", "/holders/"),
    SitePage("labs", "/labs/"),
    SitePage("check", "/check/"),
    SitePage("check-number", f"/check/{MESHCRAFTS}/"),
    SitePage("check-listed-only", f"/check/{LISTED_ONLY}/"),
    SitePage("api-docs", "/api/docs/", not_ours=SWAGGER_UI),
    SitePage("unknown-number", "/certificates/OCA.0016.9999.CSMS/", 404),
    SitePage("not-found", "/no-such-page/", 404),
    SitePage("bad-request", "/certificates/?page_size=0", 400),
]


def ours(pages: list[SitePage] = PAGES) -> list[SitePage]:
    """``pages`` with their ids filled in; adds the listed-only certificate to OCA's listing (writes the DB).

    Call it after the seeds are ingested.
    """
    listing_import(rows=[listing_row(certificate_no=LISTED_ONLY)], source_name="listing.csv", sha256="0" * 64)
    first = Certificate.objects.get(number=MESHCRAFTS, is_current=True)
    ids = {"holder": first.holder_id, "lab": first.lab_id}
    return [replace(page, path=page.path.format(**ids)) for page in pages]
