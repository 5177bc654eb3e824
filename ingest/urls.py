"""The site's document URLs: the source documents certificates were parsed from."""

from django.urls import path

from ingest.views import document_file

app_name = "documents"

urlpatterns = [
    path("<int:pk>/<str:filename>", document_file, name="file"),
]
