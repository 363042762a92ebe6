from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bildungsportal.core.slugs import german_slug
from bildungsportal.places.models import Municipality


# Vocabularies are data: the office edits them in the admin, the reference loader seeds them.
class Vocabulary(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=150)
    description = models.TextField(_("Beschreibung"), blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    # The term in the other languages of the site, as data: {"en": {"name": …, "description": …}}.
    # German is name/description; a missing language or field falls back to them.
    translations = models.JSONField(_("Übersetzungen"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def translated(self, field, language=None):
        """`name` or `description` in the language (the active one by default), else German."""
        entry = (self.translations or {}).get(language or get_language() or "de") or {}
        return entry.get(field) or getattr(self, field)

    @property
    def local_name(self):
        return self.translated("name")

    @property
    def local_description(self):
        return self.translated("description")


class LifePhase(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("Lebensphase")
        verbose_name_plural = _("Lebensphasen")

    def get_absolute_url(self):
        return reverse("catalog:life_phase", kwargs={"slug": self.slug})


class Topic(Vocabulary):
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("übergeordnetes Thema"),
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")


class TargetGroup(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")


class Format(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("Format")
        verbose_name_plural = _("Formate")


class FundingOption(Vocabulary):
    url = models.URLField(_("Informationen"), blank=True)

    class Meta(Vocabulary.Meta):
        verbose_name = _("Förderung")
        verbose_name_plural = _("Förderungen")


class QualitySeal(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("Qualitätssiegel")
        verbose_name_plural = _("Qualitätssiegel")


class Language(Vocabulary):
    """A language of instruction; slug is the ISO 639-1 code."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("Sprache")
        verbose_name_plural = _("Sprachen")


class DqrLevel(models.Model):
    level = models.PositiveSmallIntegerField(
        primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    name = models.CharField(_("Bezeichnung"), max_length=50)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        ordering = ["level"]
        verbose_name = _("DQR-Niveau")
        verbose_name_plural = _("DQR-Niveaus")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=8), name="dqr_level_range"
            )
        ]

    def __str__(self):
        return self.name


class Provider(models.Model):
    class Kind(models.TextChoices):
        VHS = "vhs", _("Volkshochschule")
        SCHOOL = "school", _("Schule")
        KITA = "kita", _("Kita")
        LIBRARY = "library", _("Bibliothek")
        MUSIC_SCHOOL = "music_school", _("Musikschule")
        CHAMBER = "chamber", _("Kammer")
        ASSOCIATION = "association", _("Verein / Verband")
        COMPANY = "company", _("Unternehmen / privater Anbieter")
        COUNSELLING = "counselling", _("Beratungsstelle")
        PUBLIC_OFFICE = "public_office", _("Behörde / Amt")
        UNIVERSITY = "university", _("Hochschule")
        CHURCH = "church", _("Kirche / religiöse Einrichtung")
        OTHER = "other", _("Sonstige")

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("Beschreibung"), blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=5, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True,
        related_name="providers", verbose_name=_("Gemeinde"),
    )
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    website = models.URLField(_("Website"), blank=True)
    quality_seals = models.ManyToManyField(
        QualitySeal, blank=True, related_name="providers", verbose_name=_("Qualitätssiegel")
    )
    # Where the provider's online offerings are shown; empty = its home region (the region
    # of its town, else the instance's default region). Placed offerings are shown in the
    # regions of their venues' towns (catalog/regions.py).
    online_regions = models.ManyToManyField(
        "places.Region", blank=True, related_name="online_providers",
        verbose_name=_("Online-Angebote zeigen in"),
    )
    source = models.CharField(_("Quelle"), max_length=50, default="manual")
    # Set when the education office first approves the provider's offerings; from then on the
    # provider's own edits go live without review.
    approved_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt aktualisiert"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Anbieter")
        verbose_name_plural = _("Anbieter")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = provider_slug(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:provider", kwargs={"pk": self.pk, "slug": self.slug})


class Venue(models.Model):
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, null=True, blank=True, related_name="venues",
        verbose_name=_("Anbieter"),
    )
    name = models.CharField(_("Name"), max_length=200)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=5, blank=True)
    # Empty for a venue outside our municipalities (Berlin, distance learning weekends …);
    # such a venue names its place in `locality` instead.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="venues",
        verbose_name=_("Gemeinde"),
    )
    locality = models.CharField(_("Ort"), max_length=100, blank=True)
    latitude = models.FloatField(_("Breitengrad"), null=True, blank=True)
    longitude = models.FloatField(_("Längengrad"), null=True, blank=True)
    step_free = models.BooleanField(_("stufenlos erreichbar"), null=True, blank=True)
    accessibility_notes = models.TextField(_("Hinweise zur Barrierefreiheit"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Veranstaltungsort")
        verbose_name_plural = _("Veranstaltungsorte")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="venue_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="venue_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(municipality__isnull=False) | ~Q(locality=""),
                name="venue_municipality_or_locality",
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.town_name}"

    @property
    def town_name(self):
        """The name of the venue's place: our municipality, or the locality outside."""
        return self.municipality.name if self.municipality_id else self.locality

    @property
    def coordinates(self):
        """The venue's own coordinates, the town centre as a fallback, else (None, None)."""
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        if self.municipality_id:
            return self.municipality.latitude, self.municipality.longitude
        return None, None


def offering_slug(title):
    """The one slug rule for offerings (the URL's /angebote/<id>-<slug>/)."""
    return german_slug(title)[:250].strip("-") or "angebot"


def provider_slug(name):
    """The one slug rule for providers (the URL's /anbieter/<id>-<slug>/)."""
    return german_slug(name)[:200].strip("-") or "anbieter"


class OfferingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Offering.Status.PUBLISHED)


class Offering(models.Model):
    """The stable description of a course, programme, service or standing offer."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        # A new provider's offerings wait here until the education office approves them.
        PENDING = "pending", _("wartet auf Freigabe")
        PUBLISHED = "published", _("veröffentlicht")
        ARCHIVED = "archived", _("archiviert")

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="offerings", verbose_name=_("Anbieter")
    )
    title = models.CharField(_("Titel"), max_length=250)
    slug = models.SlugField(max_length=250)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=500, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    entry_requirements = models.TextField(_("Zugangsvoraussetzungen"), blank=True)
    life_phases = models.ManyToManyField(
        LifePhase, related_name="offerings", verbose_name=_("Lebensphasen")
    )
    topics = models.ManyToManyField(Topic, related_name="offerings", verbose_name=_("Themen"))
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="offerings", verbose_name=_("Zielgruppen")
    )
    format = models.ForeignKey(
        Format, on_delete=models.PROTECT, related_name="offerings", verbose_name=_("Format")
    )
    languages = models.ManyToManyField(
        Language, related_name="offerings", verbose_name=_("Unterrichtssprachen")
    )
    price_cents = models.PositiveIntegerField(_("Preis (Cent)"), null=True, blank=True)
    price_reduced_cents = models.PositiveIntegerField(
        _("ermäßigter Preis (Cent)"), null=True, blank=True
    )
    is_free = models.BooleanField(_("kostenfrei"), default=False)
    price_note = models.CharField(_("Hinweis zum Preis"), max_length=300, blank=True)
    funding_options = models.ManyToManyField(
        FundingOption, blank=True, related_name="offerings", verbose_name=_("Fördermöglichkeiten")
    )
    certificate = models.CharField(_("Abschluss / Zertifikat"), max_length=250, blank=True)
    dqr_level = models.ForeignKey(
        DqrLevel, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("DQR-Niveau")
    )
    registration_url = models.URLField(_("Anmeldung (Link)"), max_length=500, blank=True)
    registration_contact = models.CharField(_("Anmeldung (Kontakt)"), max_length=250, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    source = models.CharField(_("Quelle"), max_length=50, default="manual")
    external_id = models.CharField(_("externe ID"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt aktualisiert"), auto_now=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="offering_unique_source_external_id",
            ),
            # A free offering has no price; a reduced price is below the full one.
            models.CheckConstraint(
                condition=Q(is_free=False) | Q(price_cents__isnull=True) | Q(price_cents=0),
                name="offering_free_has_no_price",
            ),
            models.CheckConstraint(
                condition=Q(price_reduced_cents__isnull=True)
                | Q(price_cents__isnull=False, price_reduced_cents__lte=models.F("price_cents")),
                name="offering_reduced_price_below_price",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = offering_slug(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:offering", kwargs={"pk": self.pk, "slug": self.slug})


class Run(models.Model):
    """One dated, recurring or standing instance of an offering."""

    class Recurrence(models.TextChoices):
        ONCE = "once", _("einmalig / fester Zeitraum")
        WEEKLY = "weekly", _("wöchentlich")
        STANDING = "standing", _("laufend, ohne feste Termine")

    class BookingStatus(models.TextChoices):
        OPEN = "open", _("Plätze frei")
        FEW = "few", _("wenige Plätze frei")
        FULL = "full", _("ausgebucht")
        WAITLIST = "waitlist", _("Warteliste")
        CANCELLED = "cancelled", _("abgesagt")
        NO_BOOKING = "none", _("ohne Anmeldung")

    # Weekdays as a bit set, Monday = 1 … Sunday = 64, so one integer answers "runs on Tuesday?".
    WEEKDAY_BITS = {0: 1, 1: 2, 2: 4, 3: 8, 4: 16, 5: 32, 6: 64}

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="runs", verbose_name=_("Angebot")
    )
    recurrence = models.CharField(
        _("Rhythmus"), max_length=10, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    weekdays = models.PositiveSmallIntegerField(
        _("Wochentage"), default=0, validators=[MaxValueValidator(127)]
    )
    start_time = models.TimeField(_("von"), null=True, blank=True)
    end_time = models.TimeField(_("bis"), null=True, blank=True)
    sessions = models.PositiveSmallIntegerField(_("Anzahl Termine"), null=True, blank=True)
    hours = models.DecimalField(
        _("Unterrichtsstunden"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    seats = models.PositiveSmallIntegerField(_("Plätze"), null=True, blank=True)
    booking_status = models.CharField(
        _("Buchungsstatus"), max_length=10, choices=BookingStatus.choices,
        default=BookingStatus.OPEN,
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="runs",
        verbose_name=_("Veranstaltungsort"),
    )
    is_online = models.BooleanField(_("online"), default=False)
    price_cents = models.PositiveIntegerField(
        _("Preis (Cent), falls abweichend"), null=True, blank=True
    )
    note = models.CharField(_("Hinweis"), max_length=300, blank=True)
    external_id = models.CharField(_("externe ID"), max_length=200, blank=True)

    class Meta:
        ordering = ["start_date", "start_time", "id"]
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="run_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="run_end_time_after_start_time",
            ),
            models.CheckConstraint(
                condition=Q(venue__isnull=False) | Q(is_online=True),
                name="run_has_venue_or_is_online",
            ),
            models.CheckConstraint(
                condition=Q(weekdays__lte=127), name="run_weekdays_bitset"
            ),
            models.CheckConstraint(
                condition=~Q(recurrence="once") | Q(start_date__isnull=False),
                name="run_once_has_start_date",
            ),
        ]
        indexes = [models.Index(fields=["offering", "start_date"])]

    def __str__(self):
        return f"{self.offering} – {self.start_date or self.get_recurrence_display()}"

    @property
    def weekday_numbers(self):
        """Weekdays 0 (Monday) … 6 (Sunday), derived from the start date if not set."""
        bits = self.weekdays or (
            self.WEEKDAY_BITS[self.start_date.weekday()] if self.start_date else 0
        )
        return [day for day, bit in self.WEEKDAY_BITS.items() if bits & bit]

    @property
    def effective_price_cents(self):
        return self.price_cents if self.price_cents is not None else self.offering.price_cents

    def is_past(self, today=None):
        today = today or date.today()
        last = self.end_date or self.start_date
        return last is not None and last < today
