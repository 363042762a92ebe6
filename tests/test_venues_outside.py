"""Venues outside our 27 municipalities (e.g. Berlin): imported with locality and coordinates,
findable by date and distance, and shown everywhere without a town."""

import json
import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from icalendar import Calendar

from bildungsportal.backoffice.duplicates import candidate_pairs
from bildungsportal.catalog.models import Offering, Provider, Venue
from bildungsportal.ingest.pipeline import ImportOptions, run_import
from bildungsportal.places.models import Municipality
from tests.test_ingest_pipeline import course, feed

pytestmark = pytest.mark.django_db
START = date.today() + timedelta(days=30)


@pytest.fixture
def berlin_course():
    call_command("load_reference", verbosity=0, stdout=StringIO())
    vhs = Provider.objects.create(name="VHS Berlin Mitte", kind="vhs")
    data = feed(course(
        "b1", title="Aquarellmalen in Mitte", plz="10115", ort="Berlin", place="VHS Mitte",
        street="Linienstr. 162", start=START.isoformat(),
        end=(START + timedelta(days=28)).isoformat(),
    ))
    report = run_import(data, ImportOptions("vhs", provider=vhs))
    assert report.written, report.summary()
    return Offering.objects.get(external_id="b1")


def test_berlin_course_imports_with_run_locality_and_coordinates(berlin_course):
    run = berlin_course.runs.get()
    assert run.start_date == START
    venue = run.venue
    assert venue.municipality is None and venue.locality == "Berlin"
    assert venue.latitude == pytest.approx(52.53, abs=0.05)
    assert venue.longitude == pytest.approx(13.39, abs=0.05)
    assert str(venue) == "VHS Mitte, Berlin"


def test_search_finds_it_by_date_and_distance_without_a_town_facet(client, berlin_course):
    response = client.get("/angebote/", {"near": "10117", "radius_km": "10"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aquarellmalen in Mitte" in html
    assert "Berlin" in html
    # Far from the district: a radius search around Heppenheim does not find it.
    far = client.get("/angebote/", {"near": "Heppenheim", "radius_km": "50"})
    assert "Aquarellmalen in Mitte" not in far.content.decode()
    api = client.get("/api/v1/offerings", {"near": "10117", "radius_km": "10"}).json()
    hit = next(h for h in api["results"] if h["id"] == berlin_course.pk)
    assert hit["next_run"]["town"] is None and hit["next_run"]["locality"] == "Berlin"
    assert hit["next_run"]["start_date"] == START.isoformat()
    town_facet = next(f for f in api["facets"] if f["name"] == "town")
    assert all(value["count"] == 0 for value in town_facet["values"])


def test_public_page_ics_and_jsonld_render(client, berlin_course):
    response = client.get(berlin_course.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "10115 Berlin" in html and "Linienstr. 162" in html
    block = re.search(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html,
                      flags=re.S)
    data = json.loads(block[1])
    instance = data["hasCourseInstance"][0]
    address = instance["location"]["address"]
    assert address["addressLocality"] == "Berlin" and address["postalCode"] == "10115"
    assert instance["location"]["geo"]["latitude"] == pytest.approx(52.53, abs=0.05)

    run = berlin_course.runs.get()
    ics = client.get(reverse("catalog:run_ics", kwargs={
        "pk": berlin_course.pk, "slug": berlin_course.slug, "run_id": run.pk,
    }))
    assert ics.status_code == 200
    event = next(iter(Calendar.from_ical(ics.content).walk("VEVENT")))
    assert "10115 Berlin" in str(event["location"])
    assert event.decoded("geo") is not None


def test_api_detail_has_null_town_and_locality(client, berlin_course):
    body = client.get(f"/api/v1/offerings/{berlin_course.pk}").json()
    venue = body["runs"][0]["venue"]
    assert venue["town"] is None and venue["locality"] == "Berlin"
    assert venue["latitude"] == pytest.approx(52.53, abs=0.05)


def test_provider_page_and_town_pages_stay_intact(client, berlin_course):
    assert client.get(berlin_course.provider.get_absolute_url()).status_code == 200
    assert client.get(reverse("catalog:municipalities")).status_code == 200


def test_database_refuses_a_venue_with_neither_municipality_nor_locality(berlin_course):
    with pytest.raises(IntegrityError), transaction.atomic():
        Venue.objects.create(name="Nirgendwo")
    town = Municipality.objects.first()
    assert Venue.objects.create(name="Im Ort", municipality=town).locality == ""
    assert Venue.objects.create(name="Draußen", locality="Mannheim").municipality is None


def test_duplicates_match_on_the_same_locality(berlin_course):
    other = Provider.objects.create(name="Kunstschule Berlin")
    data = feed(course("k1", title="Aquarellmalen in Mitte", plz="10117", ort="Berlin",
                       place="Atelier", start=START.isoformat()))
    assert run_import(data, ImportOptions("vhs", provider=other)).written
    copy = Offering.objects.get(external_id="k1")
    pairs = {(a, b) for a, b, _score in candidate_pairs()}
    assert tuple(sorted((berlin_course.pk, copy.pk))) in pairs
    Venue.objects.filter(runs__offering=copy).update(locality="Potsdam")
    assert not candidate_pairs()
