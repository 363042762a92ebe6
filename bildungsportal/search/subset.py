"""A view of the in-memory index restricted to the offerings a search string matched.

Most searches with words match a small part of the catalog. Filters, facet counts, ordering
and the page then only need those offerings and their rows, so engine._search runs on this
view instead of masks over every row of the catalog: the arrays are gathered once (rows and
facet pairs are grouped by offering, so each offering's share is one slice) and every later
step costs in proportion to the matches, not to the catalog.
"""

from functools import cached_property

import numpy as np

from .facet_index import (
    FacetIndex,
    Pairs,
    _haversine_km,
    count_pair_values,
    offerings_with,
    shown_in,
)

# Use the view when the words match at most this share of the catalog; above it, gathering
# costs about as much as the masks it saves.
MAX_SHARE = 0.12


def _gather(offsets, positions):
    """Indices of the slices offsets[p]:offsets[p + 1] of these positions, concatenated,
    and each slice's length."""
    starts = offsets[positions]
    lengths = offsets[positions + 1] - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), lengths
    # Per element: its slice's start plus its place within the slice.
    shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return shift + np.arange(total), lengths


class SubsetIndex:
    """The FacetIndex interface engine._Query, _order and _page use, over `positions`
    (sorted, unique) of `index`; positions here are ranks in `positions`."""

    # Gathered up front; the coordinates only when a search asks for distances.
    RUN_ARRAYS = tuple(name for name, _ in FacetIndex.RUN_COLUMNS
                       if name not in ("run_offering", "run_lat", "run_lon"))

    def __init__(self, index, positions):
        self.parent = index
        self.positions = positions
        self.size = int(positions.size)
        self.vocabularies = index.vocabularies
        self.offering_ids = index.offering_ids[positions]
        self.is_free = index.is_free[positions]
        self.price = index.price[positions]
        self.single_values = {name: values[positions]
                              for name, values in index.single_values.items()}
        ranks = np.arange(self.size, dtype=np.int32)
        self.rows, lengths = _gather(index.run_offsets, positions)
        self.run_offering = np.repeat(ranks, lengths)
        for name in self.RUN_ARRAYS:
            setattr(self, name, getattr(index, name)[self.rows])
        self.pairs = {}
        for name, pairs in index.pairs.items():
            selected, lengths = _gather(index.pair_offsets[name], positions)
            self.pairs[name] = Pairs(np.repeat(ranks, lengths), pairs.value[selected])

    @classmethod
    def fits(cls, index, matches):
        # Words that match nothing: an empty view, so the search and its "drop this filter"
        # counts pass no mask over the catalog.
        return matches <= index.size * MAX_SHARE

    def shown_in(self, region_id):
        return shown_in(self, region_id)

    def offerings_with(self, name, value):
        return offerings_with(self, name, value)

    def count_values(self, name, mask, size):
        """FacetIndex.count_values over the view's own few pairs."""
        return count_pair_values(self.pairs[name], mask, size)

    def upcoming_rows(self, today):
        return self.parent.upcoming_rows(today)[self.rows]

    @cached_property
    def run_lat(self):
        return self.parent.run_lat[self.rows]

    @cached_property
    def run_lon(self):
        return self.parent.run_lon[self.rows]

    def next_starts(self, today):
        return self.parent.next_starts(today)[self.rows]

    @cached_property
    def undated_rows(self):
        return self.parent.undated_rows[self.rows]

    def ranks_of(self, parent_positions):
        """Positions of the parent index → ranks here, and a mask of those in this view."""
        ranks = np.searchsorted(self.positions, parent_positions)
        ranks[ranks >= self.size] = 0
        found = self.positions[ranks] == parent_positions if self.size else ranks < 0
        return ranks, found

    offerings_of_rows = FacetIndex.offerings_of_rows
    distinct_offerings = FacetIndex.distinct_offerings

    def distances_km(self, latitude, longitude):
        return _haversine_km(latitude, longitude, self.run_lat, self.run_lon)
