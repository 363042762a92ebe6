from django.urls import include, path

app_name = "surveys"

# "verwaltung" and "auswertung" are reserved: no survey may use them as its slug.
urlpatterns = [
    path("verwaltung/", include("bildungsportal.surveys.builder_urls")),
    path("auswertung/", include("bildungsportal.surveys.results_urls")),
    path("", include("bildungsportal.surveys.public_urls")),
]
