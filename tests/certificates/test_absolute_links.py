"""Absolute links come from the canonical site (``SITE_URL``), and the read cache keeps answers apart per host.

The audit's finding: the read cache keyed answers by path only, so the first host name asked ended up in
every cached absolute link. Two requests with different ``Host`` headers (both allowed) each get their own
links; with ``SITE_URL`` set, every absolute link the registry writes (API ``url``, ``document`` and pages'
links, feeds, the site's next links, an upload's ``Location``) starts with it, whatever the request's host.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_certificates
from tests.helpers import seed_text

pytestmark = pytest.mark.django_db

CANONICAL = "https://registry.example.org"
HOSTS = ["registry.example.org", "mirror.example.net"]
MESHCRAFTS = "OCA.0016.0009.CSMS"
# Absolute URLs in any answer; XML namespaces name no page.
ABSOLUTE = re.compile(r"https?://[^\s\"'<>\\]+")
NAMESPACES = ("http://www.w3.org/",)


@pytest.fixture(autouse=True)
def _hosts(settings: Settings) -> None:
    settings.ALLOWED_HOSTS = ["testserver", *HOSTS]


def links_in(body: bytes) -> list[str]:
    """Every absolute URL an answer holds (JSON, HTML or XML), namespaces left out."""
    text = body.decode().replace("\\/", "/")
    return [url for url in ABSOLUTE.findall(text) if not url.startswith(NAMESPACES)]


def answers(host: str) -> Iterator[tuple[str, bytes]]:
    """Each reading answer that may hold absolute links, asked on ``host``."""
    api, site = APIClient(), Client()
    paths = {
        "api list": (api, "/api/v1/certificates/?page_size=2"),
        "api search": (api, "/api/v1/certificates/?q=alpha&page_size=2"),
        "api detail": (api, f"/api/v1/certificates/{MESHCRAFTS}/"),
        "site list": (site, "/certificates/?page_size=2"),
        "site search": (site, "/certificates/?q=alpha&page_size=2"),
        "feed": (site, "/feeds/certificates.atom"),
        "search feed": (site, "/feeds/search.atom?q=alpha"),
    }
    for name, (client, path) in paths.items():
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 200, (name, response.content[:300])
        yield name, response.content


@pytest.mark.usefixtures("seeds", "read_cache")
def test_each_host_gets_its_own_links_from_the_read_cache() -> None:
    make_certificates(5)
    for _ in range(2):  # the second round comes from the read cache
        for host in HOSTS:
            for name, body in answers(host):
                links = links_in(body)
                assert links, name
                wrong = [url for url in links if not url.startswith(f"http://{host}/")]
                assert wrong == [], (host, name)


@pytest.mark.usefixtures("seeds", "read_cache")
def test_with_site_url_every_absolute_link_uses_it(settings: Settings) -> None:
    settings.SITE_URL = CANONICAL
    make_certificates(5)
    for host in HOSTS:
        for name, body in answers(host):
            links = links_in(body)
            assert links, name
            wrong = [url for url in links if not url.startswith(f"{CANONICAL}/")]
            assert wrong == [], (host, name)


@pytest.mark.usefixtures("seeds")
def test_the_api_document_link_uses_it(settings: Settings) -> None:
    settings.SITE_URL = CANONICAL
    record = APIClient().get(f"/api/v1/certificates/{MESHCRAFTS}/", HTTP_HOST=HOSTS[1]).json()
    assert record["url"] == f"{CANONICAL}/api/v1/certificates/{MESHCRAFTS}/"
    assert record["document"].startswith(f"{CANONICAL}/")


def test_an_upload_s_status_links_use_it(
    settings: Settings, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    settings.SITE_URL = CANONICAL
    user = User.objects.create_user("lab-admin")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_sourcedocument", "view_sourcedocument"]))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    upload = SimpleUploadedFile("seed.txt", seed_text("004_46e2c1a1b98fd4ac.txt").encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/documents/", {"file": upload}, format="multipart", HTTP_HOST=HOSTS[1])
    assert response.status_code == 202
    assert response["Location"].startswith(f"{CANONICAL}/api/v1/documents/")
    status = client.get(response["Location"].removeprefix(CANONICAL), HTTP_HOST=HOSTS[1])
    assert [url for url in links_in(status.content) if not url.startswith(f"{CANONICAL}/")] == []


def test_no_module_builds_absolute_links_from_the_request_but_siteurl() -> None:
    """Every absolute link goes through ``certificates.siteurl``: a module that asks the request for its host
    (``build_absolute_uri``, DRF's ``reverse(request=…)``, ``get_current_site``) would bring the Host back."""
    root = Path(__file__).resolve().parents[2]
    asking = re.compile(r"build_absolute_uri|rest_framework\.reverse|get_current_site")
    offenders = [
        str(path.relative_to(root))
        for package in ("registry", "certificates", "ingest")
        for path in (root / package).rglob("*.py")
        if path.name != "siteurl.py" and asking.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
