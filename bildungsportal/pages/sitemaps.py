"""sitemap.xml for search engines: the public pages, one section each (Django's sitemaps)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from bildungsportal.catalog.models import LifePhase, Offering, Provider
from bildungsportal.places.models import Municipality


class OfferingSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Offering.objects.published().only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, offering):
        return offering.updated_at


class ProviderSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Provider.objects.only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, provider):
        return provider.updated_at


class TownSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Municipality.objects.order_by("-in_district", "name")


class LifePhaseSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return LifePhase.objects.all()


class StaticSitemap(Sitemap):
    """The entry pages: home, search without parameters, the lists."""

    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["core:home", "catalog:search", "catalog:providers", "catalog:municipalities",
                "catalog:life_phases"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "seiten": StaticSitemap,
    "angebote": OfferingSitemap,
    "anbieter": ProviderSitemap,
    "orte": TownSitemap,
    "lebensphasen": LifePhaseSitemap,
}
