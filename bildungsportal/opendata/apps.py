from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    name = "bildungsportal.opendata"
    label = "opendata"
    verbose_name = _("Offene Daten")

    def ready(self):
        from . import receivers  # noqa: F401
