from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .geo import haversine_km


class MunicipalityQuerySet(models.QuerySet):
    def in_district(self):
        return self.filter(in_district=True)


class Municipality(models.Model):
    """A town of the district (AGS 06431001–06431022) or a neighbour city."""

    ags = models.CharField(_("AGS"), max_length=8, unique=True)
    name = models.CharField(_("Name"), max_length=100)
    official_name = models.CharField(_("amtlicher Name"), max_length=150)
    slug = models.SlugField(unique=True)
    in_district = models.BooleanField(_("im Kreis"), default=True)
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
