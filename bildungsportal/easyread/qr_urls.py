"""The QR code of an offering's short address, in every language (inside i18n_patterns)."""

from django.urls import path

from . import views

app_name = "easyread_qr"
urlpatterns = [
    path("angebote/<int:pk>/qr.svg", views.offering_qr, name="offering_qr"),
]
