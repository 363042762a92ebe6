from django.urls import path

from . import views

# The public pages keep the namespace "catalog": templates, get_absolute_url() and the API
# reverse "catalog:offering", "catalog:search" …
app_name = "catalog"
urlpatterns = [
    path("angebote/", views.search_page, name="search"),
    path("angebote/wunsch/", views.search_wish, name="search_wish"),
    path("angebote/wunsch/danke/", views.search_wish_thanks, name="search_wish_thanks"),
    path("angebote/<int:pk>/", views.offering_short, name="offering_short"),
    path("angebote/<int:pk>-<slug:slug>/", views.offering_detail, name="offering"),
    path(
        "angebote/<int:pk>-<slug:slug>/termine/<int:run_id>.ics",
        views.run_ics,
        name="run_ics",
    ),
    path("anbieter/", views.provider_list_page, name="providers"),
    path("anbieter/<int:pk>-<slug:slug>/", views.provider_detail, name="provider"),
    path("orte/", views.municipality_list, name="municipalities"),
    path("orte/<slug:slug>/", views.municipality_detail, name="municipality"),
    path("lebensphasen/", views.life_phase_list, name="life_phases"),
    path("lebensphasen/<slug:slug>/", views.life_phase_detail, name="life_phase"),
]
