"""The supply matrix: every current run of a published offering as numpy arrays, built once.

The monitoring's indicators all count the same thing, current runs of published offerings,
per town under a scope (life phase, topic, format, time of day, price band, step-free). Asking
the database a dozen aggregates per request costs seconds at 100,000 offerings; counting on
arrays costs milliseconds. The matrix is built once per (catalog version, day): search's
IndexState version changes with every catalog change (offering, run, venue, provider,
vocabulary, town), and "current" depends on the day. Each process keeps the latest one.

The rows are loaded in chunks straight into arrays, so memory stays about 60 bytes per run,
without a Python object per row (1,000,000 offerings ≈ 1.3 million runs ≈ 80 MB).
"""

import threading
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db.models.functions import Coalesce

from bildungsportal.catalog import vocabularies
from bildungsportal.catalog.models import Format, LifePhase, Offering, Provider, Topic
from bildungsportal.places.models import Municipality
from bildungsportal.places.regions import current_region
from bildungsportal.search.indexing import current_version

from . import supply

CHUNK = 50_000
NONE = -1
# Time-of-day bounds in minutes since midnight, in the order of TIME_OF_DAY_CODES.
TIME_BOUNDS = dict(zip(vocabularies.TIME_OF_DAY_CODES, [(None, 12 * 60), (12 * 60, 17 * 60),
                                                         (17 * 60, None)], strict=True))
EVENING_MINUTES = supply.EVENING.hour * 60 + supply.EVENING.minute
RUN_FIELDS = ("offering_id", "venue_id", "venue__municipality_id", "is_online", "start_date",
              "start_time", "weekdays", "hours", "seats", "venue__step_free")


def _ordinal(day):
    return day.toordinal() if day else NONE


def _minutes(moment):
    return moment.hour * 60 + moment.minute if moment else NONE


@dataclass(frozen=True)
class Counts:
    """Metrics per group (town index or 0 for the district) as arrays."""

    values: dict  # metric → array over groups

    def row(self, i):
        return {key: float(v[i]) if key == "hours_12m" else int(v[i])
                for key, v in self.values.items()}


class SupplyMatrix:
    """Current runs × facts, and the offerings' memberships, for one catalog version and day."""

    def __init__(self, version, today):
        self.version, self.today = version, today
        self._load_towns()
        self._load_runs()
        self._load_offerings()
        self._load_memberships()

    # -- loading ------------------------------------------------------------------------
    def _load_towns(self):
        towns = list(Municipality.objects.order_by("pk"))
        self.towns = towns
        self.town_pks = np.array([t.pk for t in towns], dtype=np.int64)
        self.town_index = {t.pk: i for i, t in enumerate(towns)}
        self.district_slugs = [t.slug for t in sorted(towns, key=lambda t: t.ags)
                               if t.in_district]
        self.town_in_district = np.array([t.in_district for t in towns], dtype=bool)
        self.town_lat = np.array([t.latitude if t.latitude is not None else np.nan
                                  for t in towns], float)
        self.town_lon = np.array([t.longitude if t.longitude is not None else np.nan
                                  for t in towns], float)

    def _load_runs(self):
        rows = (supply.current_runs(self.today)
                .values_list(*RUN_FIELDS,
                             Coalesce("venue__latitude", "venue__municipality__latitude"),
                             Coalesce("venue__longitude", "venue__municipality__longitude"))
                .order_by())
        columns = {name: [] for name in ("offering", "venue", "town", "online", "start",
                                          "minutes", "weekdays", "hours", "seats", "step_free",
                                          "lat", "lon")}
        town_index = self.town_index
        chunk = []

        def flush():
            if not chunk:
                return
            off, venue, town, online, start, at, days, hours, seats, free, lat, lon = zip(
                *chunk, strict=True)
            columns["offering"].append(np.array(off, np.int64))
            columns["venue"].append(np.array([v if v is not None else NONE for v in venue],
                                             np.int64))
            columns["town"].append(np.array([town_index.get(t, NONE) for t in town], np.int32))
            columns["online"].append(np.array(online, bool))
            columns["start"].append(np.array([_ordinal(d) for d in start], np.int32))
            columns["minutes"].append(np.array([_minutes(t) for t in at], np.int16))
            columns["weekdays"].append(np.array([d or 0 for d in days], np.int16))
            columns["hours"].append(np.array([float(h) if h is not None else np.nan
                                              for h in hours], float))
            columns["seats"].append(np.array([s if s is not None else NONE for s in seats],
                                             np.int32))
            columns["step_free"].append(np.array([f is True for f in free], bool))
            columns["lat"].append(np.array([x if x is not None else np.nan for x in lat],
                                           float))
            columns["lon"].append(np.array([x if x is not None else np.nan for x in lon],
                                           float))
            chunk.clear()

        for row in rows.iterator(chunk_size=CHUNK):
            chunk.append(row)
            if len(chunk) >= CHUNK:
                flush()
        flush()
        empty = {"offering": np.int64, "venue": np.int64, "town": np.int32, "online": bool,
                 "start": np.int32, "minutes": np.int16, "weekdays": np.int16, "hours": float,
                 "seats": np.int32, "step_free": bool, "lat": float, "lon": float}
        for name, parts in columns.items():
            value = np.concatenate(parts) if parts else np.zeros(0, empty[name])
            setattr(self, f"run_{name}", value)
        # Offering ids → dense positions 0..n−1 (the arrays below are indexed by them).
        self.offering_ids, self.run_off = np.unique(self.run_offering, return_inverse=True)
        self.run_off = self.run_off.astype(np.int64)
        del self.run_offering
        # Sorted by (town, offering, venue): the runs of one offering in one town, and of one
        # offering at one venue (a venue lies in one town), are then neighbours, so counting
        # distinct offerings under any mask needs no sort per request.
        order = np.lexsort((self.run_venue, self.run_off, self.run_town))
        for name in ("off", "venue", "town", "online", "start", "minutes", "weekdays",
                     "hours", "seats", "step_free", "lat", "lon"):
            setattr(self, f"run_{name}", getattr(self, f"run_{name}")[order])
        n = max(len(self.offering_ids), 1)
        self.run_town_key = self.run_town.astype(np.int64) * n + self.run_off
        venue_ids, self.run_venue_index = np.unique(self.run_venue, return_inverse=True)
        self.run_venue_index = self.run_venue_index.astype(np.int64)
        self.venue_count = len(venue_ids)
        self.run_venue_key = self.run_venue_index * n + self.run_off
        self.venue_lat = np.full(self.venue_count, np.nan)
        self.venue_lon = np.full(self.venue_count, np.nan)
        # Every run at a venue has the venue's coordinates (or its town's): the last one's.
        self.venue_lat[self.run_venue_index] = self.run_lat
        self.venue_lon[self.run_venue_index] = self.run_lon
        self.run_has_coords = ~(np.isnan(self.run_lat) | np.isnan(self.run_lon))
        self.run_in_district = np.zeros(len(self.run_town), bool)
        placed = self.run_town >= 0
        self.run_in_district[placed] = self.town_in_district[self.run_town[placed]]
        weekday = (self.run_start.astype(np.int64) - 1) % 7  # ordinal 1 = Monday
        self.run_evening_weekend = ((self.run_minutes >= EVENING_MINUTES)
                                    | (self.run_weekdays >= supply.WEEKEND_BITS)
                                    | ((self.run_weekdays == 0) & (self.run_start >= 0)
                                       & (weekday >= 5)))
        today = self.today.toordinal()
        in_6m = supply.add_months(self.today, 6).toordinal()
        in_12m = supply.add_months(self.today, 12).toordinal()
        self.run_6m = (self.run_start >= today) & (self.run_start < in_6m)
        self.run_12m = (self.run_start >= today) & (self.run_start < in_12m)

    def _load_offerings(self):
        n = len(self.offering_ids)
        self.off_free = np.zeros(n, bool)
        self.off_price = np.full(n, NONE, np.int64)
        self.off_format = np.full(n, NONE, np.int64)
        self.off_provider = np.full(n, NONE, np.int64)
        self.providers = {}  # provider id → (name, slug)
        self.off_is_free = np.zeros(n, bool)
        if not n:  # no current offering at all: every count is 0, the arrays stay empty
            return
        low, high = int(self.offering_ids[0]), int(self.offering_ids[-1])
        rows = (Offering.objects.filter(pk__gte=low, pk__lte=high)
                .values_list("pk", "is_free", "price_cents", "format_id", "provider_id")
                .order_by())
        for chunk in _chunks(rows.iterator(chunk_size=CHUNK)):
            pk, free, price, fmt, provider = (np.array(column, dtype=object)
                                              for column in zip(*chunk, strict=True))
            pos = np.searchsorted(self.offering_ids, pk.astype(np.int64))
            pos = np.minimum(pos, n - 1)
            keep = self.offering_ids[pos] == pk.astype(np.int64)
            pos = pos[keep]
            self.off_free[pos] = free[keep].astype(bool)
            self.off_price[pos] = [p if p is not None else NONE for p in price[keep]]
            self.off_format[pos] = [f if f is not None else NONE for f in fmt[keep]]
            self.off_provider[pos] = [p if p is not None else NONE for p in provider[keep]]
        used = set(np.unique(self.off_provider).tolist()) - {NONE}
        self.providers = {pk: (name, slug) for pk, name, slug in
                          Provider.objects.values_list("pk", "name", "slug") if pk in used}
        self.off_is_free = self.off_free | (self.off_price == 0)

    def _pairs(self, through, column):
        """(offering positions, value ids) of a many-to-many relation, current offerings only."""
        if not len(self.offering_ids):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        low, high = int(self.offering_ids[0]), int(self.offering_ids[-1])
        offs, values = [], []
        rows = (through.objects.filter(offering_id__gte=low, offering_id__lte=high)
                .values_list("offering_id", column).order_by())
        for chunk in _chunks(rows.iterator(chunk_size=CHUNK)):
            off, value = (np.array(c, np.int64) for c in zip(*chunk, strict=True))
            pos = np.minimum(np.searchsorted(self.offering_ids, off), len(self.offering_ids) - 1)
            keep = self.offering_ids[pos] == off
            offs.append(pos[keep])
            values.append(value[keep])
        if not offs:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(offs), np.concatenate(values)

    def _load_memberships(self):
        self.phase_ids = dict(LifePhase.objects.values_list("slug", "pk"))
        self.phase_off, self.phase_value = self._pairs(
            vocabularies.BY_KEY["life_phase"].through, "lifephase_id")
        topics = list(Topic.objects.values_list("pk", "slug", "parent_id"))
        self.topic_ids = {slug: pk for pk, slug, _parent in topics}
        self.topic_parent = {pk: parent for pk, _slug, parent in topics}
        slugs = {pk: slug for pk, slug, _parent in topics}
        self.top_slug = {slug: slugs.get(parent, slug) if parent else slug
                         for _pk, slug, parent in topics}
        self.topic_off, self.topic_value = self._pairs(vocabularies.BY_KEY["topic"].through,
                                                       "topic_id")
        parent = self.topic_parent
        top = np.array([parent.get(t) or t for t in self.topic_value.tolist()], np.int64)
        self.topic_top = top
        # (offering, top-level topic) once each: an offering with two subtopics of one topic
        # counts once under it.
        if len(top):
            pairs = np.unique(self.topic_off * (int(top.max()) + 1) + top)
            self.top_off, self.top_value = pairs // (int(top.max()) + 1), pairs % (
                int(top.max()) + 1)
        else:
            self.top_off, self.top_value = top.copy(), top.copy()
        self.format_ids = dict(Format.objects.values_list("slug", "pk"))

    # -- scopes -------------------------------------------------------------------------
    def _offerings_with(self, offs, values, wanted):
        mask = np.zeros(len(self.offering_ids), bool)
        mask[offs[np.isin(values, list(wanted))]] = True
        return mask

    def topic_family(self, slug):
        """The topic and its subtopics (as supply.topic_ids)."""
        pk = self.topic_ids.get(slug)
        return {t for t, parent in self.topic_parent.items() if t == pk or parent == pk} \
            if pk is not None else set()

    def run_mask(self, scope):
        """Runs in scope (as supply.scoped_runs), a boolean array over the runs."""
        mask = np.ones(len(self.run_off), bool)
        off_mask = None
        if scope.life_phase:
            pk = self.phase_ids.get(scope.life_phase)
            off_mask = self._offerings_with(self.phase_off, self.phase_value,
                                            {pk} if pk is not None else set())
        if scope.topic:
            topical = self._offerings_with(self.topic_off, self.topic_value,
                                           self.topic_family(scope.topic))
            off_mask = topical if off_mask is None else off_mask & topical
        if scope.format:
            fmt = self.format_ids.get(scope.format, -2)
            formatted = self.off_format == fmt
            off_mask = formatted if off_mask is None else off_mask & formatted
        if scope.price_band in supply.PRICE_BANDS:
            priced = self._price_band(scope.price_band)
            off_mask = priced if off_mask is None else off_mask & priced
        if off_mask is not None:
            mask &= off_mask[self.run_off]
        if scope.time_of_day in TIME_BOUNDS:
            low, high = TIME_BOUNDS[scope.time_of_day]
            known = self.run_minutes >= 0
            if low is not None:
                mask &= known & (self.run_minutes >= low)
            if high is not None:
                mask &= known & (self.run_minutes < high)
        if scope.step_free:
            mask &= self.run_step_free
        return mask

    def _price_band(self, band):
        priced = self.off_price >= 0
        limits = {"bis-50": 5000, "bis-100": 10000, "bis-250": 25000}
        if band == "kostenfrei":
            return self.off_is_free
        if band == "ueber-250":
            return priced & (self.off_price > 25000)
        return self.off_is_free | (priced & (self.off_price <= limits[band]))

    # -- counting -----------------------------------------------------------------------
    def _distinct(self, groups, mask, size, key=None):
        """Distinct offerings per group among the masked runs: per town (the default key),
        per venue (key=run_venue_key) or, with size 1, for the whole masked set."""
        if size == 1:
            seen = np.zeros(len(self.offering_ids), bool)
            seen[self.run_off[mask]] = True
            return np.array([int(seen.sum())])
        keys = (self.run_town_key if key is None else key)[mask]
        if not len(keys):
            return np.zeros(size, np.int64)
        first = np.ones(len(keys), bool)
        first[1:] = keys[1:] != keys[:-1]
        return np.bincount(groups[mask][first], minlength=size)

    def _metrics(self, groups, mask, size, metrics):
        metrics = metrics or supply.METRICS
        low_cost = (self.off_is_free
                    | ((self.off_price >= 0) & (self.off_price <= supply.LOW_COST_CENTS)))
        in_12m = mask & self.run_12m
        out = {}
        for key in metrics:
            if key == "offerings":
                out[key] = self._distinct(groups, mask, size)
            elif key == "free":
                out[key] = self._distinct(groups, mask & self.off_is_free[self.run_off], size)
            elif key == "low_cost":
                out[key] = self._distinct(groups, mask & low_cost[self.run_off], size)
            elif key == "evening_weekend":
                out[key] = self._distinct(groups, mask & self.run_evening_weekend, size)
            elif key == "step_free":
                out[key] = self._distinct(groups, mask & self.run_step_free, size)
            elif key == "runs_6m":
                out[key] = np.bincount(groups[mask & self.run_6m], minlength=size)
            elif key == "runs_12m":
                out[key] = np.bincount(groups[in_12m], minlength=size)
            elif key == "hours_12m":
                known = in_12m & ~np.isnan(self.run_hours)
                out[key] = np.bincount(groups[known], weights=self.run_hours[known],
                                       minlength=size)
            elif key == "seats_12m":
                known = in_12m & (self.run_seats >= 0)
                out[key] = np.bincount(groups[known], weights=self.run_seats[known],
                                       minlength=size).astype(np.int64)
            elif key == "seats_known_12m":
                out[key] = np.bincount(groups[in_12m & (self.run_seats >= 0)], minlength=size)
        return Counts(out)

    def by_town(self, scope, metrics=None, mask=None):
        """{municipality id: {metric: number}} as supply.supply_by_town()."""
        mask = self.run_mask(scope) if mask is None else mask
        placed = mask & ~self.run_online & (self.run_town >= 0)
        counts = self._metrics(np.maximum(self.run_town, 0).astype(np.int64), placed,
                               len(self.towns), metrics)
        present = np.bincount(self.run_town[placed], minlength=len(self.towns)) \
            if placed.any() else np.zeros(len(self.towns), np.int64)
        return {int(self.town_pks[i]): counts.row(i) for i in np.flatnonzero(present)}

    def in_district(self, scope, metrics=None, mask=None):
        """supply.supply_in_district(): the district as a whole (an offering counts once)."""
        mask = self.run_mask(scope) if mask is None else mask
        placed = mask & ~self.run_online & self.run_in_district
        counts = self._metrics(np.zeros(len(mask), np.int64), placed, 1, metrics)
        return counts.row(0)

    def online_count(self, scope, mask=None):
        mask = self.run_mask(scope) if mask is None else mask
        chosen = mask & self.run_online
        return int(self._distinct(None, chosen, 1)[0])

    def by_venue(self, scope, mask=None, offerings=None):
        """[(latitude, longitude, offerings)] per venue, as supply.supply_by_venue()."""
        mask = self.run_mask(scope) if mask is None else mask
        chosen = mask & ~self.run_online & (self.run_venue >= 0) & self.run_has_coords
        if offerings is not None:
            chosen &= offerings[self.run_off]
        if not chosen.any():
            return []
        counts = self._distinct(self.run_venue_index, chosen, self.venue_count,
                                key=self.run_venue_key)
        used = np.flatnonzero(counts)
        return list(zip(self.venue_lat[used].tolist(), self.venue_lon[used].tolist(),
                        counts[used].tolist(), strict=True))

    def by_venue_and_topic(self, scope):
        """{top-level topic id: [(latitude, longitude, offerings)]}, as
        supply.supply_by_venue_and_topic()."""
        mask = self.run_mask(scope)
        out = {}
        for top in np.unique(self.top_value).tolist():
            offerings = np.zeros(len(self.offering_ids), bool)
            offerings[self.top_off[self.top_value == top]] = True
            venues = self.by_venue(scope, mask=mask, offerings=offerings)
            if venues:
                out[top] = venues
        return out

    def offerings_by_group(self, group, town_pk, district_key):
        """{(town id or district_key, group id): offerings} per life phase ("life_phase") or
        top-level topic ("topic"), for one town and the district (placed runs only)."""
        if group == "life_phase":
            offs, values = self.phase_off, self.phase_value
        else:
            offs, values = self.top_off, self.top_value
        placed = ~self.run_online & (self.run_town >= 0)
        out = {}
        for key, runs in ((town_pk, placed & (self.run_town == self.town_index.get(town_pk,
                                                                                   -2))),
                          (district_key, placed & self.run_in_district)):
            present = np.zeros(len(self.offering_ids), bool)
            present[self.run_off[runs]] = True
            counts = np.bincount(values[present[offs]])
            for item in np.flatnonzero(counts).tolist():
                out[(key, item)] = int(counts[item])
        return out

    def topic_runs(self, top_ids):
        """{top-level topic id: runs (indices) of offerings with the topic or a subtopic},
        placed, with coordinates and a venue."""
        base = ~self.run_online & (self.run_venue >= 0) & self.run_has_coords
        out = {}
        for top in top_ids:
            offerings = np.zeros(len(self.offering_ids), bool)
            offerings[self.top_off[self.top_value == top]] = True
            out[top] = np.flatnonzero(base & offerings[self.run_off])
        return out


def _chunks(rows, size=CHUNK):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# One matrix per region (its towns are "the district"): {region id: SupplyMatrix}.
_matrices = {}
_lock = threading.Lock()


def get_matrix(today=None):
    """The supply matrix of the current region, catalog version and day, built when one of
    them changed. The region is part of the key: which towns form the district (and so every
    district total) depends on it."""
    today = today or date.today()
    version = current_version()
    region = current_region().pk
    matrix = _matrices.get(region)
    if matrix is None or matrix.version != version or matrix.today != today:
        with _lock:
            matrix = _matrices.get(region)
            if matrix is None or matrix.version != version or matrix.today != today:
                matrix = _matrices[region] = SupplyMatrix(version, today)
    return matrix
