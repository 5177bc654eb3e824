"""Every HTML answer carries the Content-Security-Policy: the site's pages (fresh and from the read cache), its
error and throttle pages, the API docs and the admin. The policy allows the registry's own files and nothing
else: no inline script or style, no other origin, no plugins, no <base>, forms only here, no framing.

That the pages work under it is shown in a real browser (tests/browser/test_csp.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import Settings

from certificates.models import Certificate
from certificates.throttling import SITE_SCOPE, SiteThrottle

pytestmark = pytest.mark.django_db

EXPECTED = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
MESHCRAFTS = "OCA.0016.0009.CSMS"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Inline script, inline style, event-handler attributes and script URLs: what the policy refuses.
# A <script> is inline unless it loads a file, or is a JSON-LD data block (never run: no policy applies to it).
INLINE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"<script(?![^>]*\b(src=|type=\"application/ld\+json\"))",
        r"<style",
        r"\sstyle=",
        r"<[^>]*\son[a-z]+\s*=",
        r"javascript:",
    )
]


def directives(header: str) -> dict[str, list[str]]:
    """The policy's directives and their sources."""
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def html_paths() -> list[str]:
    certificate = Certificate.objects.get(number=MESHCRAFTS)
    return [
        "/",
        "/certificates/",
        "/certificates/?q=meshcrafts",
        "/certificates/?certified_after=not-a-date",  # 400, the list with its message
        f"/certificates/{MESHCRAFTS}/",
        "/certificates/OCA.0016.9999.CSMS/",  # 404 with close numbers
        "/nothing-here/",  # the site's 404
        f"/holders/{certificate.holder_id}/",
        f"/labs/{certificate.lab_id}/",
        f"/compare/?number={MESHCRAFTS}&number=OCA.0016.0019.CSMS",
        "/compare/?number=X",
        "/statistics/",
        "/admin/login/",
    ]


@pytest.mark.usefixtures("seeds")
def test_every_html_answer_carries_the_policy(client: Client) -> None:
    for path in html_paths():
        response = client.get(path)
        assert response["Content-Type"].startswith("text/html"), path
        assert directives(response["Content-Security-Policy"]) == EXPECTED, path


@pytest.mark.usefixtures("seeds", "read_cache")
def test_pages_from_the_read_cache_carry_it_too(client: Client) -> None:
    for path in ("/", "/certificates/", f"/certificates/{MESHCRAFTS}/", "/statistics/"):
        client.get(path)
        again = client.get(path)
        assert directives(again["Content-Security-Policy"]) == EXPECTED, path


@pytest.mark.usefixtures("seeds")
def test_the_admin_pages_carry_it(client: Client) -> None:
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    certificate = Certificate.objects.get(number=MESHCRAFTS)
    for path in ("/admin/", f"/admin/certificates/certificate/{certificate.pk}/change/",
                 f"/admin/ingest/sourcedocument/{certificate.document_id}/change/"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200, path
        assert directives(response["Content-Security-Policy"]) == EXPECTED, path
        assert 'style="' not in response.content.decode(), path


def test_the_throttle_and_lockout_pages_carry_it(client: Client, monkeypatch: pytest.MonkeyPatch,
                                                  settings: Settings) -> None:  # fmt: skip
    monkeypatch.setattr(SiteThrottle, "THROTTLE_RATES", {SITE_SCOPE: "1/minute"})
    client.get("/certificates/?q=a")
    refused = client.get("/certificates/?q=b")
    assert refused.status_code == 429
    assert directives(refused["Content-Security-Policy"]) == EXPECTED
    settings.AXES_FAILURE_LIMIT = 1
    client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
    locked = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
    assert locked.status_code == 429
    assert directives(locked["Content-Security-Policy"]) == EXPECTED


def test_only_the_api_docs_allow_data_images_for_swagger_uis_icons(client: Client) -> None:
    docs = directives(client.get("/api/docs/")["Content-Security-Policy"])
    assert docs == {**EXPECTED, "img-src": ["'self'", "data:"]}


def test_no_template_of_the_registry_has_inline_script_or_style() -> None:
    """The policy refuses them; a template that brings one back fails here before a browser sees it."""
    offenders = [
        f"{template.relative_to(TEMPLATES)}: {pattern.pattern}"
        for template in TEMPLATES.rglob("*.html")
        for pattern in INLINE
        if pattern.search(template.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_csrf_failure_page_is_ours_and_carries_it() -> None:
    """Django's own CSRF failure page styles itself inline; the registry's template replaces it."""
    refused = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "a", "password": "b"})
    assert refused.status_code == 403
    assert directives(refused["Content-Security-Policy"]) == EXPECTED
    page = refused.content.decode()
    assert "the form could not be verified" in page and "<style" not in page
