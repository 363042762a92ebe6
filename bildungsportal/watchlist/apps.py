from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WatchlistConfig(AppConfig):
    """The Merkliste: offerings a person keeps, in a signed cookie, without an account."""

    name = "bildungsportal.watchlist"
    label = "watchlist"
    verbose_name = _("Merkliste")
