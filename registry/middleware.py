"""Limits every web request is held to: the shape of its query string, and how long one SQL statement may run.

``QueryLimitsMiddleware`` refuses, before any view or database is reached, a query string longer than
``certificates.params.MAX_QUERY_CHARS``, with more than ``MAX_PARAMETERS`` parameters, or with a control
character in any parameter: 400, JSON under ``/api/``, the site's page with the message elsewhere.

``StatementTimeoutMiddleware`` gives the PostgreSQL statements of a web request ``WEB_STATEMENT_TIMEOUT_MS``
(a second line behind the parameter limits): a statement cancelled by it answers 503 with a message, and
PostgreSQL frees the backend at once. The timeout is set on the connection open at the start of the request,
and on any connection opened during it (``connection_created``); it is reset when the response is done, after
a streamed one's last chunk, so Celery workers, management commands, migrations and tests sharing a
connection keep the server's setting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

import psycopg
from django.conf import settings
from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render

from certificates import params
from certificates.views.errors import bad_request, database_busy
from registry.views import is_api

# The timeout of the current request's statements, in milliseconds; None outside a request.
_TIMEOUT: ContextVar[int | None] = ContextVar("web_statement_timeout_ms", default=None)
# SQLSTATE query_canceled: a statement stopped by statement_timeout (or by pg_cancel_backend).
QUERY_CANCELED = "57014"


class QueryLimitsMiddleware:
    """400 for a query string too long, with too many parameters, or with control characters."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        errors = params.query_string_errors(request.META.get("QUERY_STRING", ""))
        errors = errors or params.character_errors(request.GET)
        if errors:
            return JsonResponse(errors, status=400) if is_api(request) else bad_request(request, errors)
        return self.get_response(request)


class FormBodyLimitMiddleware:
    """413 for a form posted by anyone but staff to a CSRF-protected page (the admin's login, say) whose body is
    declared larger than ``FORM_MAX_BODY_BYTES``, before Django's CSRF check reads it: that check parses the
    whole body to find the token and spools its files to disk, whatever their size. Views exempt from the CSRF
    check (the API, the check page) read bodies themselves, after their own limits; staff keep their uploads."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: object, kwargs: object
    ) -> HttpResponse | None:
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or getattr(view, "csrf_exempt", False):
            return None
        length = request.META.get("CONTENT_LENGTH") or ""
        declared = int(length) if length.isascii() and length.isdigit() else 0
        if declared <= settings.FORM_MAX_BODY_BYTES or request.user.is_staff:
            return None
        message = (
            f"a form of at most {settings.FORM_MAX_BODY_BYTES:,} bytes is taken here; this one declares {declared:,}"
        )
        return render(request, "certificates/bad_request.html", {"errors": {"body": [message]}}, status=413)


class StatementTimeoutMiddleware:
    """PostgreSQL's ``statement_timeout`` for the statements of a web request; 503 when it cancels one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        connection_created.connect(_on_connection_created, dispatch_uid="registry-web-statement-timeout")

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        milliseconds = int(settings.WEB_STATEMENT_TIMEOUT_MS)
        if not milliseconds:
            return self.get_response(request)
        _begin(milliseconds)
        try:
            response = self.get_response(request)
        except BaseException:
            _end()
            raise
        if isinstance(response, StreamingHttpResponse) and not isinstance(response, FileResponse):
            # An export's queries run after this returns, while the server sends it: reset once it is closed.
            # (A file sends no query, and wrapping it would lose the server's file wrapper.)
            response.streaming_content = _Timed(response.streaming_content)
        else:
            _end()
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """503 with a message when the database cancelled a statement of the view; other errors go on."""
        if not is_cancelled(exception):
            return None
        if is_api(request):
            message = "The database took too long to answer, and the request was stopped. Narrow it, or try again."
            response: HttpResponse = JsonResponse({"detail": message}, status=503)
            response["Retry-After"] = "10"
            return response
        return database_busy(request)


def is_cancelled(exception: BaseException) -> bool:
    """Whether ``exception`` (or the driver's error behind it) is a statement the database cancelled."""
    cause = exception.__cause__ if isinstance(exception, DatabaseError) else None
    return getattr(cause, "sqlstate", None) == QUERY_CANCELED


class _Timed:
    """A streamed response's chunks; closing it (the server does, once it has sent them) ends the timeout."""

    def __init__(self, chunks: Iterable[Any]) -> None:
        self.chunks: Iterator[Any] = iter(chunks)

    def __iter__(self) -> _Timed:
        return self

    def __next__(self) -> Any:
        return next(self.chunks)

    def close(self) -> None:
        try:
            close = getattr(self.chunks, "close", None)
            if close is not None:
                close()
        finally:
            _end()


def _begin(milliseconds: int) -> None:
    """Give the statements of this request ``milliseconds``: on the connections open now, and (through
    ``_on_connection_created``) on any opened before the request ends."""
    _TIMEOUT.set(milliseconds)
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _set(connection, str(milliseconds))


def _end() -> None:
    """Put the session's own ``statement_timeout`` back on every open connection this request set it on."""
    if _TIMEOUT.get() is None:
        return
    _TIMEOUT.set(None)
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and getattr(connection, "web_statement_timeout", False):
            _reset(connection)


def _on_connection_created(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    milliseconds = _TIMEOUT.get()
    if milliseconds:
        _set(connection, str(milliseconds))


def _set(connection: BaseDatabaseWrapper, milliseconds: str) -> None:
    """``SET statement_timeout`` on a PostgreSQL connection, through the driver (not counted as a query of
    the view, as Django's own session setup is not)."""
    if connection.vendor != "postgresql":
        return
    with connection.connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [milliseconds])
    connection.web_statement_timeout = True  # type: ignore[attr-defined]


def _reset(connection: BaseDatabaseWrapper) -> None:
    """``RESET statement_timeout``; a connection that cannot take it (its transaction failed) is closed,
    unless a test's transaction holds it (its rollback undoes the SET)."""
    connection.web_statement_timeout = False  # type: ignore[attr-defined]
    try:
        with connection.connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    except psycopg.Error:
        if not connection.in_atomic_block:
            connection.close()
