"""The JSON API v1: shapes, facets, detail, providers, taxonomy, docs page."""

from datetime import date, time, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from bildungsportal.catalog.models import (
    DqrLevel,
    Format,
    FundingOption,
    Language,
    LifePhase,
    Offering,
    Provider,
    QualitySeal,
    Run,
    TargetGroup,
    Topic,
    Venue,
)
from bildungsportal.places.models import Municipality
from bildungsportal.places.regions import default_region
from bildungsportal.search.engine import allowed_values, search
from bildungsportal.search.indexing import rebuild_index
from bildungsportal.search.params import FLAG_FILTERS, parse

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/offerings"
HIT_KEYS = {
    "id", "title", "url", "summary", "provider", "price_cents", "is_free", "format",
    "life_phases", "topics", "next_run", "distance_km",
    "regions",  # issue 15: the regions of a hit from across the border (test_region_search.py)
}
NEXT_RUN_KEYS = {
    "id", "start_date", "end_date", "recurrence", "weekdays", "start_time", "end_time", "town",
    "locality", "venue", "is_online",
}


@pytest.fixture
def get(client):
    """GET over https (the settings redirect plain http unless HTTPS=0), JSON decoded."""

    def _get(path, data=None, **extra):
        response = client.get(path, data, secure=True, **extra)
        response.data = response.json() if response["Content-Type"].startswith(
            "application/json"
        ) else None
        return response

    return _get


def town(ags, name, lat, lon, population, in_district=True, postcodes=()):
    return Municipality.objects.create(
        ags=ags, name=name, official_name=f"Stadt {name}", slug=name.lower(),
        region=default_region() if in_district else None, postcodes=list(postcodes),
        latitude=lat, longitude=lon,
        population=population,
    )


@pytest.fixture
def catalog():
    """A small catalog: four published offerings, one draft, one archived."""
    today = date.today()
    c = SimpleNamespace()
    c.bensheim = town("06431002", "Bensheim", 49.6811, 8.6228, 41000, postcodes=["64625"])
    c.heppenheim = town("06431011", "Heppenheim", 49.6415, 8.6383, 26000, postcodes=["64646"])
    c.weinheim = town("08226098", "Weinheim", 49.5450, 8.6700, 45000, in_district=False)

    c.adults = LifePhase.objects.create(slug="weiterbildung-beruf", name="Weiterbildung & Beruf")
    c.seniors = LifePhase.objects.create(slug="bildung-im-alter", name="Bildung im Alter")
    c.languages = Topic.objects.create(slug="sprachen", name="Sprachen")
    c.english = Topic.objects.create(slug="englisch", name="Englisch", parent=c.languages)
    c.computers = Topic.objects.create(slug="edv", name="EDV & Digitales")
    c.course = Format.objects.create(slug="kurs", name="Kurs")
    c.talk = Format.objects.create(slug="vortrag", name="Vortrag")
    c.de = Language.objects.create(slug="de", name="Deutsch")
    c.en = Language.objects.create(slug="en", name="Englisch")
    c.bildungsgutschein = FundingOption.objects.create(
        slug="bildungsgutschein", name="Bildungsgutschein", url="https://example.org/bg"
    )
    c.newcomers = TargetGroup.objects.create(slug="zugewanderte", name="Zugewanderte")
    c.seal = QualitySeal.objects.create(slug="azav", name="AZAV")
    c.dqr4 = DqrLevel.objects.create(level=4, name="DQR 4")

    c.vhs = Provider.objects.create(
        name="VHS Bergstraße", kind=Provider.Kind.VHS, municipality=c.heppenheim,
        street="Kettelerstraße 5", postcode="64646", email="vhs@example.org",
    )
    c.vhs.quality_seals.add(c.seal)
    c.library = Provider.objects.create(name="Stadtbibliothek Bensheim", kind="library")

    c.vhs_house = Venue.objects.create(
        provider=c.vhs, name="VHS-Haus", street="Kettelerstraße 5", postcode="64646",
        municipality=c.heppenheim, latitude=49.6420, longitude=8.6390, step_free=True,
    )
    c.library_house = Venue.objects.create(
        provider=c.library, name="Stadtbibliothek", municipality=c.bensheim, step_free=False,
    )

    def offering(title, provider, fmt, phases, topics, langs, status="published", **kw):
        o = Offering.objects.create(
            title=title, provider=provider, format=fmt, status=status, **kw
        )
        o.life_phases.set(phases)
        o.topics.set(topics)
        o.languages.set(langs)
        return o

    c.english_course = offering(
        "Englisch für den Beruf B1", c.vhs, c.course, [c.adults], [c.english], [c.en, c.de],
        summary="Business English am Abend", price_cents=12000, price_reduced_cents=9000,
        price_note="Ermäßigung mit Bergstraße-Pass", certificate="telc English B1",
        dqr_level=c.dqr4, registration_url="https://example.org/anmelden",
        description="Acht Abende Englisch.", entry_requirements="A2",
    )
    c.english_course.funding_options.set([c.bildungsgutschein])
    c.english_course.target_groups.set([c.newcomers])
    c.english_runs = [
        Run.objects.create(
            offering=c.english_course, start_date=today + timedelta(days=10),
            end_date=today + timedelta(days=66), recurrence="weekly", weekdays=2,
            start_time=time(18, 30), end_time=time(20), sessions=8, hours=Decimal("16.0"),
            seats=14, venue=c.vhs_house,
        ),
        Run.objects.create(
            offering=c.english_course, start_date=today + timedelta(days=40),
            recurrence="once", is_online=True, price_cents=8000, booking_status="few",
        ),
        Run.objects.create(
            offering=c.english_course, start_date=today - timedelta(days=90),
            end_date=today - timedelta(days=30), venue=c.vhs_house, booking_status="full",
        ),
    ]
    c.excel = offering(
        "Excel für Einsteiger", c.vhs, c.course, [c.adults], [c.computers], [c.de],
        summary="Tabellen ohne Angst", price_cents=9900,
    )
    Run.objects.create(
        offering=c.excel, start_date=today + timedelta(days=5), start_time=time(9),
        end_time=time(12), venue=c.vhs_house,
    )
    c.smartphone = offering(
        "Smartphone-Sprechstunde für Ältere", c.library, c.talk, [c.seniors], [c.computers],
        [c.de], is_free=True,
    )
    Run.objects.create(
        offering=c.smartphone, recurrence="standing", weekdays=16, start_time=time(15),
        end_time=time(17), venue=c.library_house, booking_status="none",
    )
    c.reading = offering(
        "Englische Lesegruppe", c.library, c.talk, [c.adults, c.seniors], [c.english], [c.en],
        is_free=True,
    )
    Run.objects.create(
        offering=c.reading, start_date=today + timedelta(days=3), start_time=time(19),
        end_time=time(21), venue=c.library_house,
    )
    c.draft = offering(
        "Entwurf Englisch", c.vhs, c.course, [c.adults], [c.english], [c.en], status="draft"
    )
    Run.objects.create(offering=c.draft, start_date=today + timedelta(days=3), venue=c.vhs_house)
    c.archived = offering(
        "Archiv Englisch", c.vhs, c.course, [c.adults], [c.english], [c.en], status="archived"
    )
    Run.objects.create(
        offering=c.archived, start_date=today + timedelta(days=3), venue=c.vhs_house
    )
    c.published = [c.english_course, c.excel, c.smartphone, c.reading]
    rebuild_index()
    return c


# -- search ----------------------------------------------------------------------------------
def test_search_result_shape(get, catalog):
    response = get(SEARCH, {"page_size": 100})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.data
    assert set(data) == {"count", "page", "page_size", "results", "facets", "suggestion"}
    assert data["page"] == 1 and data["page_size"] == 100
    ids = {hit["id"] for hit in data["results"]}
    assert data["count"] == len(data["results"])
    assert ids <= {o.pk for o in catalog.published}
    assert catalog.draft.pk not in ids and catalog.archived.pk not in ids
    for hit in data["results"]:
        assert set(hit) == HIT_KEYS
        offering = Offering.objects.get(pk=hit["id"])
        assert hit["url"] == offering.get_absolute_url()
        assert hit["provider"] == {
            "id": offering.provider_id, "name": offering.provider.name,
            "url": offering.provider.get_absolute_url(),
        }
        assert set(hit["format"]) == {"slug", "name"}
        assert hit["distance_km"] is None
        assert hit["regions"] == []  # one region: every hit is its own
        if hit["next_run"] is not None:
            assert set(hit["next_run"]) == NEXT_RUN_KEYS


def test_search_hit_of_english_course(get, catalog):
    data = get(SEARCH, {"q": "Englisch Beruf"}).data
    hit = next(h for h in data["results"] if h["id"] == catalog.english_course.pk)
    assert hit["title"] == "Englisch für den Beruf B1"
    assert hit["summary"] == "Business English am Abend"
    assert hit["price_cents"] == 12000 and hit["is_free"] is False
    assert hit["format"] == {"slug": "kurs", "name": "Kurs"}
    assert hit["life_phases"] == [{"slug": "weiterbildung-beruf", "name": "Weiterbildung & Beruf"}]
    assert hit["topics"] == [{"slug": "englisch", "name": "Englisch"}]
    run = hit["next_run"]
    # The soonest upcoming run, never the past one.
    assert run["id"] == catalog.english_runs[0].pk
    assert run["start_date"] == (date.today() + timedelta(days=10)).isoformat()
    assert run["recurrence"] == "weekly"
    assert run["weekdays"] == ["di"]
    assert run["start_time"] == "18:30:00" and run["end_time"] == "20:00:00"
    assert run["town"] == {"slug": "heppenheim", "name": "Heppenheim"}
    assert run["venue"] == "VHS-Haus" and run["is_online"] is False


def test_search_calls_the_same_function_as_the_page(get, catalog):
    query = {"q": "Englisch", "page_size": "100"}
    api = get(SEARCH, query).data
    from django.http import QueryDict

    qd = QueryDict(mutable=True)
    for key, value in query.items():
        qd[key] = value
    parsed = parse(qd, allowed_values())
    direct = search(parsed.params)
    assert api["count"] == direct.count
    assert [h["id"] for h in api["results"]] == [h.offering.pk for h in direct.hits]


def test_search_pagination(get, catalog):
    everything = get(SEARCH, {"page_size": 100}).data
    assert everything["count"] >= 3
    second = get(SEARCH, {"page_size": 1, "page": 2}).data
    assert second["page"] == 2 and second["page_size"] == 1
    assert second["count"] == everything["count"]
    assert [h["id"] for h in second["results"]] == [everything["results"][1]["id"]]
    beyond = get(SEARCH, {"page": 500}).data
    assert beyond["results"] == [] and beyond["count"] == everything["count"]


def test_search_filters_combine(get, catalog):
    data = get(SEARCH, {"topic": "englisch", "free": "1"}).data
    assert [h["id"] for h in data["results"]] == [catalog.reading.pk]
    data = get(SEARCH, {"topic": ["englisch", "edv"], "life_phase": "bildung-im-alter"}).data
    assert {h["id"] for h in data["results"]} == {catalog.reading.pk, catalog.smartphone.pk}


def test_facets_shape(get, catalog):
    facets = get(SEARCH).data["facets"]
    assert facets, "the search returns facets"
    names = [f["name"] for f in facets]
    assert len(names) == len(set(names))
    for facet in facets:
        assert set(facet) == {"name", "label", "values"}
        assert isinstance(facet["label"], str) and facet["label"]
        for value in facet["values"]:
            assert set(value) == {"value", "label", "count", "selected"}
            assert isinstance(value["count"], int) and value["count"] >= 0
            assert value["selected"] is False
    topic = next(f for f in facets if f["name"] == "topic")
    assert {v["value"] for v in topic["values"]} >= {"englisch", "edv"}


def _select(base, name, value):
    """The base query with facet `name` narrowed to just `value` (disjunctive counting)."""
    query = {k: v for k, v in base.items() if k != name}
    query[name] = "1" if name in FLAG_FILTERS else value
    return query


@pytest.mark.parametrize(
    "base",
    [{}, {"topic": "englisch"}, {"life_phase": "bildung-im-alter", "free": "1"}, {"q": "Englisch"}],
    ids=["unfiltered", "topic", "phase+free", "query"],
)
def test_facet_counts_equal_the_count_when_selected(get, catalog, base):
    data = get(SEARCH, base).data
    checked = 0
    for facet in data["facets"]:
        for value in facet["values"]:
            selected = get(SEARCH, _select(base, facet["name"], value["value"]))
            assert selected.status_code == 200, (facet["name"], value, selected.data)
            assert selected.data["count"] == value["count"], (facet["name"], value["value"])
            checked += 1
    assert checked > 0


def test_selected_values_are_marked(get, catalog):
    facets = get(SEARCH, {"topic": ["englisch"]}).data["facets"]
    topic = next(f for f in facets if f["name"] == "topic")
    selected = {v["value"] for v in topic["values"] if v["selected"]}
    assert selected == {"englisch"}


def test_search_near_gives_distances(get, catalog):
    response = get(SEARCH, {"near": "Heppenheim", "sort": "distance", "page_size": 100})
    assert response.status_code == 200, response.data
    hits = response.data["results"]
    distances = [h["distance_km"] for h in hits if h["distance_km"] is not None]
    assert distances, "runs at venues get a distance"
    assert distances == sorted(distances)


def test_invalid_parameters_answer_400_with_messages(get, catalog):
    response = get(SEARCH, {"topic": "gibt-es-nicht", "sort": "evil", "page_size": "1000"})
    assert response.status_code == 400
    assert set(response.data) == {"detail", "errors"}
    assert response.data["detail"]
    assert set(response.data["errors"]) == {"topic", "sort", "page_size"}
    assert "gibt-es-nicht" in response.data["errors"]["topic"]


# -- offering detail -------------------------------------------------------------------------
def test_offering_detail_has_every_fact_and_all_runs(get, catalog):
    o = catalog.english_course
    response = get(f"/api/v1/offerings/{o.pk}")
    assert response.status_code == 200
    data = response.data
    assert data["id"] == o.pk and data["title"] == o.title and data["slug"] == o.slug
    assert data["url"] == o.get_absolute_url()
    assert data["description"] == "Acht Abende Englisch." and data["entry_requirements"] == "A2"
    assert data["provider"]["id"] == catalog.vhs.pk
    assert data["life_phases"] == [{"slug": "weiterbildung-beruf", "name": "Weiterbildung & Beruf"}]
    assert data["topics"] == [{"slug": "englisch", "name": "Englisch", "parent": "sprachen"}]
    assert data["target_groups"] == [{"slug": "zugewanderte", "name": "Zugewanderte"}]
    assert data["format"] == {"slug": "kurs", "name": "Kurs"}
    assert {lang["slug"] for lang in data["languages"]} == {"de", "en"}
    assert data["price_cents"] == 12000 and data["price_reduced_cents"] == 9000
    assert data["is_free"] is False
    assert data["price_note"] == "Ermäßigung mit Bergstraße-Pass"
    assert data["funding_options"] == [
        {"slug": "bildungsgutschein", "name": "Bildungsgutschein", "url": "https://example.org/bg"}
    ]
    assert data["certificate"] == "telc English B1"
    assert data["dqr_level"] == {"level": 4, "name": "DQR 4"}
    assert data["registration_url"] == "https://example.org/anmelden"
    assert data["registration_contact"] == ""
    assert data["source"] == "manual"
    assert data["updated_at"]
    assert "status" not in data and "external_id" not in data

    runs = data["runs"]
    assert [r["id"] for r in runs] == [
        catalog.english_runs[2].pk, catalog.english_runs[0].pk, catalog.english_runs[1].pk
    ]
    weekly, online = runs[1], runs[2]
    assert weekly["recurrence"] == "weekly" and weekly["weekdays"] == ["di"]
    assert weekly["sessions"] == 8 and weekly["hours"] == 16.0 and weekly["seats"] == 14
    assert weekly["booking_status"] == "open" and weekly["booking_status_label"]
    assert weekly["price_cents"] == 12000  # the offering's price
    assert weekly["venue"] == {
        "id": catalog.vhs_house.pk, "name": "VHS-Haus", "street": "Kettelerstraße 5",
        "postcode": "64646",
        "town": {"ags": "06431011", "slug": "heppenheim", "name": "Heppenheim"},
        "locality": None, "latitude": 49.642, "longitude": 8.639, "step_free": True,
        "accessibility_notes": "",
    }
    assert online["venue"] is None and online["is_online"] is True
    assert online["price_cents"] == 8000  # its own price
    assert online["booking_status"] == "few"
    assert runs[0]["booking_status"] == "full"


def test_standing_run_weekdays(get, catalog):
    data = get(f"/api/v1/offerings/{catalog.smartphone.pk}").data
    (run,) = data["runs"]
    assert run["recurrence"] == "standing" and run["start_date"] is None
    assert run["weekdays"] == ["fr"]
    assert run["venue"]["step_free"] is False and run["venue"]["latitude"] is None
    assert run["price_cents"] is None and data["is_free"] is True


@pytest.mark.parametrize("which", ["draft", "archived", "unknown"])
def test_offering_404(get, catalog, which):
    pk = 987654 if which == "unknown" else getattr(catalog, which).pk
    response = get(f"/api/v1/offerings/{pk}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.data["detail"] and response.data["errors"] == {}


# -- provider --------------------------------------------------------------------------------
def test_provider_detail(get, catalog):
    response = get(f"/api/v1/providers/{catalog.vhs.pk}")
    assert response.status_code == 200
    data = response.data
    assert data["name"] == "VHS Bergstraße" and data["kind"] == "vhs" and data["kind_label"]
    assert data["url"] == catalog.vhs.get_absolute_url()
    assert data["town"] == {"ags": "06431011", "slug": "heppenheim", "name": "Heppenheim"}
    assert data["street"] == "Kettelerstraße 5" and data["email"] == "vhs@example.org"
    assert data["quality_seals"] == [{"slug": "azav", "name": "AZAV"}]
    # Only published offerings: not the draft, not the archived one.
    assert data["offerings_count"] == 2
    assert [o["id"] for o in data["offerings"]] == [catalog.english_course.pk, catalog.excel.pk]
    link = data["offerings"][0]
    assert link["url"] == catalog.english_course.get_absolute_url()
    assert link["api_url"] == f"/api/v1/offerings/{catalog.english_course.pk}"
    assert get(link["api_url"]).status_code == 200


def test_provider_without_town(get, catalog):
    data = get(f"/api/v1/providers/{catalog.library.pk}").data
    assert data["town"] is None and data["offerings_count"] == 2


def test_provider_404(get, catalog):
    response = get("/api/v1/providers/987654")
    assert response.status_code == 404
    assert response.data["detail"]


# -- taxonomy --------------------------------------------------------------------------------
def test_taxonomy_shape(get, catalog):
    response = get("/api/v1/taxonomy")
    assert response.status_code == 200
    data = response.data
    assert set(data) == {
        "life_phases", "topics", "target_groups", "formats", "funding_options", "quality_seals",
        "languages", "dqr_levels", "towns", "weekdays", "times_of_day", "sorts",
    }
    assert {p["slug"] for p in data["life_phases"]} == {"weiterbildung-beruf", "bildung-im-alter"}
    topics = {t["slug"]: t for t in data["topics"]}
    assert topics["englisch"]["parent"] == "sprachen" and topics["sprachen"]["parent"] is None
    assert data["funding_options"][0]["url"] == "https://example.org/bg"
    assert data["dqr_levels"] == [{"level": 4, "name": "DQR 4", "description": ""}]
    assert {lang["slug"] for lang in data["languages"]} == {"de", "en"}
    towns = data["towns"]
    # The district's own towns first, then the neighbours.
    assert [t["slug"] for t in towns] == ["bensheim", "heppenheim", "weinheim"]
    assert towns[0] == {
        "ags": "06431002", "slug": "bensheim", "name": "Bensheim",
        "official_name": "Stadt Bensheim", "population": 41000, "in_district": True,
        "latitude": 49.6811, "longitude": 8.6228, "postcodes": ["64625"],
    }
    assert towns[2]["in_district"] is False
    assert [w["value"] for w in data["weekdays"]] == ["mo", "di", "mi", "do", "fr", "sa", "so"]
    assert {s["value"] for s in data["sorts"]} == {"relevance", "date", "distance", "price"}


def test_taxonomy_values_are_accepted_by_the_search(get, catalog):
    data = get("/api/v1/taxonomy").data
    for key, name in [("life_phases", "life_phase"), ("topics", "topic"), ("formats", "format"),
                      ("languages", "language"), ("funding_options", "funding")]:
        for term in data[key]:
            response = get(SEARCH, {name: term["slug"]})
            assert response.status_code == 200, (name, term["slug"], response.data)
    for term in data["towns"]:
        assert get(SEARCH, {"town": term["slug"]}).status_code == 200


# -- OpenAPI and docs ------------------------------------------------------------------------
def test_openapi_document(get):
    response = get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.data
    assert doc["openapi"] == "3.1.0"
    assert doc["info"]["title"] == "Bildungsportal API" and doc["info"]["version"] == "1"
    assert set(doc["paths"]) == {
        "/api/v1/offerings", "/api/v1/offerings/{id}", "/api/v1/providers",
        "/api/v1/providers/{id}",
        "/api/v1/taxonomy", "/api/v1/suggest",
        # office only (session log-in), see tests/test_surveys_results*.py
        "/api/v1/surveys/{slug}/results", "/api/v1/surveys/{slug}/crosstab",
        # the education monitoring, see tests/test_insights_api.py
        "/api/v1/insights/indicators", "/api/v1/insights/indicators/{key}",
        "/api/v1/insights/gaps", "/api/v1/insights/towns", "/api/v1/insights/towns/{slug}",
        "/api/v1/changes",  # the change feed, see tests/test_opendata.py
    }
    params = {p["name"] for p in doc["paths"]["/api/v1/offerings"]["get"]["parameters"]}
    assert params == {
        "q", "life_phase", "topic", "town", "format", "language", "funding", "seal", "weekday",
        "time_of_day", "free", "accessible", "near", "radius_km", "date_from", "date_to",
        "sort", "page", "page_size",
    }


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs = []
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href"):
            if attrs.get(name):
                self.refs.append(attrs[name])
        if tag == "script":
            self.scripts.append(attrs)
        assert "style" not in attrs, "inline style attributes break style-src 'self'"
        assert not any(a.startswith("on") for a in attrs), "inline event handlers"


def test_docs_page_loads_nothing_from_third_parties(get, client):
    response = get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    parser = _Refs()
    parser.feed(html)
    assert "<style" not in html
    assert parser.refs, "the page references its assets"
    for ref in parser.refs:
        assert ref.startswith("/") and not ref.startswith("//"), ref
        asset = client.get(ref, secure=True)
        assert asset.status_code == 200, ref
        if hasattr(asset, "streaming_content"):
            b"".join(asset.streaming_content)
    # No inline script runs: each script is external or an inert JSON data block.
    for script in parser.scripts:
        assert script.get("src") or script.get("type") == "application/json", script


def test_docs_assets_are_an_allowlist(get):
    assert get("/api/v1/docs/assets/swagger-ui-bundle.js").status_code == 200
    for name in ["..%2F..%2Fmain.py", "redoc.standalone.js", "swagger-ui-bundle.js.map"]:
        response = get(f"/api/v1/docs/assets/{name}")
        assert response.status_code == 404


def test_api_root_links_everything(get):
    data = get("/api/v1/").data
    assert data["docs"] == "/api/v1/docs" and data["openapi"] == "/api/v1/openapi.json"
    assert "/api/v1/offerings" in data["endpoints"]


def test_unknown_api_path_is_json_404(get):
    response = get("/api/v1/gibt-es-nicht")
    assert response.status_code == 404
    assert response.data["detail"]
