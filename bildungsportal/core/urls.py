from django.urls import path

from . import views

app_name = "core"
# The three legal pages have short German addresses; any other page lives under /seite/.
# The generic pattern comes first so that reverse("core:page", slug=…) prefers the short ones.
urlpatterns = [
    path("", views.home, name="home"),
    path("seite/<slug:slug>/", views.page, name="page"),
    path("impressum/", views.page, {"slug": "impressum"}, name="page"),
    path("datenschutz/", views.page, {"slug": "datenschutz"}, name="page"),
    path("barrierefreiheit/", views.page, {"slug": "barrierefreiheit"}, name="page"),
]
