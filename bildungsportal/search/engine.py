"""The one search function behind the search page and the search API.

Full-text matching happens in the database (backends.py); filters, facet counts, sorting
and paging happen on the in-memory facet index (facet_index.py).
"""

from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from urllib.parse import urlencode

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bildungsportal.catalog.models import Offering, Run
from bildungsportal.catalog.vocabularies import TIME_OF_DAY_CODES, WEEKDAY_CODES
from bildungsportal.places.regions import current_region

from . import analyzer
from .backends import get_backend
from .facet_index import REGION, get_index, town_pairs
from .params import (
    FILTER_LABELS,
    FIXED_VALUES,
    LIST_FILTERS,
    PROVIDER_VOCABULARIES,
    SEARCH_VOCABULARIES,
    SearchParams,
)
from .relax import soften
from .results import Facet, FacetValue, Hit, PageEntry, Relaxation, SearchResult
from .spelling import correct as correct_spelling
from .subset import SubsetIndex

# Every vocabulary filter: the offering's (registry order), then the provider's (its seals).
FILTER_VOCABULARIES = (*SEARCH_VOCABULARIES, *PROVIDER_VOCABULARIES)

# The yes/no filters are shown as one-value facets under these headings.
FLAG_FACET_LABELS = {"free": gettext_lazy("Kosten"), "accessible": gettext_lazy("Barrierefreiheit")}


def allowed_values(index=None):
    """For params.parse(): each list filter → the set of values the catalog knows."""
    return (index or get_index()).values_known()


def _text_stage(index, q):
    """Everything a search string decides, independent of filters, sort and page: (offering
    positions, their scores, soft-AND tiers or None, spelling correction, positions whose
    title holds the phrase or None); None for a string without words. Kept per index for each
    string (FacetIndex.text_stage, sparse): the next page, another facet and the "drop this
    filter" counts of the same words ask the database nothing."""
    terms = analyzer.parse_query(q)
    if not terms:
        return None
    ids, values = index.match(terms)
    correction = None
    if found := correct_spelling(terms, index, ids.size):
        more = index.match(found.query)
        if more[0].size > ids.size:
            # What the typed words found stays ahead of what the correction adds.
            typed = np.isin(more[0], ids)
            values = np.where(typed, more[1] + more[1].max(), more[1])
            ids, correction = more[0], found
    ids, values, tiers = soften(index, correction.query if correction else terms, ids, values)
    positions, present = index.positions_of(ids)
    if tiers is not None:
        tiers = tiers[present] if tiers.any() else None
    title = _Query.title_phrase_positions(index, terms)
    for array in (positions, values, tiers, title):
        if array is not None:
            array.flags.writeable = False
    return positions[present], values[present], tiers, correction, title


def _one_of(values, wanted):
    """np.isin(values, wanted) for small non-negative codes (-1 = none) by a lookup table:
    one gather instead of a sort of the whole column."""
    table = np.zeros(max(wanted, default=0) + 2, dtype=bool)
    table[list(wanted)] = True
    return table[np.where(values < 0, table.size - 1, np.minimum(values, table.size - 1))]


# Filters on the runs whose "drop this filter" count is the search's own row mask without
# them (_Query.count_without); dropping "near" or one end of a date range changes more.
ROW_FILTERS = frozenset({"town", "weekday", "time_of_day", "accessible"})


@dataclass(frozen=True)
class _Upcoming:
    """Per offering of the whole index, over its rows still to come (kept per index and day,
    FacetIndex.per_day): what facet counts and the date order need when no filter on the
    runs (town, weekday, time of day, step-free, dates, radius) narrows the rows, so such a
    search passes over the offerings instead of over every row."""

    has_rows: np.ndarray  # bool: the offering has a run still to come
    weekdays: np.ndarray  # OR of its rows' weekday bits
    times: np.ndarray  # OR of 1 << its rows' time-of-day bucket
    step_free: np.ndarray  # any of its rows step-free
    next_start: np.ndarray  # its rows' earliest next date (ordinal)
    all_undated: np.ndarray  # 1 when every row is undated
    town_offering: np.ndarray  # (offering, town) pairs of its rows, towns known
    town_value: np.ndarray


def _upcoming(index, today):
    rows = index.upcoming_rows(today)
    positions, next_start = _group_minimum(index, rows, index.next_starts(today))

    def spread(values, dtype):
        full = np.zeros(index.size, dtype=dtype)
        full[positions] = values
        return full

    town_offering, town_value = town_pairs(index, rows)
    # Compact types: at 1,000,000 offerings the summary takes about 17 MB.
    summary = _Upcoming(
        has_rows=spread(True, bool),
        weekdays=spread(_bits_per_offering(index, rows, index.run_weekdays), np.int16),
        times=spread(_bits_per_offering(index, rows, index.run_time, as_bit=True), np.int8),
        step_free=spread(_bits_per_offering(index, rows, index.run_step_free), bool),
        next_start=spread(next_start, np.int32),
        all_undated=spread(_group_minimum(index, rows, index.undated_rows)[1], np.int8),
        town_offering=town_offering, town_value=town_value,
    )
    for array in vars(summary).values():
        array.flags.writeable = False
    return summary


@lru_cache(maxsize=8192)
def _encoded(pair):
    """urlencode([pair]), kept: the same facet values are encoded for every search."""
    return urlencode([pair])


class _Query:
    """One search's masks over the index, so facets can leave out their own filter."""

    def __init__(self, index, params, today, origin, text=None):
        self.index = index
        self.params = params
        self.offering_filters = {}  # name → bool mask over offerings
        self.run_filters = {}  # name → bool mask over rows
        self.scores = None
        self.correction = None  # spelling.Correction when a misspelled word was corrected
        self.title_phrase = None  # offerings whose title holds the whole query as typed
        self.distances = None
        self.partial = None  # offerings that match only some words (relax.py), or None
        self.tiers = None  # per offering: 0 all words, 1… fewer (relax.soften), or None

        # Rows that are still to come: past runs never count (one mask per index and day).
        self.base_rows = index.upcoming_rows(today)
        # The same per offering, for the whole index (a view is small: it passes its rows).
        self.upcoming = None if isinstance(index, SubsetIndex) else index.per_day(
            today, "upcoming", lambda: _upcoming(index, today))

        if params.q:
            if text is None:
                text = index.text_stage(params.q, _text_stage)
            if text is not None:
                positions, values, tiers, self.correction, title = text
                self.scores = np.zeros(index.size, dtype=np.float64)
                self.scores[positions] = values
                mask = np.zeros(index.size, dtype=bool)
                mask[positions] = True
                self.offering_filters["q"] = mask
                if title is not None:
                    self.title_phrase = np.zeros(index.size, dtype=bool)
                    self.title_phrase[title] = True
                if tiers is not None:
                    self.tiers = np.zeros(index.size, dtype=np.int8)
                    self.tiers[positions] = tiers
                    self.partial = self.tiers > 0

        for kind in FILTER_VOCABULARIES:
            name = kind.url_param
            selected = getattr(params, name)
            if not selected:
                continue
            vocabulary = index.vocabularies[name]
            if name in index.pairs:
                mask = np.zeros(index.size, dtype=bool)
                for slug in selected:
                    mask[index.offerings_with(name, vocabulary.position[slug])] = True
                self.offering_filters[name] = mask
            else:
                wanted = [vocabulary.position[s] for s in selected]
                self.offering_filters[name] = _one_of(index.single_values[name], wanted)
        if params.free:
            self.offering_filters["free"] = index.is_free

        if params.town:
            vocabulary = index.vocabularies["town"]
            wanted = [vocabulary.position[s] for s in params.town]
            self.run_filters["town"] = _one_of(index.run_town, wanted)
        if params.weekday:
            bits = sum(1 << WEEKDAY_CODES.index(day) for day in params.weekday)
            self.run_filters["weekday"] = (index.run_weekdays & bits) != 0
        if params.time_of_day:
            wanted = [TIME_OF_DAY_CODES.index(t) for t in params.time_of_day]
            self.run_filters["time_of_day"] = _one_of(index.run_time, wanted)
        if params.accessible:
            self.run_filters["accessible"] = index.run_step_free
        if params.date_from or params.date_to:
            start = (params.date_from or date.min).toordinal()
            end = (params.date_to or date.max).toordinal()
            # A period that ends before it starts (the API allows it) contains no day at all.
            self.run_filters["dates"] = ((index.run_start <= end) & (index.run_end >= start)
                                         & (start <= end))
        if origin:
            self.distances = index.distances_km(origin[1], origin[2])
            if params.radius_km:
                self.run_filters["near"] = self.distances <= params.radius_km

        # Only what is shown in the request's region; a radius search across the border
        # (the region allows it) is bounded by its radius instead (docs/regions.md).
        self.region = current_region()
        if not (origin and params.radius_km and self.region.cross_border_search):
            self.offering_filters[REGION] = index.shown_in(self.region.pk)

    @staticmethod
    def title_phrase_positions(index, parsed):
        """Positions of the offerings whose title holds the query's words in order (≥ 2
        words), or None."""
        if any(len(group.options) != 1 for group in parsed.required):
            return None
        words = [w for group in parsed.required for w in group.options[0].words]
        if len(words) < 2:
            return None
        positions, found = index.positions_of(
            get_backend().title_phrase([analyzer.stem(w) for w in words])
        )
        return positions[found]

    def offering_mask(self, without=None):
        mask = np.ones(self.index.size, dtype=bool)
        for name, filter_mask in self.offering_filters.items():
            if name != without:
                mask &= filter_mask
        return mask

    def row_mask(self, without=None, offering_mask=None):
        if offering_mask is None:
            offering_mask = self.offering_mask()
        mask = self.base_rows & offering_mask[self.index.run_offering]
        for name, filter_mask in self.run_filters.items():
            if name != without:
                mask &= filter_mask
        return mask

    # -- facets -------------------------------------------------------------------------
    def rows_unfiltered(self, without=None):
        """Whether no filter on the runs but `without`'s applies: then the selected rows are
        every upcoming row of the selected offerings, and self.upcoming answers for them."""
        return self.upcoming is not None and all(n == without for n in self.run_filters)

    def offerings(self, rows=None, without=None):
        """Offerings with selected rows (rows: the row_mask() already computed), under every
        filter but `without`'s."""
        if self.rows_unfiltered():
            return self.offering_mask(without=without) & self.upcoming.has_rows
        if rows is None or without in self.offering_filters:
            rows = self.row_mask(offering_mask=self.offering_mask(without=without))
        return self.index.offerings_of_rows(rows)

    def count_without(self, name):
        """Offerings found under every filter but `name`'s: a "drop this filter" count from
        the masks this search already has, for an offering filter other than the words or
        one of ROW_FILTERS; else None (without the words a search may leave the view it
        runs on, and dropping the place or a date end changes more than one mask)."""
        if name == "q" or not (name in self.offering_filters or name in ROW_FILTERS):
            return None
        if name in self.offering_filters:
            return int(np.count_nonzero(self.offerings(without=name)))
        if self.rows_unfiltered(without=name):
            return int(np.count_nonzero(self.offering_mask() & self.upcoming.has_rows))
        return self.index.distinct_offerings(self.row_mask(without=name))

    def facet_counts(self, rows):
        """name → count array per value, each counted with every filter except its own."""
        index = self.index
        counts = {}
        def offerings_without(name):
            """Result offerings under every filter but this facet's own."""
            if name in self.offering_filters:
                return self.offerings(without=name)
            return result

        result = self.offerings(rows)
        for kind in FILTER_VOCABULARIES:
            name = kind.url_param
            size = len(index.vocabularies[name].slugs)
            if name in index.pairs:
                counts[name] = index.count_values(name, offerings_without(name), size)
            else:
                values = index.single_values[name][offerings_without(name)]
                counts[name] = np.bincount(values[values >= 0], minlength=size)
        counts["free"] = np.array([np.count_nonzero(offerings_without("free") & index.is_free)])

        def rows_without(name):
            return self.row_mask(without=name) if name in self.run_filters else rows

        towns = len(index.vocabularies["town"].slugs)
        if self.rows_unfiltered(without="town"):
            upcoming = self.upcoming
            selected = self.offering_mask()[upcoming.town_offering]
            counts["town"] = np.bincount(upcoming.town_value[selected], minlength=towns)
        else:
            counts["town"] = np.bincount(town_pairs(index, rows_without("town"))[1],
                                         minlength=towns)

        # Per offering, the OR of its selected rows' bits: one pass over the selected rows
        # instead of one pass over every row per weekday, time of day and accessibility.
        def bits(name, column, as_bit=False):
            if self.rows_unfiltered(without=name):
                return getattr(self.upcoming, column)[self.offering_mask()]
            values = {"weekdays": index.run_weekdays, "times": index.run_time,
                      "step_free": index.run_step_free}[column]
            return _bits_per_offering(index, rows_without(name), values, as_bit=as_bit)

        days = bits("weekday", "weekdays")
        counts["weekday"] = np.array([
            np.count_nonzero(days & (1 << day)) for day in range(len(WEEKDAY_CODES))
        ])
        times = bits("time_of_day", "times", as_bit=True)
        counts["time_of_day"] = np.array([
            np.count_nonzero(times & (1 << bucket)) for bucket in range(len(TIME_OF_DAY_CODES))
        ])
        counts["accessible"] = np.array([np.count_nonzero(bits("accessible", "step_free"))])
        return counts

    def facets(self, rows):
        params = self.params
        counts = self.facet_counts(rows)
        # Toggle links: the current query without `page`, with one pair added or removed.
        base = [pair for pair in params.as_query_list() if pair[0] != "page"]
        present = set(base)
        prefix = "?" + urlencode(base) + ("&" if base else "")

        def toggle_query(name, value):
            pair = (name, value)
            if pair in present:
                return "?" + urlencode([p for p in base if p != pair])
            return prefix + _encoded(pair)  # = urlencode([*base, pair])

        facets = []
        for name in LIST_FILTERS:
            if fixed := FIXED_VALUES.get(name):
                slugs, labels = list(fixed), [str(v) for v in fixed.values()]
            else:
                vocabulary = self.index.vocabularies[name]
                slugs, labels = vocabulary.slugs, vocabulary.labels
            selected = set(getattr(params, name))
            values = [
                FacetValue(
                    value=slug, label=label, count=int(count), selected=slug in selected,
                    toggle_query=toggle_query(name, slug),
                )
                for slug, label, count in zip(slugs, labels, counts[name], strict=True)
                if count or slug in selected
            ]
            facets.append(Facet(name=name, label=FILTER_LABELS[name], values=values))
        for name, label in (("free", _("kostenfrei")), ("accessible", _("stufenlos erreichbar"))):
            facets.append(Facet(name=name, label=FLAG_FACET_LABELS[name], values=[FacetValue(
                value="1", label=label, count=int(counts[name][0]),
                selected=getattr(params, name),
                toggle_query=toggle_query(name, "1"),
            )]))
        return facets


def _bits_per_offering(index, rows, values, as_bit=False):
    """For each offering with selected rows: the bitwise OR of `values` over those rows
    (as_bit: of 1 << value, a negative value adding nothing)."""
    selected = np.flatnonzero(rows)
    offerings = index.run_offering[selected]
    if offerings.size == 0:
        return np.zeros(0, dtype=np.int64)
    values = values[selected]
    if as_bit:
        values = np.where(values >= 0, np.left_shift(1, np.maximum(values, 0).astype(np.int64)),
                          0)
    starts = np.flatnonzero(np.r_[True, offerings[1:] != offerings[:-1]])
    return np.bitwise_or.reduceat(values, starts)


def _group_minimum(index, rows, values):
    """For each offering with selected rows: (offering positions, minimum of values)."""
    selected = np.flatnonzero(rows)
    offerings = index.run_offering[selected]
    if offerings.size == 0:
        return offerings, values[:0]
    starts = np.flatnonzero(np.r_[True, offerings[1:] != offerings[:-1]])
    return offerings[starts], np.minimum.reduceat(values[selected], starts)


def _nearest(index, query, rows):
    """Distance of each result offering's nearest matching run (online: very far)."""
    return _group_minimum(index, rows, np.nan_to_num(query.distances, nan=1e9))[1]


def _relevance(index, query, rows, positions, next_date, today):
    """Text score scaled to 0–1, plus boosts: +1 for the whole query as a phrase in the
    title (so exact titles come first), up to +0.25 for a run starting soon (halving every
    three weeks), up to +0.5 for a run nearby when a place is given (halving every 7 km)."""
    text = query.scores[positions]
    top = text.max() if text.size else 0.0
    score = text / top if top > 0 else text.copy()
    if query.title_phrase is not None:
        score += query.title_phrase[positions]
    days = (next_date - today.toordinal()).astype(np.float64)
    score += np.where(next_date >= 2**31, 0.0, 0.25 * np.exp2(-days / 21))
    if query.distances is not None:
        score += 0.5 * np.exp2(-_nearest(index, query, rows) / 7)
    return score


def _first_in_order(keys, count):
    """np.lexsort(keys)[:count] without ordering every entry: only the entries whose primary
    (last) key is within the `count` smallest are sorted. lexsort is stable and those
    entries keep their relative order, so ties come out as in the full sort."""
    primary = keys[-1]
    if count == 0 or count >= primary.size // 8:
        return np.lexsort(keys)[:count]
    threshold = np.partition(primary, count - 1)[count - 1]
    if primary.dtype.kind == "f" and np.isnan(threshold):  # NaN sorts last, compares False
        return np.lexsort(keys)[:count]
    candidates = np.flatnonzero(primary <= threshold)
    return candidates[np.lexsort(tuple(key[candidates] for key in keys))[:count]]


def _order(index, query, rows, today, count=None):
    """Positions of the result offerings in display order (ties broken by id); only the
    first `count` when given (the page and those before it)."""
    params = query.params
    if query.rows_unfiltered():
        positions = np.flatnonzero(query.offering_mask() & query.upcoming.has_rows)
        next_date = query.upcoming.next_start[positions].astype(np.int64)
        all_undated = query.upcoming.all_undated[positions]
    else:
        positions, next_date = _group_minimum(index, rows, index.next_starts(today))
        next_date = next_date.astype(np.int64)
        _, all_undated = _group_minimum(index, rows, index.undated_rows)
    # Undated rows (start 0) became "today"; standing offers sort after dated ones.
    next_date = np.where(all_undated == 1, 2**31, next_date)
    sort = params.sort
    if sort == "relevance" and query.scores is None:
        sort = "distance" if query.distances is not None else "date"
    if sort == "distance" and query.distances is None:
        sort = "date"

    ids = index.offering_ids[positions]
    if sort == "relevance":
        keys = (ids, next_date, -_relevance(index, query, rows, positions, next_date, today))
        if query.tiers is not None:  # partial matches after all strict ones (relax.py)
            keys = (*keys, query.tiers[positions])
    elif sort == "distance":
        keys = (ids, next_date, _nearest(index, query, rows))
    elif sort == "price":
        keys = (ids, next_date, index.price[positions])
    else:
        keys = (ids, next_date)
    if count is None:
        return positions[np.lexsort(keys)]
    return positions[_first_in_order(keys, count)]


def _run_order(run):
    """Soonest first; standing offers without a date last."""
    return (run.start_date is None, run.start_date or date.max, run.start_time is None,
            run.start_time or "", run.pk)


def _page(index, query, rows, page_positions):
    """The page's offerings as PageEntry rows, from the index alone (no database read)."""
    # Rows are grouped by offering: each page offering's rows are one slice, so only those
    # slices are read (not a pass over every row of the index).
    low = np.searchsorted(index.run_offering, page_positions, side="left")
    lengths = np.searchsorted(index.run_offering, page_positions, side="right") - low
    candidates = (np.repeat(low - (np.cumsum(lengths) - lengths), lengths)
                  + np.arange(int(lengths.sum())))
    owner = np.repeat(np.arange(page_positions.size), lengths)
    keep = rows[candidates] & (index.run_id[candidates] > 0)
    selected, owner = candidates[keep], owner[keep]
    run_ids = index.run_id[selected].tolist()
    entry_numbers = np.arange(page_positions.size)
    starts = np.searchsorted(owner, entry_numbers, side="left").tolist()
    ends = np.searchsorted(owner, entry_numbers, side="right").tolist()
    distances = query.distances[selected] if query.distances is not None else None
    # Where each page offering is shown, for the label of a hit from across the border.
    page_set = np.zeros(index.size, dtype=bool)
    page_set[page_positions] = True
    pairs = index.pairs[REGION]
    shown = page_set[pairs.offering]
    region_ids = {}
    for position, region_id in zip(pairs.offering[shown].tolist(), pairs.value[shown].tolist(),
                                   strict=True):
        region_ids.setdefault(position, []).append(region_id)
    entries = []
    for position, start, end in zip(page_positions.tolist(), starts, ends, strict=True):
        distance = None
        if distances is not None and end > start:
            nearest = np.nanmin(distances[start:end]) if not np.isnan(
                distances[start:end]).all() else None
            distance = round(float(nearest), 1) if nearest is not None else None
        entries.append(PageEntry(
            offering_id=int(index.offering_ids[position]),
            run_ids=tuple(run_ids[start:end]),
            distance_km=distance,
            score=float(query.scores[position]) if query.scores is not None else 0.0,
            partial=bool(query.partial is not None and query.partial[position]),
            region_ids=tuple(sorted(region_ids.get(position, ()))),
        ))
    return entries


def load_hits(page):
    """The page's offerings and their matching runs as model objects (two queries)."""
    ids = [entry.offering_id for entry in page]
    offerings = Offering.objects.select_related("provider", "format").in_bulk(ids)
    run_ids = [run_id for entry in page for run_id in entry.run_ids]
    runs_by_offering = {}
    runs = Run.objects.filter(pk__in=run_ids).select_related("venue__municipality")
    for run in runs:
        runs_by_offering.setdefault(run.offering_id, []).append(run)
    names = region_names(page)
    hits = []
    for entry in page:
        offering = offerings.get(entry.offering_id)
        if offering is None:  # deleted since the index was built
            continue
        hits.append(Hit(
            offering=offering,
            matching_runs=sorted(runs_by_offering.get(entry.offering_id, []), key=_run_order),
            distance_km=entry.distance_km, score=entry.score, partial=entry.partial,
            other_regions=other_regions(entry, names),
        ))
    return hits


def other_regions(entry, names):
    """Names of the regions a hit is shown in when the request's region is none of them (a
    hit from across the border), else []."""
    if not entry.region_ids or current_region().pk in entry.region_ids:
        return []
    return [names[pk] for pk in entry.region_ids if pk in names]


def region_names(page):
    """{region id: name} of the regions of a page's hits from across the border (one query,
    none when every hit is the request's region's)."""
    from bildungsportal.places.models import Region

    here = current_region().pk
    wanted = {pk for entry in page if here not in entry.region_ids for pk in entry.region_ids}
    return dict(Region.objects.filter(pk__in=wanted).values_list("pk", "name")) if wanted else {}


def _subset(index, text):
    """The index restricted to the offerings the words matched, and the text stage in its
    positions (subset.py)."""
    positions, values, tiers, correction, title = text
    unique, ranks = np.unique(positions, return_inverse=True)
    view = SubsetIndex(index, unique)
    if title is not None:
        title_ranks, found = view.ranks_of(title)
        title = title_ranks[found]
    return view, (ranks, values, tiers, correction, title)


def _query(index, params, today, origin, views=None):
    """(index or the view of the offerings the words matched, the search's _Query on it).

    views: {search string: (view, text stage)} that one search shares between its own query
    and the "drop this filter" counts, so each view is gathered once."""
    text = index.text_stage(params.q, _text_stage) if params.q else None
    if text is not None and SubsetIndex.fits(index, text[0].size):
        if views is not None and params.q in views:
            index, text = views[params.q]
        else:
            index, text = _subset(index, text)
            if views is not None:
                views[params.q] = (index, text)
    return index, _Query(index, params, today, origin, text=text)


def _count(index, params, today, origin, views=None):
    index, query = _query(index, params, today, origin, views)
    return int(np.count_nonzero(query.offerings()))


def search(params: SearchParams, errors=None, today=None, index=None) -> SearchResult:
    """Search the published catalog. Never raises on user input: errors come from parse().

    Results are kept per index version (facet_index.FacetIndex.cached_result): the same
    search on the same day over the same catalog gives the same result, and popular searches
    (the start page, a topic, a town) repeat far more often than the catalog changes.
    """
    today = today or date.today()
    index = index or get_index()  # a caller that already holds it saves a version check
    key = (today, current_region().pk, params)  # each region sees its own part of the catalog
    result = index.cached_result(key)
    if result is None:
        result = index.store_result(key, _search(index, params, today))
    # A fresh errors dict: callers may add to it without touching the cached result.
    return replace(result, errors={**(errors or {}), **result.errors})


def _search(index, params, today):
    errors = {}
    origin = None
    if params.near:
        from bildungsportal.places.selectors import resolve_place

        origin = resolve_place(params.near)
        if origin is None:
            errors["near"] = _("Ort oder Postleitzahl „%(value)s“ nicht gefunden.") % {
                "value": params.near
            }
            params = replace(params, near="", radius_km=None)

    full_index = index
    views = {}
    index, query = _query(index, params, today, origin, views)
    rows = query.row_mask()
    count = index.distinct_offerings(rows)
    partial_count = (
        int(np.count_nonzero(index.offerings_of_rows(rows) & query.partial))
        if query.partial is not None else 0
    )
    end = params.offset + params.page_size
    page_positions = _order(index, query, rows, today, count=end)[params.offset:end]
    page = _page(index, query, rows, page_positions)

    relaxations = []
    if count == 0:
        for name in params.active_filters:
            relaxed = params.without(name)
            relaxed_count = query.count_without(name)
            if relaxed_count is None:  # the words, the place or a date: a search of its own
                relaxed_count = _count(full_index, relaxed, today,
                                       origin if relaxed.near else None, views)
            if relaxed_count:
                relaxations.append(Relaxation(
                    name=name, label=FILTER_LABELS.get(name, name), count=relaxed_count,
                    query=relaxed.querystring(),
                ))
    suggestion = query.correction.suggestion(params.q) if query.correction else ""
    return SearchResult(
        params=params, count=count, page=page, facets=query.facets(rows), errors=errors,
        origin=origin, relaxations=relaxations, suggestion=suggestion,
        suggestion_query=params.querystring(q=suggestion) if suggestion else "",
        partial_count=partial_count,
    )
