from rest_framework.routers import DefaultRouter

from certificates.api.views import CertificateViewSet, HolderViewSet, LabViewSet

app_name = "certificates-api"

router = DefaultRouter()
router.register("certificates", CertificateViewSet, basename="certificate")
router.register("holders", HolderViewSet, basename="holder")
router.register("labs", LabViewSet, basename="lab")

urlpatterns = router.urls
