"""/api/v1/insights/…: indicators, gaps, towns; survey figures suppressed; 4xx for bad input."""

import pytest

from tests import factories as f
from tests.insights_factories import answer, small_town_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = small_town_world()
    vhs = f.provider(municipality=world["towns"]["biblis"])
    o = f.offering(vhs, world["vocab"], "Englisch")
    f.run(o, f.venue(world["towns"]["biblis"], latitude=49.6895, longitude=8.4566))
    return world


def get(client, url):
    return client.get(url, secure=True)


def test_indicator_list_and_table(client, world):
    keys = [i["key"] for i in get(client, "/api/v1/insights/indicators").json()]
    assert "access_e2sfca" in keys and "wish_share" in keys
    body = get(client, "/api/v1/insights/indicators/offerings").json()
    values = {t["slug"]: t["value"] for t in body["towns"]}
    assert values["biblis"] == 1 and values["bensheim"] == 0
    assert body["district"]["slug"] == "kreis"
    assert any("31.12.2015" in note for note in body["notes"])


def test_survey_figure_below_k_is_null_everywhere(client, world):
    body = get(client, "/api/v1/insights/indicators/wish_share?thema=sprachen").json()
    lindenfels = next(t for t in body["towns"] if t["slug"] == "lindenfels")
    assert lindenfels == {"slug": "lindenfels", "name": "Lindenfels", "ags": "06431015",
                          "value": None, "display": "zu wenige Antworten", "n": None,
                          "suppressed": True}
    bensheim = next(t for t in body["towns"] if t["slug"] == "bensheim")
    assert bensheim["value"] == 0.5 and bensheim["n"] == 40
    for item in [*body["towns"], body["district"]]:
        assert item["n"] is None or item["n"] >= 5


def test_town_profile_hides_small_cells(client, world):
    body = get(client, "/api/v1/insights/towns/lindenfels").json()
    assert body["town"]["population"] == 5000
    assert body["age_bands_date"] == "2015-12-31"
    assert sum(b["estimate"] for b in body["age_bands"]) == pytest.approx(5000, abs=10)
    wishes = [r for r in body["indicators"] if r["indicator"] == "wish_share"]
    assert wishes and all(r["town"]["value"] is None and r["town"]["n"] is None
                          for r in wishes)
    assert body["gaps"] == []
    towns = get(client, "/api/v1/insights/towns").json()
    assert [t["slug"] for t in towns] == ["bensheim", "biblis", "lindenfels", "zwingenberg"]


def test_gaps_endpoint(client, world):
    answer(world, "lindenfels", ["sprachen"], 30)  # 33 of 43 now, far from the only course
    answer(world, "lindenfels", ["gesundheit"], 10)
    gaps = get(client, "/api/v1/insights/gaps?thema=sprachen&limit=5").json()
    assert gaps and gaps[0]["town_slug"] == "lindenfels"
    assert gaps[0]["n"] == 43 and "(n = 43)" in gaps[0]["sentence"]
    assert gaps[0]["providers"] == [{"name": "VHS Bergstraße", "url": gaps[0]["providers"][0][
        "url"]}]
    assert all(g["n"] >= 5 for g in gaps)


@pytest.mark.parametrize("url, status, field", [
    ("/api/v1/insights/indicators/nope", 404, "key"),
    ("/api/v1/insights/indicators/offerings?thema=%00%01", 400, "thema"),
    ("/api/v1/insights/indicators/offerings?preis=teuer", 400, "preis"),
    ("/api/v1/insights/gaps?limit=0", 400, "limit"),
    ("/api/v1/insights/gaps?limit=abc", 400, "limit"),
    ("/api/v1/insights/gaps?ort=atlantis", 400, "ort"),
    ("/api/v1/insights/gaps?ort=%00", 400, "ort"),
    ("/api/v1/insights/towns/%00x", 404, "slug"),
    ("/api/v1/insights/towns/atlantis", 404, "slug"),
])
def test_bad_input_is_a_clear_4xx(client, world, url, status, field):
    response = get(client, url)
    assert response.status_code == status
    assert field in response.json()["errors"]


def test_endpoints_are_in_the_openapi_schema(client, world):
    paths = get(client, "/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/insights/indicators", "/api/v1/insights/indicators/{key}",
            "/api/v1/insights/gaps", "/api/v1/insights/towns",
            "/api/v1/insights/towns/{slug}"} <= set(paths)
