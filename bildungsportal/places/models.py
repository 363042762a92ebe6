from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .colours import validate_brand_colour
from .geo import haversine_km


class Region(models.Model):
    """A district or district-free city the instance serves, by its Kreisschlüssel.

    It owns its towns; the request's host name picks it (`places.regions`), and the instance's
    default region answers every host no region claims, so a one-region instance keeps its URLs.
    """

    key = models.CharField(
        _("Kreisschlüssel"), max_length=5, unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("Der Kreisschlüssel hat fünf Ziffern."))],
    )
    name = models.CharField(_("Name"), max_length=150)
    slug = models.SlugField(unique=True)
    # Lower-case host name without port; empty for the default region, which answers any host.
    host = models.CharField(_("Hostname"), max_length=253, blank=True)
    is_default = models.BooleanField(_("Standardregion"), default=False)
    # A radius search near the border also shows the neighbours' offerings, labelled.
    cross_border_search = models.BooleanField(
        _("Umkreissuche über die Grenze"), default=True,
        help_text=_("Eine Umkreissuche zeigt auch Angebote benachbarter Regionen, mit deren "
                    "Namen gekennzeichnet."),
    )
    # Its public site (docs/regions.md); empty fields keep the instance's look.
    site_name = models.CharField(
        _("Name der Website"), max_length=150, blank=True,
        help_text=_("In Titel, Kopf- und Fußzeile, Mails und Feeds. Leer: „Bildungsportal“ "
                    "und der Name der Region (die Standardregion: SITE_NAME)."),
    )
    logo = models.BinaryField(_("Logo"), blank=True, null=True, editable=True)
    logo_type = models.CharField(_("Bildformat des Logos"), max_length=30, blank=True)
    primary_colour = models.CharField(
        _("Hauptfarbe"), max_length=7, blank=True, validators=[validate_brand_colour],
        help_text=_("Hex-Wert, z. B. #0a4a8a; weiße Schrift darauf braucht 4,5:1 Kontrast."),
    )
    accent_colour = models.CharField(
        _("Akzentfarbe"), max_length=7, blank=True, validators=[validate_brand_colour],
        help_text=_("Für Hover und dunkle Flächen; ebenfalls 4,5:1 mit weißer Schrift."),
    )
    # {"de": {"title": …, "intro": …}, "en": {…}}: the home page's heading and first
    # paragraph per language; a language without its own text shows the German one.
    home_texts = models.JSONField(_("Texte der Startseite"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("Region")
        verbose_name_plural = _("Regionen")
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True),
                                    name="region_one_default"),
            models.UniqueConstraint(fields=["host"], condition=~Q(host=""),
                                    name="region_host_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def site_title(self):
        """The site's name: its own, the instance's for the default region, else generic."""
        if self.site_name:
            return self.site_name
        return settings.SITE_NAME if self.is_default else f"Bildungsportal {self.name}"

    @property
    def has_branding(self):
        return bool(self.primary_colour or self.accent_colour)


class MunicipalityQuerySet(models.QuerySet):
    def in_district(self, region=None):
        """The towns of a region: the current request's (or the default) unless one is given."""
        from .regions import current_region

        return self.filter(region=region or current_region())

    def district_first(self, region=None):
        """All towns, those of the region first (then neighbours), each part by name."""
        from .regions import current_region

        region = region or current_region()
        return self.annotate(
            _in_region=Case(When(region=region, then=Value(0)), default=Value(1))
        ).order_by("_in_region", "name")


class Municipality(models.Model):
    """A town of a region (e.g. AGS 06431001–06431022) or a neighbour city (no region)."""

    ags = models.CharField(_("AGS"), max_length=8, unique=True)
    name = models.CharField(_("Name"), max_length=100)
    official_name = models.CharField(_("amtlicher Name"), max_length=150)
    slug = models.SlugField(unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="towns",
        verbose_name=_("Region"),
    )
    postcodes = models.JSONField(_("Postleitzahlen"), default=list)
    latitude = models.FloatField(_("Breitengrad"))
    longitude = models.FloatField(_("Längengrad"))
    population = models.PositiveIntegerField(_("Einwohner (Zensus 2022)"))
    area_km2 = models.FloatField(_("Fläche (km²)"), null=True, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Gemeinde")
        verbose_name_plural = _("Gemeinden")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:municipality", kwargs={"slug": self.slug})

    @property
    def in_district(self):
        """True for a town of the current request's (or the default) region."""
        from .regions import current_region

        return self.region_id is not None and self.region_id == current_region().pk

    def distance_km(self, latitude, longitude):
        return haversine_km(self.latitude, self.longitude, latitude, longitude)


class PostalCode(models.Model):
    """A German postcode with the centre of its area, for offline distance search."""

    code = models.CharField(_("PLZ"), max_length=5, unique=True)
    place = models.CharField(_("Ort"), max_length=150)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["code"]
        verbose_name = _("Postleitzahl")
        verbose_name_plural = _("Postleitzahlen")

    def __str__(self):
        return f"{self.code} {self.place}"
