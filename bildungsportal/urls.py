from django.contrib import admin
from django.urls import include, path

from bildungsportal.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("konto/", include("bildungsportal.accounts.urls")),
    # Uploads, feeds and exports live inside the provider area (/anbieterbereich/daten/…).
    path("anbieterbereich/daten/", include("bildungsportal.ingest.urls")),
    path("anbieterbereich/", include("bildungsportal.backoffice.urls")),
    path("umfrage/", include("bildungsportal.surveys.urls")),
    path("bildungsmonitoring/", include("bildungsportal.insights.strategy_urls")),
    # Bildungsmonitoring: /bildungsmonitoring/ (office) and /bildung-in-zahlen/ (public)
    path("", include("bildungsportal.insights.urls")),
    path("", include("bildungsportal.catalog.urls")),
    path("", include("bildungsportal.core.urls")),
]
