"""/bildungsmonitoring/ziele/… and /bildungsmonitoring/massnahmen/… (office only)."""

from django.urls import path

from . import strategy_views as views

app_name = "insights_strategy"
urlpatterns = [
    path("ziele/", views.goal_list, name="goals"),
    path("ziele/neu/", views.goal_edit, name="goal_new"),
    path("ziele/<int:pk>/", views.goal_detail, name="goal"),
    path("ziele/<int:pk>/bearbeiten/", views.goal_edit, name="goal_edit"),
    path("ziele/handlungsfelder/neu/", views.field_edit, name="field_new"),
    path("ziele/handlungsfelder/<int:pk>/bearbeiten/", views.field_edit, name="field_edit"),
    path("ziele/vergleich/", views.compare, name="compare"),
    path("massnahmen/", views.measure_list, name="measures"),
    path("massnahmen/neu/", views.measure_edit, name="measure_new"),
    path("massnahmen/<int:pk>/bearbeiten/", views.measure_edit, name="measure_edit"),
]
