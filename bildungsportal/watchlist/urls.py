from django.urls import path

from . import views

app_name = "watchlist"
urlpatterns = [
    path("merkliste/", views.watchlist_page, name="list"),
    path("merkliste/merken/", views.toggle, name="toggle"),
    path("merkliste/leeren/", views.clear, name="clear"),
    path("merkliste/gesehen/", views.seen, name="seen"),
    path("merkliste/termine.ics", views.calendar, name="calendar"),
    path("merkliste/teilen/", views.share, name="share"),
]
