"""The one search function behind the search page and the search API."""

from .params import SearchParams
from .results import SearchResult


def search(params: SearchParams, errors=None, facet_url_base="") -> SearchResult:
    """Run a search: full-text match in the database backend, filters and facets in memory."""
    raise NotImplementedError("being written")


def allowed_values():
    """For parse(): each list filter → the set of values the catalog knows."""
    raise NotImplementedError("being written")
