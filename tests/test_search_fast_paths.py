"""The shortcuts of a never-repeated search answer exactly what the long way answers (issue 16,
point 2): the first page without sorting every result, per-offering summaries of the upcoming
runs instead of passes over every row, an empty view for words that match nothing, a broad
word without its bm25 pass, ids joined by the database, and each match asked once per text
stage. Each test compares the shortcut with the long way on a demo catalog, on SQLite and
PostgreSQL, and checks that the shortcut was taken."""

import os
import subprocess
import sys
from datetime import date
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict

from bildungsportal.catalog.demo import generate
from bildungsportal.search import analyzer, backends, engine, postings, subset
from bildungsportal.search.engine import _first_in_order, allowed_values, search
from bildungsportal.search.facet_index import get_index
from bildungsportal.search.params import parse
from bildungsportal.search.query import compile_query
from tests.test_search_subset import views_made

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture
def demo():
    call_command("load_reference", stdout=StringIO())
    generate(400, seed=11, today=TODAY)
    return get_index()


def _answer(query):
    get_index()._start_caches()  # nothing kept from the other way
    result = search(parse(QueryDict(query), allowed_values()).params, today=TODAY)
    return (result.count, result.partial_count, result.page, result.facets,
            result.relaxations, result.suggestion)


# -- the first page without sorting every result -------------------------------------------

@pytest.mark.parametrize("seed", range(40))
def test_first_in_order_is_the_start_of_the_full_sort(seed):
    rng = np.random.default_rng(seed)
    size = int(rng.integers(0, 3000))
    keys = (
        np.arange(size),  # ids: the last tie-break
        rng.integers(0, 5, size),  # many ties
        rng.choice([0.0, 0.5, 1.0, np.nan], size) if seed % 3 == 0
        else rng.integers(0, 4, size).astype(np.int8),
    )
    for count in (0, 1, 20, 100, size, size + 5):
        assert np.array_equal(_first_in_order(keys, count), np.lexsort(keys)[:count])


# -- per-offering summaries of the upcoming runs -----------------------------------------

WORDLESS = ["", "page=2", "sort=date", "sort=price", "topic=deutsch-als-zweitsprache",
            "format=online&sort=date", "free=1&page=3", "near=Bensheim&sort=distance",
            "town=heppenheim", "weekday=di", "time_of_day=abends&free=1", "accessible=1",
            "weekday=mo&town=bensheim&sort=price", "date_from=2026-04-01",
            "near=Bensheim&radius_km=5", "q=kurs", "q=kurs&weekday=sa", "q=gibtesnicht&free=1",
            # nothing found: the "drop this filter" counts too
            "topic=englisch&weekday=so&time_of_day=vormittags&accessible=1",
            "topic=englisch&accessible=1&time_of_day=abends&weekday=sa"]


@pytest.mark.parametrize("query", WORDLESS)
def test_upcoming_summary_answers_like_the_rows(demo, query, monkeypatch):
    monkeypatch.setattr(subset, "MAX_SHARE", 0.0)  # the whole index, where the summary is used
    fast = _answer(query)
    monkeypatch.setattr(engine._Query, "rows_unfiltered", lambda self, without=None: False)
    assert fast == _answer(query)


def test_the_list_has_searches_that_find_nothing(demo, monkeypatch):
    monkeypatch.setattr(subset, "MAX_SHARE", 0.0)
    relaxations = [_answer(query)[4] for query in WORDLESS[-2:]]
    assert all(relaxations) and any(r.count for found in relaxations for r in found)


def test_the_summary_is_used_without_run_filters(demo, monkeypatch):
    used = []
    original = engine._Query.rows_unfiltered

    def spy(self, without=None):
        answer = original(self, without)
        used.append(answer)
        return answer

    monkeypatch.setattr(engine._Query, "rows_unfiltered", spy)
    _answer("topic=deutsch-als-zweitsprache")
    assert used and all(used)
    used.clear()
    _answer("weekday=di&town=bensheim")
    assert not all(used)  # the town and weekday counts leave out only their own filter


# -- "drop this filter" counts from the search's own masks ----------------------------------

FOUND_NOTHING = [
    "topic=englisch&weekday=so&time_of_day=vormittags&accessible=1",
    "topic=englisch&accessible=1&time_of_day=abends&weekday=sa",
    "q=kurs&town=hirschhorn&weekday=so&free=1&format=online",
    "q=deutsch&town=lorsch&time_of_day=vormittags&weekday=sa&accessible=1",
    "free=1&format=online&town=biblis&life_phase=bildung-im-alter",
    "q=gibtesnicht&town=bensheim&free=1",
]


@pytest.mark.parametrize("query", FOUND_NOTHING)
@pytest.mark.parametrize("share", [0.0, 1.0])
def test_drop_this_filter_counts_equal_a_search_without_it(demo, query, share, monkeypatch):
    monkeypatch.setattr(subset, "MAX_SHARE", share)  # on the whole index and on the view
    params = parse(QueryDict(query), allowed_values()).params
    view, found = engine._query(demo, params, TODAY, None)
    compared = 0
    for name in params.active_filters:
        counted = found.count_without(name)
        if counted is not None:
            assert counted == engine._count(demo, params.without(name), TODAY, None), name
            compared += 1
    assert compared >= 2
    assert found.count_without("q") is None  # the words: a search of its own


# -- distances measured once per place -------------------------------------------------

@pytest.mark.parametrize("origin", [(49.6811, 8.6228), (49.5450, 8.6700), (50.1, 8.7)])
def test_distances_by_place_are_the_distances_by_row(demo, origin):
    from bildungsportal.search.facet_index import _haversine_km

    by_row = _haversine_km(*origin, demo.run_lat, demo.run_lon)
    assert np.isnan(by_row).any() and (~np.isnan(by_row)).any()  # online rows and venues
    assert np.array_equal(demo.distances_km(*origin), by_row, equal_nan=True)
    assert demo.row_places[0][0].size < demo.run_lat.size  # rows do share places


# -- an empty view for words that match nothing -------------------------------------------

@pytest.mark.parametrize("query", ["q=gibtesnicht", "q=gibtesnicht&town=bensheim&free=1",
                                   "q=gibtesnicht&weekday=di&topic=deutsch-als-zweitsprache"])
def test_words_that_match_nothing_answer_like_the_whole_index(demo, query, monkeypatch):
    views = views_made(monkeypatch)
    empty_view = _answer(query)
    assert views and set(views) == {0}
    monkeypatch.setattr(subset.SubsetIndex, "fits",
                        classmethod(lambda cls, index, matches: False))
    assert empty_view == _answer(query)
    assert empty_view[0] == 0


# -- a broad word without its bm25 pass ----------------------------------------------------

def _compiled(text, index):
    return compile_query(analyzer.parse_query(text), index.compound_vocabulary)


@pytest.mark.parametrize("text", ["deutsch", "kurs", "yoga", "englisch -abend", "gibtesnicht",
                                  "-kurs", '"deutsch als zweitsprache"', "kurs -yoga"])
def test_broad_answers_like_the_ranked_pass(demo, text, monkeypatch):
    """With a small BM25_LIMIT every query is on one side of it or the other; broad=True
    gives the same ids and scores, including when the estimate was wrong (few matches)."""
    backend = backends.get_backend()
    monkeypatch.setattr(type(backend), "BM25_LIMIT", 3)
    required, excluded = _compiled(text, demo)
    ranked = backend.match_compiled(required, excluded)
    broad = backend.match_compiled(required, excluded, broad=True)
    order = np.argsort(ranked[0]), np.argsort(broad[0])
    assert np.array_equal(ranked[0][order[0]], broad[0][order[1]])
    assert np.array_equal(ranked[1][order[0]], broad[1][order[1]])


def backend_asked(monkeypatch):
    """The (required, excluded, broad) of every match the backend is asked, as a list."""
    backend = type(backends.get_backend())
    asked = []
    original = backend.match_compiled

    def spy(self, required, excluded, broad=False):
        asked.append((repr(required), repr(excluded), broad))
        return original(self, required, excluded, broad=broad)

    monkeypatch.setattr(backend, "match_compiled", spy)
    return asked


def test_the_dictionary_marks_a_broad_word(demo, monkeypatch):
    backend = backends.get_backend()
    asked = backend_asked(monkeypatch)
    demo.spelling  # noqa: B018  (loaded: FacetIndex.counts uses it)
    required, _ = _compiled("kurs", demo)
    documents = demo.spelling.fewest_matches(required, [])
    assert documents > 3
    monkeypatch.setattr(type(backend), "BM25_LIMIT", documents - 1)
    demo.match(analyzer.parse_query("kurs"))
    monkeypatch.setattr(type(backend), "BM25_LIMIT", documents)
    demo.match(analyzer.parse_query("kurse"))  # another key: not the cached match
    assert [broad for *_, broad in asked] == [True, False]


def test_fewest_matches_is_a_lower_bound(demo):
    dictionary = demo.spelling
    for text in ["kurs", "deutsch", "englisch", "yoga", "bewerbung", "gibtesnicht"]:
        required, excluded = _compiled(text, demo)
        found = backends.get_backend().match_compiled(required, excluded)[0].size
        assert dictionary.fewest_matches(required, excluded) <= found, text
    required, _ = _compiled("deutsch kurs", demo)
    assert dictionary.fewest_matches(required, []) == 0  # two words: the counts can't tell


# -- facet counts by bitsets -------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(4))
def test_value_counts_by_bitsets_are_the_pair_counts(demo, seed):
    rng = np.random.default_rng(seed)
    assert demo.size % 64  # a last word only partly used
    for share in (0.0, 0.03, 0.5, 1.0):
        mask = rng.random(demo.size) < share
        for name, pairs in demo.pairs.items():
            size = int(pairs.value.max(initial=0)) + 1 + seed  # values nobody has: 0
            expected = np.bincount(pairs.value[mask[pairs.offering]], minlength=size)
            assert np.array_equal(demo.count_values(name, mask, size), expected), name
            view = subset.SubsetIndex(demo, np.flatnonzero(rng.random(demo.size) < 0.3))
            view_mask = rng.random(view.size) < share
            assert np.array_equal(
                view.count_values(name, view_mask, size),
                demo.count_values(name, np.isin(np.arange(demo.size),
                                                view.positions[view_mask]), size)), name


# -- the narrow copy of the lexemes (PostgreSQL, migration search 0008) -----------------------

def _lexemes_out_of_step():
    """Rows in which search_lexemes differs from the stripped vectors of the documents."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM search_lexemes l FULL JOIN search_searchdocument d "
            "USING (offering_id) WHERE l.offering_id IS NULL OR d.offering_id IS NULL "
            "OR l.lexemes <> strip(d.document) OR l.title_lexemes <> strip(d.title_document)"
        )
        return cursor.fetchone()[0]


def _lexeme_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_lexemes")
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_the_lexeme_copy_follows_every_write(demo):
    from bildungsportal.search.indexing import index_offerings, rebuild_index
    from bildungsportal.search.models import SearchDocument

    documents = SearchDocument.objects.count()
    assert documents > 0 and _lexeme_rows() == documents and _lexemes_out_of_step() == 0
    first, second, third = SearchDocument.objects.order_by("pk").values_list("pk", flat=True)[:3]
    SearchDocument.objects.filter(pk=first).update(title="Zauberflöte für Fortgeschrittene")
    assert _lexemes_out_of_step() == 0
    with connection.cursor() as cursor:  # another id (the offering of a deleted document)
        cursor.execute("DELETE FROM search_searchdocument WHERE offering_id = %s", [third])
        cursor.execute("UPDATE search_searchdocument SET offering_id = %s WHERE offering_id = %s",
                       [third, second])
    assert _lexemes_out_of_step() == 0 and _lexeme_rows() == documents - 1
    index_offerings([first, second, third])  # delete and insert, as an edit does
    SearchDocument.objects.filter(pk__in=[first]).delete()
    assert _lexemes_out_of_step() == 0 and _lexeme_rows() == SearchDocument.objects.count()
    with connection.cursor() as cursor:  # a row without a document (written by hand)
        cursor.execute("INSERT INTO search_lexemes VALUES (987654, 'x', 'x')")
    assert _lexemes_out_of_step() == 1
    assert rebuild_index() == documents
    assert _lexemes_out_of_step() == 0 and _lexeme_rows() == documents
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own deferred checks
        cursor.execute("TRUNCATE search_searchdocument")
    assert _lexeme_rows() == 0


@pytest.mark.postgres
@pytest.mark.parametrize(("text", "narrow"), [("kurs", True), ("kurs -yoga", True),
                                              ('"deutsch als zweitsprache"', False)])
def test_a_broad_word_without_a_phrase_reads_the_postings(demo, text, narrow, monkeypatch):
    from django.db import connection as default
    from django.test.utils import CaptureQueriesContext

    backend = backends.get_backend()
    monkeypatch.setattr(type(backend), "BM25_LIMIT", 3)
    with CaptureQueriesContext(default) as queries:
        ids, _ = backend.match_compiled(*_compiled(text, demo), broad=True)
    assert ids.size > 3
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert ("FROM search_postings" in read) is narrow  # search/postings.py
    assert ("title_document @@" in read) is not narrow
    monkeypatch.setattr(postings, "STALE_LIMIT", -1)  # too stale: the narrow copy's GIN index
    with CaptureQueriesContext(default) as queries:
        backend.match_compiled(*_compiled(text, demo), broad=True)
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert ("FROM search_lexemes WHERE lexemes @@" in read) is narrow


@pytest.mark.postgres
@pytest.mark.parametrize("text", ["kurs", "yoga anfänger", '"deutsch als zweitsprache"'])
def test_the_full_text_reads_keep_off_the_sequential_scan(demo, text, monkeypatch):
    """Each full-text read of the ranked pass and the broad path runs with the sequential
    scan switched off (backends._through_indexes); a read that is not the postings'."""
    from django.db import connection as default
    from django.test.utils import CaptureQueriesContext

    backend = backends.get_backend()
    monkeypatch.setattr(postings, "STALE_LIMIT", -1)  # the GIN index answers the broad path
    for limit in (10_000, 3):  # ranked in one pass; broad
        monkeypatch.setattr(type(backend), "BM25_LIMIT", limit)
        with CaptureQueriesContext(default) as queries:
            backend.match_compiled(*_compiled(text, demo), broad=limit == 3)
        sql = [q["sql"] for q in queries.captured_queries]
        reads = [i for i, q in enumerate(sql)
                 if "@@ to_tsquery" in q and "search_postings" not in q]
        assert reads
        for i in reads:
            assert sql[i - 1] == "SET LOCAL enable_seqscan = off", sql[i]


# -- ids joined by the database --------------------------------------------------------------

def test_exclusion_alone_lists_every_other_offering_in_order(demo):
    from bildungsportal.search.models import SearchDocument

    required, excluded = _compiled("-kurs", demo)
    ids, scores = backends.get_backend().match_compiled(required, excluded)
    matched = set(backends.get_backend().match_compiled(*_compiled("kurs", demo))[0].tolist())
    everything = sorted(SearchDocument.objects.values_list("offering_id", flat=True))
    assert sorted(ids.tolist()) == [i for i in everything if i not in matched]
    assert (scores == 0).all() and ids.size > 0


# -- each match asked once per text stage ------------------------------------------------

@pytest.mark.parametrize("q", ["kindrturnen erwachsene", "bildungsurlaub kopf",
                               "srpachkurs", "deutsch abendkurs", "yoga anfänger"])
def test_a_text_stage_asks_each_match_once(demo, q, monkeypatch):
    calls = backend_asked(monkeypatch)
    _answer("q=" + q)
    asked = [(required, excluded) for required, excluded, _ in calls]
    assert asked and len(asked) == len(set(asked))


# -- the worker's start-up objects out of the collector's sight ------------------------------

def test_the_wsgi_application_freezes_what_it_loaded():
    """A gunicorn worker imports bildungsportal.wsgi once; what it loads is frozen, so a full
    garbage collection during a search does not walk Django's own objects."""
    out = subprocess.run(
        [sys.executable, "-c", "import gc, bildungsportal.wsgi; print(gc.get_freeze_count())"],
        capture_output=True, text=True, check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bildungsportal.settings"},
    )
    assert int(out.stdout.split()[-1]) > 10_000
