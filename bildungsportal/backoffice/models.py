"""The change history of offerings: who changed what, when; every entry can be reverted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bildungsportal.catalog.models import Offering


class OfferingChange(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", _("angelegt")
        EDITED = "edited", _("bearbeitet")
        SUBMITTED = "submitted", _("zur Freigabe eingereicht")
        PUBLISHED = "published", _("veröffentlicht")
        APPROVED = "approved", _("freigegeben")
        REJECTED = "rejected", _("zurückgewiesen")
        ARCHIVED = "archived", _("archiviert")
        REVERTED = "reverted", _("zurückgesetzt")
        IMPORTED = "imported", _("importiert")
        MERGED = "merged", _("zusammengeführt")

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("von"),
    )
    action = models.CharField(_("Aktion"), max_length=10, choices=Action.choices)
    created_at = models.DateTimeField(_("am"), auto_now_add=True)
    # {field: [before, after]} for the fields that changed (runs as one "runs" entry).
    changes = models.JSONField(default=dict)
    # The offering's full state after the change (fields, vocabulary slugs, runs), for revert.
    snapshot = models.JSONField(default=dict)
    note = models.CharField(_("Anmerkung"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Änderung")
        verbose_name_plural = _("Änderungen")

    def __str__(self):
        return f"{self.offering_id} {self.get_action_display()} {self.created_at:%d.%m.%Y}"
