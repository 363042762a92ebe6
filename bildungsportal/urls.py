from django.contrib import admin
from django.urls import include, path

from bildungsportal.api import api
from bildungsportal.core import urls as core_urls
from bildungsportal.pages import views as pages_views

# The home page keeps its name "core:home" (base template, LOGOUT_REDIRECT_URL): the pages app
# renders it, and core must not import pages, so the wiring joins both in core's namespace.
core_patterns = [path("", pages_views.home, name="home"), *core_urls.urlpatterns]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("konto/", include("bildungsportal.accounts.urls")),
    path("anbieterbereich/", include("bildungsportal.backoffice.urls")),
    path("umfrage/", include("bildungsportal.surveys.urls")),
    path("bildungsmonitoring/", include("bildungsportal.insights.strategy_urls")),
    # Bildungsmonitoring: /bildungsmonitoring/ (office) and /bildung-in-zahlen/ (public)
    path("", include("bildungsportal.insights.urls")),
    # The public pages keep the URL namespace "catalog" ("catalog:search", "catalog:offering" …).
    path("", include("bildungsportal.pages.urls")),
    path("", include((core_patterns, "core"))),
]
