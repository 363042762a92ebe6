"""sitemap.xml for search engines: the public pages, one section each (Django's sitemaps)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.urls import reverse

from bildungsportal.catalog.models import LifePhase, Offering, Provider
from bildungsportal.catalog.regions import offerings_in_region, providers_at_home_in
from bildungsportal.places.models import Municipality
from bildungsportal.places.regions import current_region


class LanguageSitemap(Sitemap):
    """Every page in every language (/en/…, /ar/…), each with its hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True


class OfferingSitemap(LanguageSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        # The host's region only: each region's site lists its own part of the catalog.
        return offerings_in_region(current_region(), Offering.objects.published()).only(
            "pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, offering):
        return offering.updated_at


class ProviderSitemap(LanguageSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        region = current_region()
        shown = offerings_in_region(region, Offering.objects.published())
        return Provider.objects.filter(
            Q(pk__in=providers_at_home_in(region).values("pk"))
            | Q(pk__in=shown.values("provider_id"))
        ).only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, provider):
        return provider.updated_at


class TownSitemap(LanguageSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        # The region's towns and the neighbour cities that belong to no region of the instance.
        return Municipality.objects.district_first().filter(
            Q(region=current_region()) | Q(region__isnull=True))


class LifePhaseSitemap(LanguageSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return LifePhase.objects.all()


class StaticSitemap(LanguageSitemap):
    """The entry pages: home, search without parameters, the lists."""

    changefreq = "daily"
    priority = 1.0

    def items(self):
        # By URL name: the finder and the monitoring live in apps above this one.
        return ["core:home", "catalog:search", "catalog:providers", "catalog:municipalities",
                "catalog:life_phases", "finder:find", "insights:public", "opendata:index"]

    def location(self, name):
        return reverse(name)


class GermanOnlySitemap(Sitemap):
    """Pages that exist in one language: Leichte Sprache is German by definition."""

    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return ["easyread:home"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "seiten": StaticSitemap,
    "deutsch": GermanOnlySitemap,
    "angebote": OfferingSitemap,
    "anbieter": ProviderSitemap,
    "orte": TownSitemap,
    "lebensphasen": LifePhaseSitemap,
}
