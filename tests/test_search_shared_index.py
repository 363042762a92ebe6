"""Index arrays shared between processes through memory-mapped files (search/shared_index.py).

Two IndexHolder objects stand for two app processes on one database and one index directory:
the first to need a version builds or patches it and writes it; the other maps those files
instead of building or patching its own copy. A mapped index must equal a fresh build.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.test import override_settings

from bildungsportal.search import shared_index, spelling
from bildungsportal.search.facet_index import FacetIndex, IndexHolder
from bildungsportal.search.indexing import current_state, last_change
from tests import factories
from tests.test_incremental_index import assert_same_as_a_fresh_build, publish_new, titles
from tests.test_index_two_processes import ROOT, Worker

pytestmark = pytest.mark.django_db


def is_mapped(array):
    """True when the array's memory is a file mapping (np.load(mmap_mode="r")), not its own."""
    while array is not None and not isinstance(array, np.memmap):
        if getattr(array, "base", None) is None:
            return False
        array = array.base
    return isinstance(array, np.memmap)


@pytest.fixture
def shared(tmp_path):
    with override_settings(SEARCH_SHARED_INDEX_DIR=str(tmp_path / "index")):
        data = factories.small_catalog()
        yield data, IndexHolder(), IndexHolder()


def test_the_second_process_maps_the_first_ones_build(shared):
    _, one, two = shared
    first = one.get()
    second = two.get()
    assert (one.builds, one.loads) == (1, 0)
    assert (two.builds, two.loads) == (0, 1)  # no build of its own
    for index in (first, second):
        assert is_mapped(index.run_offering) and is_mapped(index.pairs["topic"].offering)
        assert not index.run_start.flags.writeable
    assert titles(first) == titles(second) == [
        "Englisch für Anfänger", "Erste Hilfe am Kind", "Gitarre für Erwachsene"]
    assert_same_as_a_fresh_build(second)
    version, token = current_state()
    fresh = FacetIndex(version, token, last_change())
    assert set(vars(fresh)) <= set(vars(second))  # every attribute of a build is there
    for name in shared_index.VOCABULARY_STATE:
        assert getattr(second, name) == getattr(fresh, name), name
    assert second.size == fresh.size and second.sequence == fresh.sequence
    for name in ("run_offsets", "undated_rows"):  # derived arrays come from the files too
        assert is_mapped(getattr(second, name))


def test_a_change_is_patched_once_and_mapped_by_the_other(shared):
    data, one, two = shared
    one.get(), two.get()
    publish_new(data, "Töpfern für Familien")
    patched = one.get()
    mapped = two.get()
    assert (one.builds, one.patches) == (1, 1)
    assert (two.builds, two.patches, two.loads) == (0, 0, 2)
    assert mapped.version == patched.version == current_state()[0]
    for index in (patched, mapped):
        assert "Töpfern für Familien" in titles(index, q="töpfern")
        assert is_mapped(index.run_offering)  # the patching process maps its result too
        assert_same_as_a_fresh_build(index)
    # An edit of the mapped (read-only) arrays' offering is patched on top of them.
    english = data["english"]
    english.title = "Spanisch für Anfänger"
    from bildungsportal.catalog import services

    def write():
        english.save()
        return english

    services.save_offering(write, offering=english)
    index = two.get()
    assert (two.patches, two.loads) == (1, 2)
    assert "Spanisch für Anfänger" in titles(index, q="spanisch")
    assert_same_as_a_fresh_build(index)


def test_a_missing_or_removed_version_is_built(shared, tmp_path):
    _, one, two = shared
    index = one.get()
    directory = shared_index.root() / shared_index.version_name(index.rebuild_token,
                                                                 index.version)
    assert (directory / "meta.json").exists()
    for file in directory.iterdir():
        file.unlink()
    directory.rmdir()
    two.get()
    assert (two.builds, two.loads) == (1, 0)


def test_only_the_newest_versions_stay_on_disk(shared):
    data, one, _ = shared
    one.get()
    for n in range(shared_index.KEEP_VERSIONS + 2):
        publish_new(data, f"Kurs {n}")
        one.get()
    names = [p.name for p in shared_index.root().iterdir()]
    assert len(names) == shared_index.KEEP_VERSIONS
    index = one.get()
    assert shared_index.version_name(index.rebuild_token, index.version) in names


def test_sharing_is_off_under_tests_unless_configured(settings):
    assert shared_index.root() is None  # TESTING=1, no directory set
    settings.SEARCH_SHARED_INDEX_DIR = "off"
    assert shared_index.root() is None


def test_two_processes_share_one_copy(tmp_path):
    """Across a real process boundary: the second worker maps what the first built, and a
    rename in one is found by the other on its next search."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "HTTPS": "0",
           "DJANGO_SETTINGS_MODULE": "bildungsportal.settings",
           "BILDUNGSPORTAL_VAR": str(tmp_path), "SEARCH_SHARED_INDEX_DIR": str(tmp_path / "ix")}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env,
                   check=True)
    one, two = Worker(env), Worker(env)
    try:
        one.ask("catalog")
        before = one.ask("search englisch")
        assert before["builds"] == 1
        other = two.ask("search englisch")
        assert other["titles"] == ["Englisch für Anfänger"]
        assert other["builds"] == 0  # mapped, not built
        one.ask(f"rename {before['ids']['Englisch für Anfänger']} Spanisch für Anfänger")
        after = two.ask("search spanisch")
        assert after["titles"] == ["Spanisch für Anfänger"]
        assert (after["builds"], after["patches"]) == (0, 1)  # the first to need it patches
        assert "Englisch für Anfänger" not in two.ask("search anfänger")["titles"]
        mine = one.ask("search spanisch")  # … and the writer maps that patch
        assert mine["titles"] == ["Spanisch für Anfänger"]
        assert (mine["builds"], mine["patches"]) == (1, 0)
        versions = [p for p in (tmp_path / "ix").rglob("meta.json")]
        assert len(versions) == 2  # the build and the patch, each written once
        assert json.loads(versions[0].read_text())["size"] == 3
    finally:
        one.stop()
        two.stop()


def test_publish_index_writes_the_version_the_workers_then_map(shared):
    call_command("publish_index", stdout=(out := io.StringIO()))
    assert "3 offerings written" in out.getvalue()
    # the spelling dictionary is written with it: no worker reads the vocabulary
    directory = out.getvalue().strip().rsplit(": ", 1)[1]
    assert (Path(directory) / spelling.SPELLING_DIRECTORY).is_dir()
    _, one, two = shared
    one.get(), two.get()
    assert (one.builds, one.loads, two.builds, two.loads) == (0, 1, 0, 1)
    call_command("publish_index", stdout=(out := io.StringIO()))
    assert "already there" in out.getvalue()


def test_the_value_bitsets_are_shared_with_the_arrays(tmp_path):
    """The facet counts' bitsets are written with a version and mapped by the other process;
    a facet whose bitsets would outweigh its pairs (few offerings, many values) has none."""
    from bildungsportal.catalog.demo import generate

    call_command("load_reference", stdout=io.StringIO())
    generate(300, seed=5)
    with override_settings(SEARCH_SHARED_INDEX_DIR=str(tmp_path / "index")):
        first, second = IndexHolder().get(), IndexHolder().get()
    bits = second.value_bits("topic")
    assert bits is not None and is_mapped(bits)
    mask = np.arange(second.size) % 3 == 0
    for name, pairs in second.pairs.items():
        if name in second.vocabularies:
            size = len(second.vocabularies[name].slugs)
            expected = np.bincount(pairs.value[mask[pairs.offering]], minlength=size)
            assert np.array_equal(second.count_values(name, mask, size), expected), name
            assert np.array_equal(first.count_values(name, mask, size), expected), name


def test_few_offerings_count_without_bitsets(shared):
    from bildungsportal.catalog.models import Topic

    _, one, _ = shared
    for number in range(20):  # topics no offering has yet
        Topic.objects.create(name=f"Thema {number}", slug=f"thema-{number}")
    index = one.get()
    assert index.value_bits("topic") is None  # 3 offerings: the pairs are smaller
    mask = np.ones(index.size, dtype=bool)
    size = len(index.vocabularies["topic"].slugs)
    pairs = index.pairs["topic"]
    assert index.count_values("topic", mask, size).sum() == pairs.offering.size > 0
