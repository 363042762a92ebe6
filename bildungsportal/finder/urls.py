from django.urls import path

from . import views

app_name = "finder"
urlpatterns = [
    path("finden/", views.find, name="find"),
]
