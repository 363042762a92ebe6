from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EasyreadConfig(AppConfig):
    name = "bildungsportal.easyread"
    label = "easyread"
    verbose_name = _("Leichte Sprache, Begriffe und QR-Codes")
