from django.urls import path

from . import views

app_name = "regionsite"
urlpatterns = [
    path("region.css", views.stylesheet, name="stylesheet"),
    path("region-logo", views.logo, name="logo"),
]
