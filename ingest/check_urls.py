"""The check pages: ``/check/`` (a number, or an uploaded file) and ``/check/<number>/`` (the verdict)."""

from django.urls import path

from certificates.views.check import check_number
from ingest.check_views import check_page

app_name = "check"

urlpatterns = [
    path("", check_page, name="page"),
    path("<str:number>/", check_number, name="number"),
]
