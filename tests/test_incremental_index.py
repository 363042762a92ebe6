"""The in-memory index follows catalog changes by patching, not rebuilding (issue 16).

Two IndexHolder objects stand for two app processes: each builds its index once; a change
through the catalog's write path is logged (search.IndexChange) and each holder patches its
index on its next request. A patched index must equal one built from scratch.
"""

from datetime import date

import numpy as np
import pytest

from bildungsportal.catalog import models as catalog
from bildungsportal.catalog import services
from bildungsportal.catalog.signals import Action
from bildungsportal.search import facet_index
from bildungsportal.search.engine import search
from bildungsportal.search.facet_index import FacetIndex, IndexHolder
from bildungsportal.search.indexing import current_state, last_change
from bildungsportal.search.models import IndexChange
from bildungsportal.search.params import SearchParams
from tests import factories

pytestmark = pytest.mark.django_db


def titles(index, q="", **params):
    result = search(SearchParams(q=q, page_size=100, **params), index=index, today=date.today())
    return sorted(hit.offering.title for hit in result.hits)


def assert_same_as_a_fresh_build(index):
    """Every array of a patched index equals the one of an index built from scratch."""
    version, token = current_state()
    fresh = FacetIndex(version, token, last_change())
    arrays = {n for n, v in vars(fresh).items() if isinstance(v, np.ndarray)}
    assert arrays == FacetIndex.PATCHED_ARRAYS  # a new array needs its line in patched()
    for name in arrays:
        assert np.array_equal(getattr(index, name), getattr(fresh, name), equal_nan=True), name
    assert fresh.single_values.keys() == index.single_values.keys()
    assert fresh.pairs.keys() == index.pairs.keys()
    for name, values in fresh.single_values.items():
        assert np.array_equal(index.single_values[name], values), name
    for name, pairs in fresh.pairs.items():
        for part in ("offering", "value"):
            assert np.array_equal(getattr(index.pairs[name], part), getattr(pairs, part)), name
    # The facet counts' bitsets are the patched index's own, not the last version's.
    every_other = np.arange(index.size) % 2 == 0
    for name, pairs in fresh.pairs.items():
        size = int(pairs.value.max(initial=0)) + 1
        assert np.array_equal(index.count_values(name, every_other, size),
                              fresh.count_values(name, every_other, size)), name


@pytest.fixture
def workers():
    data = factories.small_catalog()
    one, two = IndexHolder(), IndexHolder()
    assert titles(one.get()) == titles(two.get())
    return data, one, two


def publish_new(data, title):
    def write():
        offering = factories.offering(data["vhs"], data["vocab"], title,
                                      topics=[data["vocab"]["health"]])
        factories.run(offering, data["saal"], days=4)
        return offering

    return services.save_offering(write)[0]


def test_a_new_offering_is_patched_into_every_worker_without_a_rebuild(workers):
    data, one, two = workers
    before = last_change()
    publish_new(data, "Töpfern für Familien")
    assert IndexChange.objects.filter(pk__gt=before).exists()
    for worker in (one, two):
        index = worker.get()
        assert "Töpfern für Familien" in titles(index, q="töpfern")
        assert "Töpfern für Familien" in titles(index, town=("heppenheim",))
        assert (worker.builds, worker.patches) == (1, 1)
        assert_same_as_a_fresh_build(index)
    # Facet counts follow the patch: the health topic counts the new offering.
    health = [v for f in search(SearchParams(), index=one.get()).facets if f.name == "topic"
              for v in f.values if v.value == "gesundheit"]
    assert health[0].count == 2  # Erste Hilfe am Kind and the new one


def test_an_edit_is_visible_and_the_old_words_are_gone(workers):
    data, one, _ = workers
    english = data["english"]

    def write():
        english.title = "Spanisch für Anfänger"
        english.save()
        return english

    services.save_offering(write, offering=english)
    index = one.get()
    assert "Spanisch für Anfänger" in titles(index, q="spanisch")
    assert "Englisch für Anfänger" not in titles(index)
    assert one.builds == 1
    assert_same_as_a_fresh_build(index)


def test_unpublished_and_deleted_offerings_vanish_without_a_rebuild(workers):
    data, one, two = workers
    services.change_status(
        data["guitar"], catalog.Offering.Status.ARCHIVED,
        allowed_from={catalog.Offering.Status.PUBLISHED}, action=Action.ARCHIVED,
    )
    assert "Gitarre für Erwachsene" not in titles(one.get())
    data["first_aid"].delete()  # an ORM delete outside the services is announced too
    for worker in (one, two):
        index = worker.get()
        assert titles(index) == ["Englisch für Anfänger"]
        assert worker.builds == 1
        assert_same_as_a_fresh_build(index)


def test_a_vocabulary_change_still_rebuilds(workers):
    _, one, _ = workers
    catalog.Topic.objects.create(slug="kochen", name="Kochen")
    index = one.get()
    assert one.builds == 2
    assert "kochen" in index.vocabularies["topic"].slugs


def test_many_changes_at_once_are_one_patch(workers):
    data, one, _ = workers
    vocab = data["vocab"]

    def write_many():
        created = []
        for n in range(60):
            offering = factories.offering(data["vhs"], vocab, f"Kurs Nummer {n}")
            factories.run(offering, data["haus"] if n % 2 else None, days=n % 30 + 1)
            created.append(offering.pk)
        return created

    from bildungsportal.catalog.signals import orm_announcements_suspended

    with orm_announcements_suspended():
        ids = write_many()
    services._announce(Action.IMPORTED, ids, actor=None, note="")
    index = one.get()
    assert (one.builds, one.patches) == (1, 1)
    assert len(titles(index, q="nummer")) == 60
    assert_same_as_a_fresh_build(index)


def test_a_worker_behind_the_trimmed_log_rebuilds(workers, monkeypatch):
    data, one, _ = workers
    publish_new(data, "Erster neuer Kurs")
    one.get()
    publish_new(data, "Zweiter neuer Kurs")
    publish_new(data, "Dritter neuer Kurs")
    # The log lost the rows this worker has not read yet.
    IndexChange.objects.filter(pk__lt=last_change()).delete()
    index = one.get()
    assert one.builds == 2
    assert {"Zweiter neuer Kurs", "Dritter neuer Kurs"} <= set(titles(index))


def test_the_process_index_is_patched_through_get_index(workers):
    data, _, _ = workers
    holder = facet_index._holder
    holder.get()
    builds = holder.builds
    publish_new(data, "Yoga im Park")
    assert "Yoga im Park" in titles(facet_index.get_index(), q="yoga")
    assert holder.builds == builds


def test_a_result_from_before_the_change_is_not_served_again(workers):
    data, one, _ = workers
    first = search(SearchParams(q="töpfern"), index=one.get())
    assert first.count == 0
    publish_new(data, "Töpfern am Abend")
    assert search(SearchParams(q="töpfern"), index=one.get()).count == 1
    assert (one.builds, one.patches) == (1, 1)  # the searched index's derived masks: no obstacle


def test_no_extra_queries_once_a_worker_is_current(workers, django_assert_num_queries):
    data, one, _ = workers
    publish_new(data, "Kurs ohne Folgen")
    one.get()  # patches
    with django_assert_num_queries(1):  # the index state, nothing else
        one.get()


def test_a_change_log_gap_is_asked_again_until_it_arrives(workers):
    data, one, _ = workers
    publish_new(data, "Erster Kurs")
    one.get()
    # Another transaction took the next id but commits later: the worker sees a gap …
    late = IndexChange.objects.create(offering_id=data["guitar"].pk)
    publish_new(data, "Zweiter Kurs")
    IndexChange.objects.filter(pk=late.pk).delete()
    index = one.get()
    assert late.pk in index.gaps
    # … and reads it once it is there (here: the gap's offering was archived meanwhile).
    catalog.Offering.objects.filter(pk=data["guitar"].pk).update(status="archived")
    IndexChange.objects.create(id=late.pk, offering_id=data["guitar"].pk)
    index = one.get()
    assert late.pk not in index.gaps
    assert "Gitarre für Erwachsene" not in titles(index)
    assert one.builds == 1


def test_an_array_the_patch_does_not_know_makes_it_rebuild(workers):
    data, one, _ = workers
    one.get().seal_level = np.zeros(one.get().size)  # say, a new filter's array
    publish_new(data, "Neu mit Siegel")
    assert "Neu mit Siegel" in titles(one.get())
    assert (one.builds, one.patches) == (2, 0)
