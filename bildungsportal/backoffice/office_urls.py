"""The education office's screens under /anbieterbereich/redaktion/ (see office_views)."""

from django.urls import path

from . import office_views as views

urlpatterns = [
    path("", views.home, name="office-home"),
    path("freigabe/", views.review_queue, name="review-queue"),
    path("freigabe/<int:pk>/", views.review_decide, name="review-decide"),
    path("freigabe/<int:pk>/vorschau/", views.review_preview, name="review-preview"),
    path("angebote/<int:pk>/verlauf/", views.offering_history, name="offering-history"),
    path("verlauf/<int:pk>/zuruecksetzen/", views.history_revert, name="history-revert"),
    path("veraltet/", views.stale_list, name="stale"),
    path("defekte-links/", views.broken_links, name="broken-links"),
    path("dubletten/", views.duplicate_list, name="duplicates"),
    path("dubletten/<int:pk>/", views.duplicate_decide, name="duplicate-decide"),
    path("einladungen/", views.invitation_list, name="invitations"),
    path("suchen-ohne-treffer/", views.search_demand, name="search-demand"),
    path(
        "einladungen/<int:pk>/zurueckziehen/", views.invitation_revoke,
        name="invitation-revoke",
    ),
]
