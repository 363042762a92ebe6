from django.urls import include, path

app_name = "ingest"

urlpatterns = [
    # Feeds, exports and the import template.
    path("", include("bildungsportal.ingest.feed_urls")),
    # Upload with preview.
    path("", include("bildungsportal.ingest.upload_urls")),
]
