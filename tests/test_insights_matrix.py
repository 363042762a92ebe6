"""The supply matrix (numpy, built once per catalog version) gives exactly what the plain
aggregate queries of supply.py give, for many scopes on a random catalog; it follows changes."""

import random
from datetime import time, timedelta

import pytest

from bildungsportal.catalog.models import Format, LifePhase, Run, Topic
from bildungsportal.insights import gaps, supply
from bildungsportal.insights.matrix import get_matrix
from bildungsportal.places.management.commands.load_reference import load_municipalities
from bildungsportal.places.models import Municipality
from tests import factories as f

pytestmark = pytest.mark.django_db

SCOPES = [
    supply.Scope(),
    supply.Scope(life_phase="bildung-im-alter"),
    supply.Scope(topic="sprachen"),
    supply.Scope(topic="englisch"),
    supply.Scope(format="online"),
    supply.Scope(time_of_day="abends"),
    supply.Scope(time_of_day="vormittags", step_free=True),
    supply.Scope(price_band="bis-50"),
    supply.Scope(price_band="ueber-250", life_phase="weiterbildung-beruf"),
    supply.Scope(price_band="kostenfrei", topic="gesundheit", time_of_day="nachmittags"),
]


@pytest.fixture
def random_catalog():
    """A few hundred runs with every kind of fact, some past, undated, online or unplaced."""
    rng = random.Random(12)
    load_municipalities()
    vocab = f.vocabularies()
    towns = list(Municipality.objects.all())
    topics = [vocab["languages"], vocab["english"], vocab["health"]]
    phases = [vocab["adults"], vocab["seniors"]]
    formats = [vocab["in_person"], vocab["online"]]
    providers = [f.provider(f"Anbieter {i}", municipality=rng.choice(towns)) for i in range(8)]
    venues = []
    for i in range(25):
        town = rng.choice(towns)
        coords = ({} if i % 7 == 0 else
                  {"latitude": town.latitude + rng.uniform(-0.02, 0.02),
                   "longitude": town.longitude + rng.uniform(-0.02, 0.02)})
        venues.append(f.venue(town, name=f"Ort {i}", step_free=rng.choice([True, False, None]),
                              **coords))
    for i in range(120):
        price = rng.choice([None, 0, 3000, 5000, 9000, 20000, 40000])
        offering = f.offering(
            rng.choice(providers), vocab, f"Kurs {i}",
            topics=rng.sample(topics, rng.randint(0, 2)),
            phases=rng.sample(phases, rng.randint(0, 2)),
            format=rng.choice(formats), price_cents=price,
            is_free=price in (None, 0) and rng.random() < 0.5,
            status="published" if i % 9 else "draft")
        for _ in range(rng.randint(1, 3)):
            online = rng.random() < 0.15
            start = rng.choice([None, f.TODAY + timedelta(days=rng.randint(-60, 500))])
            hour = rng.choice([None, 8, 11, 12, 16, 17, 19])
            recurrence = rng.choice([Run.Recurrence.ONCE, Run.Recurrence.WEEKLY])
            if start is None:
                recurrence = Run.Recurrence.WEEKLY
            f.run(offering, None if online else rng.choice(venues), is_online=online,
                  start_date=start, recurrence=recurrence,
                  weekdays=rng.choice([0, 1, 4, 32, 64, 96]),
                  start_time=time(hour) if hour is not None else None,
                  hours=rng.choice([None, 2, 7.5, 30]), seats=rng.choice([None, 8, 15]))
    return vocab


def test_matrix_equals_the_aggregate_queries(random_catalog):
    matrix = get_matrix()
    assert len(matrix.run_off) > 100
    for scope in SCOPES:
        assert matrix.by_town(scope) == supply.supply_by_town(scope), scope
        assert matrix.in_district(scope) == (
            supply.supply_in_district(scope)), scope
        assert matrix.online_count(scope) == supply.online_count(scope), scope
        assert sorted(matrix.by_venue(scope)) == sorted(supply.supply_by_venue(scope)), scope
    for scope in (supply.Scope(), supply.Scope(life_phase="bildung-im-alter")):
        fast = matrix.by_venue_and_topic(scope)
        slow = supply.supply_by_venue_and_topic(scope)
        assert {k: sorted(v) for k, v in fast.items()} == {k: sorted(v)
                                                         for k, v in slow.items()}


def test_matrix_offerings_per_group_equal_the_queries(random_catalog):
    matrix = get_matrix()
    for town in Municipality.objects.in_district()[:6]:
        counts = matrix.offerings_by_group("life_phase", town.pk, "kreis")
        for phase in LifePhase.objects.all():
            scope = supply.Scope(life_phase=phase.slug)
            mine = supply.supply_by_town(scope, town=town).get(town.pk, {}).get("offerings", 0)
            assert counts.get((town.pk, phase.pk), 0) == mine
            assert counts.get(("kreis", phase.pk), 0) == supply.supply_in_district(
                scope)["offerings"]
        counts = matrix.offerings_by_group("topic", town.pk, "kreis")
        for topic in Topic.objects.filter(parent=None):
            scope = supply.Scope(topic=topic.slug)
            mine = supply.supply_by_town(scope, town=town).get(town.pk, {}).get("offerings", 0)
            assert counts.get((town.pk, topic.pk), 0) == mine


def _providers_by_query(town, topic_slug, radius):
    """The nearby providers, straight from the ORM: who runs the topic within the radius,
    not in the town itself, nearest first."""
    from bildungsportal.catalog.models import Provider

    family = Topic.objects.filter(slug=topic_slug).values("pk")
    runs = (supply.current_runs(f.TODAY).filter(is_online=False, venue__isnull=False)
            .filter(offering__topics__in=Topic.objects.filter(pk__in=family)
                    | Topic.objects.filter(parent__in=family)).select_related("venue",
                                                                           "offering"))
    best, in_town = {}, set()
    for run in runs.distinct():
        lat, lon = run.venue.coordinates
        if lat is None or lon is None:
            continue
        if run.venue.municipality_id == town.pk:
            in_town.add(run.offering.provider_id)
            continue
        distance = town.distance_km(lat, lon)
        pid = run.offering.provider_id
        if distance <= radius and distance < best.get(pid, float("inf")):
            best[pid] = distance
    names = dict(Provider.objects.values_list("pk", "name"))
    ranked = sorted((d, names[pid], pid) for pid, d in best.items() if pid not in in_town)
    return [names[pid] for _d, _n, pid in ranked[:gaps.MAX_PROVIDERS]]


def test_nearby_providers_equal_a_plain_computation(random_catalog):
    found = 0
    for town in Municipality.objects.in_district()[:8]:
        for topic in ("sprachen", "gesundheit"):
            fast = [name for name, _url in gaps.nearby_providers(town, topic, radius=15)]
            assert fast == _providers_by_query(town, topic, 15), (town.slug, topic)
            found += len(fast)
    assert found > 5


def test_matrix_follows_catalog_changes(random_catalog):
    before = get_matrix()
    scope = supply.Scope(format="online")
    count = before.online_count(scope)
    offering = f.offering(f.provider("Neu"), random_catalog, "Neu online",
                          format=Format.objects.get(slug="online"))
    f.run(offering, None, days=3)
    after = get_matrix()
    assert after is not before
    assert after.online_count(scope) == count + 1
    assert get_matrix() is after  # unchanged catalog: the same matrix
