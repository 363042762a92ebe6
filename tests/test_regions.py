"""Regions (issue 15): the default region, host names, and where an offering is shown."""

import pytest
from django.test import override_settings

from bildungsportal.catalog.regions import (
    offering_region_ids,
    offerings_in_region,
    region_ids_by_offering,
)
from bildungsportal.places.models import Municipality, Region
from bildungsportal.places.regions import (
    current_region,
    default_region,
    region_for_host,
    using_region,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    """Kreis Bergstraße (default) and the Odenwaldkreis, a town each, a neighbour city."""
    bergstrasse = default_region()
    odenwald = Region.objects.create(key="06437", name="Odenwaldkreis", slug="odenwald",
                                     host="odenwald.example")
    bensheim = factories.town()
    erbach = factories.town("Erbach", ags="06437005", lat=49.66, lon=8.99, postcodes=("64711",))
    erbach.region = odenwald
    erbach.save()
    mannheim = factories.town("Mannheim", ags="08222000", lat=49.49, lon=8.47,
                              postcodes=("68159",), in_district=False)
    return {"bergstrasse": bergstrasse, "odenwald": odenwald, "bensheim": bensheim,
            "erbach": erbach, "mannheim": mannheim, "vocab": factories.vocabularies()}


def test_the_migration_made_the_configured_default_region():
    region = default_region()
    assert (region.key, region.is_default) == ("06431", True)
    assert current_region() == region


def test_host_names_pick_their_region_and_every_other_host_the_default(two):
    assert region_for_host("odenwald.example") == two["odenwald"]
    assert region_for_host("ODENWALD.example:8443") == two["odenwald"]
    assert region_for_host("bildung.kreis-bergstrasse.de") == two["bergstrasse"]
    assert region_for_host("") == two["bergstrasse"]


@override_settings(ALLOWED_HOSTS=["odenwald.example", "testserver"])
def test_the_request_runs_in_its_hosts_region(client, two):
    response = client.get("/", headers={"host": "odenwald.example"})
    assert response.wsgi_request.region == two["odenwald"]
    assert client.get("/").wsgi_request.region == two["bergstrasse"]
    # after the request the default is back (the context variable is reset)
    assert current_region() == two["bergstrasse"]


def test_the_towns_of_the_district_are_those_of_the_current_region(two):
    assert list(Municipality.objects.in_district()) == [two["bensheim"]]
    with using_region(two["odenwald"]):
        assert list(Municipality.objects.in_district()) == [two["erbach"]]
        assert two["erbach"].in_district and not two["bensheim"].in_district
    assert [t.name for t in Municipality.objects.district_first()] == [
        "Bensheim", "Erbach", "Mannheim"]


def test_an_offering_is_shown_in_the_regions_of_its_venues(two):
    vhs = factories.provider(municipality=two["bensheim"])
    course = factories.offering(vhs, two["vocab"])
    factories.run(course, factories.venue(two["bensheim"]))
    assert offering_region_ids(course) == {two["bergstrasse"].pk}
    factories.run(course, factories.venue(two["erbach"], name="Rathaus Erbach"))
    assert offering_region_ids(course) == {two["bergstrasse"].pk, two["odenwald"].pk}


def test_a_venue_outside_every_region_counts_for_the_providers_home(two):
    vhs = factories.provider(municipality=two["erbach"])
    course = factories.offering(vhs, two["vocab"])
    factories.run(course, factories.venue(two["mannheim"], name="Uni Mannheim"))
    assert offering_region_ids(course) == {two["odenwald"].pk}


def test_online_offerings_go_where_the_provider_chose_else_home(two):
    vhs = factories.provider(municipality=two["bensheim"])
    course = factories.offering(vhs, two["vocab"])
    factories.run(course, None)
    assert offering_region_ids(course) == {two["bergstrasse"].pk}
    vhs.online_regions.set([two["bergstrasse"], two["odenwald"]])
    assert offering_region_ids(course) == {two["bergstrasse"].pk, two["odenwald"].pk}


def test_a_provider_without_a_town_and_an_offering_without_runs_belong_to_the_default(two):
    lonely = factories.offering(factories.provider("Ohne Ort"), two["vocab"], "Ohne Termin")
    assert region_ids_by_offering()[lonely.pk] == {two["bergstrasse"].pk}


def test_the_sql_rule_agrees_with_the_python_rule(two):
    """offerings_in_region (the office's lists) and region_ids_by_offering (the search) must
    never disagree: every case of the rule once, checked both ways."""
    home_b = factories.provider("VHS B", municipality=two["bensheim"])
    home_o = factories.provider("VHS O", municipality=two["erbach"])
    nowhere = factories.provider("Ohne Ort")
    chooser = factories.provider("Online-Akademie", municipality=two["bensheim"])
    chooser.online_regions.set([two["odenwald"]])
    v = two["vocab"]
    cases = [
        (home_b, [factories.venue(two["bensheim"])]),
        (home_b, [factories.venue(two["erbach"], name="E")]),
        (home_o, [factories.venue(two["mannheim"], name="M")]),
        (home_o, [None]),
        (chooser, [None]),
        (chooser, [factories.venue(two["bensheim"], name="B2"), None]),
        (nowhere, []),
        (home_o, []),
    ]
    for number, (provider, venues) in enumerate(cases):
        course = factories.offering(provider, v, f"Kurs {number}")
        for venue in venues:
            factories.run(course, venue)
    shown = region_ids_by_offering()
    for region in (two["bergstrasse"], two["odenwald"]):
        expected = {pk for pk, ids in shown.items() if region.pk in ids}
        assert set(offerings_in_region(region).values_list("pk", flat=True)) == expected
    assert len({ids for ids in shown.values()}) == 3  # only B, only O, both
