"""A followed search: its canonical query string, its name, and what it finds.

The search's own parser (search.params.parse) reads the query, so a feed and a digest see
exactly what the search page shows for the same address.
"""

from dataclasses import replace

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bildungsportal.catalog.models import Offering
from bildungsportal.pages.filters import filter_values, value_labels
from bildungsportal.search.engine import allowed_values, search
from bildungsportal.search.facet_index import get_index
from bildungsportal.search.matching import matching_offering_ids
from bildungsportal.search.params import SearchParams, parse

MAX_QUERY_LENGTH = 2000  # longer query strings are refused, not cut (they mean something else)


def parse_query(query):
    """SearchParams for a query string (with or without "?"); unknown values are dropped."""
    index = get_index()
    return parse(QueryDict(query.lstrip("?")[:MAX_QUERY_LENGTH]), allowed_values(index)).params


def canonical(params):
    """The query string that names the search: no paging, sort or page size."""
    clean = replace(params, page=1, sort="relevance", page_size=SearchParams().page_size)
    return clean.querystring().lstrip("?")


def search_url(params):
    query = canonical(params)
    return reverse("catalog:search") + (f"?{query}" if query else "")


def feed_url(params):
    query = canonical(params)
    return reverse("alerts:feed") + (f"?{query}" if query else "")


def describe(params, result=None):
    """The search in words, in the active language: „Deutsch · Heppenheim · abends“.

    `result`: the search's result when the caller has it (the search page), else searched.
    """
    result = result or search(replace(params, page=1, page_size=1))
    # Kept with the (cached, shared) result: the search page asks twice per request.
    key = ("alerts.describe", get_language())
    if key not in result.renderings:
        result.renderings[key] = _describe(result)
    return result.renderings[key]


def _describe(result):
    labels = value_labels(result)
    words, parts = [], []
    for name, text, _url in filter_values(result.params, labels):
        if name == "q":
            words.append(f"„{text}“")  # the words first, then the filters
        elif name == "time_of_day":
            parts.append(str(text).split(" (")[0])  # "abends (ab 17 Uhr)" → "abends"
        else:
            parts.append(str(text))
    return " · ".join([*words, *parts])


def name(params, result=None):
    """describe(), or „alle Angebote“ for a search without words and filters."""
    return describe(params, result) or _("alle Angebote")


def title(params, result=None):
    description = describe(params, result)
    if not description:
        return _("Alle Angebote")
    return _("Angebote: %(search)s") % {"search": description}


def newest(params, limit):
    """The newest offerings the search finds (ids grow with creation), newest first."""
    ids = matching_offering_ids(params)[-limit:][::-1].tolist()
    found = Offering.objects.select_related("provider").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
