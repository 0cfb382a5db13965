from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from pcc_portal import registry, sitemaps, views

admin.site.site_header = "PCC Portal officer admin"
admin.site.site_title = "PCC Portal officer admin"
admin.site.index_title = "Officer admin"
# The side menu would take a quarter of a 1280-pixel screen from every list; the home page
# and the breadcrumbs lead to the same places.
admin.site.enable_nav_sidebar = False

router = DefaultRouter()
for prefix, viewset, basename in registry.api_routes():
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("open-data/", views.open_data, name="open-data"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap-section"),
    path("admin/", admin.site.urls),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("decisions.urls")),
    path("", include("commissioning.urls")),
    path("", include("grants.urls")),
    path("", include("board.urls")),
    path("", include("transparency.urls")),
]

handler400 = "pcc_portal.views.bad_request"
handler403 = "pcc_portal.views.permission_denied"
handler404 = "pcc_portal.views.page_not_found"
