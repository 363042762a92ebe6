from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("offene-daten/", views.index, name="index"),
    path("offene-daten/dateien/<str:name>", views.download, name="download"),
    path("offene-daten/dcat.rdf", views.dcat_rdf, name="dcat"),
    path("angebote/neu.atom", views.new_offerings_feed, name="atom"),
]
