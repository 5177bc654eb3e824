from django.urls import path

from ingest.api.check import CheckNumberView, CheckUploadView
from ingest.api.views import DocumentDetailView, DocumentUploadView

app_name = "ingest-api"

urlpatterns = [
    path("documents/", DocumentUploadView.as_view(), name="document-upload"),
    path("documents/<int:pk>/", DocumentDetailView.as_view(), name="document-detail"),
    path("check/", CheckUploadView.as_view(), name="check"),
    path("check/<str:number>/", CheckNumberView.as_view(), name="check-number"),
]
