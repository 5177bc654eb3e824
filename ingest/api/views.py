"""The documents API: users allowed to add documents upload a certificate file (or a ZIP archive of them),
users allowed to view them follow it through the pipeline."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.generics import RetrieveAPIView
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ingest.api.serializers import ArchiveUploadSerializer, DocumentSerializer, DocumentUploadSerializer
from ingest.models import SourceDocument
from ingest.services import UploadOutcome, documents_create_from_upload
from ingest.uploads import starts_like_zip

UPLOAD_RESULT = PolymorphicProxySerializer(
    component_name="UploadResult",
    serializers=[DocumentSerializer, ArchiveUploadSerializer],
    resource_type_field_name=None,
)


class DocumentPermissions(DjangoModelPermissions):
    """The model permission each method needs: ``ingest.view_sourcedocument`` to read a document,
    ``ingest.add_sourcedocument`` to upload one; being staff is not enough, and anonymous users get nothing."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


class DocumentUploadView(APIView):
    """Upload one certificate file, or a ZIP archive of them.

    A file: 202 and the status URL (``Location``) for a new document; 200 and the existing document for bytes
    uploaded before; 400 saying why for a file that is refused. A ZIP archive: each of its PDF and text files
    is stored or refused on its own; 202 when at least one is new, else 200, with each file's outcome; 400 for
    an archive that cannot be read at all (damaged, too large, no certificate files in it)."""

    permission_classes = [DocumentPermissions]
    queryset = SourceDocument.objects.none()  # names the model whose permissions apply

    @extend_schema(
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={202: UPLOAD_RESULT, 200: UPLOAD_RESULT, 400: None},
    )
    def post(self, request: Request) -> Response:
        upload = DocumentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        archive = starts_like_zip(file)
        outcomes = list(documents_create_from_upload(file=file, filename=file.name))
        if not archive or (len(outcomes) == 1 and not outcomes[0].archive):
            return self._file_answer(request, outcomes[0])
        context = {"request": request}
        members = [
            {
                "name": stored.name,
                "outcome": stored.outcome if stored.document else "rejected",
                "error": "" if stored.document else stored.outcome,
                "document": DocumentSerializer(stored.document, context=context).data if stored.document else None,
            }
            for stored in outcomes
        ]
        code = status.HTTP_202_ACCEPTED if any(m["outcome"] == "new" for m in members) else status.HTTP_200_OK
        return Response({"archive": file.name, "members": members}, status=code)

    def _file_answer(self, request: Request, stored: UploadOutcome) -> Response:
        """The answer for one file uploaded as it is, or for an archive refused whole."""
        if stored.document is None:
            return Response({"file": [stored.outcome]}, status=status.HTTP_400_BAD_REQUEST)
        body = DocumentSerializer(stored.document, context={"request": request}).data
        code = status.HTTP_202_ACCEPTED if stored.outcome == "new" else status.HTTP_200_OK
        return Response(body, status=code, headers={"Location": body["url"]})


@extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The document's id.")])
class DocumentDetailView(RetrieveAPIView[SourceDocument]):
    """A document's status in the pipeline."""

    permission_classes = [DocumentPermissions]
    queryset = SourceDocument.objects.prefetch_related("certificates")
    serializer_class = DocumentSerializer
