from django.urls import include, path

app_name = "backoffice"

urlpatterns = [
    # The education office's screens: review queue, history, freshness, duplicates.
    path("redaktion/", include("bildungsportal.backoffice.office_urls")),
    # Uploads, feeds, exports and the import template (/anbieterbereich/daten/…).
    path("daten/", include("bildungsportal.backoffice.feed_urls")),
    path("daten/", include("bildungsportal.backoffice.upload_urls")),
    # Provider self-service: "Meine Angebote", forms, preview, profile.
    path("", include("bildungsportal.backoffice.provider_urls")),
]
