"""Typo tolerance (search/spelling.py) on the configured backend: make test runs SQLite and
PostgreSQL."""

from types import SimpleNamespace

import pytest

from bildungsportal.search import spelling
from bildungsportal.search.engine import search
from bildungsportal.search.facet_index import get_index
from bildungsportal.search.indexing import rebuild_index
from bildungsportal.search.params import SearchParams
from bildungsportal.search.query import parse
from tests import factories


# -- the pieces, without a database ---------------------------------------------------------
@pytest.mark.parametrize("a, b, expected", [
    ("python", "python", 0),
    ("pyhton", "python", 1),  # a transposition counts 1
    ("englsich", "englisch", 1),
    ("fuhrershein", "fuhrerschein", 1),
    ("yoga", "joga", 1),
    ("kurs", "kursus", 2),
    ("abc", "xyz", 3),
    ("", "abc", 3),
])
def test_damerau_distance(a, b, expected):
    assert spelling.distance(a, b, limit=3) == expected
    assert spelling.distance(b, a, limit=3) == expected


def test_distance_stops_at_the_limit():
    assert spelling.distance("aaaaaaaa", "bbbbbbbb", limit=2) == 3


@pytest.mark.parametrize("word, edits", [
    ("yga", 0), ("yoga", 1), ("pyhton", 1), ("abendkur", 2), ("fuehrershein", 2), ("", 0),
])
def test_edits_allowed_by_length(word, edits):
    assert spelling.max_distance(word) == edits


def test_nearest_prefers_fewer_edits_then_more_documents():
    dictionary = spelling.Dictionary([
        ("python", 5), ("pylon", 50), ("englisch", 9), ("englis", 1), ("kur", 40), ("yoga", 3),
        ("x2000", 7),
    ])
    assert dictionary.nearest("pyhton") == ("python", 1, 5)
    assert dictionary.nearest("englsich") == ("englisch", 1, 9)
    assert dictionary.nearest("yog") is None  # three letters: never corrected
    assert dictionary.nearest("pyhton2") is None  # not a word of letters
    assert dictionary.nearest("zzzzzzzz") is None
    assert dictionary.documents("kur") == 40
    assert dictionary.documents_with_prefix("engl") == 10


def test_nearest_finds_stems_the_typo_hid_from_the_stemmer():
    # "buchhaltnug" is 3 edits from the stem "buchhalt"; "buchhaltung" (1 edit) stems to it.
    dictionary = spelling.Dictionary([("buchhalt", 4), ("buchhandl", 9)])
    assert spelling.distance("buchhaltnug", "buchhalt", limit=2) == 3
    assert dictionary.nearest("buchhaltnug") == ("buchhalt", 1, 4)


def fake_index(frequencies, readable=None):
    dictionary = spelling.Dictionary(frequencies)
    dictionary._readable.update(readable or {})
    # match(): every trial of a correction finds one offering (the co-occurrence check).
    return SimpleNamespace(spelling=dictionary, compound_vocabulary=frozenset(),
                           match=lambda parsed: ([1], [1.0]))


def test_rare_word_is_corrected_only_towards_a_far_more_frequent_term():
    # "pyhton" occurs once (a typo in some offering), "python" in 30 documents: corrected.
    index = fake_index([("pyhton", 1), ("python", 30)], {"python": "Python", "pyhton": "Pyhton"})
    correction = spelling.correct(parse("Pyhton"), index, matched=1)
    assert correction.suggestion("Pyhton") == "Python"
    # Only 5 documents for the correction: the rare word stays as it is.
    index = fake_index([("pyhton", 1), ("python", 5)], {"python": "Python", "pyhton": "Pyhton"})
    assert spelling.correct(parse("Pyhton"), index, matched=1) is None


def test_the_dictionary_is_not_loaded_when_the_query_finds_plenty():
    class Unloadable:
        compound_vocabulary = frozenset()

        @property
        def spelling(self):
            raise AssertionError("dictionary loaded")

    assert spelling.correct(parse("Pyhton"), Unloadable(), matched=50) is None
    assert spelling.correct(parse("yga abc"), Unloadable(), matched=0) is None  # all short


def test_excluded_words_and_phrases_are_left_alone():
    index = fake_index([("python", 30)], {"python": "Python"})
    assert spelling.correct(parse("-pyhton"), index, matched=0) is None
    assert spelling.correct(parse('"pyhton lernen"'), index, matched=0) is None


def test_suggestion_keeps_the_rest_of_the_string():
    index = fake_index([("python", 30), ("kur", 9)], {"python": "Python"})
    correction = spelling.correct(parse("pyhton Kurs"), index, matched=0)
    assert correction.suggestion("pyhton Kurs") == "python Kurs"  # typed lower case: lower
    assert correction.suggestion("Pyhton  Kurs!") == "Python  Kurs!"


# -- search on the database -----------------------------------------------------------------
@pytest.fixture
def catalog(db):
    bensheim = factories.town()
    vocab = factories.vocabularies()
    vhs = factories.provider(municipality=bensheim)
    haus = factories.venue(bensheim)
    o = {
        "python": factories.offering(vhs, vocab, "Programmieren mit Python",
                                     summary="Python für Einsteiger.", topics=[]),
        "englisch": factories.offering(vhs, vocab, "Englisch für Anfänger"),
        "fuehrerschein": factories.offering(vhs, vocab, "Führerschein-Theorie kompakt",
                                            topics=[vocab["health"]]),
        "yoga": factories.offering(vhs, vocab, "Yoga am Morgen", topics=[vocab["health"]]),
        "kochen": factories.offering(vhs, vocab, "Kochen mit Kräutern",
                                     topics=[vocab["health"]]),
        "steuer": factories.offering(vhs, vocab, "Die Steuererklärung leicht gemacht",
                                     topics=[]),
    }
    for offering in o.values():
        factories.run(offering, haus, days=5)
    rebuild_index()
    return o


def ids(result):
    """The offerings that match every word (the soft AND's partial matches follow them)."""
    return {hit.offering.pk for hit in result.hits if not hit.partial}


@pytest.mark.parametrize("q, key, suggestion", [
    ("Pyhton", "python", "Python"),
    ("pyhton", "python", "python"),
    ("Englsich", "englisch", "Englisch"),
    ("Fuehrershein", "fuehrerschein", "Führerschein"),
    ("Führerschien", "fuehrerschein", "Führerschein"),
    ("Englsich Anfänger", "englisch", "Englisch Anfänger"),
    ("Yogga", "yoga", "Yoga"),
    ("Kräutren", "kochen", "Kräutern"),
    # The typo defeats the stemmer: "steuererklarnug" is 3 edits from the stem "steuererklar",
    # but one transposition from "steuererklarung", which stems to it.
    ("Steuererklärnug", "steuer", "Steuererklärung"),
])
def test_misspelled_word_finds_and_suggests(catalog, q, key, suggestion):
    result = search(SearchParams(q=q))
    assert ids(result) == {catalog[key].pk}
    assert result.suggestion == suggestion
    assert result.suggestion_query == SearchParams(q=suggestion).querystring()


@pytest.mark.parametrize("q", ["Python", "Englisch", "Führerschein", "Fuehrerschein", "pyth",
                               "Yoga", "Kochen"])
def test_correctly_spelled_word_is_not_corrected(catalog, q):
    result = search(SearchParams(q=q))
    assert result.count >= 1
    assert result.suggestion == ""
    assert result.suggestion_query == ""


def test_three_letter_word_is_not_fuzzed(catalog):
    # "Yga" is one edit from "Yoga", but words under four letters are never corrected.
    result = search(SearchParams(q="Yga"))
    assert result.count == 0
    assert result.suggestion == ""


def test_no_suggestion_when_nothing_is_near(catalog):
    result = search(SearchParams(q="Quantenchromodynamik"))
    assert result.count == 0
    assert result.suggestion == ""


def test_correction_still_respects_the_other_words(catalog):
    # "Pyhton" becomes Python, but "Yoga" must match too: nothing has both. (The soft AND
    # still lists what matches one of the words, as partial matches.)
    result = search(SearchParams(q="Pyhton Yoga"))
    assert result.count == result.partial_count
    assert ids(result) == set()
    assert result.suggestion == ""


def test_dictionary_follows_the_index(catalog):
    assert search(SearchParams(q="Gitarre")).count == 0
    assert search(SearchParams(q="Gitarer")).suggestion == ""
    vocab = {"in_person": catalog["python"].format}
    factories.offering(catalog["python"].provider, vocab, "Gitarre für Erwachsene", topics=[],
                       phases=[], languages=[])
    rebuild_index()
    assert get_index().spelling.documents("gitarr") == 1
    assert search(SearchParams(q="Gitarer")).suggestion == "Gitarre"


@pytest.mark.parametrize("q", [
    "Pyhton" * 200, "ääääääää", "\x00pyhton\x1f", '"pyhton', "pyhton ODER", "ODER pyhton",
    "-pyhton", "pyhton*", "pyhton:", "'; DROP TABLE search_fts; --", "ﬁnanzen", "ΑΒΓΔΕΖΗΘ",
    "日本語のテキスト", "englsich " * 40, "NEAR(pyhton englsich)", "englisch-pyhton",
    "ß" * 12, "Straße", "İstanbul", "\u0301\u0301\u0301\u0301", "p̈ÿhton",
])
def test_hostile_strings_never_raise(catalog, q):
    result = search(SearchParams(q=q))
    assert isinstance(result.suggestion, str)


def test_search_page_asks_meinten_sie(client, catalog):
    response = client.get("/angebote/", {"q": "Pyhton"}, secure=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Meinten Sie „<a href=\"?q=Python\">Python</a>“?" in html
    assert "Programmieren mit Python" in html


def test_search_page_without_typo_has_no_question(client, catalog):
    html = client.get("/angebote/", {"q": "Python"}, secure=True).content.decode()
    assert "Meinten Sie" not in html


def test_api_returns_the_suggestion(client, catalog):
    data = client.get("/api/v1/offerings", {"q": "Englsich"}, secure=True).json()
    assert data["suggestion"] == "Englisch"
    assert [r["id"] for r in data["results"]] == [catalog["englisch"].pk]
    data = client.get("/api/v1/offerings", {"q": "Englisch"}, secure=True).json()
    assert data["suggestion"] == ""
