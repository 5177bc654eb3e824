"""The documents API: users allowed to add documents upload a certificate file, users allowed to view them
follow it through the pipeline."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import RetrieveAPIView
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ingest.api.serializers import DocumentSerializer, DocumentUploadSerializer
from ingest.errors import UploadRejected
from ingest.models import SourceDocument
from ingest.services import document_create


class DocumentPermissions(DjangoModelPermissions):
    """The model permission each method needs: ``ingest.view_sourcedocument`` to read a document,
    ``ingest.add_sourcedocument`` to upload one; being staff is not enough, and anonymous users get nothing."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


class DocumentUploadView(APIView):
    """Upload one certificate file. 202 and the status URL for a new document; 200 and the existing
    document for bytes uploaded before; 400 saying why for a file that is refused."""

    permission_classes = [DocumentPermissions]
    queryset = SourceDocument.objects.none()  # names the model whose permissions apply

    @extend_schema(
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={202: DocumentSerializer, 200: DocumentSerializer, 400: None},
    )
    def post(self, request: Request) -> Response:
        upload = DocumentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        try:
            document, created = document_create(data=file.read(), filename=file.name)
        except UploadRejected as exc:
            return Response({"file": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        body = DocumentSerializer(document, context={"request": request}).data
        code = status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK
        return Response(body, status=code, headers={"Location": body["url"]})


@extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The document's id.")])
class DocumentDetailView(RetrieveAPIView[SourceDocument]):
    """A document's status in the pipeline."""

    permission_classes = [DocumentPermissions]
    queryset = SourceDocument.objects.prefetch_related("certificates")
    serializer_class = DocumentSerializer
