from django.urls import include, path

app_name = "backoffice"

urlpatterns = [
    # The education office's screens: review queue, history, freshness, duplicates.
    path("redaktion/", include("bildungsportal.backoffice.office_urls")),
    # Provider self-service: "Meine Angebote", forms, preview, profile.
    path("", include("bildungsportal.backoffice.provider_urls")),
]
