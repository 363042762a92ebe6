from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "bildungsportal.surveys"
    verbose_name = _("Umfragen")

    def ready(self):
        from . import signals  # noqa: F401
