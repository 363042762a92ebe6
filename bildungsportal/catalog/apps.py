from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "bildungsportal.catalog"
    label = "catalog"
    verbose_name = _("Angebotskatalog")

    def ready(self):
        from . import signals  # noqa: F401 — the ORM receivers that announce changes
