from django.urls import path

from . import views

app_name = "core"
# The home page ("core:home") is added to this namespace by bildungsportal/urls.py: it lives in
# the pages app, which core must not import.
# The three legal pages have short German addresses; any other page lives under /seite/.
# The generic pattern comes first so that reverse("core:page", slug=…) prefers the short ones.
urlpatterns = [
    path("seite/<slug:slug>/", views.page, name="page"),
    path("impressum/", views.page, {"slug": "impressum"}, name="page"),
    path("datenschutz/", views.page, {"slug": "datenschutz"}, name="page"),
    path("barrierefreiheit/", views.page, {"slug": "barrierefreiheit"}, name="page"),
]
