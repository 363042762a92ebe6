from django.urls import path

from . import upload_views as views

urlpatterns = [
    path("hochladen/", views.upload, name="upload"),
    path("hochladen/<slug:token>/", views.preview, name="upload-preview"),
    path("hochladen/<slug:token>/importieren/", views.confirm, name="upload-confirm"),
    path("hochladen/<slug:token>/verwerfen/", views.discard, name="upload-discard"),
    path("hochladen/ergebnis/<int:pk>/", views.result, name="upload-result"),
]
