"""Reads of the public pages that go through search: entry points, the demo flag, search links."""

from dataclasses import dataclass

from django.urls import reverse

from bildungsportal.catalog.models import LifePhase, Topic
from bildungsportal.places.models import Municipality
from bildungsportal.search.engine import search
from bildungsportal.search.facet_index import get_index
from bildungsportal.search.params import SearchParams


def catalog_is_demo():
    """True while the catalog holds generated demo offerings (every page then says so).

    Answered by the search index, which is checked once per request anyway: an `exists()`
    on the unindexed source column would scan a large real catalog on every page.
    """
    return get_index().has_demo_offerings


@dataclass
class EntryPoint:
    """One way into the catalog (a life phase, topic or town) with its number of offerings."""

    slug: str
    name: str
    count: int
    url: str
    description: str = ""


def _facet_counts(result):
    return {facet.name: {v.value: v.count for v in facet.values} for facet in result.facets}


def search_url(**filters):
    """The search page URL for these filters, e.g. search_url(topic=("sprachen",))."""
    return reverse("catalog:search") + SearchParams(**filters).querystring()


def entry_points():
    """Life phases, top-level topics and the district's towns, each with a count.

    One search with empty parameters answers all three counts from its facets.
    """
    result = search(SearchParams(page_size=1))
    counts = _facet_counts(result)
    life_phases = [
        EntryPoint(
            p.slug, p.local_name, counts.get("life_phase", {}).get(p.slug, 0),
            p.get_absolute_url(), p.local_description,
        )
        for p in LifePhase.objects.all()
    ]
    topics = [
        EntryPoint(t.slug, t.local_name, counts.get("topic", {}).get(t.slug, 0),
                   search_url(topic=(t.slug,)), t.local_description)
        for t in Topic.objects.filter(parent__isnull=True)
    ]
    towns = [
        EntryPoint(m.slug, m.name, counts.get("town", {}).get(m.slug, 0), m.get_absolute_url())
        for m in Municipality.objects.in_district()
    ]
    return {"total": result.count, "life_phases": life_phases, "topics": topics, "towns": towns}
