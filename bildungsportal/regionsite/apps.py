from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionSiteConfig(AppConfig):
    name = "bildungsportal.regionsite"
    label = "regionsite"
    verbose_name = _("Regionale Websites")
