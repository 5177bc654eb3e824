from django.urls import path, re_path
from rest_framework.renderers import JSONRenderer
from rest_framework.routers import DefaultRouter

from certificates.api.renderers import CSVRenderer, NDJSONRenderer
from certificates.api.views import CertificateViewSet, DumpView, HolderViewSet, LabViewSet

app_name = "certificates-api"

# No format suffixes: certificate numbers have dots (OCA.0016.0009.CSMS), and only JSON is served here.
router = DefaultRouter()
router.include_format_suffixes = False
router.register("certificates", CertificateViewSet, basename="certificate")
router.register("holders", HolderViewSet, basename="holder")
router.register("labs", LabViewSet, basename="lab")

export = CertificateViewSet.as_view(
    {"get": "export"},
    renderer_classes=[JSONRenderer, CSVRenderer, NDJSONRenderer],
    pagination_class=None,
    throttle_scope="export",
)

urlpatterns = [
    re_path(r"^certificates/export\.(?P<kind>[^/]+)$", export, name="certificate-export"),
    path("dump/", DumpView.as_view(), name="dump"),
    *router.urls,
]
