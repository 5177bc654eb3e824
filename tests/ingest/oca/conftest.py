"""OCA impersonated by a real HTTP server on 127.0.0.1 (pytest-httpserver, threaded): its listing endpoint pages
the items of each product type, and its certificate PDFs carry an ETag; the sync's settings point at it."""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pytest_django import Settings
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.pdfgen import build_certificate_pdf

LISTING_PATH = "/wp-json/custom/v1/ajax-loader"
CSMS = "Charging Station Management System"
CS = "Charging Station"
SAMPLES = Path(__file__).resolve().parents[3] / "samples"
# The five seed certificates as PDFs, by number.
SAMPLE_PDFS = {
    "OCA.0016.0009.CSMS": SAMPLES / "000_d42e1137ead7e816.pdf",
    "OCA.0016.0019.CSMS": SAMPLES / "001_38b104c6f537bd29.pdf",
    "OCA.0016.0073.CSMS": SAMPLES / "002_0660209c32adafc6.pdf",
    "OCA.0016.0232.CSMS": SAMPLES / "003_5fa35c9b1f76e96e.pdf",
    "OCA.0016.0042.CSMS": SAMPLES / "004_46e2c1a1b98fd4ac.pdf",
}
# The query the issue gives, but for the page and the product type.
QUERY = {"id": "299052", "lang": "en", "posts_per_page": 50, "group": "main", "status": "active",
         "post_type": "certificate"}  # fmt: skip


def sample_pdf(number: str) -> bytes:
    return SAMPLE_PDFS[number].read_bytes()


@cache
def seed_pdf(name: str, *replacements: tuple[str, str]) -> bytes:
    """A PDF built from the text of sample ``name`` (samples/) with each (old, new) of ``replacements`` done."""
    text = (SAMPLES / name).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    return build_certificate_pdf(text)


def item(number: str, *, pdf: str = "", product_type: str = CSMS, **fields: Any) -> dict[str, Any]:
    """One item as OCA's endpoint gives it."""
    values = {
        "certificate": {"text": number, "file": {"url": pdf} if pdf else False},
        "company": {"text": "AHA Co., Ltd"},
        "company_link": "https://example.org/aha",
        "country": "Republic of Korea",
        "product_designation": "AHAEVC CSMS",
        "certificate_type": "Full",
        "version": "v1.0.0",
        "protocol_version": "OCPP 1.6",
        "date_of_registration": "July 18th 2023",
        "product_type": product_type,
    }
    values.update(fields)
    return values


class FakeOca:
    """The listing endpoint (POST, paged by the query's ``paged`` and ``posts_per_page``, filtered by product
    type) and the PDFs under ``/pdf/`` (an ETag each; 304 to a matching If-None-Match; 404 when unknown)."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.items: dict[str, list[dict[str, Any]]] = {CSMS: [], CS: []}
        self.pdfs: dict[str, bytes] = {}
        self.queries: list[dict[str, Any]] = []
        # Faults to answer with, in turn, for a (product type, page): a status code, "html", or seconds to sleep.
        self.faults: dict[tuple[str, int], list[int | str | float]] = {}
        server.expect_request(LISTING_PATH, method="POST").respond_with_handler(self._listing)
        server.expect_request(re.compile(r"^/pdf/.*")).respond_with_handler(self._pdf)

    def url(self, path: str) -> str:
        return self.server.url_for(path)

    def add(
        self, number: str, pdf: bytes | None = None, *, link: bool = False, product_type: str = CSMS, **fields: Any
    ) -> dict:
        """List ``number``, linked to its PDF at /pdf/Certificate_<number>.pdf when ``pdf`` is given (served) or
        ``link`` (not served: 404); return the item."""
        path = f"/pdf/Certificate_{number}.pdf"
        if pdf is not None:
            self.pdfs[path] = pdf
        url = self.url(path) if pdf is not None or link else ""
        listed = item(number, pdf=url, product_type=product_type, **fields)
        self.items[product_type].append(listed)
        return listed

    def remove(self, number: str) -> None:
        for items in self.items.values():
            items[:] = [i for i in items if i["certificate"]["text"] != number]

    def pdf_requests(self) -> list[Request]:
        return [request for request, _ in self.server.log if request.path.startswith("/pdf/")]

    def pdf_downloads(self) -> int:
        """PDF requests answered with the bytes (200), not 304."""
        return sum(1 for r, response in self.server.log if r.path.startswith("/pdf/") and response.status_code == 200)

    def _listing(self, request: Request) -> Response:
        query = request.get_json()
        self.queries.append(query)
        assert {key: query[key] for key in QUERY} == QUERY
        (wanted,) = query["filters"]
        assert wanted["field"] == "product-type"
        faults = self.faults.get((wanted["value"], query["paged"]))
        if faults:
            fault = faults.pop(0)
            if fault == "html":
                return Response("<html><body>Under maintenance</body></html>", content_type="text/html")
            if isinstance(fault, float):
                time.sleep(fault)
            else:
                return Response("error", status=fault)
        items = self.items[wanted["value"]]
        size = query["posts_per_page"]
        page = items[(query["paged"] - 1) * size : query["paged"] * size]
        body = json.dumps({"pages": math.ceil(len(items) / size), "items": page})
        return Response(body, content_type="application/json")

    def _pdf(self, request: Request) -> Response:
        data = self.pdfs.get(request.path)
        if data is None:
            return Response("<html><body>Not found</body></html>", status=404, content_type="text/html")
        etag = self._etag(data)
        if etag and request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(data, content_type="application/pdf", headers={"ETag": etag} if etag else {})

    def _etag(self, data: bytes) -> str:
        return f'"{hashlib.sha256(data).hexdigest()[:16]}"'


@pytest.fixture(scope="session")
def _oca_server_session() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def oca_server(_oca_server_session: HTTPServer) -> Iterator[HTTPServer]:
    """A threaded HTTP server on 127.0.0.1 (a request that sleeps does not hold the next one up), with no
    handlers and an empty log."""
    _oca_server_session.clear()
    yield _oca_server_session
    _oca_server_session.clear()


@pytest.fixture
def oca(oca_server: HTTPServer, settings: Settings) -> FakeOca:
    """OCA on the local server, and the sync pointed at it: quick timeouts, tiny backoff, no rate limit."""
    settings.OCA_LISTING_URL = oca_server.url_for(LISTING_PATH)
    settings.OCA_CONTACT_URL = "https://registry.example/contact"
    settings.OCA_DOCUMENT_HOSTS = ["127.0.0.1"]
    settings.OCA_REQUESTS_PER_SECOND = 0
    settings.OCA_RETRIES = 2
    settings.OCA_BACKOFF_SECONDS = 0.01
    settings.OCA_CONNECT_TIMEOUT = 1.0
    settings.OCA_READ_TIMEOUT = 0.5
    return FakeOca(oca_server)
