"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("ingest.api.urls")),
    path("api/v1/", include("certificates.api.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("documents/", include("ingest.urls")),
    path("", include("certificates.urls")),
]

handler404 = "registry.views.not_found"
handler500 = "registry.views.server_error"
