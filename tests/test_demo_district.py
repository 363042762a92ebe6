"""Issue 13, point 4: demo data that looks like a district — offerings in every town in
proportion to its population, level words that match the level, providers near their seat,
duplicates only where planted, and the detector's precision on them (docs/office.md)."""

import math
import re
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from bildungsportal.backoffice import duplicates
from bildungsportal.catalog.demo import TWIN_MARK, generate
from bildungsportal.catalog.models import Offering, Provider, Run, Venue
from bildungsportal.places.models import Municipality

TODAY = date(2026, 3, 2)
N = 2500

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_reference", stdout=StringIO())
    generate(N, seed=5, today=TODAY)


def km(a, b):
    dy = (a.latitude - b.latitude) * 111.2
    dx = (a.longitude - b.longitude) * 111.2 * math.cos(math.radians(a.latitude))
    return math.hypot(dx, dy)


def test_every_town_has_offerings_in_proportion_to_its_population(demo):
    towns = list(Municipality.objects.in_district())
    population = sum(t.population for t in towns)
    by_seat = Counter(Offering.objects.filter(source="demo").exclude(
        provider__kind="university").values_list("provider__municipality_id", flat=True))
    local = sum(by_seat.values())
    for town in towns:
        expected = local * town.population / population
        # Within a factor of two of the town's share (random draws around the expectation).
        assert expected / 2 <= by_seat[town.pk] <= expected * 2, (town.name, by_seat[town.pk],
                                                                  round(expected))
    by_venue = Counter(Run.objects.filter(venue__isnull=False).values_list(
        "venue__municipality_id", flat=True))
    assert all(by_venue[town.pk] > 0 for town in towns)


def test_level_words_match_the_level(demo):
    titles = Offering.objects.filter(source="demo").values_list("title", flat=True)
    beginner_above_a2 = [t for t in titles if re.search(r"Anfänger|Einsteiger", t)
                         and re.search(r"\b(B1|B2|C1|C2)\b", t)]
    advanced_at_a1 = [t for t in titles if re.search(r"Fortgeschritten|Aufbaukurs", t)
                      and re.search(r"\bA1\b", t)]
    assert beginner_above_a2 == [] and advanced_at_a1 == []
    assert any(re.search(r"Anfänger.*\bA[12]\b", t) for t in titles)  # still there at A1/A2


def test_providers_hold_courses_near_their_seat(demo):
    for venue in Venue.objects.filter(provider__source="demo").select_related(
            "provider__municipality", "municipality"):
        seat = venue.provider.municipality
        if seat.in_district:
            assert km(seat, venue.municipality) < 20, (venue.provider.name, venue.name)


def test_duplicates_only_where_planted_and_the_detector_finds_them(demo):
    external = dict(Offering.objects.values_list("pk", "external_id"))
    number = {ext.rsplit("-", 1)[-1] if TWIN_MARK not in ext else None: pk
              for pk, ext in external.items()}
    planted = set()
    for pk, ext in external.items():
        if TWIN_MARK in ext:
            original = number[ext.split(TWIN_MARK)[1]]
            planted.add(tuple(sorted((pk, original))))
    assert len(planted) >= N // 300
    found = {(a, b) for a, b, _score in duplicates.candidate_pairs(TODAY)}
    # Only planted twins with a run from today on can be found.
    findable = {pair for pair in planted if Run.objects.filter(
        offering_id=pair[0], start_date__gte=TODAY, venue__isnull=False).exists()}
    true = found & planted
    precision = len(true) / len(found)
    recall = len(true & findable) / len(findable)
    # Seed 5: 9 planted, 10 proposed, 9 right (precision 0.9, recall 1.0); the one extra pair
    # is two providers' "Excel Grundlagen" on the same day at the same hour in one town,
    # which the detector proposes on purpose (docs/office.md).
    assert precision >= 0.85, (precision, sorted(found - planted)[:5])
    assert recall >= 0.9, recall
    assert Provider.objects.filter(source="demo").count() > 22
