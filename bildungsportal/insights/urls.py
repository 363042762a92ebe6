"""The office's /bildungsmonitoring/ and the public /bildung-in-zahlen/ (namespace "insights")."""

from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("bildungsmonitoring/", views.overview, name="overview"),
    path("bildungsmonitoring/luecken/", views.gaps, name="gaps"),
    path("bildungsmonitoring/orte/<slug:slug>/", views.town, name="town"),
    path("bildungsmonitoring/themen/<slug:slug>/", views.topic, name="topic"),
    path("bildungsmonitoring/lebensphasen/<slug:slug>/", views.life_phase, name="life_phase"),
    path("bildungsmonitoring/bericht/", views.report_view, name="report"),
    path("bildungsmonitoring/bericht/<slug:slug>/", views.report_view, name="report_town"),
    path("bildung-in-zahlen/", views.public, name="public"),
    path("bildung-in-zahlen/bericht/", views.public_report, name="public_report"),
]
