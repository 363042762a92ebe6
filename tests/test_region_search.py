"""The public catalog per region (issue 15): one implicit region filter in the search, the
pages and feeds built on it, and the radius search across the border."""

import json

import pytest
from django.test import override_settings

from bildungsportal.catalog.models import Offering
from bildungsportal.places.models import Region
from bildungsportal.places.regions import default_region, using_region
from bildungsportal.search.engine import search
from bildungsportal.search.params import SearchParams
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("hosts"),
]
ODENWALD = {"host": "odenwald.example"}


@pytest.fixture
def hosts():
    with override_settings(ALLOWED_HOSTS=["odenwald.example", "testserver"]):
        yield


@pytest.fixture
def world():
    """Bergstraße (default) with Bensheim, the Odenwaldkreis with Erbach (27 km apart);
    a VHS in both with ONE course held in both towns, a course only in each region."""
    odenwald = Region.objects.create(key="06437", name="Odenwaldkreis", slug="odenwald",
                                     host="odenwald.example")
    bensheim = factories.town()
    erbach = factories.town("Erbach", ags="06437006", lat=49.6577, lon=8.9927,
                            postcodes=("64711",))
    erbach.region = odenwald
    erbach.save()
    vocab = factories.vocabularies()
    vhs = factories.provider("VHS Bergstraße", municipality=bensheim)
    both = factories.offering(vhs, vocab, "Englisch in beiden Kreisen")
    factories.run(both, factories.venue(bensheim))
    factories.run(both, factories.venue(erbach, name="Rathaus Erbach"))
    only_b = factories.offering(vhs, vocab, "Töpfern an der Bergstraße")
    factories.run(only_b, factories.venue(bensheim, name="Werkstatt"))
    odw = factories.provider("Odenwald-Akademie", municipality=erbach)
    only_o = factories.offering(odw, vocab, "Imkern im Odenwald")
    factories.run(only_o, factories.venue(erbach, name="Bienenhaus"))
    return {"odenwald": odenwald, "bergstrasse": default_region(), "both": both,
            "only_b": only_b, "only_o": only_o, "odw": odw, "erbach": erbach,
            "vocab": vocab}


def titles(result):
    return {hit.offering.title for hit in result.hits}


def api(client, query="", **headers):
    response = client.get(f"/api/v1/offerings{query}", headers=headers)
    assert response.status_code == 200, response.content
    return {row["title"]: row for row in json.loads(response.content)["results"]}


def test_each_region_searches_only_what_is_shown_there(world):
    assert titles(search(SearchParams())) == {"Englisch in beiden Kreisen",
                                              "Töpfern an der Bergstraße"}
    with using_region(world["odenwald"]):
        assert titles(search(SearchParams())) == {"Englisch in beiden Kreisen",
                                                  "Imkern im Odenwald"}
    # one offering, shown in both: the same id on both hosts
    assert Offering.objects.filter(title="Englisch in beiden Kreisen").count() == 1


def test_the_search_page_and_the_api_follow_the_host(client, world):
    page = client.get("/angebote/", headers=ODENWALD).content.decode()
    assert "Imkern im Odenwald" in page and "Töpfern" not in page
    page = client.get("/angebote/").content.decode()
    assert "Töpfern" in page and "Imkern" not in page
    assert set(api(client, **ODENWALD)) == {"Englisch in beiden Kreisen", "Imkern im Odenwald"}
    assert set(api(client)) == {"Englisch in beiden Kreisen", "Töpfern an der Bergstraße"}
    assert api(client)["Englisch in beiden Kreisen"]["regions"] == []


def test_a_cached_result_is_never_served_to_the_other_region(client, world):
    first = api(client, "?q=Imkern")
    assert first == {}
    assert set(api(client, "?q=Imkern", **ODENWALD)) == {"Imkern im Odenwald"}
    assert api(client, "?q=Imkern") == {}


def test_the_home_page_counts_the_regions_offerings(client, world):
    home_b = client.get("/").content.decode()
    home_o = client.get("/", headers=ODENWALD).content.decode()
    assert "Bensheim" in home_b and "Erbach" not in home_b
    assert "Erbach" in home_o and "Bensheim" not in home_o


def test_cross_border_radius_search_shows_the_neighbours_offerings_labelled(client, world):
    near = "?near=Bensheim&radius_km=30"
    page = client.get(f"/angebote/{near}").content.decode()
    assert "Imkern im Odenwald" in page
    assert "Odenwaldkreis" in page  # the label of the hit from across the border
    rows = api(client, near)
    assert rows["Imkern im Odenwald"]["regions"] == ["Odenwaldkreis"]
    assert rows["Töpfern an der Bergstraße"]["regions"] == []
    assert rows["Englisch in beiden Kreisen"]["regions"] == []
    # without a radius the region stays the bound
    assert "Imkern im Odenwald" not in api(client, "?near=Bensheim")


def test_cross_border_search_can_be_turned_off(client, world):
    bergstrasse = world["bergstrasse"]
    bergstrasse.cross_border_search = False
    bergstrasse.save()
    rows = api(client, "?near=Bensheim&radius_km=30")
    assert set(rows) == {"Englisch in beiden Kreisen", "Töpfern an der Bergstraße"}


def test_the_incremental_update_moves_an_offering_between_regions(client, world):
    assert "Imkern im Odenwald" not in api(client)
    # the beekeepers add a date in Bensheim: shown in Bergstraße from now on (a patch)
    factories.run(world["only_o"], factories.venue(factories.town(
        "Heppenheim", ags="06431011", lat=49.64, lon=8.64, postcodes=("64646",)),
        name="Kurfürstensaal"))
    assert "Imkern im Odenwald" in api(client)
    # the provider shows its online offerings in Bergstraße too
    online = factories.offering(world["odw"], world["vocab"], "Imkern online")
    factories.run(online, None)
    assert "Imkern online" not in api(client)
    world["odw"].online_regions.add(world["bergstrasse"])
    assert "Imkern online" in api(client)


def test_pages_sitemap_and_feed_of_a_region(client, world):
    sitemap = client.get("/sitemap-angebote.xml", headers=ODENWALD).content.decode()
    assert "http://odenwald.example/" in sitemap
    assert f"/{world['only_o'].pk}-" in sitemap and f"/{world['only_b'].pk}-" not in sitemap
    feed = client.get("/angebote/neu.atom", headers=ODENWALD).content.decode()
    assert "Imkern im Odenwald" in feed and "Töpfern" not in feed
    feed = client.get("/angebote/neu.atom").content.decode()
    assert "Töpfern" in feed and "Imkern" not in feed
    town = client.get(world["erbach"].get_absolute_url(), headers=ODENWALD).content.decode()
    assert "Imkern im Odenwald" in town
    vhs = client.get(world["both"].provider.get_absolute_url(), headers=ODENWALD)
    assert "Englisch in beiden Kreisen" in vhs.content.decode()
    assert "Töpfern" not in vhs.content.decode()


def test_an_offering_of_another_region_stays_reachable_and_names_its_region(client, world):
    response = client.get(world["only_o"].get_absolute_url())
    assert response.status_code == 200
    assert "Odenwaldkreis" in response.content.decode()
    own = client.get(world["only_b"].get_absolute_url()).content.decode()
    assert "Odenwaldkreis" not in own


@pytest.mark.parametrize("path", ["/", "/orte/", "/orte/erbach/", "/anbieter/", "/finden/",
                                  "/leichte-sprache/", "/en/orte/", "/en/finden/",
                                  "/bildung-in-zahlen/"])
def test_a_second_regions_pages_never_name_the_first(client, world, path):
    """Region B's site speaks of region B: no "Kreis Bergstraße" left in a template."""
    response = client.get(path, headers=ODENWALD)
    assert response.status_code == 200
    html = response.content.decode()
    for data in ("VHS Bergstraße", "vhs-bergstrasse", "Töpfern an der Bergstraße",
                 "toepfern-an-der-bergstrasse"):  # the fixture's own names
        html = html.replace(data, "")
    assert "Bergstraße" not in html and "Bergstrasse" not in html
    if path.endswith("orte/"):
        assert "Odenwaldkreis" in html
