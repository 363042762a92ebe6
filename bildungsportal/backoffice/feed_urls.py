from django.urls import path

from . import feed_views as views

urlpatterns = [
    path("vorlage/<str:fmt>/", views.template_download, name="template"),
    path("export/", views.export_page, name="export"),
    path("export/<str:fmt>/", views.export_download, name="export-download"),
    path("feeds/", views.feed_list, name="feeds"),
    path("feeds/alle/", views.feed_all, name="feeds-all"),
    path("feeds/<int:pk>/aktiv/", views.feed_toggle, name="feed-toggle"),
    path("feeds/<int:pk>/loeschen/", views.feed_delete, name="feed-delete"),
    path("feeds/<int:pk>/abrufen/", views.feed_sync, name="feed-sync"),
]
