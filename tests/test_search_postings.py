"""The postings of the lexemes (PostgreSQL, migration search 0009, search/postings.py) answer a
broad word exactly as the GIN index does: compacted, with offerings written since (stale),
with ids too large to pack, and when too much is stale to use them."""

from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection

from bildungsportal.catalog.demo import generate
from bildungsportal.search import backends, postings
from bildungsportal.search.facet_index import get_index
from bildungsportal.search.indexing import index_offerings, rebuild_index
from bildungsportal.search.models import SearchDocument
from tests.test_search_fast_paths import TODAY, _compiled

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

# Prefixes, exact stems with derivations, compounds, exclusions, several words, typos' stems,
# a word nobody has.
QUERIES = ["kurs", "deutsch", "englisch -abend", "kurs -yoga", "sprachkurs", "yoga anfänger",
           "bewerbung", "deutsch kurs", "kindergarten", "malen", "gibtesnicht", "e", "kurs -e"]


@pytest.fixture
def demo():
    call_command("load_reference", stdout=StringIO())
    generate(300, seed=5, today=TODAY)
    return get_index()


def _execute(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def _every_query_broad(monkeypatch):
    """BM25_LIMIT 0: every query takes the broad path, where the postings answer."""
    monkeypatch.setattr(type(backends.get_backend()), "BM25_LIMIT", 0)


def _broad(text, index, without_postings=False):
    """The backend's broad answer; without_postings: the GIN index of search_lexemes."""
    with pytest.MonkeyPatch.context() as patch:
        if without_postings:
            patch.setattr(postings, "match", lambda *args: None)
        return backends.get_backend().match_compiled(*_compiled(text, index), broad=True)


def _same_as_the_gin_index(index):
    for text in QUERIES:
        ids, scores = _broad(text, index)
        gin_ids, gin_scores = _broad(text, index, without_postings=True)
        order, gin_order = np.argsort(ids), np.argsort(gin_ids)
        assert np.array_equal(ids[order], gin_ids[gin_order]), text
        assert np.array_equal(scores[order], gin_scores[gin_order]), text


def _stale():
    return {row[0] for row in _execute("SELECT offering_id FROM search_postings_stale")}


def test_postings_answer_like_the_gin_index_stale_and_compacted(demo, monkeypatch):
    _every_query_broad(monkeypatch)
    documents = set(SearchDocument.objects.values_list("offering_id", flat=True))
    assert _stale() == set()  # the demo's rebuild compacted
    _same_as_the_gin_index(demo)
    # As the migration leaves an existing catalog: no postings, every offering stale.
    _execute("DELETE FROM search_postings")
    _execute("INSERT INTO search_postings_stale SELECT offering_id FROM search_lexemes")
    assert _stale() == documents
    _same_as_the_gin_index(demo)  # all of it from the stale offerings
    assert postings.compact()
    assert _stale() == set()
    fields = dict(_execute("SELECT field, count(*) FROM search_postings GROUP BY field"))
    assert fields[0] > 100 and fields[1] > 10
    _same_as_the_gin_index(demo)  # all of it from the postings

    first, second, third = sorted(documents)[:3]
    SearchDocument.objects.filter(offering_id=first).update(title="Yoga für Deutschlernende")
    _execute("DELETE FROM search_searchdocument WHERE offering_id = %s", [third])
    _execute("UPDATE search_searchdocument SET offering_id = %s WHERE offering_id = %s",
             [third, second])  # another id: the old one is gone, the new one stale
    index_offerings(sorted(documents)[3:40])  # an edit: delete and insert
    assert _stale() == {first, second, third, *sorted(documents)[3:40]}
    _same_as_the_gin_index(demo)  # postings, minus and plus what changed
    yoga = _broad("yoga", demo)
    assert first in yoga[0] and yoga[1][list(yoga[0]).index(first)] == 2.0  # now in the title


def test_a_compaction_follows_what_the_statement_saw(demo, monkeypatch):
    _every_query_broad(monkeypatch)
    postings.compact()
    _execute("INSERT INTO search_lexemes VALUES (987654, 'kurs', 'kurs')")  # by hand
    assert _stale() == {987654}
    assert 987654 in _broad("kurs", demo)[0]
    postings.compact()
    assert _stale() == set() and 987654 in _broad("kurs", demo)[0]  # now in the postings
    _execute("DELETE FROM search_lexemes WHERE offering_id = 987654")
    assert 987654 not in _broad("kurs", demo)[0]


def test_ids_too_large_to_pack_stay_stale_and_are_found(demo, monkeypatch):
    _every_query_broad(monkeypatch)
    large = postings.LARGEST_PACKED + 5
    _execute("INSERT INTO search_lexemes VALUES (%s, 'kurs', 'kurs')", [large])
    postings.compact()
    assert _stale() == {large}
    ids, scores = _broad("kurs", demo)
    assert large in ids and scores[list(ids).index(large)] == 2.0
    _same_as_the_gin_index(demo)


def test_too_much_stale_reads_the_gin_index(demo, monkeypatch):
    _every_query_broad(monkeypatch)
    monkeypatch.setattr(postings, "STALE_LIMIT", 10)
    index_offerings(sorted(SearchDocument.objects.values_list("offering_id", flat=True))[:20])
    required, excluded = _compiled("kurs", demo)
    assert postings.match(required, excluded, "'kurs':*", "'kurs':*") is None
    _same_as_the_gin_index(demo)
    postings.compact()
    assert postings.match(required, excluded, "'kurs':*", "'kurs':*") is not None


def test_a_write_that_brings_the_stale_rows_to_the_limit_compacts(
    demo, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(postings, "COMPACT_AT", 50)
    postings.compact()
    ids = sorted(SearchDocument.objects.values_list("offering_id", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        index_offerings(ids[:20])
    assert len(_stale()) == 20  # a delete and an insert each: 40 rows, below 50
    with django_capture_on_commit_callbacks(execute=True):
        index_offerings(ids[20:30])
    assert _stale() == set()


def test_a_rebuild_leaves_nothing_stale_and_the_same_answers(demo, monkeypatch):
    _every_query_broad(monkeypatch)
    rebuild_index()
    assert _stale() == set()
    _same_as_the_gin_index(demo)


def test_an_empty_catalog_has_empty_postings(demo):
    postings.compact()
    _execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own deferred checks
    _execute("TRUNCATE search_searchdocument")
    assert _execute("SELECT count(*) FROM search_postings") == [(0,)]
    assert _stale() == set()


def test_publish_index_compacts_what_is_stale(demo, settings):
    settings.SEARCH_SHARED_INDEX_DIR = "off"
    index_offerings(sorted(SearchDocument.objects.values_list("offering_id", flat=True))[:5])
    assert _stale()
    out = StringIO()
    call_command("publish_index", stdout=out)
    assert "Postings of the full-text index rewritten." in out.getvalue()
    assert _stale() == set()
    out = StringIO()
    call_command("publish_index", stdout=out)
    assert "Postings" not in out.getvalue()  # nothing stale: nothing to rewrite


@pytest.mark.django_db(transaction=True)
def test_a_write_committed_during_a_compaction_stays_stale(demo, monkeypatch):
    """The compaction's one statement works on one snapshot: a write that commits while it
    runs is neither in the postings it writes nor lost from the stale list."""
    import threading

    from django.db import connections

    _every_query_broad(monkeypatch)
    postings.compact()
    locked, changed = sorted(SearchDocument.objects.values_list("offering_id", flat=True))[:2]
    _execute("INSERT INTO search_postings_stale VALUES (%s)", [locked])
    writer = connections.create_connection("default")  # another session, as another worker
    writer.ensure_connection()
    writer.set_autocommit(False)
    with writer.cursor() as cursor:  # holds one stale row: the compaction waits for it
        cursor.execute("SELECT 1 FROM search_postings_stale WHERE offering_id = %s FOR UPDATE",
                       [locked])
    compacting = threading.Thread(target=lambda: (postings.compact(), connection.close()))
    compacting.start()
    try:
        with writer.cursor() as cursor:  # until the compaction waits for the writer's lock
            for _ in range(6_000):  # (pg_locks is live; pg_stat_activity keeps a snapshot)
                cursor.execute("SELECT count(*) FROM pg_locks "
                               "WHERE NOT granted AND locktype = 'transactionid'")
                if cursor.fetchone()[0]:
                    break
                cursor.execute("SELECT pg_sleep(0.01)")
            else:
                pytest.fail("the compaction never waited for the writer")
            cursor.execute("UPDATE search_lexemes SET lexemes = 'zauberwort', "
                           "title_lexemes = 'zauberwort' WHERE offering_id = %s", [changed])
    finally:
        writer.commit()  # the compaction goes on
        compacting.join()
        writer.close()
    assert _stale() == {changed}  # the row it saw is gone, the one written meanwhile stays
    assert _execute("SELECT count(*) FROM search_postings WHERE lexeme = 'zauberwort'") == [(0,)]
    ids, scores = _broad("zauberwort", demo)
    assert ids.tolist() == [changed] and scores.tolist() == [2.0]


@pytest.mark.parametrize("failing", ["due", "compact"])
def test_a_failed_compaction_does_not_fail_the_write(
    demo, failing, monkeypatch, django_capture_on_commit_callbacks
):
    """Neither a failed check nor a failed compaction (in the task) undoes or fails the
    write; searches stay correct with the offerings stale."""
    monkeypatch.setattr(postings, "COMPACT_AT", 1)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(postings, failing, broken)
    ids = sorted(SearchDocument.objects.values_list("offering_id", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        index_offerings(ids[:3])  # no exception: the edit stands
    assert _stale() == set(ids[:3])
    _every_query_broad(monkeypatch)
    _same_as_the_gin_index(demo)
