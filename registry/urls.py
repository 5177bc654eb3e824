"""Root URL configuration."""

from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from certificates.views import edges

# Swagger UI with its start-up script served as a file (?script) and its stylesheet's inline style moved to ours, as
# the Content-Security-Policy needs; its stylesheet draws its icons as data: images, allowed on this page only.
api_docs = csp_update({"img-src": ["data:"]})(
    SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html")
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("ingest.api.urls")),
    path("api/v1/", include("certificates.api.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("documents/", include("ingest.urls")),
    path("robots.txt", edges.robots_txt, name="robots"),
    path("sitemap.xml", edges.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", edges.sitemap_section, name="sitemap-section"),
    path("favicon.ico", edges.favicon, name="favicon"),
    # Before the registry's own pages: checking an uploaded file is the pipeline's (it parses the file).
    path("check/", include("ingest.check_urls")),
    path("", include("certificates.urls")),
]

handler400 = "registry.views.bad_request"
handler404 = "registry.views.not_found"
handler500 = "registry.views.server_error"
