from django.urls import path

from . import feeds, views

app_name = "alerts"
urlpatterns = [
    path("angebote/feed/", feeds.SearchFeed(), name="feed"),
    path("angebote/folgen/", views.signup, name="signup"),
    path("angebote/folgen/gesendet/", views.sent, name="sent"),
    path("angebote/folgen/bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("angebote/folgen/abmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
