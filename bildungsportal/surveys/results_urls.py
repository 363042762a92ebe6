"""The office's results pages, mounted at /umfrage/auswertung/ (namespace "surveys")."""

from django.urls import path

from . import results_views as views

urlpatterns = [
    path("", views.survey_list, name="results_list"),
    path("<slug:slug>/", views.overview, name="results"),
    path("<slug:slug>/pdf/", views.overview_pdf, name="results_pdf"),
    path("<slug:slug>/kreuztabelle/", views.crosstab_view, name="results_crosstab"),
    path("<slug:slug>/freitexte/", views.texts_view, name="results_texts"),
    path("<slug:slug>/export/<str:fmt>/", views.export_view, name="results_export"),
]
