"""The check API: ``GET /api/v1/check/<number>/`` (the registry's verdict on a number) and ``POST
/api/v1/check/`` (a certificate file checked against the registry, not stored). Anonymous; the upload is capped
(``CHECK_UPLOAD_MAX_BYTES``) and throttled per client address (``CHECK_UPLOAD_RATE``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certificates import params
from certificates.siteurl import absolute_url
from certificates.throttling import AnonThrottle, CheckUploadThrottle
from certificates.verdicts import Verdict, certificate_verdict
from ingest.check import OUTCOME_WORDS, CheckRefused, CheckResult, body_too_large, certificate_check_upload


class EvidenceSerializer(serializers.Serializer):
    """One profile and what it rests on."""

    name = serializers.CharField(help_text="The profile.")
    evidence = serializers.ChoiceField(
        choices=["passed", "failed", "not_tested", "not_applicable", "claimed", "unknown"],
        help_text="passed, failed, not_tested or not_applicable per its document; claimed by OCA's type code (no "
        "document read); unknown.",
    )
    result = serializers.CharField(help_text="The result as its document prints it; empty without a document.")
    inferred = serializers.BooleanField(help_text='A claim the registry inferred from the type code "Full".')
    label = serializers.CharField(help_text="The evidence in words.")


class VerdictSerializer(serializers.Serializer):
    """The registry's verdict on one version of a certificate number."""

    number = serializers.CharField(help_text="The certificate number.")
    version = serializers.IntegerField(source="certificate.version", help_text="The version checked.")
    is_current = serializers.BooleanField(help_text="Whether it is the latest version of its number.")
    superseded_by = serializers.IntegerField(
        allow_null=True, help_text="The latest version when this one is superseded; null when it is current."
    )
    status = serializers.ChoiceField(
        choices=["active", "withdrawn", "unlisted"], help_text="In OCA's listing: active, withdrawn or unlisted."
    )
    listing = serializers.CharField(
        help_text='The status in words, with its dates ("listed by OCA (seen in its listing from … to …)").'
    )
    listed_since = serializers.DateField(
        allow_null=True, help_text="The first import or sync of OCA's listing that held it (the registry's sighting)."
    )
    last_seen = serializers.DateField(
        source="certificate.last_seen",
        allow_null=True,
        help_text="The last import or sync of OCA's listing that held it.",
    )
    withdrawn_on = serializers.DateField(allow_null=True, help_text="When OCA's listing stopped listing it.")
    from_document = serializers.BooleanField(help_text="Whether the record was read from its document.")
    holder = serializers.CharField(source="certificate.holder.name", help_text="The holder.")
    product_designation = serializers.CharField(source="certificate.product_designation", help_text="The product.")
    software_version = serializers.CharField(source="certificate.software_version", help_text="Software version.")
    ocpp_version = serializers.CharField(source="certificate.ocpp_version", help_text="OCPP version.")
    product_type = serializers.CharField(source="certificate.product_type", help_text="Product type.")
    certification_date = serializers.DateField(
        source="certificate.certification_date", allow_null=True, help_text="When it was certified."
    )
    profiles = EvidenceSerializer(many=True, help_text="Each profile with its evidence.")
    page = serializers.SerializerMethodField(help_text="The verdict's page on the site (a permanent link).")
    checked_on = serializers.SerializerMethodField(help_text="The date of this check.")

    def get_page(self, verdict: Verdict) -> str:
        return absolute_url(self.context.get("request"), reverse("check:number", args=[verdict.number]))

    def get_checked_on(self, verdict: Verdict) -> str:
        return timezone.localdate().isoformat()


class DifferenceSerializer(serializers.Serializer):
    """One fact the file states otherwise than the registry."""

    field = serializers.CharField(source="label", help_text='The fact ("software version", "profile Core").')
    here = serializers.CharField(source="new", help_text="As the file states it (empty: not at all).")
    registry = serializers.CharField(
        source="old", help_text="As the registry (or OCA's listing, see compared_with) states it (empty: not at all)."
    )


class CheckResultSerializer(serializers.Serializer):
    """What a check of a file found."""

    outcome = serializers.ChoiceField(choices=list(OUTCOME_WORDS), help_text="; ".join(
        f"{key}: {words}" for key, words in OUTCOME_WORDS.items()))  # fmt: skip
    summary = serializers.CharField(help_text="The outcome in words.")
    compared_with = serializers.ChoiceField(
        choices=["document", "listing"],
        help_text="What the file was compared with: the registry's record read from the certificate's document, or "
        "(no document read) what OCA's listing says, the profiles against its type code's claims.",
    )
    number = serializers.CharField(help_text="The certificate number the file prints.")
    sha256 = serializers.CharField(help_text="SHA-256 of the file's bytes.")
    differences = DifferenceSerializer(many=True, help_text="Each fact that differs (outcome differs).")
    verdict = VerdictSerializer(allow_null=True, help_text="The registry's verdict on the version compared.")


class CheckUploadSerializer(serializers.Serializer):
    """The file to check."""

    file = serializers.FileField(allow_empty_file=True, help_text="The certificate, as a PDF or text.")


class ProblemSerializer(serializers.Serializer):
    """Why a file was not checked."""

    file = serializers.ListField(child=serializers.CharField(), help_text="What is wrong with the file.")


class DetailSerializer(serializers.Serializer):
    """A message."""

    detail = serializers.CharField(help_text="What went wrong, in words.")


class CheckNumberView(APIView):
    """The registry's verdict on a certificate number (its current version, or ``version``)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("number", str, OpenApiParameter.PATH, description="The certificate number."),
            OpenApiParameter("version", int, description="A version of the number (default: the current one)."),
        ],
        responses={200: VerdictSerializer, 400: OpenApiResponse(description="A parameter is not valid."),
                   404: DetailSerializer},
    )  # fmt: skip
    def get(self, request: Request, number: str) -> Response:
        number = params.certificate_number(number)
        version = params.whole_number(request.query_params, "version", 1, params.MAX_VERSION, None)
        verdict = certificate_verdict(number, version)
        if verdict is None:
            detail = f"No certificate {number}: OCA does not list it and the registry does not know it."
            return Response({"detail": detail}, status=status.HTTP_404_NOT_FOUND)
        return Response(VerdictSerializer(verdict, context={"request": request}).data)


class CheckUploadView(APIView):
    """Check a certificate file against the registry: identical (the same bytes as a document of the registry),
    differs (the same number, each difference named), same_fields (other bytes, the same facts) or not_listed.
    The file is parsed as the pipeline parses documents and not stored. 400 for a file that is no certificate,
    413 past the cap, 429 past the client's budget."""

    permission_classes = [AllowAny]
    throttle_classes = [AnonThrottle, CheckUploadThrottle]

    @extend_schema(
        request={"multipart/form-data": CheckUploadSerializer},
        responses={200: CheckResultSerializer, 400: ProblemSerializer, 413: ProblemSerializer, 429: DetailSerializer},
    )
    def post(self, request: Request) -> Response:
        too_large = body_too_large(request.META.get("CONTENT_LENGTH"))
        if too_large:
            return _problem(too_large, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        upload = CheckUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        try:
            result = certificate_check_upload(file=file, size=file.size or 0, filename=file.name or "")
        except CheckRefused as exc:
            return _problem(str(exc), 413 if exc.too_large else 400)
        return Response(_result(result, request))


def _result(result: CheckResult, request: Request) -> Any:
    """The check's JSON."""
    return CheckResultSerializer(result, context={"request": request}).data


def _problem(message: str, code: int) -> Response:
    return Response({"file": [message]}, status=code)
