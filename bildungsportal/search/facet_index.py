"""The in-memory facet index: every published offering and run as numpy arrays.

Each app process builds it from the database and rebuilds it when the catalog's
IndexState version changes. Filters and facet counts are then array operations,
which keeps a faceted search over 100,000 offerings within a few milliseconds.
"""

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np
from django.conf import settings

from bildungsportal.catalog import models as catalog
from bildungsportal.catalog import vocabularies
from bildungsportal.places.models import Municipality

from . import analyzer
from .backends import get_backend
from .indexing import current_version
from .models import SynonymGroup
from .params import SEARCH_VOCABULARIES
from .query import compile_query

# Text matches with at least this many offerings are kept per index version (least recently
# used first out, within settings.SEARCH_MATCH_CACHE_MB): the broad words people type most
# ("kurs", "online") match half the catalog, and asking the database again costs the most.
# Whole results are kept too (settings.SEARCH_RESULT_CACHE_SIZE, least recently used out).
MATCH_CACHE_MIN_MATCHES = 2000
UNDATED_START = 0  # date ordinals: undated runs are open on both ends
UNDATED_END = date.max.toordinal()
# The time-of-day bucket of each hour: its position in vocabularies.TIME_OF_DAY_CODES.
HOUR_BUCKETS = tuple(vocabularies.time_of_day_index(hour) for hour in range(24))


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


class FacetIndex:
    def __init__(self, version):
        self.version = version
        # The office's synonyms apply from this index on (the analyzer reads them at query time).
        analyzer.use_synonyms(analyzer.synonym_mapping(
            SynonymGroup.objects.values_list("terms", flat=True)
        ))
        self._load_vocabularies()
        self._load_offerings()
        self._load_runs()
        self._matches = OrderedDict()  # compiled query → (ids, scores), read-only arrays
        self._match_bytes = 0
        self._match_lock = threading.Lock()
        self._results = OrderedDict()  # (day, SearchParams) → SearchResult

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
        sources["town"] = Municipality.objects.order_by("-in_district", "name")
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
        single = [kind for kind in SEARCH_VOCABULARIES if not kind.many]  # the format
        rows = list(
            catalog.Offering.objects.published()
            .order_by("pk")
            .values_list("pk", "is_free", "price_cents", *(kind.attname for kind in single))
        )
        self.size = len(rows)
        self.has_demo_offerings = catalog.Offering.objects.filter(source="demo").exists()
        self.offering_ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=self.size)
        self.is_free = np.fromiter((bool(r[1]) for r in rows), dtype=bool, count=self.size)
        # Price for sorting: free is 0, an unknown price sorts last.
        self.price = np.fromiter(
            (0 if r[1] else (r[2] if r[2] is not None else 2**40) for r in rows),
            dtype=np.int64, count=self.size,
        )
        # Foreign-key vocabularies: the value's position per offering, -1 for none.
        self.single_values = {}
        for column, kind in enumerate(single, start=3):
            value_map = self.pk_maps[kind.url_param]
            self.single_values[kind.url_param] = np.fromiter(
                (value_map.get(r[column], -1) for r in rows), dtype=np.int16, count=self.size
            )
        # Many-to-many vocabularies: (offering, value) pairs; a topic counts for its parents too.
        self.pairs = {
            kind.url_param: self._pairs(
                kind.through, kind.through_column, kind.url_param,
                expand_topics=kind.key == "topic",
            )
            for kind in SEARCH_VOCABULARIES
            if kind.many
        }

    def positions_of(self, ids):
        """Offering ids → index positions, and a mask of the ids that are in the index."""
        ids = np.asarray(ids, dtype=np.int64)
        positions = np.searchsorted(self.offering_ids, ids)
        positions[positions >= self.size] = 0
        found = (self.offering_ids[positions] == ids) if self.size else np.zeros(len(ids), bool)
        return positions, found

    def _pairs(self, through, value_field, name, expand_topics=False):
        value_map = self.pk_maps[name]
        offerings, values = [], []
        for offering_id, value_id in through.objects.values_list("offering_id", value_field):
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
        return Pairs(pairs[0].astype(np.int32), pairs[1].astype(np.int32))

    def _load_runs(self):
        rows = list(
            catalog.Run.objects.filter(offering__status=catalog.Offering.Status.PUBLISHED)
            .exclude(booking_status=catalog.Run.BookingStatus.CANCELLED)
            .values_list(
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
        has_run = np.zeros(self.size, dtype=bool)
        has_run[[r[0] for r in records]] = True
        for position in np.flatnonzero(~has_run):
            records.append((int(position), 0, -1, math.nan, math.nan, UNDATED_START,
                            UNDATED_END, 0, -1, False))
        # Sorted by offering, then town: facet counting relies on equal pairs being adjacent.
        records.sort(key=lambda r: (r[0], r[2], r[1]))
        columns = list(zip(*records, strict=True)) if records else [()] * 10
        self.run_offering = np.array(columns[0], dtype=np.int32)
        self.run_id = np.array(columns[1], dtype=np.int64)
        self.run_town = np.array(columns[2], dtype=np.int16)
        self.run_lat = np.array(columns[3], dtype=np.float64)
        self.run_lon = np.array(columns[4], dtype=np.float64)
        self.run_start = np.array(columns[5], dtype=np.int32)
        self.run_end = np.array(columns[6], dtype=np.int32)
        self.run_weekdays = np.array(columns[7], dtype=np.int16)
        self.run_time = np.array(columns[8], dtype=np.int8)
        self.run_step_free = np.array(columns[9], dtype=bool)

    @cached_property
    def compound_vocabulary(self):
        """The analyzer's compound vocabulary from the topic names this index was built with,
        with the German word list (as indexing uses it: analyzer.catalog_vocabulary)."""
        return analyzer.vocabulary(self.vocabularies["topic"].labels, words=True)

    @cached_property
    def spelling(self):
        """The indexed terms with their document frequencies, for typo correction (spelling.py)."""
        from .spelling import Dictionary

        return Dictionary.load()

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
        with self._match_lock:
            if (hit := self._matches.get(key)) is not None:
                self._matches.move_to_end(key)
                return hit
        ids, scores = backend.match_compiled(required, excluded)
        size = ids.nbytes + scores.nbytes
        budget = settings.SEARCH_MATCH_CACHE_MB * 1024 * 1024
        if ids.size >= MATCH_CACHE_MIN_MATCHES and size <= budget:
            ids.flags.writeable = scores.flags.writeable = False
            with self._match_lock:
                if key not in self._matches:
                    self._matches[key] = (ids, scores)
                    self._match_bytes += size
                while self._match_bytes > budget:
                    _, (old_ids, old_scores) = self._matches.popitem(last=False)
                    self._match_bytes -= old_ids.nbytes + old_scores.nbytes
        return ids, scores

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
        return {name: set(v.slugs) for name, v in self.vocabularies.items()}

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
        """Distance of every row to a point; NaN for online runs without a place."""
        lat1, lon1 = math.radians(latitude), math.radians(longitude)
        lat2, lon2 = np.radians(self.run_lat), np.radians(self.run_lon)
        a = (np.sin((lat2 - lat1) / 2) ** 2
             + math.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
        return 2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(1.0, a)))


_index = None
_lock = threading.Lock()


def get_index():
    """The current process's index, rebuilt when the catalog changed since it was built."""
    global _index
    version = current_version()
    if _index is None or _index.version != version:
        with _lock:
            if _index is None or _index.version != version:
                _index = FacetIndex(version)
    return _index
