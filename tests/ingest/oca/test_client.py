"""The HTTP client to OCA, against a real server on 127.0.0.1: retries, timeouts, answers checked before use."""

from __future__ import annotations

import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from ingest.oca.client import Client, ClientConfig, FetchError, check_pdf
from tests.ingest.oca.conftest import sample_pdf

PDF = sample_pdf("OCA.0016.0009.CSMS")


def client(server: HTTPServer, **config: object) -> Client:
    options: dict = {"user_agent": "Registry-Test/1 (+https://registry.example/contact)", "requests_per_second": 0,
                     "retries": 2, "backoff": 0.01, "connect_timeout": 1.0, "read_timeout": 0.5,
                     "document_hosts": ("127.0.0.1",), "max_bytes": 1_000_000}  # fmt: skip
    return Client(ClientConfig(**{**options, **config}))


def test_it_names_the_registry_and_its_contact_and_posts_the_query_as_json(oca_server: HTTPServer) -> None:
    oca_server.expect_request("/api", method="POST", json={"paged": 1}).respond_with_json({"pages": 1, "items": []})
    assert client(oca_server).post_json(oca_server.url_for("/api"), {"paged": 1}) == {"pages": 1, "items": []}
    (request, _), *_ = oca_server.log
    assert request.headers["User-Agent"] == "Registry-Test/1 (+https://registry.example/contact)"


def test_it_retries_a_page_answering_500_then_200(oca_server: HTTPServer) -> None:
    oca_server.expect_ordered_request("/api", method="POST").respond_with_data("busy", status=500)
    oca_server.expect_ordered_request("/api", method="POST").respond_with_data("down", status=503)
    oca_server.expect_ordered_request("/api", method="POST").respond_with_json({"pages": 0, "items": []})
    assert client(oca_server).post_json(oca_server.url_for("/api"), {}) == {"pages": 0, "items": []}
    assert len(oca_server.log) == 3


def test_it_gives_up_after_its_retries_with_the_last_status(oca_server: HTTPServer) -> None:
    oca_server.expect_request("/api", method="POST").respond_with_data("broken", status=500)
    with pytest.raises(FetchError, match="HTTP 500"):
        client(oca_server, retries=2).post_json(oca_server.url_for("/api"), {})
    assert len(oca_server.log) == 3  # the first try and two retries


def test_it_backs_off_exponentially_between_retries(oca_server: HTTPServer) -> None:
    oca_server.expect_request("/api", method="POST").respond_with_data("broken", status=502)
    started = time.monotonic()
    with pytest.raises(FetchError):
        client(oca_server, retries=3, backoff=0.1).post_json(oca_server.url_for("/api"), {})
    assert time.monotonic() - started >= 0.2 + 0.4 - 0.05  # urllib3 sleeps 0, 0.2, 0.4 s (backoff × 2^n)


def test_it_retries_a_page_that_times_out(oca_server: HTTPServer) -> None:
    answers = iter([1.5, 0.0])

    def slow_once(request: Request) -> Response:
        time.sleep(next(answers))
        return Response('{"pages": 1, "items": []}', content_type="application/json")

    oca_server.expect_request("/api", method="POST").respond_with_handler(slow_once)
    assert client(oca_server).post_json(oca_server.url_for("/api"), {}) == {"pages": 1, "items": []}


def test_a_server_that_never_answers_in_time_is_an_error(oca_server: HTTPServer) -> None:
    oca_server.expect_request("/api", method="POST").respond_with_handler(lambda r: time.sleep(0.8) or Response())
    with pytest.raises(FetchError, match=r"no answer in time from 127.0.0.1:\d+ \(Read timed out. \(read timeout=0.2"):
        client(oca_server, retries=1, read_timeout=0.2).post_json(oca_server.url_for("/api"), {})


def test_a_host_that_refuses_connections_is_an_error() -> None:
    refused = Client(ClientConfig(user_agent="t", requests_per_second=0, retries=1, backoff=0.01))
    with pytest.raises(FetchError, match="cannot reach 127.0.0.1:9: Failed to establish a new connection"):
        refused.post_json("http://127.0.0.1:9/api", {})


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ("<html><body>Maintenance</body></html>", "text/html", "the answer is text/html, not JSON"),
        ("{not json", "application/json", "the answer is not valid JSON"),
        ('{"pages": 1}', "", "of no type, not JSON"),
    ],
)
def test_an_answer_that_is_not_json_is_an_error(
    oca_server: HTTPServer, body: str, content_type: str, message: str
) -> None:
    response = Response(body, content_type=content_type or None)
    if not content_type:
        del response.headers["Content-Type"]
    oca_server.expect_request("/api", method="POST").respond_with_response(response)
    with pytest.raises(FetchError, match=message):
        client(oca_server).post_json(oca_server.url_for("/api"), {})


def test_it_waits_its_turn_at_the_rate_it_is_given(oca_server: HTTPServer) -> None:
    oca_server.expect_request("/api", method="POST").respond_with_json({})
    polite = client(oca_server, requests_per_second=10)
    started = time.monotonic()
    for _ in range(4):
        polite.post_json(oca_server.url_for("/api"), {})
    assert time.monotonic() - started >= 0.3 - 0.02  # 4 requests at 10/s: the last starts 0.3 s after the first


def test_a_pdf_is_downloaded_with_its_validators_and_a_304_says_unchanged(oca_server: HTTPServer) -> None:
    headers = {"ETag": '"v1"', "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT"}
    oca_server.expect_request("/c.pdf", headers={"If-None-Match": '"v1"'}).respond_with_data(status=304)
    oca_server.expect_request("/c.pdf").respond_with_data(PDF, content_type="application/pdf", headers=headers)
    pdf = client(oca_server)
    first = pdf.get_document(oca_server.url_for("/c.pdf"))
    assert (first.data, first.etag, first.last_modified) == (PDF, '"v1"', "Tue, 01 Dec 2026 10:00:00 GMT")
    assert pdf.get_document(oca_server.url_for("/c.pdf"), etag='"v1"').unchanged
    assert oca_server.log[1][0].headers["If-None-Match"] == '"v1"'


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (404, b"<html>Not found</html>", "HTTP 404 NOT FOUND"),
        (200, b"<!DOCTYPE html><html><body>Sorry, this page moved</body></html>", "an HTML page, not a PDF"),
        (200, b"PK\x03\x04 a zip", "no PDF, not a PDF"),
        (200, PDF[: len(PDF) // 2], "the PDF is truncated"),
    ],
)
def test_an_answer_that_is_not_a_whole_pdf_is_an_error(
    oca_server: HTTPServer, status: int, body: bytes, message: str
) -> None:
    oca_server.expect_request("/c.pdf").respond_with_data(body, status=status)
    with pytest.raises(FetchError, match=message):
        client(oca_server).get_document(oca_server.url_for("/c.pdf"))


def test_a_download_cut_short_is_an_error(oca_server: HTTPServer) -> None:
    cut = Response(PDF[:1000], content_type="application/pdf")
    cut.headers["Content-Length"] = str(len(PDF))
    oca_server.expect_request("/c.pdf").respond_with_response(cut)
    more = len(PDF) - 1000
    with pytest.raises(
        FetchError, match=rf"cut short \(Connection broken: IncompleteRead\(1000 bytes read, {more} more"
    ):
        client(oca_server, retries=0).get_document(oca_server.url_for("/c.pdf"))


def test_a_body_over_the_cap_is_refused_whether_or_not_its_length_is_given(oca_server: HTTPServer) -> None:
    big = PDF + b"\n%" + b"x" * 2_000_000 + b"\n%%EOF\n"
    oca_server.expect_request("/declared.pdf").respond_with_data(big, content_type="application/pdf")
    streamed = Response(iter([big[i : i + 65536] for i in range(0, len(big), 65536)]), content_type="application/pdf")
    oca_server.expect_request("/streamed.pdf").respond_with_response(streamed)
    pdf = client(oca_server, max_bytes=1_000_000)
    with pytest.raises(FetchError, match=f"the answer is {len(big):,} bytes; documents are limited to 1,000,000"):
        pdf.get_document(oca_server.url_for("/declared.pdf"))
    with pytest.raises(FetchError, match="larger than 1,000,000 bytes"):
        pdf.get_document(oca_server.url_for("/streamed.pdf"))


def test_redirects_are_followed_only_to_allowed_hosts(oca_server: HTTPServer) -> None:
    oca_server.expect_request("/old.pdf").respond_with_data(status=302, headers={"Location": "/new.pdf"})
    oca_server.expect_request("/new.pdf").respond_with_data(PDF, content_type="application/pdf")
    oca_server.expect_request("/away.pdf").respond_with_data(status=301, headers={"Location": "http://10.0.0.1/x"})
    pdf = client(oca_server)
    assert pdf.get_document(oca_server.url_for("/old.pdf")).data == PDF
    with pytest.raises(FetchError, match="10.0.0.1 is not a host documents are fetched from"):
        pdf.get_document(oca_server.url_for("/away.pdf"))
    with pytest.raises(FetchError, match="not a web link"):
        pdf.get_document("file:///etc/passwd")


def test_a_pdf_must_start_like_one_and_end_with_its_trailer() -> None:
    check_pdf(PDF)
    check_pdf(b"\n\n" + PDF)  # a few bytes before the header, as readers accept
    with pytest.raises(FetchError, match="truncated"):
        check_pdf(PDF[:-200])
