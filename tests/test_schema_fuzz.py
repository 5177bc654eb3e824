"""Fuzz every operation of the OpenAPI schema (/api/v1/schema/) with schemathesis, in-process on the WSGI app.

Each operation is one test, run anonymously and again as staff with a token (allowed to upload and read
documents). Besides the requests the schema describes, schemathesis sends ones that violate it (wrong types,
missing or extra parameters). A test fails on any 5xx, an undocumented status code or content type, a response
body or header that does not match the schema, or a schema-violating request accepted (see ``EXCLUDED`` for the
one default check left out).

Reproducible: examples are derandomized and nothing is read from or written to Hypothesis's example database.
``SCHEMA_FUZZ_EXAMPLES`` raises the number of generated requests per operation for a deeper local run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import TestCase, override_settings
from hypothesis import settings
from pytest_django import DjangoDbBlocker
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ingest.services import document_create
from registry.celery import app as celery_app
from registry.wsgi import application
from tests.helpers import SEEDS

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)

# Words of the API's own routes beside ``/certificates/{number}/``: "/certificates/facets/" is the facets route,
# not a certificate numbered "facets" (no certificate number is a word without digits). Hypothesis draws strings
# from the code's own constants, so the fuzzer does try these.
SIBLING_ROUTES = frozenset({"facets"})


@schema.hook
def filter_path_parameters(context: schemathesis.HookContext, path_parameters: dict[str, Any] | None) -> bool:
    """Leave out a certificate number that spells a sibling route (``SIBLING_ROUTES``)."""
    return str((path_parameters or {}).get("number", "")).strip("/") not in SIBLING_ROUTES


FUZZ = settings(
    max_examples=int(os.environ.get("SCHEMA_FUZZ_EXAMPLES", "50")),
    deadline=None,
    derandomize=True,
    database=None,
)

# Every default check runs but one: positive_data_acceptance ("a request the schema allows must not get a 4xx").
# The schema cannot say everything that makes a request valid: a holder or lab id must exist, a cursor is
# opaque (only one from a next/previous link is valid), relevance pages stop at the 1,000th hit, and an upload's
# bytes must be a PDF or text. Those answer 400 with a message, as documented; every other check (no 5xx,
# documented status codes and content types, bodies and headers matching the schema, schema-violating requests
# refused) runs on every operation.
EXCLUDED: list[schemathesis.CheckFunction] = [positive_data_acceptance]


def call_and_validate(case: schemathesis.Case[Any], headers: dict[str, str] | None = None) -> None:
    """Send the case and run the checks, in a savepoint rolled back after: a database error behind one 5xx must
    not abort the transaction for the examples after it, and every example (a shrinking replay too) starts
    from the same data. The throttle counters start empty too: the fuzzer is one client sending hundreds of
    requests, which would otherwise get 429s after the first minute's (or hour's, for the exports) worth."""
    cache.clear()
    savepoint = transaction.savepoint()
    # Bodies uncompressed: the fuzzer calls the WSGI app directly and, unlike any HTTP client, does not undo the
    # gzip the site applies to text answers for clients that accept it (registry/compression.py, tested there).
    headers = {"Accept-Encoding": "identity", **(headers or {})}
    try:
        case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.fixture(scope="module")
def staff_token(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Seed the five certificates through the pipeline and return the API token of a staff user allowed to upload
    and read documents; all rolled back after the module. Each test's own transaction nests inside this one."""
    eager = celery_app.conf.task_always_eager
    # The seeds are parsed in-process whatever REDIS_URL says. (An upload during fuzzing queues its task on
    # commit, which never comes inside a test's transaction: nothing is sent, no broker is needed.)
    celery_app.conf.task_always_eager = True
    # Django's test client does the same: the end of a request must not close the connection that holds the
    # test's transaction (inside it, autocommit is off, so `close_old_connections` would drop it).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    media: Path = tmp_path_factory.mktemp("schema-fuzz-media")
    try:
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
            with TestCase.captureOnCommitCallbacks(execute=True):
                for path in sorted(SEEDS.glob("*.txt")):
                    document_create(data=path.read_bytes(), filename=path.name)
            user = User.objects.create_user("schema-fuzz-staff", is_staff=True)
            codenames = ["add_sourcedocument", "view_sourcedocument"]
            user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
            yield Token.objects.create(user=user).key
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        celery_app.conf.task_always_eager = eager


@schema.parametrize()
@FUZZ
def test_anonymous(case: schemathesis.Case[Any], staff_token: str) -> None:
    call_and_validate(case)


@schema.parametrize()
@FUZZ
def test_staff(case: schemathesis.Case[Any], staff_token: str) -> None:
    call_and_validate(case, headers={"Authorization": f"Token {staff_token}"})


def test_the_upload_is_documented_as_a_binary_file() -> None:
    """A file field documented as a URI string makes schema-driven clients, the fuzzer among them, send a plain
    form field, which DRF refuses ("The submitted data was not a file")."""
    raw = schema.raw_schema
    body = raw["paths"]["/api/v1/documents/"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    if "$ref" in body:
        body = raw["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert body["properties"]["file"].get("format") == "binary", body["properties"]["file"]
