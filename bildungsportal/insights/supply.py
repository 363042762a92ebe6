"""Supply: published offerings and their runs, counted per town with a few aggregate queries.

An offering counts in a town when it has a *current* run at a venue there: a run that has not
ended (end date today or later; without an end date, a start today or later, or a weekly or
standing run). Online runs count apart: they serve every town. Neighbour cities are towns too
(their venues are in the catalog like ours), so the distance weighting can use them.
"""

from dataclasses import dataclass
from datetime import date, time

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from bildungsportal.catalog import vocabularies
from bildungsportal.catalog.models import LifePhase, Offering, Run, Topic
from bildungsportal.places.regions import current_region

LOW_COST_CENTS = 5000
EVENING = time(17)
WEEKEND_BITS = 32  # Saturday = 32, Sunday = 64: a bit set holds a weekend day iff it is ≥ 32
FREE = Q(offering__is_free=True) | Q(offering__price_cents=0)
PRICE_BANDS = {  # same codes as the survey's price question; the offering's full price
    "kostenfrei": FREE,
    "bis-50": FREE | Q(offering__price_cents__lte=5000),
    "bis-100": FREE | Q(offering__price_cents__lte=10000),
    "bis-250": FREE | Q(offering__price_cents__lte=25000),
    "ueber-250": Q(offering__price_cents__gt=25000),
}
METRICS = ("offerings", "free", "low_cost", "evening_weekend", "step_free", "runs_6m",
           "runs_12m", "hours_12m", "seats_12m", "seats_known_12m")


@dataclass(frozen=True)
class Scope:
    """What part of the catalog is counted: all of it, or one life phase, topic, format …"""

    life_phase: str | None = None
    topic: str | None = None
    format: str | None = None
    time_of_day: str | None = None
    price_band: str | None = None
    step_free: bool = False


def add_months(day, months):
    """The same day ``months`` later (the month's last day where it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # unreachable


def topic_ids(slug):
    """The topic and its subtopics (a top-level topic counts its subtopics' offerings)."""
    return list(Topic.objects.filter(Q(slug=slug) | Q(parent__slug=slug)).values_list("pk",
                                                                                      flat=True))


def current_runs(today):
    """Runs of published offerings that have not ended."""
    not_ended = (Q(end_date__gte=today)
                 | Q(end_date__isnull=True) & (Q(start_date__isnull=True)
                                               | Q(start_date__gte=today)
                                               | ~Q(recurrence=Run.Recurrence.ONCE)))
    return Run.objects.filter(not_ended, offering__status=Offering.Status.PUBLISHED)


def scoped_runs(scope, today):
    """current_runs() narrowed to the scope, without joins that multiply rows."""
    runs = current_runs(today)
    if scope.life_phase:
        through = vocabularies.BY_KEY["life_phase"].through
        phase = LifePhase.objects.filter(slug=scope.life_phase).values("pk")
        runs = runs.filter(offering_id__in=through.objects.filter(
            lifephase_id__in=phase).values("offering_id"))
    if scope.topic:
        through = vocabularies.BY_KEY["topic"].through
        runs = runs.filter(offering_id__in=through.objects.filter(
            topic_id__in=topic_ids(scope.topic)).values("offering_id"))
    if scope.format:
        runs = runs.filter(offering__format__slug=scope.format)
    if scope.time_of_day:
        bounds = dict(zip(vocabularies.TIME_OF_DAY_CODES,
                          [(None, time(12)), (time(12), time(17)), (time(17), None)],
                          strict=True)).get(scope.time_of_day)
        if bounds:
            low, high = bounds
            if low:
                runs = runs.filter(start_time__gte=low)
            if high:
                runs = runs.filter(start_time__lt=high)
    if scope.price_band in PRICE_BANDS:
        runs = runs.filter(PRICE_BANDS[scope.price_band])
    if scope.step_free:
        runs = runs.filter(venue__step_free=True)
    return runs


def _aggregates(today):
    in_6m = Q(start_date__gte=today, start_date__lt=add_months(today, 6))
    in_12m = Q(start_date__gte=today, start_date__lt=add_months(today, 12))
    evening_weekend = (Q(start_time__gte=EVENING) | Q(weekdays__gte=WEEKEND_BITS)
                       | Q(weekdays=0, start_date__iso_week_day__gte=6))
    return {
        "offerings": Count("offering_id", distinct=True),
        "free": Count("offering_id", distinct=True, filter=FREE),
        "low_cost": Count("offering_id", distinct=True,
                          filter=FREE | Q(offering__price_cents__lte=LOW_COST_CENTS)),
        "evening_weekend": Count("offering_id", distinct=True, filter=evening_weekend),
        "step_free": Count("offering_id", distinct=True, filter=Q(venue__step_free=True)),
        "runs_6m": Count("id", filter=in_6m),
        "runs_12m": Count("id", filter=in_12m),
        "hours_12m": Sum("hours", filter=in_12m),
        "seats_12m": Sum("seats", filter=in_12m),
        "seats_known_12m": Count("seats", filter=in_12m),
    }


def _clean(row):
    return {key: float(row.get(key) or 0) if key == "hours_12m" else int(row.get(key) or 0)
            for key in METRICS}


def _chosen(today, metrics):
    """Only the aggregates asked for: each distinct count costs a sort of its own."""
    everything = _aggregates(today)
    return {key: everything[key] for key in (metrics or METRICS)}


def supply_by_town(scope=Scope(), today=None, town=None, metrics=None):
    """{municipality id: {metric: number}} for every town (district and neighbours) with
    supply in scope, one aggregate query; only ``town`` (a Municipality) when given."""
    today = today or date.today()
    runs = scoped_runs(scope, today)
    if town is not None:
        runs = runs.filter(venue__municipality=town)
    rows = (runs.filter(is_online=False, venue__municipality__isnull=False)
            .values(town=F("venue__municipality_id")).order_by()
            .annotate(**_chosen(today, metrics)))
    return {row["town"]: _clean(row) for row in rows}


def supply_in_district(scope=Scope(), today=None, metrics=None):
    """The same metrics for the district as a whole (an offering in two towns counts once)."""
    today = today or date.today()
    row = (scoped_runs(scope, today)
           .filter(is_online=False, venue__municipality__region=current_region())
           .aggregate(**_chosen(today, metrics)))
    return _clean(row)


def online_count(scope=Scope(), today=None):
    """Published offerings in scope with a current online run: they serve every town."""
    today = today or date.today()
    return (scoped_runs(scope, today).filter(is_online=True)
            .aggregate(n=Count("offering_id", distinct=True))["n"])


def supply_by_venue(scope=Scope(), today=None):
    """[(latitude, longitude, offerings)] per venue with a current run in scope.

    A venue without coordinates stands at its town's centre; one with neither is left out.
    """
    today = today or date.today()
    rows = (scoped_runs(scope, today).filter(is_online=False)
            .values("venue_id").order_by()
            .annotate(n=Count("offering_id", distinct=True),
                      lat=Coalesce("venue__latitude", "venue__municipality__latitude"),
                      lon=Coalesce("venue__longitude", "venue__municipality__longitude"))
            .values_list("lat", "lon", "n"))
    return [(lat, lon, n) for lat, lon, n in rows if lat is not None and lon is not None]


def supply_by_venue_and_topic(scope=Scope(), today=None):
    """{top-level topic id: [(latitude, longitude, offerings)]} in one query: the E2SFCA input
    for every topic at once (a subtopic's offering counts under its top-level topic)."""
    today = today or date.today()
    rows = (scoped_runs(scope, today).filter(is_online=False)
            .values("venue_id", top=Coalesce("offering__topics__parent_id",
                                             "offering__topics__id"))
            .order_by()
            .annotate(n=Count("offering_id", distinct=True),
                      lat=Coalesce("venue__latitude", "venue__municipality__latitude"),
                      lon=Coalesce("venue__longitude", "venue__municipality__longitude"))
            .values_list("top", "lat", "lon", "n"))
    out = {}
    for top, lat, lon, n in rows:
        if top is not None and lat is not None and lon is not None:
            out.setdefault(top, []).append((lat, lon, n))
    return out

