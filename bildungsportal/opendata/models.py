"""The change feed's log: the latest public change of each offering, ordered by id (cursor)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FeedEntry(models.Model):
    """The latest public change of one offering; its id is the feed's cursor.

    The log is compacted as it is written: a new change of an offering replaces its older
    entry with a new one (a higher id), so the table holds one row per offering that was ever
    public. A reader who continues after any cursor still sees every offering whose public
    state changed since, in the state it has now (docs/open-data.md, "Cursor").
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("neu")
        CHANGED = "changed", _("geändert")
        WITHDRAWN = "withdrawn", _("zurückgezogen")
        DELETED = "deleted", _("gelöscht")

    TOMBSTONES = (Kind.WITHDRAWN, Kind.DELETED)

    # No foreign key: the entry of a deleted offering outlives it (its tombstone).
    offering_id = models.BigIntegerField(_("Angebot"), unique=True)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    recorded_at = models.DateTimeField(_("erfasst"), default=timezone.now)
    # The offering's JSON (as /api/v1/offerings/{id} in the default language), rendered ahead
    # by log.warm() so that long pages of the feed are served without rendering; empty until
    # then and after a vocabulary edit (the reader renders it live).
    body = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["id"]
        verbose_name = _("Änderung")
        verbose_name_plural = _("Änderungen")

    def __str__(self):
        return f"{self.pk}: {self.offering_id} {self.kind}"

    @property
    def is_tombstone(self):
        return self.kind in self.TOMBSTONES
