"""Autocomplete: GET /api/v1/suggest and bildungsportal.search.suggest."""

from datetime import timedelta
from types import SimpleNamespace

import pytest

from bildungsportal.catalog import models as catalog
from bildungsportal.search import suggest as suggest_module
from bildungsportal.search.facet_index import get_index
from bildungsportal.search.indexing import rebuild_index
from tests import factories

pytestmark = pytest.mark.django_db

SUGGEST = "/api/v1/suggest"


@pytest.fixture
def get(client):
    def _get(data=None, **extra):
        response = client.get(SUGGEST, data, secure=True, **extra)
        assert response.status_code < 500, (data, response.content[:500])
        assert response["Content-Type"].startswith("application/json")
        response.data = response.json()
        return response

    return _get


@pytest.fixture
def data():
    d = factories.small_catalog()
    vocab = d["vocab"]
    mobility = catalog.Topic.objects.create(slug="mobilitaet", name="Mobilität")
    second_language = catalog.Topic.objects.create(
        slug="daz", name="Deutsch als Zweitsprache", parent=vocab["languages"]
    )
    catalog.Topic.objects.create(slug="kochen", name="Kochen")  # no offerings
    licence = factories.offering(d["vhs"], vocab, "Führerschein Klasse B", topics=[mobility])
    factories.run(licence, d["saal"], days=15)
    daz = factories.offering(d["vhs"], vocab, "Deutsch Intensiv B1", topics=[second_language])
    factories.run(daz, d["haus"], days=9)
    # Two offerings whose titles differ only in case: one suggestion counting both.
    for title in ("Yoga am Abend", "yoga am abend", "Yoga am Abend"):
        yoga = factories.offering(d["music"], vocab, title, topics=[vocab["health"]])
        factories.run(yoga, d["haus"], days=4)
    # A topic whose only offering is over: nothing to find with it.
    past = catalog.Topic.objects.create(slug="kunst", name="Kunst")
    old = factories.offering(d["vhs"], vocab, "Kunstgeschichte", topics=[past])
    factories.run(old, d["haus"], start_date=factories.TODAY - timedelta(days=30))
    rebuild_index()
    return d


def labels(response, kind=None):
    return [s["label"] for s in response.data["suggestions"] if kind in (None, s["kind"])]


def test_example_from_the_docs(get, data):
    response = get({"q": "eng"})
    assert response.status_code == 200
    assert response.data["query"] == "eng"
    assert response.data["suggestions"] == [
        {"kind": "topic", "kind_label": "Thema", "label": "Englisch",
         "url": "/angebote/?topic=englisch", "count": 1},
        {"kind": "title", "kind_label": "Angebot", "label": "Englisch für Anfänger",
         "url": "/angebote/?q=Englisch+f%C3%BCr+Anf%C3%A4nger", "count": 1},
    ]


@pytest.mark.parametrize(
    "q", ["fuehr", "Führ", "FÜHRERSCHEIN", "führerschein kl", "fuehrerschein-klasse"]
)
def test_umlauts_case_and_punctuation_fold(get, data, q):
    assert labels(get({"q": q}), "title") == ["Führerschein Klasse B"]


def test_umlaut_in_topic_name(get, data):
    response = get({"q": "mobilitae"})
    assert response.data["suggestions"][0] == {
        "kind": "topic", "kind_label": "Thema", "label": "Mobilität",
        "url": "/angebote/?topic=mobilitaet", "count": 1,
    }


def test_towns_lead_to_their_page(get, data):
    assert get({"q": "bens"}).data["suggestions"] == [
        {"kind": "town", "kind_label": "Ort", "label": "Bensheim", "url": "/orte/bensheim/",
         "count": 6},
    ]
    assert labels(get({"q": "HEPP"}), "town") == ["Heppenheim"]


def test_town_count_is_distinct_offerings_with_runs_to_come(get, data):
    (bensheim,) = get({"q": "bensheim"}).data["suggestions"]
    # English (weekly run), guitar, Deutsch Intensiv and the three yoga offerings; not the
    # past Kunstgeschichte run, and English's two other runs are elsewhere.
    assert bensheim["count"] == 6


def test_topic_matches_at_a_later_word_and_counts_subtopics(get, data):
    assert labels(get({"q": "zweit"}), "topic") == ["Deutsch als Zweitsprache"]
    (languages,) = [s for s in get({"q": "sprach"}).data["suggestions"] if s["kind"] == "topic"]
    # Englisch and Deutsch als Zweitsprache are subtopics of Sprachen; guitar is filed there.
    assert (languages["label"], languages["count"]) == ("Sprachen", 3)


def test_whole_name_matches_rank_before_word_matches(get, data):
    catalog.Topic.objects.create(slug="deutsch", name="Deutsch")
    o = factories.offering(data["vhs"], data["vocab"], "Lesen",
                           topics=[catalog.Topic.objects.get(slug="deutsch")])
    factories.run(o, data["haus"])
    rebuild_index()
    assert labels(get({"q": "deutsch"}), "topic") == ["Deutsch", "Deutsch als Zweitsprache"]


def test_titles_that_fold_alike_are_one_suggestion_with_their_count(get, data):
    (yoga,) = [s for s in get({"q": "yoga"}).data["suggestions"] if s["kind"] == "title"]
    assert yoga["label"] == "Yoga am Abend"  # the more common spelling
    assert yoga["count"] == 3
    assert yoga["url"] == "/angebote/?q=Yoga+am+Abend"


def test_drafts_topics_without_offerings_and_past_only_topics_are_not_suggested(get, data):
    assert get({"q": "geheim"}).data["suggestions"] == []
    assert labels(get({"q": "koch"})) == []
    assert labels(get({"q": "kunst"}), "topic") == []
    # A published title is suggested whatever the dates of its runs.
    assert labels(get({"q": "kunst"}), "title") == ["Kunstgeschichte"]


def test_a_title_suggestion_finds_its_offering(get, client, data):
    (title,) = [s for s in get({"q": "fuehr"}).data["suggestions"] if s["kind"] == "title"]
    query = title["url"].split("?", 1)[1]
    found = client.get(f"/api/v1/offerings?{query}", secure=True).json()
    assert [hit["title"] for hit in found["results"]] == ["Führerschein Klasse B"]


def test_new_offerings_appear_when_the_index_version_changes(get, data):
    assert labels(get({"q": "zumba"})) == []
    o = factories.offering(data["vhs"], data["vocab"], "Zumba für alle",
                           topics=[data["vocab"]["health"]])
    factories.run(o, data["haus"])
    rebuild_index()
    assert labels(get({"q": "zumba"})) == ["Zumba für alle"]


def test_at_most_ten_and_every_kind_gets_a_share(get, data):
    vocab = data["vocab"]
    for i in range(14):
        o = factories.offering(data["vhs"], vocab, f"Bergstraße erleben {i:02d}")
        factories.run(o, data["haus"])
    walks = []
    for i in range(5):
        topic = catalog.Topic.objects.create(slug=f"berg-{i}", name=f"Berg {i}")
        walks.append(factories.offering(data["vhs"], vocab, "Wandern", topics=[topic]))
        factories.run(walks[-1], data["haus"])
    bergheim = factories.town("Bergheim", ags="08226003", in_district=False)
    factories.run(walks[0], factories.venue(bergheim, name="Halle"))
    rebuild_index()
    suggestions = get({"q": "berg"}).data["suggestions"]
    kinds = [s["kind"] for s in suggestions]
    assert len(suggestions) == 10
    assert kinds == ["topic"] * 3 + ["title"] * 6 + ["town"]
    assert labels(get({"q": "berg"}), "title")[0] == "Bergstraße erleben 00"


@pytest.mark.parametrize("q", [
    "", " ", "\t\n", "!!!", "*", '"', "-", "ODER", "\x00", "\x01\x02eng", "e\u0301",
    "😀", "\u202eeng", "a" * 200, "ä" * 200, "%", "<script>", "' OR 1=1 --",
])
def test_any_short_query_answers_200_with_a_list(get, data, q):
    response = get({"q": q})
    assert response.status_code == 200
    assert response.data["query"] == q
    assert isinstance(response.data["suggestions"], list)
    assert len(response.data["suggestions"]) <= 10


def test_control_characters_fold_away(get, data):
    assert labels(get({"q": "\x01fue\x00hr"}), "title") == ["Führerschein Klasse B"]
    assert labels(get({"q": "F\u00fch\u00adrer\u200bschein\tKl"}), "title") == [
        "Führerschein Klasse B"
    ]


def test_no_q_and_repeated_q(get, data, client):
    assert get().data == {"query": "", "suggestions": []}
    response = client.get(f"{SUGGEST}?q=zzz&q=eng", secure=True)
    assert response.status_code == 200
    assert response.json()["query"] == "eng"


def test_invalid_utf8_in_the_address(client, data):
    response = client.get(SUGGEST, QUERY_STRING="q=%ff%fe%00eng", secure=True)
    assert response.status_code == 200
    assert isinstance(response.json()["suggestions"], list)


@pytest.mark.parametrize("length", [201, 10_000])
def test_too_long_query_answers_400_with_a_clear_message(get, data, length):
    response = get({"q": "e" * length})
    assert response.status_code == 400
    assert response.data["detail"] == "Suchbegriff zu lang für Vorschläge."
    assert response.data["errors"] == {"q": "Höchstens 200 Zeichen."}


def test_empty_catalog(get):
    assert get({"q": "eng"}).data["suggestions"] == []


def test_openapi_declares_the_endpoint(client):
    document = client.get("/api/v1/openapi.json", secure=True).json()
    operation = document["paths"]["/api/v1/suggest"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["q"]
    assert operation["parameters"][0]["schema"]["maxLength"] == 200
    # its own answers, and those every operation may give (bildungsportal/api.py)
    assert set(operation["responses"]) == {"200", "400", "304", "414", "429"}


# -- the title list and its bisect, without a database ---------------------------------------
def fake_index(rows):
    return SimpleNamespace(suggest_titles=sorted(rows))


@pytest.mark.django_db(False)
def test_titles_by_prefix_most_offerings_first_then_alphabetical():
    rows = [(f"kurs {i:02d}", f"Kurs {i:02d}", 1) for i in range(30)]
    rows[17] = ("kurs 17", "Kurs 17", 5)
    rows[25] = ("kurs 25", "Kurs 25", 2)
    rows += [("kurz", "Kurz", 9), ("kunst", "Kunst", 9), ("kurs", "Kurs", 1)]
    chosen = suggest_module._titles(fake_index(rows), "kurs", 4)
    assert [label for _, label, _ in chosen] == ["Kurs 17", "Kurs 25", "Kurs", "Kurs 00"]
    assert [label for _, label, _ in suggest_module._titles(fake_index(rows), "kurs 2", 3)] == [
        "Kurs 25", "Kurs 20", "Kurs 21",
    ]
    assert suggest_module._titles(fake_index(rows), "kurt", 4) == []
    assert suggest_module._titles(fake_index([]), "kurs", 4) == []


@pytest.mark.django_db(False)
def test_key_folds_like_the_analyzer():
    assert suggest_module.key("  Führerschein – Klasse\tB ") == "fuehrerschein klasse b"
    assert suggest_module.key("Fußball-Übungen") == "fussball uebungen"
    assert suggest_module.key("Café") == "cafe"
    assert suggest_module.key("\x00!?") == ""


def test_suggest_titles_holds_distinct_published_titles_only(data):
    titles = get_index().suggest_titles
    assert titles == sorted(titles)
    folded = [row[0] for row in titles]
    assert len(folded) == len(set(folded))
    assert "geheimer entwurf" not in folded
    assert ("yoga am abend", "Yoga am Abend", 3) in titles
