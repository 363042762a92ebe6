from django.urls import path

from . import views_provider as views

urlpatterns = [
    path("", views.home, name="home"),
    path("anbieter/<int:provider_pk>/angebote/neu/", views.offering_create,
         name="offering-create"),
    path("anbieter/<int:pk>/profil/", views.provider_profile, name="provider-profile"),
    path("angebote/<int:pk>/", views.offering_edit, name="offering-edit"),
    path("angebote/<int:pk>/kopieren/", views.offering_duplicate, name="offering-duplicate"),
    path("angebote/<int:pk>/vorschau/", views.offering_preview, name="offering-preview"),
    path("angebote/<int:pk>/veroeffentlichen/", views.offering_publish,
         name="offering-publish"),
    path("angebote/<int:pk>/zurueckziehen/", views.offering_unpublish,
         name="offering-unpublish"),
    path("angebote/<int:pk>/archivieren/", views.offering_archive, name="offering-archive"),
]
