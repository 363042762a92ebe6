from django.contrib import admin
from django.urls import include, path

from bildungsportal.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("konto/", include("bildungsportal.accounts.urls")),
    path("anbieterbereich/", include("bildungsportal.backoffice.urls")),
    path("umfrage/", include("bildungsportal.surveys.urls")),
    path("", include("bildungsportal.catalog.urls")),
    path("", include("bildungsportal.core.urls")),
]
