"""The OpenAPI schema and the interactive docs: served, self-contained, every parameter and field described."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_is_served() -> None:
    response = APIClient().get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/certificates/{number}/" in response.content
    assert b"/api/v1/documents/" in response.content


def test_the_interactive_docs_load_nothing_from_a_cdn(client: Client) -> None:
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower() and "https://" not in page


def test_the_openapi_schema_describes_every_parameter_and_field() -> None:
    schema = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    bare = [
        f"{path} {name}"
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for name in (p["name"] for p in operation.get("parameters", []) if not p.get("description"))
    ]
    bare += [
        f"{component}.{name}"
        for component, definition in schema["components"]["schemas"].items()
        for name, field in definition.get("properties", {}).items()
        if not field.get("description")
    ]
    assert bare == []
    listing = schema["paths"]["/api/v1/certificates/"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"q", "profile", "ordering", "cursor", "page", "page_size"}
