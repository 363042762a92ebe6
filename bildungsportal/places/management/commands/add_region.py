"""`bildungsportal add_region 06437 --host odenwald.example`: a new region, usable at once.

Its towns come from the shipped Germany-wide table (places/data/germany_municipalities.csv,
SOURCE.md); the postcodes table is Germany-wide already. Running it again updates the
region's host and name and adds towns it lacks; towns that exist keep their curated rows.
"""

import csv
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bildungsportal.core.slugs import german_slug
from bildungsportal.places.models import Municipality, PostalCode, Region

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# A DNS name: labels of letters, digits and inner hyphens, at least one dot, no port.
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")


def read(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def district_name(key):
    """The district's short name ("Darmstadt, Wissenschaftsstadt" → "Darmstadt"), or None."""
    for row in read("germany_districts.csv"):
        if row["key"] == key:
            return row["name"].split(",")[0].strip()
    return None


def unique_slug(model, wanted, suffix, exclude_pk=None):
    """`wanted` unless another row has it; then `wanted-suffix`, then numbered."""
    taken = model.objects.exclude(pk=exclude_pk)
    for candidate in (wanted, f"{wanted}-{suffix}",
                      *(f"{wanted}-{suffix}-{n}" for n in range(2, 100))):
        if not taken.filter(slug=candidate).exists():
            return candidate
    raise CommandError(f"No free slug for {wanted!r}.")


def add_region(key, host="", name=""):
    """Create or update the region `key` with its towns; (region, towns added, missing
    postcodes). Raises CommandError on bad input, before anything is written."""
    key = (key or "").strip()
    if not re.fullmatch(r"\d{5}", key):
        raise CommandError(f"'{key}' is no Kreisschlüssel: five digits, e.g. 06437.")
    official = district_name(key)
    if official is None:
        raise CommandError(f"{key} is no district or district-free city in the shipped "
                           "Gemeindeverzeichnis (places/data/germany_districts.csv).")
    host = (host or "").strip().lower().rstrip(".")
    if host and not HOST.match(host):
        raise CommandError(f"'{host}' is no valid host name (e.g. odenwald.example, no port, "
                           "no scheme).")
    region = Region.objects.filter(key=key).first()
    if host and Region.objects.filter(host=host).exclude(key=key).exists():
        raise CommandError(f"The host {host} belongs to the region "
                           f"{Region.objects.get(host=host)} already.")
    if not host and region is None:
        raise CommandError("A new region needs its host name: --host odenwald.example.")
    towns = [row for row in read("germany_municipalities.csv") if row["ags"][:5] == key]
    if not towns:
        raise CommandError(f"The table has no town of {key}.")

    with transaction.atomic():
        if region is None:
            name = name or official
            region = Region.objects.create(
                key=key, name=name, host=host,
                slug=unique_slug(Region, german_slug(name), key),
            )
        else:
            region.name = name or region.name
            region.host = host or region.host
            region.save()
        added = 0
        for row in towns:
            town = Municipality.objects.filter(ags=row["ags"]).first()
            if town is not None:  # curated rows (load_reference) keep their names and slugs
                if town.region_id != region.pk:
                    town.region = region
                    town.save(update_fields=["region"])
                continue
            Municipality.objects.create(
                ags=row["ags"], name=row["name"], official_name=row["official_name"],
                slug=unique_slug(Municipality, german_slug(row["name"]), region.slug),
                region=region, postcodes=row["postcodes"].split(";"),
                latitude=float(row["latitude"]), longitude=float(row["longitude"]),
                population=int(row["population"]),
                area_km2=float(row["area_km2"]) if row["area_km2"] else None,
            )
            added += 1
    wanted = {code for town in region.towns.all() for code in town.postcodes}
    known = set(PostalCode.objects.filter(code__in=wanted).values_list("code", flat=True))
    return region, added, sorted(wanted - known)


class Command(BaseCommand):
    help = "Add (or update) a region by its Kreisschlüssel, with its towns, on its own host."

    def add_arguments(self, parser):
        parser.add_argument("key", help="Kreisschlüssel, five digits (e.g. 06437)")
        parser.add_argument("--host", default="", help="host name of its site, e.g. "
                            "odenwald.example (also add it to ALLOWED_HOSTS)")
        parser.add_argument("--name", default="", help="display name (default: the "
                            "Gemeindeverzeichnis name)")

    def handle(self, *args, key, host, name, **options):
        region, added, missing = add_region(key, host, name)
        self.stdout.write(
            f"Region {region.name} ({region.key}) on {region.host or 'every other host'}: "
            f"{region.towns.count()} towns ({added} new), "
            f"{sum(t.population for t in region.towns.all()):,} inhabitants."
        )
        if region.host and region.host not in settings.ALLOWED_HOSTS and \
                "*" not in settings.ALLOWED_HOSTS:
            self.stdout.write(f"Add {region.host} to ALLOWED_HOSTS, else Django refuses its "
                              "requests (docs/regions.md).")
        if missing:
            self.stdout.write(f"Postcodes without coordinates in the postcode table (no "
                              f"distance search from them): {', '.join(missing)}")
