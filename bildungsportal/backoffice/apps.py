from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "bildungsportal.backoffice"
    verbose_name = _("Anbieterbereich und Redaktion")

    def ready(self):
        from . import receivers  # noqa: F401 — the change history listens to the catalog
