from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "bildungsportal.places"
    label = "places"
    verbose_name = _("Orte")

    def ready(self):
        from . import regions  # noqa: F401  (connects the default-region cache's receivers)
