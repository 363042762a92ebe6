"""Hostile input to the JSON API: always JSON, 2xx or 4xx with a clear message, never 500."""

from datetime import date, timedelta

import pytest

from bildungsportal.catalog.models import (
    Format,
    Language,
    LifePhase,
    Offering,
    Provider,
    Run,
    Topic,
    Venue,
)
from bildungsportal.places.models import Municipality
from bildungsportal.search.indexing import rebuild_index

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/offerings"


@pytest.fixture
def get(client):
    def _get(path, data=None, **extra):
        response = client.get(path, data, secure=True, **extra)
        assert response.status_code < 500, (path, data, response.content[:500])
        assert response["Content-Type"].startswith("application/json"), response.content[:200]
        response.data = response.json()
        return response

    return _get


@pytest.fixture
def offering():
    town = Municipality.objects.create(
        ags="06431002", name="Bensheim", official_name="Stadt Bensheim", slug="bensheim",
        latitude=49.68, longitude=8.62, population=41000, postcodes=["64625"],
    )
    provider = Provider.objects.create(name="VHS", kind="vhs", municipality=town)
    venue = Venue.objects.create(name="VHS-Haus", municipality=town, latitude=49.68, longitude=8.62)
    o = Offering.objects.create(
        title="Englisch (AND) NEAR* Kurs", provider=provider,
        format=Format.objects.create(slug="kurs", name="Kurs"), status="published",
    )
    o.life_phases.set([LifePhase.objects.create(slug="weiterbildung", name="Weiterbildung")])
    o.topics.set([Topic.objects.create(slug="sprachen", name="Sprachen")])
    o.languages.set([Language.objects.create(slug="de", name="Deutsch")])
    Run.objects.create(offering=o, start_date=date.today() + timedelta(days=7), venue=venue)
    rebuild_index()
    return o


HOSTILE_QUERIES = [
    '" * : ( ) AND NEAR ^',
    '"unbalanced',
    "((((((((((",
    "NEAR(a b, 3)",
    "a OR OR OR b NOT",
    "-",
    "*",
    "^^^",
    "title:englisch",
    "{} [] <> ; ' -- /* */",
    "' OR 1=1 --",
    "\\",
    "x" * 10_000,
    "Englisch " * 2_000,
    "\x00",
    "Engl\x00isch",
    "\x01\x02\x03\x1b[31m\x7f",
    "\t\n\r\x0b\x0c",
    "\u200b\u200e\ufeff",
    "\ud7ff\ue000\uffff",
    "😀 Kurs 👩‍🏫",
    "Ä" * 300,
    "   ",
    "ß" * 50 + "ẞ",
    "%00%27",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("q", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_any_q_is_a_search(get, offering, q):
    response = get(SEARCH, {"q": q})
    assert response.status_code == 200, response.data
    assert set(response.data) == {"count", "page", "page_size", "results", "facets", "suggestion"}


def test_operators_are_plain_words(get, offering):
    data = get(SEARCH, {"q": '" * : ( ) AND NEAR ^ Englisch'}).data
    assert data["count"] >= 0  # answered; what matches is the engine's business


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"topic": "gibt-es-nicht"}, "topic"),
        ({"town": "atlantis"}, "town"),
        ({"life_phase": "x" * 5000}, "life_phase"),
        ({"language": "\x00"}, None),  # a value that is only control characters is dropped
        ({"weekday": "montag"}, "weekday"),
        ({"time_of_day": "nachts"}, "time_of_day"),
        ({"format": ["kurs", "'; DROP TABLE catalog_offering; --"]}, "format"),
        ({"page": "-1"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "1e3"}, "page"),
        ({"page": "99999999999999999999999"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"radius_km": "1e9"}, "radius_km"),
        ({"radius_km": "-5"}, "radius_km"),
        ({"radius_km": "nan"}, "radius_km"),
        ({"radius_km": "inf"}, "radius_km"),
        ({"radius_km": "zehn"}, "radius_km"),
        ({"date_from": "2025-13-45"}, "date_from"),
        ({"date_from": "gestern"}, "date_from"),
        ({"date_to": "31.02.2025"}, "date_to"),
        ({"date_from": "99999-01-01"}, "date_from"),
        ({"sort": "evil"}, "sort"),
        ({"sort": "relevance; DROP"}, "sort"),
        ({"free": "vielleicht"}, "free"),
        ({"accessible": "2"}, "accessible"),
    ],
)
def test_invalid_values_answer_400_naming_the_field(get, offering, query, field):
    response = get(SEARCH, query)
    if field is None:
        assert response.status_code in (200, 400)
        return
    assert response.status_code == 400, response.data
    assert response.data["detail"]
    assert field in response.data["errors"], response.data
    assert response.data["errors"][field].strip()


def test_many_values_and_many_fields(get, offering):
    response = get(SEARCH, {"topic": ["sprachen"] * 200})
    assert response.status_code == 200
    # More fields than Django parses (DATA_UPLOAD_MAX_NUMBER_FIELDS) is a client error.
    response = get(SEARCH + "?" + "&".join(f"topic=t{i}" for i in range(1500)))
    assert response.status_code == 400
    assert response.data["detail"]


@pytest.mark.parametrize(
    "raw",
    [
        "q=%00%00%00",
        "q=%ff%fe%fd",
        "q=%",
        "q=%zz",
        "page=%00",
        "page_size=%2B5",
        "sort=%00relevance",
        "near=%00",
        "near=" + "x" * 5000,
        "near=99999",
        "near=Atlantis&radius_km=5",
        "&&&==&=",
        "q",
        "unknown=1&__proto__=x",
    ],
)
def test_raw_query_strings(get, offering, raw):
    response = get(f"{SEARCH}?{raw}")
    # 404: a `near` that names no place (test_api_http.py)
    assert response.status_code in (200, 400, 404)
    if response.status_code in (400, 404):
        assert response.data["detail"] and response.data["errors"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/offerings/abc",
        "/api/v1/offerings/99999999999999999999",
        "/api/v1/offerings/-1",
        "/api/v1/offerings/0",
        "/api/v1/offerings/1.5",
        "/api/v1/offerings/1e3",
        "/api/v1/offerings/%00",
        "/api/v1/offerings/%20",
        "/api/v1/offerings/1%00",
        "/api/v1/offerings/" + "9" * 5000,
        "/api/v1/offerings/1;DROP",
        "/api/v1/providers/abc",
        "/api/v1/providers/99999999999999999999",
        "/api/v1/providers/-7",
        "/api/v1/providers/",
        "/api/v1/offerings/",
        "/api/v1/offerings/1/",
        "/api/v1/../../etc/passwd",
        "/api/v1/docs/assets/..%2f..%2fsettings.py",
    ],
)
def test_bad_ids_and_paths_are_json_4xx(get, offering, path):
    response = get(path)
    assert 400 <= response.status_code < 500
    assert response.data["detail"].strip()


def test_huge_id_message_is_clear(get):
    response = get("/api/v1/offerings/99999999999999999999")
    assert response.status_code == 400
    assert "id" in response.data["errors"]


def test_non_numeric_id_message_is_clear(get):
    response = get("/api/v1/offerings/abc")
    assert response.status_code == 400
    assert "id" in response.data["errors"]
    assert "integer" in response.data["errors"]["id"]


def test_draft_is_not_reachable(get, offering):
    offering.status = Offering.Status.DRAFT
    offering.save()
    assert get(f"/api/v1/offerings/{offering.pk}").status_code == 404
    assert get(SEARCH).data["count"] == 0


def test_writes_are_not_allowed(client, offering):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(SEARCH, secure=True)
        assert response.status_code == 405
        response = getattr(client, method)(f"/api/v1/offerings/{offering.pk}", secure=True)
        assert response.status_code == 405
