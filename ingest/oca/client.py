"""HTTP to OCA: the listing's JSON pages and the certificate PDFs, politely and safely.

No Django: the caller gives a ``ClientConfig``. Every request names the registry and its contact URL in its
User-Agent, waits its turn (at most ``requests_per_second``), has a connect and a read timeout, and is tried
again with exponential backoff (``retries`` times) on a 5xx answer, a 429, a timeout or a lost connection.
An answer is checked before use: JSON where JSON is expected (an HTML page is an error), and a PDF where a PDF
is expected (read as a stream, capped in size and time, ``%PDF-`` first and ``%%EOF`` last, so an error page
answered with 200 or a cut download is an error, never a document). Any failure raises ``FetchError``.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import NewConnectionError
from urllib3.exceptions import TimeoutError as TimeoutError_
from urllib3.util.retry import Retry

from ingest.pdf import is_pdf

# Answers worth another try: the server is busy or broken for a while.
RETRY_STATUSES = (429, 500, 502, 503, 504)
REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 3
# A listing page is a few tens of kilobytes; more is no page of it.
MAX_PAGE_BYTES = 5 * 1024 * 1024
CHUNK = 64 * 1024


class FetchError(Exception):
    """A request to OCA failed, or its answer is not what was asked for; the message says which and why."""


@dataclass(frozen=True)
class ClientConfig:
    """How the client behaves: who it says it is, how fast, how long it waits, how often it tries again, the
    largest document it reads and the hosts it may fetch documents from."""

    user_agent: str
    requests_per_second: float = 2.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    download_seconds: float = 120.0
    retries: int = 4
    backoff: float = 2.0
    max_bytes: int = 20 * 1024 * 1024
    document_hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Download:
    """A document's answer: its bytes (None when the server said it is unchanged: 304) and its validators."""

    data: bytes | None
    etag: str = ""
    last_modified: str = ""

    @property
    def unchanged(self) -> bool:
        return self.data is None


class Client:
    """One session to OCA, shared by the listing and the documents (connections are kept alive)."""

    def __init__(self, config: ClientConfig) -> None:
        self.config = config
        self.session = requests.Session()
        self.session.headers["User-Agent"] = config.user_agent
        retry = Retry(
            total=config.retries,
            connect=config.retries,
            read=config.retries,
            status=config.retries,
            other=0,
            redirect=0,
            backoff_factor=config.backoff,
            backoff_max=max(config.backoff * 2**config.retries, 0.0),
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET", "POST"}),  # the listing's POST only reads
            raise_on_status=False,
            raise_on_redirect=False,
            respect_retry_after_header=False,  # a server's hour-long Retry-After must not stall the sync
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self._lock = threading.Lock()
        self._next_request = 0.0

    def close(self) -> None:
        self.session.close()

    def _wait_turn(self) -> None:
        """Sleep until this request may start: at most ``requests_per_second`` requests start each second."""
        if self.config.requests_per_second <= 0:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_request)
            self._next_request = start + 1 / self.config.requests_per_second
        time.sleep(max(0.0, start - now))

    def _request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send one request (retried as configured); raise ``FetchError`` when no answer came."""
        self._wait_turn()
        timeout = (self.config.connect_timeout, self.config.read_timeout)
        try:
            return self.session.request(method, url, timeout=timeout, allow_redirects=False, **kwargs)
        except requests.RequestException as exc:
            inner = _innermost(exc)  # urllib3 makes a refused connection a kind of timeout: it is not one here
            if isinstance(inner, TimeoutError_) and not isinstance(inner, NewConnectionError):
                raise FetchError(f"no answer in time from {_host(url)} ({_reason(exc)})") from exc
            raise FetchError(f"cannot reach {_host(url)}: {_reason(exc)}") from exc

    def post_json(self, url: str, body: dict[str, Any]) -> Any:
        """POST ``body`` as JSON to ``url``; return the decoded JSON answer. Raises ``FetchError`` for an answer
        other than 200, one that is not JSON (an HTML page), or one larger than a listing page."""
        response = self._request("POST", url, json=body, headers={"Accept": "application/json"}, stream=True)
        with response:
            if response.status_code != 200:
                raise FetchError(f"HTTP {response.status_code} {response.reason or ''}".strip())
            media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if media_type != "application/json" and not media_type.endswith("+json"):
                raise FetchError(f"the answer is {media_type or 'of no type'}, not JSON")
            data = _read_capped(response, MAX_PAGE_BYTES, self.config.download_seconds)
        try:
            return json.loads(data)
        except ValueError as exc:
            raise FetchError(f"the answer is not valid JSON ({exc})") from exc

    def get_document(self, url: str, *, etag: str = "", last_modified: str = "") -> Download:
        """GET the PDF at ``url``, conditionally when a validator is given; return it, or that it is unchanged.

        Redirects are followed (up to 3) only to the allowed hosts. Raises ``FetchError`` for a URL outside
        them, an answer other than 200 or 304, a body larger than ``max_bytes``, slower than
        ``download_seconds`` or cut short, and bytes that are not a whole PDF (an HTML page, a truncated file).
        """
        headers = {"Accept": "application/pdf"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _ in range(MAX_REDIRECTS + 1):
            self.check_host(url)
            response = self._request("GET", url, headers=headers, stream=True)
            if response.status_code not in REDIRECTS or "Location" not in response.headers:
                break
            response.close()
            url = urljoin(url, response.headers["Location"])
        else:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects")
        with response:
            return self._document(response)

    def _document(self, response: requests.Response) -> Download:
        """Read a document's answer (see ``get_document``)."""
        validators = {
            "etag": response.headers.get("ETag", "")[:255],
            "last_modified": response.headers.get("Last-Modified", "")[:64],
        }
        if response.status_code == 304:
            return Download(None, **validators)
        if response.status_code != 200:
            raise FetchError(f"HTTP {response.status_code} {response.reason or ''}".strip())
        data = _read_capped(response, self.config.max_bytes, self.config.download_seconds)
        check_pdf(data)
        return Download(data, **validators)

    def check_host(self, url: str) -> None:
        """Raise ``FetchError`` unless ``url`` is an http(s) URL on one of the allowed document hosts."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not a web link: {url[:200]}")
        if parts.hostname.lower() not in {host.lower() for host in self.config.document_hosts}:
            raise FetchError(f"{parts.hostname} is not a host documents are fetched from (OCA_DOCUMENT_HOSTS)")


def _read_capped(response: requests.Response, limit: int, seconds: float) -> bytes:
    """Return the body of ``response`` read as a stream; raise ``FetchError`` past ``limit`` bytes or
    ``seconds``, or when the connection closes before the promised length."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"the answer is {int(declared):,} bytes; documents are limited to {limit:,} bytes")
    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(CHUNK):
            size += len(chunk)
            if size > limit:
                raise FetchError(f"the answer is larger than {limit:,} bytes, the limit of documents")
            if time.monotonic() > deadline:
                raise FetchError(f"the download took longer than {seconds:g} s")
            chunks.append(chunk)
    except requests.RequestException as exc:
        raise FetchError(f"the download was cut short ({_reason(exc)})") from exc
    return b"".join(chunks)


def check_pdf(data: bytes) -> None:
    """Raise ``FetchError`` unless ``data`` is a whole PDF: ``%PDF-`` in its first kilobyte, ``%%EOF`` in its last."""
    if not is_pdf(data):
        head = data[:512].lstrip().lower()
        what = "an HTML page" if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head else "no PDF"
        raise FetchError(f"the answer is {what}, not a PDF ({len(data):,} bytes)")
    if b"%%EOF" not in data[-1024:]:
        raise FetchError(f"the PDF is truncated: its {len(data):,} bytes do not end with %%EOF")


def _host(url: str) -> str:
    return urlsplit(url).netloc or url[:100]


def _innermost(exc: BaseException) -> BaseException:
    """The error a requests error wraps (through urllib3's retries and protocol errors)."""
    for _ in range(5):
        inner = getattr(exc, "reason", None)
        if not isinstance(inner, BaseException) and exc.args and isinstance(exc.args[0], BaseException):
            inner = exc.args[0]
        if not isinstance(inner, BaseException):
            break
        exc = inner
    return exc


def _reason(exc: BaseException) -> str:
    """The innermost reason of a requests error, in one line, without urllib3's connection pool prefix."""
    reason = _innermost(exc)
    text = reason.args[0] if reason.args and isinstance(reason.args[0], str) else str(reason)
    text = re.sub(r"^\w+\(host='[^']*', port=\d+\): ", "", " ".join(text.split()))
    return text[:300] or type(reason).__name__
