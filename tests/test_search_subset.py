"""engine._search on the view restricted to the matched offerings (subset.py) answers exactly
what it answers over the whole index: counts, facets, order, page entries."""

import pytest
from django.http import QueryDict

from bildungsportal.search import subset
from bildungsportal.search.engine import allowed_values, search
from bildungsportal.search.facet_index import get_index
from bildungsportal.search.params import parse
from tests.test_api import catalog  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

QUERIES = ["q=englisch", "q=excel", "q=englisch&town=heppenheim", "q=englisch&topic=englisch",
           "q=englisch&near=64625&sort=distance", "q=englisch&free=1", "q=lesegruppe&free=0",
           "q=englisch&sort=price", "q=englisch&weekday=di&time_of_day=abends",
           "q=englisch&accessible=1", "q=gibtesnicht&town=bensheim", "q=englisch&page=2"]


def _answer(query, share, monkeypatch):
    monkeypatch.setattr(subset, "MAX_SHARE", share)
    get_index()._start_caches()  # no result of the other mode
    result = search(parse(QueryDict(query), allowed_values()).params)
    return (result.count, result.partial_count, result.page, result.facets,
            result.relaxations, result.suggestion)


@pytest.mark.parametrize("query", QUERIES)
def test_subset_view_answers_like_the_whole_index(catalog, query, monkeypatch):  # noqa: F811
    assert _answer(query, 1.0, monkeypatch) == _answer(query, 0.0, monkeypatch)


def views_made(monkeypatch):
    """The size of every SubsetIndex made from now on, as a list."""
    made = []
    original = subset.SubsetIndex.__init__

    def spy(self, index, positions):
        made.append(positions.size)
        original(self, index, positions)

    monkeypatch.setattr(subset.SubsetIndex, "__init__", spy)
    return made


def test_subset_view_is_used(catalog, monkeypatch):  # noqa: F811
    """With the share at 1 every search with words runs on the view (so the test above
    compares two different ways)."""
    made = views_made(monkeypatch)
    _answer("q=englisch", 1.0, monkeypatch)
    assert made == [2]
