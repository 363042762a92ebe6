from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from bildungsportal.api import api
from bildungsportal.core import urls as core_urls
from bildungsportal.pages import views as pages_views
from bildungsportal.pages.sitemaps import SITEMAPS

# The home page keeps its name "core:home" (base template, LOGOUT_REDIRECT_URL): the pages app
# renders it, and core must not import pages, so the wiring joins both in core's namespace.
core_patterns = [path("", pages_views.home, name="home"), *core_urls.urlpatterns]

urlpatterns = [
    path("robots.txt", pages_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS,
         "sitemap_url_name": "sitemap_section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS},
         name="sitemap_section"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("bildungsportal.regionsite.urls")),  # the region's colours and logo
    path("konto/", include("bildungsportal.accounts.urls")),
    path("anbieterbereich/", include("bildungsportal.backoffice.urls")),
    path("umfrage/", include("bildungsportal.surveys.urls")),
    path("bildungsmonitoring/", include("bildungsportal.insights.strategy_urls")),
    path("", include("bildungsportal.easyread.urls")),  # /leichte-sprache/ (German only)
    # The public pages keep the URL namespace "catalog" ("catalog:search", "catalog:offering" …).
    # They exist in every language: German without a prefix, the others under /en/, /ar/ …
    *i18n_patterns(
        path("", include("bildungsportal.alerts.urls")),
        path("", include("bildungsportal.pages.urls")),
        path("", include("bildungsportal.finder.urls")),
        path("", include((core_patterns, "core"))),
        path("", include("bildungsportal.easyread.qr_urls")),
        path("", include("bildungsportal.watchlist.urls")),
        # Bildungsmonitoring: /bildung-in-zahlen/ (public, six languages) and /bildungsmonitoring/
        # (office, German: its views send /en/bildungsmonitoring/… to the German address)
        path("", include("bildungsportal.insights.urls")),
        path("", include("bildungsportal.opendata.urls")),  # /offene-daten/, downloads, Atom
        prefix_default_language=False,
    ),
]
