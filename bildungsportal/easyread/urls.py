"""/leichte-sprache/: German only (Leichte Sprache is German), so outside i18n_patterns."""

from django.urls import path

from . import views

app_name = "easyread"
urlpatterns = [
    path("leichte-sprache/", views.easy_home, name="home"),
]
