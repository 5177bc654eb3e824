"""PostgreSQL's statement_timeout for web requests (registry/middleware.py), on the real database.

A statement of a request running past ``WEB_STATEMENT_TIMEOUT_MS`` is cancelled: the request answers 503 with a
message (JSON under /api/, a page elsewhere) and PostgreSQL's backend is free at once. The timeout holds on a
connection open before the request and on one opened during it, through a streamed response's last chunk, and
nowhere else: it is reset after the request, and never set outside one (workers, commands, migrations).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from django.db import OperationalError, ProgrammingError, connection, transaction
from django.db.models import BooleanField, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.test import Client
from django.urls import path
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

import certificates.filters
from certificates.models import Certificate
from registry.middleware import is_cancelled

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")

TIMEOUT_MS = 300
SLEEP_SECONDS = 10


def _show() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return str(cursor.fetchone()[0])


def _show_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_show())


def _stream_view(request: HttpRequest) -> StreamingHttpResponse:
    return StreamingHttpResponse(f"{_show()}\n" for _ in range(3))


urlpatterns = [path("show/", _show_view), path("stream/", _stream_view)]


@pytest.fixture
def timeout(settings: Settings) -> None:
    settings.WEB_STATEMENT_TIMEOUT_MS = TIMEOUT_MS


@pytest.fixture
def own_urls(settings: Settings) -> None:
    settings.ROOT_URLCONF = __name__


def _slow_search(queryset: QuerySet[Certificate], text: str) -> QuerySet[Certificate]:
    """A search that sleeps in PostgreSQL (once, whatever the rows) before it finds anything."""
    slow = RawSQL(f"(SELECT pg_sleep({SLEEP_SECONDS})) IS NULL", [], output_field=BooleanField())
    return queryset.filter(slow).annotate(rank=Value(0.0, output_field=FloatField()))


def _sleeping_backends() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' "
            "AND query LIKE %s AND pid <> pg_backend_pid()",
            ["%pg_sleep%"],
        )
        return [pid for (pid,) in cursor.fetchall()]


@pytest.fixture
def slow_search(monkeypatch: pytest.MonkeyPatch, timeout: None) -> Iterator[None]:
    monkeypatch.setattr(certificates.filters, "search", _slow_search)
    yield
    with connection.cursor() as cursor:  # a failed test leaves no backend asleep
        cursor.execute("SELECT pg_cancel_backend(pid) FROM unnest(%s::int[]) AS pid", [_sleeping_backends()])


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/certificates/?q=slow", "text/html"),
        ("/feeds/search.atom?q=slow", "text/html"),
        ("/api/v1/certificates/?q=slow", "application/json"),
        ("/api/v1/certificates/facets/?q=slow", "application/json"),
        ("/api/v1/certificates/export.csv?q=slow", "application/json"),
        ("/api/v1/certificates/export.ndjson?q=slow", "application/json"),
    ],
)
def test_a_slow_statement_answers_503_and_frees_the_backend(
    live_server: LiveServer, slow_search: None, path: str, kind: str
) -> None:
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(live_server.url + path, timeout=SLEEP_SECONDS / 2)
    elapsed = time.monotonic() - started
    answer = caught.value
    assert answer.code == 503
    assert answer.headers["Content-Type"].startswith(kind)
    assert answer.headers["Retry-After"] == "10"
    body = answer.read().decode()
    if kind == "application/json":
        assert "took too long" in json.loads(body)["detail"]
    else:
        assert "This page took too long" in body and 'role="search"' in body
    assert elapsed < 3
    assert _sleeping_backends() == []


def test_the_timeout_holds_during_a_request_on_an_open_connection_and_is_reset_after(
    db: None, timeout: None, own_urls: None
) -> None:
    assert _show() == "0"  # the connection is open before the request
    assert Client().get("/show/").content == b"300ms"
    assert _show() == "0"


def test_a_connection_opened_during_a_request_gets_the_timeout(
    transactional_db: None, timeout: None, own_urls: None
) -> None:
    connection.close()
    assert Client().get("/show/").content == b"300ms"
    assert _show() == "0"


def test_a_streamed_response_keeps_the_timeout_until_it_is_closed(db: None, timeout: None, own_urls: None) -> None:
    response = Client().get("/stream/")
    assert b"".join(response.streaming_content) == b"300ms\n" * 3  # type: ignore[attr-defined]
    assert _show() == "0"


def test_a_connection_opened_outside_a_request_has_no_timeout(
    transactional_db: None, timeout: None, own_urls: None
) -> None:
    """What a Celery worker, a management command or a migration does: no request, the server's setting."""
    Client().get("/show/")
    connection.close()
    assert _show() == "0"


def test_the_timeout_is_off_at_zero(db: None, settings: Settings, own_urls: None) -> None:
    settings.WEB_STATEMENT_TIMEOUT_MS = 0
    assert Client().get("/show/").content == b"0"


def test_only_a_cancelled_statement_counts_as_one(db: None) -> None:
    with pytest.raises(OperationalError) as cancelled, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 50")
        cursor.execute("SELECT pg_sleep(1)")
    assert is_cancelled(cancelled.value)
    with pytest.raises(ProgrammingError) as other, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT no_such_column FROM certificates_certificate")
    assert not is_cancelled(other.value)
    assert not is_cancelled(ValueError("not a database error"))
