"""The per-index-version cache of broad text matches (search/facet_index.py)."""

import pytest
from django.conf import settings
from django.db import connection

from bildungsportal.search import analyzer, facet_index
from bildungsportal.search.backends import _packed_pairs, get_backend
from bildungsportal.search.engine import search
from bildungsportal.search.facet_index import get_index
from bildungsportal.search.indexing import rebuild_index
from bildungsportal.search.params import SearchParams
from bildungsportal.search.query import compile_query
from tests import factories


@pytest.fixture
def catalog_data(db):
    town = factories.town()
    vocab = factories.vocabularies()
    provider = factories.provider(municipality=town)
    venue = factories.venue(town)
    for title in ("Englisch Kurs A1", "Yoga Kurs am Morgen", "Kurs Fotografie", "Töpfern"):
        # (titles only: the factory writes no description)
        factories.run(factories.offering(provider, vocab, title=title), venue)
    rebuild_index()
    return provider, vocab, venue


@pytest.fixture
def cache_everything(monkeypatch):
    monkeypatch.setattr(facet_index, "MATCH_CACHE_MIN_MATCHES", 1)


def titles(result):
    return sorted(hit.offering.title for hit in result.hits)


@pytest.mark.django_db(transaction=True)
def test_a_cached_match_is_the_backend_answer_and_is_reused(catalog_data, cache_everything):
    index = get_index()
    parsed = analyzer.parse_query("kurs")
    ids, scores = index.match(parsed)
    expected_ids, expected_scores = get_backend().match(parsed, index.compound_vocabulary)
    assert sorted(ids.tolist()) == sorted(expected_ids.tolist())
    assert len(ids) >= 3
    again = index.match(parsed)
    assert again[0] is ids and again[1] is scores
    # Cached arrays are read-only, so no caller can corrupt another request's results.
    assert not ids.flags.writeable


@pytest.mark.django_db(transaction=True)
def test_a_catalog_change_empties_the_cache(catalog_data, cache_everything):
    provider, vocab, venue = catalog_data
    before = titles(search(SearchParams(q="kurs")))
    assert {"Englisch Kurs A1", "Kurs Fotografie", "Yoga Kurs am Morgen"} <= set(before)
    factories.run(factories.offering(provider, vocab, title="Kurs Aquarell"), venue)
    after = titles(search(SearchParams(q="kurs")))
    assert sorted([*before, "Kurs Aquarell"]) == after


@pytest.mark.django_db(transaction=True)
def test_small_matches_are_not_cached(catalog_data):
    index = get_index()
    index.match(analyzer.parse_query("töpfern"))
    assert index._matches == {}


@pytest.mark.django_db(transaction=True)
def test_the_cache_stays_within_its_memory_budget(catalog_data, cache_everything, monkeypatch):
    index = get_index()
    ids, scores = index.match(analyzer.parse_query("kurs"))
    # A budget of 1 MB holds what fits: fill it with copies, then more evict the oldest. An
    # entry counts its arrays, its key and a fixed overhead, so tiny matches can't crowd it.
    monkeypatch.setattr(settings, "SEARCH_MATCH_CACHE_MB", 1)
    per_entry = ids.nbytes + scores.nbytes + facet_index.MATCH_ENTRY_OVERHEAD
    for extra in range((1024 * 1024) // per_entry + 5):
        index.match(analyzer.parse_query(f"kurs -nichtda{extra}"))
    sizes = [facet_index._match_entry_size(key, *value) for key, value in index._matches.items()]
    assert index._match_bytes == sum(sizes) <= 1024 * 1024 < sum(sizes) + max(sizes)
    assert all(size > per_entry for size in sizes)  # the key counts too
    kept = " ".join(key[2] for key in index._matches)
    assert "'nichtda0'" not in kept and f"'nichtda{extra}'" in kept  # the oldest went first


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_packed_transfer_gives_the_same_pairs_as_a_plain_query(catalog_data):
    sql = (
        "SELECT offering_id::int8, ts_rank(document, to_tsquery('simple', %s))::float8 "
        "FROM search_searchdocument WHERE document @@ to_tsquery('simple', %s)"
    )
    required, _ = compile_query(analyzer.parse_query("kurs"), set())
    tsquery = get_backend().render(required[0])
    params = [tsquery, tsquery]
    ids, scores = _packed_pairs(sql, params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = dict(cursor.fetchall())
    assert len(rows) >= 3
    assert dict(zip(ids.tolist(), scores.tolist(), strict=True)) == pytest.approx(rows)


@pytest.mark.django_db(transaction=True)
def test_a_cached_result_does_not_carry_one_callers_errors_to_the_next(catalog_data):
    first = search(SearchParams(q="kurs"), {"near": "Ort nicht gefunden."})
    second = search(SearchParams(q="kurs"))
    assert first.errors == {"near": "Ort nicht gefunden."}
    assert second.errors == {}
    assert [h.offering.pk for h in first.hits] == [h.offering.pk for h in second.hits]


@pytest.mark.django_db(transaction=True)
def test_the_caches_can_be_turned_off(catalog_data, cache_everything, monkeypatch):
    monkeypatch.setattr(settings, "SEARCH_MATCH_CACHE_MB", 0)
    monkeypatch.setattr(settings, "SEARCH_RESULT_CACHE_SIZE", 0)
    search(SearchParams(q="kurs"))
    index = get_index()
    assert index._matches == {} and index._results == {}
