"""A confirmed e-mail subscription to one search. Nothing is stored before confirmation."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from bildungsportal.places.regions import default_region_id


def new_token():
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    """One address following one search (its canonical query string) daily or weekly.

    Created only when the person follows the signed link of the confirmation mail; deleted
    (not flagged) on unsubscribe. ``last_seen_offering`` is the watermark: offerings with a
    higher id did not exist at the last check and count as new.
    """

    class Frequency(models.TextChoices):
        DAILY = "daily", _("täglich")
        WEEKLY = "weekly", _("wöchentlich")

    email = models.EmailField(_("E-Mail-Adresse"), max_length=254)
    query = models.CharField(_("Suche"), max_length=2000, blank=True)
    frequency = models.CharField(
        _("Häufigkeit"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    language = models.CharField(_("Sprache"), max_length=10, default="de")
    # The site (region) the search was followed on: its catalog is searched, its name and
    # host are in the mail.
    region = models.ForeignKey("places.Region", on_delete=models.CASCADE, related_name="+",
                               default=default_region_id, verbose_name=_("Region"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("bestätigt am"), auto_now_add=True)
    checked_at = models.DateTimeField(_("zuletzt geprüft"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("zuletzt gesendet"), null=True, blank=True)
    last_seen_offering = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = _("Suchabo")
        verbose_name_plural = _("Suchabos")
        constraints = [
            models.UniqueConstraint(fields=["email", "query", "region"],
                                    name="alerts_one_per_search_and_region"),
        ]
        indexes = [models.Index(fields=["frequency", "checked_at"], name="alerts_due")]

    def __str__(self):
        return f"{self.get_frequency_display()}: ?{self.query}"
