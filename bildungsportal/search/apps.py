from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "bildungsportal.search"
    label = "search"
    verbose_name = _("Suche")

    def ready(self):
        from . import receivers  # noqa: F401
