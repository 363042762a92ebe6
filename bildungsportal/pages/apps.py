from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The public pages and the public API: above search, which sits above the catalog data."""

    name = "bildungsportal.pages"
    label = "pages"
    verbose_name = _("Öffentliche Seiten")
