"""What a search returns. The page renders it as HTML, the API as JSON."""

from dataclasses import dataclass, field

from .params import SearchParams


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    # `?…` that switches this value on or off, keeping every other parameter.
    toggle_query: str = ""


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]


@dataclass
class Hit:
    offering: object  # catalog.Offering with provider selected
    matching_runs: list  # catalog.Run objects (venue, municipality selected), soonest first
    distance_km: float | None = None  # to the nearest matching run, when `near` is given
    score: float = 0.0
    # Matches only some of the query's words (relax.py: the soft AND's lower tier).
    partial: bool = False
    # Names of the regions of a hit from across the border (radius search), else [].
    other_regions: list = field(default_factory=list)

    @property
    def next_run(self):
        return self.matching_runs[0] if self.matching_runs else None


@dataclass(frozen=True)
class PageEntry:
    """One offering of the result page as the in-memory index knows it (no database read):
    the API builds its rows from these, the page loads model objects (SearchResult.hits)."""

    offering_id: int
    run_ids: tuple  # its runs that match the filters (any order)
    distance_km: float | None = None
    score: float = 0.0
    partial: bool = False
    region_ids: tuple = ()  # the regions it is shown in (catalog/regions.py)


@dataclass
class Relaxation:
    """A filter the user could drop, and how many results that would give."""

    name: str
    label: str
    count: int
    query: str


@dataclass
class SearchResult:
    params: SearchParams
    count: int
    page: list[PageEntry]
    facets: list[Facet]
    errors: dict[str, str] = field(default_factory=dict)
    # Where "near" was resolved to: (label, latitude, longitude), or None.
    origin: tuple[str, float, float] | None = None
    # Only filled when count == 0: which single filter to drop.
    relaxations: list[Relaxation] = field(default_factory=list)
    # "Meinten Sie …?": the search string with misspelled words corrected (spelling.py), and
    # `?…` that searches for it; empty when nothing was corrected.
    suggestion: str = ""
    suggestion_query: str = ""
    # Of `count`, the offerings that match only some of the query's words (listed after the
    # others; relax.py). 0 when all words together found enough.
    partial_count: int = 0
    # Renderings of this result (e.g. the API's JSON), shared by the copies that
    # dataclasses.replace() makes of a cached result.
    renderings: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def hits(self):
        """The page's offerings and matching runs as model objects (read on first use, then
        shared by the copies of a cached result)."""
        if "hits" not in self.renderings:
            from .engine import load_hits

            self.renderings["hits"] = load_hits(self.page)
        return self.renderings["hits"]

    @property
    def full_count(self):
        """The offerings that match every word of the query (and every filter)."""
        return self.count - self.partial_count

    @property
    def page_count(self):
        return max(1, -(-self.count // self.params.page_size))
