"""The demo catalog: deterministic, varied, plausible and within every model constraint."""

import random
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bildungsportal.catalog.demo import DemoCatalog, delete_demo_catalog, expand, generate
from bildungsportal.catalog.models import Format, LifePhase, Offering, Provider, Run, Topic
from bildungsportal.places.models import Municipality

TODAY = date(2026, 3, 2)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference():
    call_command("load_reference", stdout=StringIO())


def titles():
    return list(Offering.objects.order_by("external_id").values_list("title", flat=True))


def test_expand_picks_alternatives_and_fills_fields():
    rng = random.Random(1)
    texts = {expand(rng, "{Kita|Kindergarten} {ort}", ort="Lorsch") for _ in range(50)}
    assert texts == {"Kita Lorsch", "Kindergarten Lorsch"}
    assert expand(rng, "ohne Platzhalter") == "ohne Platzhalter"


def test_same_seed_same_catalog_other_seed_other_catalog(reference):
    generate(300, seed=7, today=TODAY)
    first = titles()
    first_runs = list(Run.objects.order_by("external_id").values_list("start_date", "start_time"))
    assert delete_demo_catalog() == 300
    assert not Provider.objects.exists()

    generate(300, seed=7, today=TODAY)
    assert titles() == first
    assert list(
        Run.objects.order_by("external_id").values_list("start_date", "start_time")
    ) == first_runs

    delete_demo_catalog()
    generate(300, seed=8, today=TODAY)
    assert titles() != first


def test_catalog_covers_every_life_phase_provider_kind_and_run_shape(reference):
    generate(400, seed=3, today=TODAY)
    offerings = Offering.objects.filter(source="demo")
    assert offerings.count() == 400
    assert offerings.values("external_id").distinct().count() == 400
    for phase in LifePhase.objects.all():
        assert phase.offerings.exists(), phase
    assert set(offerings.values_list("provider__kind", flat=True)) == set(Provider.Kind.values)
    assert not Provider.objects.filter(offerings=None).exists()  # every provider offers something
    assert set(offerings.values_list("format__slug", flat=True)) >= {"praesenz", "online"}
    assert offerings.filter(status=Offering.Status.PUBLISHED).count() > 380
    assert all(offering.topics.exists() for offering in offerings[:50])

    runs = Run.objects.filter(offering__source="demo")
    standing = runs.filter(recurrence=Run.Recurrence.STANDING, is_online=False)
    assert standing.exists()
    assert not standing.filter(venue=None).exists()
    assert not standing.exclude(start_date=None).exists()
    assert runs.filter(is_online=True, venue=None).exists()
    assert runs.filter(recurrence=Run.Recurrence.WEEKLY, sessions__gt=1).exists()
    dated = runs.exclude(start_date=None)
    assert not dated.filter(start_date__lt=TODAY).exists()
    assert not dated.filter(start_date__gt=date(2027, 3, 2)).exists()  # within 12 months
    assert len(set(runs.values_list("booking_status", flat=True))) >= 4


def test_constraints_and_field_validation_hold(reference):
    generate(300, seed=5, today=TODAY)
    offerings = Offering.objects.filter(source="demo")
    assert not offerings.filter(is_free=True, price_cents__gt=0).exists()
    assert offerings.filter(is_free=True).exists()
    assert offerings.filter(price_reduced_cents__isnull=False).exists()
    for offering in offerings.exclude(price_reduced_cents=None):
        assert offering.price_reduced_cents <= offering.price_cents
    # full_clean() checks lengths, choices, URLs, e-mail addresses and the CheckConstraints.
    for offering in offerings.select_related("provider")[:150]:
        offering.full_clean()
        offering.provider.full_clean()
        for run in offering.runs.all():
            run.full_clean()
            if run.venue:
                run.venue.full_clean()


def test_venues_lie_within_two_km_of_their_town(reference):
    generate(200, seed=4, today=TODAY)
    for run in Run.objects.exclude(venue=None).select_related("venue__municipality")[:200]:
        venue, town = run.venue, run.venue.municipality
        assert town.distance_km(venue.latitude, venue.longitude) <= 2.01
        assert venue.postcode in town.postcodes


def test_providers_follow_population(reference):
    catalog = DemoCatalog(seed=2, today=TODAY)
    providers = catalog.create_providers(400)
    towns = Counter(provider.municipality.slug for provider in providers)
    assert towns["bensheim"] > towns["abtsteinach"]
    assert towns["viernheim"] > towns["hirschhorn"]
    district = set(Municipality.objects.in_district().values_list("slug", flat=True))
    universities = [p for p in providers if p.kind == Provider.Kind.UNIVERSITY]
    assert all(p.municipality.slug not in district for p in universities)
    assert all(p.municipality.slug in district for p in providers if p not in universities)


def test_language_courses_teach_in_their_language(reference):
    generate(500, seed=6, today=TODAY)
    english = Topic.objects.get(slug="englisch")
    courses = Offering.objects.filter(topics=english)
    assert courses.exists()
    for course in courses:
        assert set(course.languages.values_list("slug", flat=True)) == {"de", "en"}
        assert "Englisch" in course.title


def test_batches_and_small_catalogs(reference):
    stats = generate(23, seed=1, batch_size=10, today=TODAY)
    assert stats["offerings"] == Offering.objects.count() == 23
    assert stats["runs"] == Run.objects.count()


def test_command_generates_replaces_and_refuses(reference):
    out = StringIO()
    call_command("demo", "--offerings", "120", "--seed", "2", stdout=out)
    assert Offering.objects.filter(source="demo").count() == 120
    assert "Generated 120 offerings" in out.getvalue()

    with pytest.raises(CommandError, match="--replace"):
        call_command("demo", "--offerings", "50", stdout=StringIO())
    call_command("demo", "--offerings", "50", "--replace", stdout=StringIO())
    assert Offering.objects.filter(source="demo").count() == 50


def test_command_refuses_when_real_offerings_exist(reference):
    municipality = Municipality.objects.get(slug="lorsch")
    provider = Provider.objects.create(
        name="Echter Anbieter", kind="vhs", municipality=municipality
    )
    Offering.objects.create(
        provider=provider, title="Echter Kurs", format=Format.objects.get(slug="praesenz"),
        source="manual",
    )
    with pytest.raises(CommandError, match="--force"):
        call_command("demo", "--offerings", "10", stdout=StringIO())
    assert Offering.objects.count() == 1

    call_command("demo", "--offerings", "10", "--force", stdout=StringIO())
    assert Offering.objects.count() == 11
    delete_demo_catalog()
    assert list(Offering.objects.values_list("title", flat=True)) == ["Echter Kurs"]


def test_command_needs_reference_data():
    with pytest.raises(CommandError, match="load_reference"):
        call_command("demo", "--offerings", "10", stdout=StringIO())


def test_the_search_index_follows_generation_and_deletion(reference):
    """The demo writes through the write path: one "whole catalog replaced" announcement,
    on which search rebuilds its index; deleting drops the documents in the same transaction."""
    from bildungsportal.catalog.signals import offerings_changed
    from bildungsportal.search.models import SearchDocument

    heard = []

    def listen(sender, change, **kwargs):
        heard.append(change)

    offerings_changed.connect(listen, weak=False, dispatch_uid="test-demo-heard")
    try:
        generate(120, seed=2, batch_size=50, today=TODAY)
        assert [change.whole_catalog for change in heard] == [True]
        published = Offering.objects.filter(status="published").count()
        assert published and SearchDocument.objects.count() == published
        delete_demo_catalog()
        assert len(heard) == 2 and heard[1].whole_catalog
        assert not SearchDocument.objects.exists() and not Offering.objects.exists()
    finally:
        offerings_changed.disconnect(dispatch_uid="test-demo-heard")


def test_a_resident_finds_an_evening_german_course_near_heppenheim(reference, client):
    """Issue 14's journey on a fresh install: the demo catalog has German courses in the
    evening within reach of Heppenheim, as the district's adult education centres do, and a
    search for them does not put a theatre group first (it once carried the topic "Deutsche
    Gebärdensprache" by a shared template)."""
    generate(2000, seed=1, today=date.today())
    response = client.get("/angebote/", {"q": "Deutsch", "near": "Heppenheim",
                                         "time_of_day": "abends"})
    assert response.status_code == 200
    hits = [hit.offering for hit in response.context["result"].hits]
    german = Topic.objects.get(slug="deutsch-als-zweitsprache")
    assert any(german in offering.topics.all() and "Abend" in offering.title for offering in hits)
    # and titles with the word come first: nothing that only carries it in another topic's
    # name ("Deutsche Gebärdensprache" on a theatre group) outranks them
    assert all("Deutsch" in offering.title for offering in hits[:3])
