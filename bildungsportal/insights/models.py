"""Monitoring data the office keeps: term → topic mappings, published indicators, fields of
action, goals, measures and the monthly indicator snapshots."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bildungsportal.catalog.models import LifePhase, Topic
from bildungsportal.places.models import Municipality

from .definitions import INDICATOR_CHOICES

DISTRICT = "kreis"  # the slug that stands for the whole district in tables and snapshots


def region_field():
    """The region an office's monitoring record belongs to (issue 15); `save()` of
    `InRegion` fills it with the current region (the host's, else the default)."""
    return models.ForeignKey("places.Region", on_delete=models.CASCADE, related_name="+",
                             editable=False, verbose_name=_("Region"))


class InRegionQuerySet(models.QuerySet):
    def in_region(self, region=None):
        """The records of a region: the current request's (or the default) unless given."""
        from bildungsportal.places.regions import current_region

        return self.filter(region=region or current_region())


class InRegion(models.Model):
    """A record made in a region belongs to it unless one is set."""

    objects = InRegionQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.region_id is None:
            from bildungsportal.places.regions import current_region

            self.region = current_region()
        super().save(*args, **kwargs)


class TopicTerm(models.Model):
    """A frequent search term the office assigned to a topic ("englisch" → Sprachen)."""

    term = models.CharField(
        _("Suchbegriff"), max_length=200, unique=True,
        help_text=_("Wie im Nachfrage-Protokoll: klein, Umlaute ausgeschrieben."),
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, verbose_name=_("Thema"))
    note = models.CharField(_("Notiz"), max_length=200, blank=True)

    class Meta:
        ordering = ["term"]
        verbose_name = _("Suchbegriff → Thema")
        verbose_name_plural = _("Suchbegriffe → Themen")

    def __str__(self):
        return f"{self.term} → {self.topic}"


class PublishedIndicator(InRegion):
    """An indicator the office publishes on /bildung-in-zahlen/."""

    indicator = models.CharField(_("Indikator"), max_length=40, choices=INDICATOR_CHOICES)
    life_phase = models.ForeignKey(LifePhase, on_delete=models.CASCADE, null=True, blank=True,
                                   verbose_name=_("Lebensphase"))
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, null=True, blank=True,
                              verbose_name=_("Thema"))
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    region = region_field()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("veröffentlichter Indikator")
        verbose_name_plural = _("veröffentlichte Indikatoren")

    def __str__(self):
        return self.get_indicator_display()


class FieldOfAction(InRegion):
    """A Handlungsfeld of the district's education strategy."""

    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    region = region_field()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")

    def __str__(self):
        return self.title


class Goal(models.Model):
    """A goal of a field of action with a target value on one indicator."""

    field = models.ForeignKey(FieldOfAction, on_delete=models.PROTECT, related_name="goals",
                              verbose_name=_("Handlungsfeld"))
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    indicator = models.CharField(_("Indikator"), max_length=40, choices=INDICATOR_CHOICES)
    town = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                             verbose_name=_("Gemeinde"), help_text=_("Leer: ganzer Kreis."))
    life_phase = models.ForeignKey(LifePhase, on_delete=models.PROTECT, null=True, blank=True,
                                   verbose_name=_("Lebensphase"))
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, null=True, blank=True,
                              verbose_name=_("Thema"))
    target_value = models.FloatField(_("Zielwert"))
    target_date = models.DateField(_("Zieldatum"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["field", "title"]
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("insights_strategy:goal", kwargs={"pk": self.pk})

    @property
    def scope(self):
        """(town slug, life phase slug, topic slug) as stored in the snapshots."""
        return (self.town.slug if self.town_id else DISTRICT,
                self.life_phase.slug if self.life_phase_id else "",
                self.topic.slug if self.topic_id else "")


class Measure(InRegion):
    """A Maßnahme: who does what by when, for a goal or against a gap."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        RUNNING = "running", _("läuft")
        DONE = "done", _("abgeschlossen")
        PAUSED = "paused", _("ausgesetzt")

    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    actors = models.TextField(_("Verantwortliche Akteure"),
                              help_text=_("Eine Organisation oder Person je Zeile."))
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices,
                              default=Status.PLANNED)
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    goal = models.ForeignKey(Goal, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="measures", verbose_name=_("Ziel"))
    gap_town = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("Lücke: Gemeinde"))
    gap_topic = models.ForeignKey(Topic, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("Lücke: Thema"))
    region = region_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["status", "end_date", "title"]
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="measure_end_not_before_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("insights_strategy:measure_edit", kwargs={"pk": self.pk})

    @property
    def actor_list(self):
        return [line.strip() for line in self.actors.splitlines() if line.strip()]


class IndicatorSnapshot(InRegion):
    """One indicator value on one day, for one town (or "kreis"), life phase and topic.

    Survey figures are stored already suppressed: ``value`` and ``n`` are empty where the
    page would show "zu wenige Antworten".
    """

    taken_on = models.DateField(_("Stichtag"))
    indicator = models.CharField(_("Indikator"), max_length=40, choices=INDICATOR_CHOICES)
    town = models.CharField(_("Gemeinde"), max_length=80)  # slug, or "kreis"
    life_phase = models.CharField(_("Lebensphase"), max_length=80, blank=True)
    topic = models.CharField(_("Thema"), max_length=80, blank=True)
    value = models.FloatField(_("Wert"), null=True, blank=True)
    n = models.PositiveIntegerField(_("Fallzahl"), null=True, blank=True)
    region = region_field()

    class Meta:
        ordering = ["taken_on", "indicator", "town"]
        verbose_name = _("Indikator-Stand")
        verbose_name_plural = _("Indikator-Stände")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "taken_on", "indicator", "town", "life_phase", "topic"],
                name="indicator_snapshot_unique",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "town", "life_phase", "topic", "taken_on"])]

    def __str__(self):
        return f"{self.taken_on} {self.indicator} {self.town}"
