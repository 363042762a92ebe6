"""The in-memory facet index: every published offering and run as numpy arrays.

Each app process builds it from the database once, then patches it with the offerings the
change log names (IndexHolder, FacetIndex.patched) and rebuilds it only when vocabularies or
synonyms change. Filters and facet counts are then array operations, which keeps a faceted
search over 100,000 offerings within a few milliseconds.
"""

import contextlib
import contextvars
import ctypes
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np
from django.conf import settings

from bildungsportal.catalog import models as catalog
from bildungsportal.catalog import vocabularies
from bildungsportal.catalog.regions import region_ids_by_offering
from bildungsportal.core import db_router
from bildungsportal.places.models import Municipality

from . import analyzer, shared_index
from .backends import get_backend
from .indexing import changes_since, current_state, last_change
from .models import SynonymGroup
from .params import PROVIDER_VOCABULARIES, SEARCH_VOCABULARIES
from .query import compile_query

# Text matches with at least this many offerings are kept per index version (least recently
# used first out, within settings.SEARCH_MATCH_CACHE_MB): the broad words people type most
# ("kurs", "online") match half the catalog, and asking the database again costs the most.
# A word of a hundred offerings is ranked by bm25 each time it is asked (≈ 1 µs per match);
# words recur across searches that are otherwise new (the soft AND and spelling ask single
# words), and keeping those of 100 matches and more took 7–9 % off the CPU of never-repeated
# searches at 100,000 (docs/search.md). Whole results are kept too
# (settings.SEARCH_RESULT_CACHE_SIZE, least recently used out).
MATCH_CACHE_MIN_MATCHES = 100
# What an entry of the match cache costs beyond its arrays: its key and the dict's slot.
MATCH_ENTRY_OVERHEAD = 512
# Search strings whose text stage (match, spelling, soft AND, title phrase: engine._text_stage)
# is kept per index version, least recently used out: the matching positions and scores
# (16 bytes per match). At 1,000,000 a broad word's stage is several MB, and 256 strings of
# never-repeated searches held 144 MB per worker, so they are also kept within
# TEXT_STAGE_CACHE_MB (settings.SEARCH_TEXT_STAGE_CACHE_MB overrides; the newest always stays).
TEXT_STAGE_CACHE_SIZE = 256
TEXT_STAGE_CACHE_MB = 32
# Every match of the text stage being computed (FacetIndex.text_stage): spelling and the soft
# AND ask some of the same questions (a word alone, the query with its correction), and the
# small answers are not kept beyond it.
_stage_matches = contextvars.ContextVar("stage_matches", default=None)
# The offerings of each facet value used as a filter, kept per index up to this size
# (FacetIndex.offerings_with; all of them at 100,000 offerings, the smaller ones at 1,000,000).
WITH_VALUE_CACHE_MB = 4
# The pairs (index.pairs) of where each offering is shown: not a facet, the implicit filter
# of every search to the request's region (engine._Query).
REGION = "region"
UNDATED_START = 0  # date ordinals: undated runs are open on both ends
UNDATED_END = date.max.toordinal()
# The time-of-day bucket of each hour: its position in vocabularies.TIME_OF_DAY_CODES.
HOUR_BUCKETS = tuple(vocabularies.time_of_day_index(hour) for hour in range(24))


def use_current_synonyms():
    """The office's synonyms apply from the next index on (the analyzer reads them at query
    time): on every build, and when a process maps another's index of a new rebuild token."""
    analyzer.use_synonyms(analyzer.synonym_mapping(
        SynonymGroup.objects.values_list("terms", flat=True)
    ))


@dataclass
class Vocabulary:
    """The values of one facet: slugs and labels, index positions as used in the arrays."""

    slugs: list
    labels: list
    position: dict = field(init=False)

    def __post_init__(self):
        self.position = {slug: i for i, slug in enumerate(self.slugs)}


@dataclass
class Pairs:
    """A many-to-many facet: one (offering index, value index) pair per assignment."""

    offering: np.ndarray
    value: np.ndarray


def _nbytes(answer):
    """Bytes of the numpy arrays in a cached answer (a tuple of arrays and others, or None)."""
    if answer is None:
        return 0
    return sum(part.nbytes for part in answer if isinstance(part, np.ndarray))


class FacetIndex:
    def __init__(self, version, rebuild_token=0, sequence=0):
        self.version = version
        self.rebuild_token = rebuild_token
        self.sequence = sequence  # the newest change log id this index includes
        self.gaps = {}  # change log ids not yet seen below `sequence` → first missed (time)
        use_current_synonyms()
        self._load_vocabularies()
        self._load_offerings()
        self._load_runs()
        self._start_caches()

    def _start_caches(self):
        self._matches = OrderedDict()  # compiled query → (ids, scores), read-only arrays
        self._match_bytes = 0
        self._match_lock = threading.Lock()
        self._results = OrderedDict()  # (day, SearchParams) → SearchResult
        self._texts = OrderedDict()  # search string → engine._text_stage's answer
        self._text_bytes = 0  # of the arrays in self._texts
        self._shown = {}  # region id → mask of the offerings it shows
        self._with_value = {}  # (facet, value position) → positions of its offerings
        self._with_value_bytes = 0
        self._per_day = (None, {})  # (day, name → what per_day computed for it)
        self._value_bits = {}  # facet → bitsets of its values' offerings (count_values)

    def forget_queries(self):
        """Empty what this index keeps per query (matches, text stages, results), not what it
        keeps per day or region (bench/tantivy_longtail.py's strictly cold searches)."""
        with self._match_lock:
            self._matches.clear()
            self._match_bytes = 0
            self._texts.clear()
            self._text_bytes = 0
            self._results.clear()

    def text_stage(self, q, compute):
        """compute(self, q), kept for the last TEXT_STAGE_CACHE_SIZE strings of this index
        version (per-request work shared by pages, facets and relaxations of one string)."""
        with self._match_lock:
            if q in self._texts:
                self._texts.move_to_end(q)
                return self._texts[q]
        token = _stage_matches.set({})
        try:
            answer = compute(self, q)
        finally:
            _stage_matches.reset(token)
        if settings.SEARCH_RESULT_CACHE_SIZE:  # off with the caches (the bench's caches off)
            budget = getattr(settings, "SEARCH_TEXT_STAGE_CACHE_MB", TEXT_STAGE_CACHE_MB)
            budget *= 1024 * 1024
            with self._match_lock:
                if q in self._texts:  # computed by another thread meanwhile
                    self._text_bytes -= _nbytes(self._texts.pop(q))
                self._texts[q] = answer
                self._text_bytes += _nbytes(answer)
                while len(self._texts) > TEXT_STAGE_CACHE_SIZE or (
                        self._text_bytes > budget and len(self._texts) > 1):
                    self._text_bytes -= _nbytes(self._texts.popitem(last=False)[1])
        return answer

    def upcoming_rows(self, today):
        """Mask of the rows that end today or later; computed once per index and day."""
        return self.per_day(today, "upcoming_rows",
                            lambda: _read_only(self.run_end >= today.toordinal()))

    def per_day(self, today, name, compute):
        """compute(), kept for this index and day (the upcoming rows change with the day)."""
        with self._match_lock:
            day, kept = self._per_day
            if day == today and name in kept:
                return kept[name]
        value = compute()
        with self._match_lock:
            if self._per_day[0] != today:
                self._per_day = (today, {})
            self._per_day[1][name] = value
        return value

    def offerings_with(self, name, value):
        """Positions of the offerings that have this value (a vocabulary position) of a
        multi-valued facet: a filter on it then costs its offerings, not a pass over all
        pairs. Kept per index within WITH_VALUE_CACHE_MB (the rest computed each time)."""
        key = (name, value)
        positions = self._with_value.get(key)
        if positions is None:
            positions = _read_only(offerings_with(self, name, value))
            with self._match_lock:
                if self._with_value_bytes + positions.nbytes <= WITH_VALUE_CACHE_MB * 2**20:
                    self._with_value[key] = positions
                    self._with_value_bytes += positions.nbytes
        return positions

    def count_values(self, name, mask, size):
        """Per value (0 … size - 1) of the pairs `name`, how many offerings in mask have it.

        By the value bitsets (value_bits) an AND and a popcount per value instead of a pass
        over every pair: 3 ms instead of 43 ms for the six facets of a broad word at
        1,000,000 offerings (docs/search.md, "PostgreSQL at 1,000,000")."""
        bits = self.value_bits(name)
        if bits is None:
            return count_pair_values(self.pairs[name], mask, size)
        counts = np.bitwise_count(bits & _bitset(mask)).sum(axis=1, dtype=np.int64)
        return counts[:size] if counts.size >= size else np.pad(counts, (0, size - counts.size))

    def value_bits(self, name):
        """(values × words) bitsets of a facet's values, one bit per offering, or None when
        they would take more memory than the facet's pairs (many values, few offerings each)
        or the values are no vocabulary's.
        Built once per index version and shared with its arrays (shared_index.py): at
        1,000,000 offerings 14 MB for all facets."""
        if name not in self._value_bits:
            pairs = self.pairs[name]
            vocabulary = self.vocabularies.get(name)  # none for REGION: region ids
            values = len(vocabulary.slugs) if vocabulary else 0
            words = values * ((self.size + 63) // 64)
            fits = vocabulary and words * 8 <= pairs.offering.nbytes + pairs.value.nbytes
            self._value_bits[name] = (_read_only(_value_bitsets(pairs, values, self.size))
                                      if fits else None)
        return self._value_bits[name]

    def shown_in(self, region_id):
        """Mask of the offerings shown in a region (read-only); computed once per region."""
        mask = self._shown.get(region_id)
        if mask is None:
            mask = self._shown[region_id] = _read_only(shown_in(self, region_id))
        return mask

    def next_starts(self, today):
        """Per row, the day it next takes place from today on (its start or today), as
        ordinals; computed once per index and day (the date order of every search)."""
        return self.per_day(today, "next_starts", lambda: _read_only(
            np.maximum(self.run_start, np.int32(today.toordinal()))))

    @cached_property
    def undated_rows(self):
        """Rows without a date (standing offers), as int8 for a group minimum."""
        return (self.run_start == UNDATED_START).astype(np.int8)

    @cached_property
    def run_offsets(self):
        """Rows of the offering at position p: run_offsets[p]:run_offsets[p + 1]."""
        return np.searchsorted(self.run_offering, np.arange(self.size + 1))

    @cached_property
    def pair_offsets(self):
        """name → offsets of each offering's pairs (pairs are sorted by offering)."""
        return {name: np.searchsorted(pairs.offering, np.arange(self.size + 1))
                for name, pairs in self.pairs.items()}

    @cached_property
    def known_values(self):
        return {name: frozenset(v.slugs) for name, v in self.vocabularies.items()}

    # -- loading ------------------------------------------------------------------------
    def _load_vocabularies(self):
        def vocab(queryset, slug="slug", label="name"):
            rows = list(queryset.values_list("pk", slug, label))
            return {pk: i for i, (pk, _, _) in enumerate(rows)}, Vocabulary(
                [r[1] for r in rows], [r[2] for r in rows]
            )

        self.pk_maps = {}
        self.vocabularies = {}
        sources = {kind.url_param: kind.model.objects.all() for kind in SEARCH_VOCABULARIES}
        sources.update({kind.url_param: kind.model.objects.all() for kind in PROVIDER_VOCABULARIES})
        sources["town"] = Municipality.objects.district_first()
        for name, queryset in sources.items():
            self.pk_maps[name], self.vocabularies[name] = vocab(queryset)
        self.town_coordinates = {
            pk: (lat, lon)
            for pk, lat, lon in Municipality.objects.values_list("pk", "latitude", "longitude")
        }
        # A topic filter also finds offerings filed under its subtopics.
        parents = dict(catalog.Topic.objects.values_list("pk", "parent_id"))
        self.topic_ancestors = {}
        for pk in parents:
            chain, seen, current = [], set(), pk
            while current is not None and current not in seen:
                seen.add(current)
                chain.append(current)
                current = parents.get(current)
            self.topic_ancestors[pk] = chain

    def _load_offerings(self):
        self.size, columns = self._offering_columns(catalog.Offering.objects.published())
        self.has_demo_offerings = catalog.Offering.objects.filter(source="demo").exists()
        self.offering_ids, self.is_free, self.price, self.single_values = columns
        # Many-to-many vocabularies: (offering, value) pairs; a topic counts for its parents too.
        self.pairs = {name: Pairs(*pairs) for name, pairs in self._pair_columns().items()}

    def _offering_columns(self, offerings):
        """(count, (ids, is_free, price, single values)) of published offerings, by id."""
        single = [kind for kind in SEARCH_VOCABULARIES if not kind.many]  # the format
        rows = list(
            offerings.order_by("pk")
            .values_list("pk", "is_free", "price_cents", *(kind.attname for kind in single))
        )
        size = len(rows)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=size)
        is_free = np.fromiter((bool(r[1]) for r in rows), dtype=bool, count=size)
        # Price for sorting: free is 0, an unknown price sorts last.
        price = np.fromiter(
            (0 if r[1] else (r[2] if r[2] is not None else 2**40) for r in rows),
            dtype=np.int64, count=size,
        )
        # Foreign-key vocabularies: the value's position per offering, -1 for none.
        single_values = {}
        for column, kind in enumerate(single, start=3):
            value_map = self.pk_maps[kind.url_param]
            single_values[kind.url_param] = np.fromiter(
                (value_map.get(r[column], -1) for r in rows), dtype=np.int16, count=size
            )
        return size, (ids, is_free, price, single_values)

    def _pair_columns(self, only=None):
        """name → (offering positions, value positions) of the many-to-many vocabularies and
        the provider's seals, for all offerings or `only` these ids (positions in this index)."""
        columns = {}
        for kind in SEARCH_VOCABULARIES:
            if kind.many:
                links = kind.through.objects.all()
                if only is not None:
                    links = links.filter(offering_id__in=only)
                columns[kind.url_param] = self._pairs(
                    links.values_list("offering_id", kind.through_column), kind.url_param,
                    expand_topics=kind.key == "topic",
                )
        columns[REGION] = self._region_pairs(only)
        # The provider's seals count for each of its published offerings.
        for kind in PROVIDER_VOCABULARIES:
            offerings = catalog.Offering.objects.published().filter(
                **{f"provider__{kind.field}__isnull": False}
            )
            if only is not None:
                offerings = offerings.filter(pk__in=only)
            columns[kind.url_param] = self._pairs(
                offerings.values_list("pk", f"provider__{kind.field}"), kind.url_param
            )
        return columns

    def _region_pairs(self, only=None):
        """(offering positions, region ids): where each offering is shown
        (catalog/regions.py); the value is the Region's pk itself, so a region added later
        needs no rebuild of the vocabularies."""
        offerings, regions = [], []
        for offering_id, region_ids in region_ids_by_offering(only).items():
            for region_id in region_ids:
                offerings.append(offering_id)
                regions.append(region_id)
        positions, found = self.positions_of(offerings)
        pairs = np.unique(
            np.stack([positions[found], np.asarray(regions, dtype=np.int64)[found]]), axis=1
        ) if found.any() else np.zeros((2, 0), dtype=np.int64)
        return pairs[0].astype(np.int32), pairs[1].astype(np.int32)

    def positions_of(self, ids):
        """Offering ids → index positions, and a mask of the ids that are in the index."""
        ids = np.asarray(ids, dtype=np.int64)
        positions = np.searchsorted(self.offering_ids, ids)
        positions[positions >= self.size] = 0
        found = (self.offering_ids[positions] == ids) if self.size else np.zeros(len(ids), bool)
        return positions, found

    def _pairs(self, rows, name, expand_topics=False):
        """Unique (offering position, value position) pairs from (offering id, value id) rows."""
        value_map = self.pk_maps[name]
        offerings, values = [], []
        for offering_id, value_id in rows:
            targets = [value_id]
            if expand_topics:
                targets = self.topic_ancestors.get(value_id, targets)
            for target in targets:
                offerings.append(offering_id)
                values.append(value_map[target])
        positions, found = self.positions_of(offerings)
        pairs = np.unique(
            np.stack([positions[found], np.asarray(values, dtype=np.int64)[found]]), axis=1
        ) if found.any() else np.zeros((2, 0), dtype=np.int64)
        return pairs[0].astype(np.int32), pairs[1].astype(np.int32)

    def _load_runs(self):
        self._set_runs(self._run_records(), self.size)

    def _run_records(self, only=None):
        """One tuple per run of published offerings (all, or `only` these ids), positions in
        this index; offerings without a run get one placeholder row (findable anyway)."""
        runs = (
            catalog.Run.objects.filter(offering__status=catalog.Offering.Status.PUBLISHED)
            .exclude(booking_status=catalog.Run.BookingStatus.CANCELLED)
        )
        if only is not None:
            runs = runs.filter(offering_id__in=only)
        rows = list(
            runs.values_list(
                "pk", "offering_id", "start_date", "end_date", "weekdays", "start_time",
                "is_online", "venue__municipality_id", "venue__latitude", "venue__longitude",
                "venue__step_free",
            )
        )
        town_map = self.pk_maps["town"]
        positions, found = self.positions_of([r[1] for r in rows])
        records = []
        for row, position, ok in zip(rows, positions, found, strict=True):
            if not ok:
                continue
            (pk, _, start, end, weekdays, start_time, online, town, lat, lon, step_free) = row
            if lat is None and town is not None:
                lat, lon = self.town_coordinates[town]
            if not weekdays and start is not None and (end is None or end == start):
                weekdays = 1 << start.weekday()
            bucket = -1 if start_time is None else HOUR_BUCKETS[start_time.hour]
            records.append((
                int(position), pk, town_map.get(town, -1),
                math.nan if lat is None else lat, math.nan if lon is None else lon,
                start.toordinal() if start else UNDATED_START,
                (end or start).toordinal() if start else UNDATED_END,
                weekdays, bucket, bool(online or step_free),
            ))
        # Offerings with no runs at all are still findable (a standing offer not yet dated).
        if only is None:
            wanted = np.arange(self.size)
        else:
            positions, found = self.positions_of(list(only))
            wanted = np.unique(positions[found])
        has_run = np.zeros(self.size, dtype=bool)
        has_run[[r[0] for r in records]] = True
        for position in wanted[~has_run[wanted]]:
            records.append((int(position), 0, -1, math.nan, math.nan, UNDATED_START,
                            UNDATED_END, 0, -1, False))
        return records

    RUN_COLUMNS = (
        ("run_offering", np.int32), ("run_id", np.int64), ("run_town", np.int16),
        ("run_lat", np.float64), ("run_lon", np.float64), ("run_start", np.int32),
        ("run_end", np.int32), ("run_weekdays", np.int16), ("run_time", np.int8),
        ("run_step_free", bool),
    )

    def _set_runs(self, records, size):
        # Sorted by offering, then town: facet counting relies on equal pairs being adjacent.
        records.sort(key=lambda r: (r[0], r[2], r[1]))
        columns = list(zip(*records, strict=True)) if records else [()] * 10
        for (name, dtype), column in zip(self.RUN_COLUMNS, columns, strict=True):
            setattr(self, name, np.array(column, dtype=dtype))

    # -- patching ---------------------------------------------------------------------
    # Every numpy array of an index; patched() handles exactly these (a new one added to the
    # loading code without a line in patched() makes it return None: the holder rebuilds).
    PATCHED_ARRAYS = frozenset({
        "offering_ids", "is_free", "price", *(name for name, _ in RUN_COLUMNS),
    })
    DERIVED_ARRAYS = frozenset({"undated_rows", "run_offsets"})  # cached properties: computed again


    def patched(self, changed_ids, version, sequence):
        """A new index: this one with the offerings `changed_ids` read again from the
        database (deleted or unpublished ones drop out). Vocabularies are this index's; the
        arrays of the other offerings are copied with numpy, never re-read, so a change
        costs milliseconds instead of a rebuild. Caches start empty; the spelling dictionary
        is kept (it only proposes corrections; spelling.py counts matches in the index).
        None when this index holds an array patched() does not know (the caller rebuilds)."""
        unknown = [
            name for name, value in vars(self).items()
            if isinstance(value, np.ndarray)
            and name not in self.PATCHED_ARRAYS and name not in self.DERIVED_ARRAYS
        ]
        if unknown:  # an array this method does not know how to patch: rebuild instead
            return None
        new = object.__new__(FacetIndex)
        new.version, new.rebuild_token, new.sequence = version, self.rebuild_token, sequence
        new.gaps = dict(self.gaps)
        for name in ("pk_maps", "vocabularies", "town_coordinates", "topic_ancestors"):
            setattr(new, name, getattr(self, name))
        if "spelling" in self.__dict__:
            new.__dict__["spelling"] = self.__dict__["spelling"]
        changed = sorted({int(i) for i in changed_ids})
        keep = ~np.isin(self.offering_ids, np.asarray(changed, dtype=np.int64))
        fresh_size, (fresh_ids, fresh_free, fresh_price, fresh_single) = new._offering_columns(
            catalog.Offering.objects.published().filter(pk__in=changed)
        )
        ids = np.concatenate([self.offering_ids[keep], fresh_ids])
        order = np.argsort(ids, kind="stable")
        new.offering_ids = ids[order]
        new.size = int(ids.size)
        new.is_free = np.concatenate([self.is_free[keep], fresh_free])[order]
        new.price = np.concatenate([self.price[keep], fresh_price])[order]
        new.single_values = {
            name: np.concatenate([values[keep], fresh_single[name]])[order]
            for name, values in self.single_values.items()
        }
        new.has_demo_offerings = self.has_demo_offerings or (
            fresh_size > 0 and catalog.Offering.objects.filter(
                pk__in=fresh_ids.tolist(), source="demo"
            ).exists()
        )
        # Old position → new position (kept offerings keep their relative order).
        new_position = np.empty(new.size, dtype=np.int64)
        new_position[order] = np.arange(new.size)
        old_to_new = np.full(self.size, -1, dtype=np.int64)
        old_to_new[np.flatnonzero(keep)] = new_position[: int(keep.sum())]
        fresh_pairs = new._pair_columns(only=changed)
        new.pairs = {}
        for name, pairs in self.pairs.items():
            kept = keep[pairs.offering]
            # Kept pairs stay unique and sorted; the fresh ones (of other offerings) are
            # merged in by one lexsort (np.unique over pairs sorts far slower).
            offerings = np.concatenate([old_to_new[pairs.offering[kept]], fresh_pairs[name][0]])
            values = np.concatenate([pairs.value[kept], fresh_pairs[name][1]])
            order = np.lexsort((values, offerings))
            new.pairs[name] = Pairs(offerings[order].astype(np.int32),
                                    values[order].astype(np.int32))
        kept_rows = keep[self.run_offering]
        records = new._run_records(only=changed)
        fresh = list(zip(*records, strict=True)) if records else [()] * 10
        for (name, dtype), column in zip(self.RUN_COLUMNS, fresh, strict=True):
            old = getattr(self, name)[kept_rows]
            if name == "run_offering":
                old = old_to_new[old]
            setattr(new, name, np.concatenate([old, np.array(column, dtype=dtype)]).astype(dtype))
        # Sorted by offering, then town, then run id (as _set_runs sorts its records).
        order = np.lexsort((new.run_id, new.run_town, new.run_offering))
        for name, _ in self.RUN_COLUMNS:
            setattr(new, name, getattr(new, name)[order])
        new._start_caches()
        return new

    @cached_property
    def compound_vocabulary(self):
        """The analyzer's compound vocabulary from the topic names this index was built with,
        with the German word list (as indexing uses it: analyzer.catalog_vocabulary)."""
        return analyzer.vocabulary(self.vocabularies["topic"].labels, words=True)

    @cached_property
    def spelling(self):
        """The indexed terms with their document frequencies, for typo correction (spelling.py)."""
        from .spelling import Dictionary

        return Dictionary.for_index(self)

    @cached_property
    def suggest_titles(self):
        """Sorted (folded title, title, offerings) of the distinct published titles (suggest.py).

        Built on first use, grouped by the database; spellings that fold alike are one entry,
        shown as their most common spelling.
        """
        from django.db.models import Count

        from .suggest import key

        merged = {}
        rows = (
            catalog.Offering.objects.published().order_by().values("title")
            .annotate(n=Count("pk")).values_list("title", "n")
        )
        for title, n in rows.iterator(chunk_size=10_000):
            folded = key(title)
            if not folded:
                continue
            total, best, best_n = merged.get(folded, (0, title, 0))
            if n > best_n or (n == best_n and title < best):
                best, best_n = title, n
            merged[folded] = (total + n, best, best_n)
        return sorted((folded, best, total) for folded, (total, best, _) in merged.items())

    # -- questions ----------------------------------------------------------------------
    def match(self, parsed):
        """(offering ids, scores) of a parsed text query: the backend's answer, cached.

        The cache lives and dies with this index version, so a catalog change empties it.
        """
        backend = get_backend()
        required, excluded = compile_query(parsed, self.compound_vocabulary)
        key = (type(backend).__name__, repr(required), repr(excluded))
        stage = _stage_matches.get()
        if stage is not None and (hit := stage.get(key)) is not None:
            return hit
        with self._match_lock:
            if (hit := self._matches.get(key)) is not None:
                self._matches.move_to_end(key)
                return hit
        counts = self.counts()
        broad = (counts is not None
                 and counts.fewest_matches(required, excluded) > backend.BM25_LIMIT)
        ids, scores = backend.match_compiled(required, excluded, broad=broad)
        if stage is not None:
            stage[key] = (ids, scores)
        size = _match_entry_size(key, ids, scores)
        budget = settings.SEARCH_MATCH_CACHE_MB * 1024 * 1024
        if ids.size >= MATCH_CACHE_MIN_MATCHES and size <= budget:
            ids.flags.writeable = scores.flags.writeable = False
            with self._match_lock:
                if key not in self._matches:
                    self._matches[key] = (ids, scores)
                    self._match_bytes += size
                while self._match_bytes > budget:
                    old_key, (old_ids, old_scores) = self._matches.popitem(last=False)
                    self._match_bytes -= _match_entry_size(old_key, old_ids, old_scores)
        return ids, scores

    def counts(self):
        """The spelling dictionary's document counts when reading them costs no scan of the
        full-text index: loaded already, or written to this version's shared directory
        (publish_index writes them); else None."""
        if "spelling" in self.__dict__:
            return self.spelling
        shared = shared_index.root()
        if shared is None:
            return None
        from .spelling import SPELLING_DIRECTORY

        version = shared / shared_index.version_name(self.rebuild_token, self.version)
        return self.spelling if (version / SPELLING_DIRECTORY).is_dir() else None

    def cached_result(self, key):
        """A search result stored for this index version, or None."""
        with self._match_lock:
            result = self._results.get(key)
            if result is not None:
                self._results.move_to_end(key)
            return result

    def store_result(self, key, result):
        with self._match_lock:
            self._results[key] = result
            while len(self._results) > settings.SEARCH_RESULT_CACHE_SIZE:
                self._results.popitem(last=False)
        return result

    def values_known(self):
        """Each facet → the slugs it knows (built once per index)."""
        return self.known_values

    def offerings_of_rows(self, row_mask):
        """Offering mask of the offerings that have at least one of these rows."""
        mask = np.zeros(self.size, dtype=bool)
        mask[self.run_offering[row_mask]] = True
        return mask

    def distinct_offerings(self, row_mask):
        """How many offerings the selected rows belong to (rows are grouped by offering)."""
        offerings = self.run_offering[row_mask]
        if offerings.size == 0:
            return 0
        return 1 + int(np.count_nonzero(offerings[1:] != offerings[:-1]))

    def distances_km(self, latitude, longitude):
        """Distance of every row to a point; NaN for online runs without a place.

        Rows share a few thousand places (venues), so each place is measured once and its
        distance copied to its rows: the same numbers as measuring every row."""
        places, rows = self.row_places
        return _haversine_km(latitude, longitude, places[0], places[1])[rows]

    @cached_property
    def row_places(self):
        """((latitudes, longitudes) of the distinct places of the rows, each row's place).

        Computed on the first distance search of an index version (40 ms at 100,000
        offerings, 0.5 s at 1,000,000); rows without a place share one place of NaNs."""
        # NaN never equals NaN: a stand-in while sorting.
        lat = np.nan_to_num(self.run_lat, nan=np.inf)
        lon = np.nan_to_num(self.run_lon, nan=np.inf)
        order = np.lexsort((lon, lat))
        lat, lon = lat[order], lon[order]
        new = np.ones(lat.size, dtype=bool)
        new[1:] = (lat[1:] != lat[:-1]) | (lon[1:] != lon[:-1])
        places = int(np.count_nonzero(new))
        rows = np.empty(lat.size, dtype=np.uint16 if places <= 2**16 else np.int32)
        rows[order] = np.cumsum(new) - 1
        places = np.where(np.isinf(lat[new]), np.nan, lat[new]), np.where(
            np.isinf(lon[new]), np.nan, lon[new])
        return places, rows


def _haversine_km(latitude, longitude, latitudes, longitudes):
    """Great-circle distance from a point to each of the given places; NaN for NaN."""
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    lat2, lon2 = np.radians(latitudes), np.radians(longitudes)
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(1.0, a)))


def _match_entry_size(key, ids, scores):
    """Bytes an entry of the match cache is counted with (FacetIndex.match)."""
    return ids.nbytes + scores.nbytes + sum(map(len, key)) + MATCH_ENTRY_OVERHEAD


def _read_only(array):
    array.flags.writeable = False
    return array


def count_pair_values(pairs, mask, size):
    """Per value (0 … size - 1) of these pairs, how many offerings in mask have it."""
    return np.bincount(pairs.value[mask[pairs.offering]], minlength=size)


def _bitset(mask):
    """A boolean mask as little-endian 64-bit words: element i is bit i % 64 of word i // 64."""
    packed = np.packbits(mask, bitorder="little")
    if packed.size % 8:
        packed = np.pad(packed, (0, 8 - packed.size % 8))
    return packed.view("<u8")


def _value_bitsets(pairs, values, size):
    """(values × words) bitsets: row v holds the offerings (of `size`) that have value v."""
    order = np.argsort(pairs.value, kind="stable")
    offerings = pairs.offering[order]
    bounds = np.searchsorted(pairs.value[order], np.arange(values + 1))
    bits = np.zeros((values, (size + 63) // 64), dtype="<u8")
    member = np.zeros(size, dtype=bool)
    for value in range(values):
        member[:] = False
        member[offerings[bounds[value]:bounds[value + 1]]] = True
        bits[value] = _bitset(member)
    return bits


def town_pairs(index, rows):
    """The distinct (offering, town) pairs of an index's (or a view's) selected rows with a
    known town, as two arrays. Rows are sorted by (offering, town): a new pair starts where
    either changes."""
    offerings = index.run_offering[rows]
    towns = index.run_town[rows]
    new_pair = np.ones(offerings.size, dtype=bool)
    new_pair[1:] = (offerings[1:] != offerings[:-1]) | (towns[1:] != towns[:-1])
    known = new_pair & (towns >= 0)
    return offerings[known], towns[known]


def offerings_with(index, name, value):
    """Positions of the offerings of an index (or a view of it) that have this value in the
    pairs `name` (a vocabulary position; for REGION a region id)."""
    pairs = index.pairs[name]
    return pairs.offering[pairs.value == value]


def shown_in(index, region_id):
    """Mask of the offerings of an index (or a view of it) that a region shows."""
    mask = np.zeros(index.size, dtype=bool)
    mask[offerings_with(index, REGION, region_id)] = True
    return mask


# A search allocates and frees numpy temporaries of up to several MB at 1,000,000 offerings;
# glibc keeps freed blocks between live ones in the worker. Every TRIM_EVERY index lookups
# (about one per search) they are handed back (docs/benchmarks.md, "Memory per worker").
TRIM_EVERY = 200


def release_freed_memory():
    """Hand the heap that a build freed back to the system (glibc's malloc_trim): reading a
    catalog makes millions of short-lived row tuples, and without this their pages stay in
    the worker's resident memory after the arrays are built (measured: docs/benchmarks.md)."""
    with contextlib.suppress(OSError, AttributeError):  # AttributeError: not glibc
        ctypes.CDLL(None).malloc_trim(0)


class IndexHolder:
    """One process's index: built once, then patched from the change log per request.

    Each request reads the index state (one small query). When only `version` changed, the
    offerings logged since the index's sequence are read and patched in (FacetIndex.patched);
    when the rebuild token changed (vocabularies, synonyms, rebuild_index) or the log no
    longer reaches back, the index is rebuilt. Change log ids that are missing below the
    newest seen (a transaction that took its id earlier but committed later) are asked
    again for GAP_SECONDS.
    """

    GAP_SECONDS = 60
    GAP_WINDOW = 1000  # ids further back than this below the newest are not waited for

    def __init__(self):
        self.index = None
        self.lock = threading.Lock()
        self.builds = 0
        self.patches = 0
        self.loads = 0  # versions mapped from another process's files (shared_index.py)
        self.lookups = 0  # searches (and other readers) served, for TRIM_EVERY

    def get(self):
        self.lookups += 1
        if self.lookups % TRIM_EVERY == 0:
            release_freed_memory()
        version, token = current_state()
        index = self.index
        if index is not None and index.version == version and not index.gaps:
            return index
        with self.lock:
            index = self.index
            if index is not None and index.version == version and not index.gaps:
                return index  # another thread of this process got there first
            # Another process may have built or patched this version already: map it.
            if ((index is None or index.version != version)
                    and (shared := self._load(index, version, token)) is not None):
                self.index = shared
                return shared
            if index is None or index.rebuild_token != token:
                self.index = shared_index.publish(self._build(version, token))
                release_freed_memory()
            elif index.version != version or index.gaps:
                patched = self._patch(index, version, token)
                self.index = patched if patched is index else shared_index.publish(patched)
            return self.index

    def _load(self, index, version, token):
        shared = shared_index.load(token, version, caches_from=index)
        if shared is None:
            return None
        if index is None or index.rebuild_token != token:
            use_current_synonyms()  # what FacetIndex() does on a build
        self.loads += 1
        return shared

    def _build(self, version, token):
        sequence = last_change()  # before reading: a change committed meanwhile comes again
        self.builds += 1
        return FacetIndex(version, token, sequence)

    def _patch(self, index, version, token):
        now = time.monotonic()
        gaps = {gap: since for gap, since in index.gaps.items()
                if now - since < self.GAP_SECONDS}
        found = changes_since(index.sequence, gaps)
        if found is None:
            return self._build(version, token)
        log_ids, offering_ids = found
        sequence = max([index.sequence, *log_ids])
        seen = set(log_ids)
        gaps = {gap: since for gap, since in gaps.items() if gap not in seen}
        if index.sequence:  # after an empty log (a rebuild) the ids below say nothing
            start = max(index.sequence + 1, sequence - self.GAP_WINDOW)
            gaps.update((missing, now) for missing in range(start, sequence)
                        if missing not in seen)
        if not offering_ids:
            index.version, index.gaps = version, gaps
            return index
        patched = index.patched(offering_ids, version, sequence)
        if patched is None:
            return self._build(version, token)
        self.patches += 1
        patched.gaps = gaps
        return patched


_holder = IndexHolder()


def get_index():
    """The current process's index, patched or rebuilt when the catalog changed.

    With read replicas it follows one database only (db_router.index_reads): mixing the
    primary and a replica that lags could move an offering back to an older state."""
    with db_router.index_reads():
        return _holder.get()
