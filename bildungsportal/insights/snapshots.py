"""Monthly snapshots of every indicator, so a goal shows its line and two dates compare.

Survey figures are stored suppressed (empty where a page shows "zu wenige Antworten").
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from bildungsportal.places.models import Region
from bildungsportal.places.regions import current_region, using_region

from .indicators import every_table
from .models import DISTRICT, IndicatorSnapshot


def rows_of(tables, taken_on):
    region = current_region()
    for table in tables:
        for item in [*table.towns, table.district]:
            yield IndicatorSnapshot(
                region=region, taken_on=taken_on, indicator=table.indicator.key, town=item.slug,
                life_phase=table.filters.life_phase or "", topic=table.filters.topic or "",
                value=None if item.suppressed else item.value,
                n=None if item.suppressed and item.n is None else item.n,
            )


def take_snapshot(taken_on=None, *, today=None):
    """Compute every indicator and store it under ``taken_on`` (replacing that day's rows).
    Returns the number of rows stored. The current region's (the snapshot task enters each
    region in turn)."""
    taken_on = taken_on or date.today()
    rows = list(rows_of(every_table(today=today or taken_on), taken_on))
    with transaction.atomic():
        IndicatorSnapshot.objects.in_region().filter(taken_on=taken_on).delete()
        IndicatorSnapshot.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def snapshot_every_region(taken_on=None, *, today=None):
    """take_snapshot for each region of the instance in turn; {region: rows stored}."""
    stored = {}
    for region in Region.objects.all():
        with using_region(region):
            stored[region] = take_snapshot(taken_on, today=today)
    return stored


def snapshot_dates():
    return list(IndicatorSnapshot.objects.in_region().order_by("-taken_on").values_list(
        "taken_on", flat=True).distinct())


def series(indicator, town=DISTRICT, life_phase="", topic=""):
    """[(date, value, n)] of one indicator over time, oldest first."""
    return list(IndicatorSnapshot.objects.in_region().filter(
        indicator=indicator, town=town, life_phase=life_phase or "", topic=topic or "",
    ).order_by("taken_on").values_list("taken_on", "value", "n"))


@dataclass(frozen=True)
class Change:
    indicator: str
    town: str
    life_phase: str
    topic: str
    before: float | None
    after: float | None

    @property
    def difference(self):
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def compare(first, second, *, indicator=None, town=None, life_phase="", topic=""):
    """[Change] between two snapshot dates for the rows present on either date."""
    rows = IndicatorSnapshot.objects.in_region().filter(taken_on__in=[first, second],
                                            life_phase=life_phase or "", topic=topic or "")
    if indicator:
        rows = rows.filter(indicator=indicator)
    if town:
        rows = rows.filter(town=town)
    values = {}
    for taken_on, key, slug, value in rows.values_list("taken_on", "indicator", "town",
                                                       "value"):
        values.setdefault((key, slug), {})[taken_on] = value
    return [Change(key, slug, life_phase or "", topic or "", found.get(first),
                   found.get(second))
            for (key, slug), found in sorted(values.items())]
