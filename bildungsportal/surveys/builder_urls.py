"""The survey builder for the education office, under /umfrage/verwaltung/."""

from django.urls import path

from . import builder_views as views
from . import limesurvey_views

urlpatterns = [
    path("", views.survey_list, name="builder"),
    path("neu/", views.survey_create, name="builder_create"),
    path("limesurvey/", limesurvey_views.upload, name="builder_limesurvey"),
    path("limesurvey/<str:token>/", limesurvey_views.preview,
         name="builder_limesurvey_preview"),
    path("<slug:slug>/", views.survey_detail, name="builder_survey"),
    path("<slug:slug>/einstellungen/", views.survey_settings, name="builder_settings"),
    path("<slug:slug>/oeffnen/", views.survey_open, name="builder_open"),
    path("<slug:slug>/schliessen/", views.survey_close, name="builder_close"),
    path("<slug:slug>/loeschen/", views.survey_delete, name="builder_delete"),
    path("<slug:slug>/duplizieren/", views.survey_duplicate, name="builder_duplicate"),
    path("<slug:slug>/vorschau/", views.survey_preview, name="builder_preview"),
    path("<slug:slug>/kanaele/", views.channels, name="builder_channels"),
    path("<slug:slug>/kanaele/<int:channel_id>/", views.channel_edit, name="builder_channel"),
    path("<slug:slug>/kanaele/<int:channel_id>/loeschen/", views.channel_delete,
         name="builder_channel_delete"),
    path("<slug:slug>/gewinnspiel/", views.prize_draw, name="builder_prize_draw"),
    path("<slug:slug>/gewinnspiel/loeschen/", views.prize_draw_delete,
         name="builder_prize_draw_delete"),
    path("<slug:slug>/zugangscodes/", views.access_codes, name="builder_access_codes"),
    path("<slug:slug>/seiten/neu/", views.page_create, name="builder_page_create"),
    path("<slug:slug>/seiten/<int:page_id>/", views.page_edit, name="builder_page"),
    path("<slug:slug>/seiten/<int:page_id>/loeschen/", views.page_delete,
         name="builder_page_delete"),
    path("<slug:slug>/seiten/<int:page_id>/verschieben/", views.page_move,
         name="builder_page_move"),
    path("<slug:slug>/seiten/<int:page_id>/fragen/neu/", views.question_create,
         name="builder_question_create"),
    path("<slug:slug>/fragen/<int:question_id>/", views.question_edit, name="builder_question"),
    path("<slug:slug>/fragen/<int:question_id>/loeschen/", views.question_delete,
         name="builder_question_delete"),
    path("<slug:slug>/fragen/<int:question_id>/verschieben/", views.question_move,
         name="builder_question_move"),
]
