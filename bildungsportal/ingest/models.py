"""What the importer remembers: one ImportRun per import, one Feed per registered feed URL."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bildungsportal.catalog.models import Provider


class ImportRun(models.Model):
    """One import (CLI, upload or feed): what came in, what it changed, what was wrong."""

    class Status(models.TextChoices):
        SUCCESS = "success", _("erfolgreich")
        PARTIAL = "partial", _("teilweise (nur gültige Datensätze)")
        FAILED = "failed", _("fehlgeschlagen")

    class Origin(models.TextChoices):
        CLI = "cli", _("Kommandozeile")
        UPLOAD = "upload", _("Hochladen")
        FEED = "feed", _("Feed")

    provider = models.ForeignKey(
        Provider, on_delete=models.SET_NULL, null=True, blank=True, related_name="import_runs",
        verbose_name=_("Anbieter"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="import_runs", verbose_name=_("Benutzer"),
    )
    feed = models.ForeignKey(
        "Feed", on_delete=models.SET_NULL, null=True, blank=True, related_name="import_runs",
        verbose_name=_("Feed"),
    )
    origin = models.CharField(
        _("Herkunft"), max_length=10, choices=Origin.choices, default=Origin.CLI
    )
    format = models.CharField(_("Format"), max_length=20)
    source = models.CharField(_("Quelle"), max_length=50, blank=True)
    filename = models.CharField(_("Datei / URL"), max_length=500, blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices)
    records = models.PositiveIntegerField(_("Datensätze"), default=0)
    created = models.PositiveIntegerField(_("neu"), default=0)
    updated = models.PositiveIntegerField(_("aktualisiert"), default=0)
    unchanged = models.PositiveIntegerField(_("unverändert"), default=0)
    archived = models.PositiveIntegerField(_("archiviert"), default=0)
    skipped = models.PositiveIntegerField(_("übersprungen"), default=0)
    # The problem list as plain strings ("Datensatz 3: Titel fehlt"), capped by the pipeline.
    problems = models.JSONField(_("Probleme"), default=list, blank=True)
    started_at = models.DateTimeField(_("gestartet"), auto_now_add=True)
    finished_at = models.DateTimeField(_("beendet"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("Import")
        verbose_name_plural = _("Importe")

    def __str__(self):
        return f"{self.format} {self.started_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"


class Feed(models.Model):
    """A provider's feed URL, pulled regularly by ``bildungsportal sync``."""

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="feeds", verbose_name=_("Anbieter")
    )
    url = models.URLField(_("Adresse (URL)"), max_length=500)
    format = models.CharField(_("Format"), max_length=20)
    active = models.BooleanField(_("aktiv"), default=True)
    # Conditional GET: what the server sent last time, so an unchanged feed costs nothing.
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    # Incremental formats (another portal's change feed): where the next pull continues.
    cursor = models.CharField(max_length=40, blank=True)
    last_checked_at = models.DateTimeField(_("zuletzt abgerufen"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("zuletzt erfolgreich"), null=True, blank=True)
    last_status = models.CharField(_("letzter Status"), max_length=50, blank=True)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["provider__name", "url"]
        verbose_name = _("Feed")
        verbose_name_plural = _("Feeds")
        constraints = [
            models.UniqueConstraint(fields=["provider", "url"], name="feed_unique_provider_url"),
        ]

    def __str__(self):
        return f"{self.provider}: {self.url}"
