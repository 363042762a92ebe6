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


class DuplicatePair(models.Model):
    """Two offerings that look like the same course from two sources, and the office's decision.

    A pair is stored once (``first`` has the lower id); once decided it is never suggested
    again.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        MERGED = "merged", _("zusammengeführt")
        KEPT_APART = "kept_apart", _("getrennt gelassen")

    first = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="+", verbose_name=_("Angebot 1")
    )
    second = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="+", verbose_name=_("Angebot 2")
    )
    score = models.FloatField(_("Ähnlichkeit des Titels"))
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    kept = models.ForeignKey(
        Offering, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("behalten"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("entschieden von"),
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    created_at = models.DateTimeField(_("gefunden am"), auto_now_add=True)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("mögliche Dublette")
        verbose_name_plural = _("mögliche Dubletten")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")),
                name="duplicate_pair_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.first_id} ~ {self.second_id} ({self.get_status_display()})"


class LinkCheck(models.Model):
    """The latest check of an offering's registration link (one row per offering)."""

    offering = models.OneToOneField(
        Offering, on_delete=models.CASCADE, related_name="link_check",
        verbose_name=_("Angebot"),
    )
    # The address that was checked: when the offering's link changes, the result is stale.
    url = models.URLField(_("geprüfte Adresse"), max_length=500)
    ok = models.BooleanField(_("erreichbar"))
    status_code = models.PositiveSmallIntegerField(_("HTTP-Status"), null=True, blank=True)
    error = models.CharField(_("Fehler"), max_length=300, blank=True)
    checked_at = models.DateTimeField(_("geprüft am"), db_index=True)

    class Meta:
        ordering = ["checked_at"]
        verbose_name = _("Linkprüfung")
        verbose_name_plural = _("Linkprüfungen")

    def __str__(self):
        return f"{self.url}: {self.status_code or self.error}"
