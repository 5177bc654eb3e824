from django.urls import path

from ingest.api.views import DocumentDetailView, DocumentUploadView

app_name = "ingest-api"

urlpatterns = [
    path("documents/", DocumentUploadView.as_view(), name="document-upload"),
    path("documents/<int:pk>/", DocumentDetailView.as_view(), name="document-detail"),
]
