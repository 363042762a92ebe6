"""Load the reference data shipped in the repository: places, then the catalog vocabularies."""

import csv
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from bildungsportal.places.models import Municipality, PostalCode, Region
from bildungsportal.places.regions import default_region

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def read_csv(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@transaction.atomic
def load_municipalities():
    # The default region first: a flushed database (tests with transaction=True) has no
    # Region row, and the towns of the district would otherwise belong to none.
    default_region()
    regions = {region.key: region for region in Region.objects.all()}
    for row in read_csv("municipalities.csv"):
        Municipality.objects.update_or_create(
            ags=row["ags"],
            defaults={
                "name": row["name"],
                "slug": row["slug"],
                "official_name": row["official_name"],
                # A town belongs to the region whose Kreisschlüssel starts its AGS, if the
                # instance serves that region; neighbour cities belong to none.
                "region": regions.get(row["ags"][:5]),
                "postcodes": row["postcodes"].split(";"),
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
                "population": int(row["population"]),
                "area_km2": float(row["area_km2"]),
            },
        )


@transaction.atomic
def load_postcodes():
    rows = read_csv("postcodes.csv")
    PostalCode.objects.bulk_create(
        [
            PostalCode(
                code=row["code"], place=row["place"],
                latitude=float(row["latitude"]), longitude=float(row["longitude"]),
            )
            for row in rows
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["place", "latitude", "longitude"],
    )
    PostalCode.objects.exclude(code__in=[row["code"] for row in rows]).delete()


class Command(BaseCommand):
    help = "Load municipalities, postcodes and vocabularies (idempotent)."

    def handle(self, *args, **options):
        load_municipalities()
        load_postcodes()
        in_district = Municipality.objects.filter(region__isnull=False).count()
        neighbours = Municipality.objects.filter(region__isnull=True).count()
        self.stdout.write(
            f"Loaded {in_district + neighbours} municipalities ({in_district} towns of the "
            f"district plus {neighbours} neighbouring cities) and "
            f"{PostalCode.objects.count():,} postcodes."
        )
        call_command("load_vocabularies", stdout=self.stdout, verbosity=options["verbosity"])
