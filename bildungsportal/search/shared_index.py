"""The in-memory index shared between the app processes through memory-mapped files.

The process that builds or patches an index version writes its arrays once (numpy .npy, one
file each) to a directory named after the version; every other process maps that directory
(`np.load(mmap_mode="r")`) instead of building or patching its own copy, so the arrays sit
once in the page cache for all workers. A version is written into a temporary directory and
renamed into place, so a reader never sees half of one. The writer drops its own copy and maps
the files too. The spelling dictionary of a version (spelling.Dictionary.for_index, written by
the first process that needs it into <version>/spelling/) and the German word list
(analyzer.word_list, words-<key>/ beside the databases' directories) are shared the same way.
Everything else of an index (vocabularies, caches) stays per process.

Directory: settings.SEARCH_SHARED_INDEX_DIR, else $SEARCH_SHARED_INDEX_DIR, else
<VAR_DIR>/index (off under TESTING unless one of the first two is set; "off" turns it off),
one subdirectory per database.
"""

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connection

# Versions kept on disk besides the newest: a process may still be mapping an older one
# (deleting mapped files is safe on Linux: the mapping stays until the process drops it).
KEEP_VERSIONS = 3
STALE_TEMP_SECONDS = 600
META = "meta.json"
# The non-array state of an index that depends on the rebuild token only.
VOCABULARY_STATE = ("pk_maps", "vocabularies", "town_coordinates", "topic_ancestors")


def directory():
    """The configured directory of shared files (all databases), or None when sharing is off."""
    configured = getattr(settings, "SEARCH_SHARED_INDEX_DIR", None)
    if configured is None:
        configured = os.environ.get("SEARCH_SHARED_INDEX_DIR")
    if configured is None:
        if os.environ.get("TESTING", "").lower() in ("1", "true", "yes", "on"):
            return None
        configured = Path(settings.VAR_DIR) / "index"
    if str(configured).lower() in ("", "0", "off", "false", "no"):
        return None
    return Path(configured)


def root():
    """This database's directory of index versions, or None when sharing is off."""
    configured = directory()
    if configured is None:
        return None
    name = str(connection.settings_dict.get("NAME"))
    if connection.vendor == "sqlite" and not name.startswith(("file:", ":memory:")):
        name = str(Path(name).resolve())  # one directory however the path was written
    host = str(connection.settings_dict.get("HOST") or "")
    database = hashlib.sha256(f"{connection.vendor}:{host}:{name}".encode()).hexdigest()[:16]
    return configured / database


def write_arrays(target, arrays, texts=None):
    """Write arrays (file stem → array) as .npy files, and texts (file name → str), into the
    directory target, whole or not at all (a temporary directory renamed into place; when
    another process wrote target first, its files stay). True when target holds them."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=".writing-", dir=target.parent))
        for stem, array in arrays.items():
            np.save(temporary / f"{stem}.npy", np.ascontiguousarray(array), allow_pickle=False)
        for name, text in (texts or {}).items():
            (temporary / name).write_text(text)
        try:
            temporary.rename(target)
        except OSError:  # another process wrote the same directory first
            shutil.rmtree(temporary, ignore_errors=True)
    except OSError:
        return False
    return target.is_dir()


def map_array(directory, stem):
    """The array of directory/<stem>.npy mapped read-only, as a plain ndarray view (np.memmap's
    subclass costs on every slice). Raises OSError or ValueError when it is missing or bad."""
    return np.asarray(np.load(Path(directory) / f"{stem}.npy", mmap_mode="r",
                              allow_pickle=False))


def version_name(rebuild_token, version):
    return f"{rebuild_token}-{version}"


def _arrays(index):
    """file stem → array of everything an index holds as numpy (derived ones included, so
    no process computes them again)."""
    from .facet_index import FacetIndex

    arrays = {name: getattr(index, name) for name in FacetIndex.PATCHED_ARRAYS}
    for name, values in index.single_values.items():
        arrays[f"single_values.{name}"] = values
    for name, pairs in index.pairs.items():
        arrays[f"pairs.{name}.offering"] = pairs.offering
        arrays[f"pairs.{name}.value"] = pairs.value
        arrays[f"pair_offsets.{name}"] = index.pair_offsets[name]
    for name in _value_bit_names(index):
        arrays[f"value_bits.{name}"] = index.value_bits(name)
    arrays["run_offsets"] = index.run_offsets
    arrays["undated_rows"] = index.undated_rows
    return arrays


def _value_bit_names(index):
    """The facets whose value bitsets are shared (those with bitsets: FacetIndex.value_bits)."""
    return sorted(name for name in index.pairs if index.value_bits(name) is not None)


def _meta(index):
    now_wall, now_mono = time.time(), time.monotonic()
    return {
        "version": index.version, "rebuild_token": index.rebuild_token,
        "sequence": index.sequence, "size": index.size,
        "has_demo_offerings": bool(index.has_demo_offerings),
        # Monotonic times mean nothing in another process: gaps travel as wall-clock times.
        "gaps": [[gap, now_wall - (now_mono - since)] for gap, since in index.gaps.items()],
        "vocabularies": {name: [v.slugs, [str(label) for label in v.labels]]
                         for name, v in index.vocabularies.items()},
        "pk_maps": {name: list(mapping.items()) for name, mapping in index.pk_maps.items()},
        "town_coordinates": [[pk, None if lat is None else float(lat),
                              None if lon is None else float(lon)]
                             for pk, (lat, lon) in index.town_coordinates.items()],
        "topic_ancestors": list(index.topic_ancestors.items()),
        "single_values": sorted(index.single_values),
        "pairs": sorted(index.pairs),
        "value_bits": _value_bit_names(index),
    }


def publish(index):
    """Write this index version for the other processes (once; a version already there is
    kept) and return it mapped from the files, or the index itself when sharing is off or
    the write failed (a full disk must not stop searching)."""
    base = root()
    if base is None:
        return index
    target = base / version_name(index.rebuild_token, index.version)
    if not target.exists():
        if not write_arrays(target, _arrays(index), {META: json.dumps(_meta(index))}):
            return index
        _clean(base, keep=target.name)
        # The word list's files too (once per list): a process that publishes first, such as
        # `manage.py publish_index`, reads the list, so no worker holds its reading's heap.
        from . import analyzer

        analyzer.word_list()
    return load(index.rebuild_token, index.version, caches_from=index) or index


def load(rebuild_token, version, caches_from=None):
    """The index of this version mapped from its directory, or None (not written, or
    removed meanwhile: the caller builds or patches)."""
    from .facet_index import FacetIndex, Pairs, Vocabulary

    base = root()
    if base is None:
        return None
    directory = base / version_name(rebuild_token, version)
    try:
        meta = json.loads((directory / META).read_text())

        def mapped(stem):
            return map_array(directory, stem)

        index = object.__new__(FacetIndex)
        for name in FacetIndex.PATCHED_ARRAYS:
            setattr(index, name, mapped(name))
        index.single_values = {name: mapped(f"single_values.{name}")
                               for name in meta["single_values"]}
        index.pairs = {name: Pairs(mapped(f"pairs.{name}.offering"), mapped(f"pairs.{name}.value"))
                       for name in meta["pairs"]}
        index.__dict__["pair_offsets"] = {name: mapped(f"pair_offsets.{name}")
                                          for name in meta["pairs"]}
        index.__dict__["run_offsets"] = mapped("run_offsets")
        index.__dict__["undated_rows"] = mapped("undated_rows")
        value_bits = {name: mapped(f"value_bits.{name}") for name in meta.get("value_bits", ())}
    except (OSError, ValueError, KeyError):
        return None
    index.version, index.rebuild_token = meta["version"], meta["rebuild_token"]
    index.sequence, index.size = meta["sequence"], meta["size"]
    index.has_demo_offerings = meta["has_demo_offerings"]
    now_wall, now_mono = time.time(), time.monotonic()
    index.gaps = {gap: now_mono - (now_wall - since) for gap, since in meta["gaps"]}
    if caches_from is not None and caches_from.rebuild_token == rebuild_token:
        # Same vocabularies (they change only with the rebuild token): keep the objects, so
        # what is kept per vocabulary table (api_search.tables) stays valid, as after a patch.
        for name in VOCABULARY_STATE:
            setattr(index, name, getattr(caches_from, name))
    else:
        index.vocabularies = {name: Vocabulary(slugs, labels)
                              for name, (slugs, labels) in meta["vocabularies"].items()}
        index.pk_maps = {name: {pk: position for pk, position in pairs}
                         for name, pairs in meta["pk_maps"].items()}
        index.town_coordinates = {pk: (lat, lon) for pk, lat, lon in meta["town_coordinates"]}
        index.topic_ancestors = {pk: chain for pk, chain in meta["topic_ancestors"]}
    index._start_caches()
    index._value_bits.update(value_bits)
    if (caches_from is not None and caches_from.rebuild_token == rebuild_token
            and "spelling" in caches_from.__dict__):
        index.__dict__["spelling"] = caches_from.__dict__["spelling"]
    return index


def _clean(base, keep):
    """Remove all but the newest KEEP_VERSIONS versions and forgotten temporary directories."""
    try:
        entries = [(entry.stat().st_mtime, entry) for entry in base.iterdir() if entry.is_dir()]
    except OSError:
        return
    now = time.time()
    versions = sorted((e for e in entries if not e[1].name.startswith(".")),
                      key=lambda e: e[0], reverse=True)
    for _, entry in versions[KEEP_VERSIONS:]:
        if entry.name != keep:
            shutil.rmtree(entry, ignore_errors=True)
    for mtime, entry in entries:
        if entry.name.startswith(".writing-") and now - mtime > STALE_TEMP_SECONDS:
            shutil.rmtree(entry, ignore_errors=True)
