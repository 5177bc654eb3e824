"""The OpenAPI schema's view of every operation: besides its success, the errors it can answer.

drf-spectacular documents what a view returns; the errors come from the framework around it (validation,
lookups, authentication, throttling), so they are added here, once, for every operation that can give them.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import DjangoModelPermissions, IsAdminUser, IsAuthenticated


class ErrorSerializer(serializers.Serializer):
    """An error the request cannot be answered for."""

    detail = serializers.CharField(help_text="What went wrong.")


INVALID = OpenApiResponse(
    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description="A parameter is invalid: each one's name, with what is wrong with it.",
)
ERROR = OpenApiResponse(ErrorSerializer, description="See detail.")
MEDIA_TYPE = OpenApiResponse(ErrorSerializer, description="The body is not of a media type the operation takes.")
BUSY = OpenApiResponse(ErrorSerializer, description="The database took too long; the request was stopped.")


class RegistryAutoSchema(AutoSchema):
    """AutoSchema with the error answers: 400 everywhere (every query string is held to the request limits,
    registry/middleware.py), 404 where a path names an object, 401 and 403 where a signed-in user (with a
    permission) is required, 415 where a body is parsed, 429 where clients are throttled, 503 everywhere (a
    statement past the web statement timeout); filters may be empty."""

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        errors: dict[str, OpenApiResponse] = {"400": INVALID}
        if self.method in ("POST", "PUT", "PATCH"):
            errors["415"] = MEDIA_TYPE
        if "{" in self.path:
            errors["404"] = ERROR
        if not self._allows_anonymous():
            errors["401"] = ERROR
            errors["403"] = ERROR
        if self.view.get_throttles():
            errors["429"] = ERROR
        errors["503"] = BUSY
        for code, response in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code)
        return responses

    def _get_parameters(self) -> list[dict[str, Any]]:
        """The parameters, filters marked as taking an empty value (the same as leaving them out, as an HTML
        form submits them)."""
        parameters: list[dict[str, Any]] = super()._get_parameters()
        filterset = getattr(self.view, "filterset_class", None)
        for parameter in parameters:
            if filterset and parameter["in"] == "query" and parameter["name"] in filterset.base_filters:
                parameter["allowEmptyValue"] = True
        return parameters

    def _allows_anonymous(self) -> bool:
        needs_user = (IsAdminUser, IsAuthenticated, DjangoModelPermissions)
        return not any(isinstance(permission, needs_user) for permission in self.view.get_permissions())
