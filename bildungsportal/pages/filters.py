"""How a search's filters are named on a page: value labels in the page language, the list of
filter values in use with the address that drops each. Shared by the search page and the
alerts (feed titles, digests), which must name a search the same way."""

from django.utils.translation import gettext as _

from bildungsportal.catalog.selectors import vocabulary_labels
from bildungsportal.search.params import FILTER_LABELS, LIST_FILTERS


def value_labels(result, labels=None):
    """facet name → {value: label} in the page language; selected values are always among a
    facet's values."""
    labels = vocabulary_labels() if labels is None else labels
    return {
        facet.name: {v.value: labels.get(facet.name, {}).get(v.value, v.label)
                     for v in facet.values}
        for facet in result.facets
    }


def filter_values(params, labels):
    """(name, text, url that drops it) for every filter value in use."""
    items = []
    for name in params.active_filters:
        value = getattr(params, name)
        if name in LIST_FILTERS:
            for item in value:
                text = labels.get(name, {}).get(item, item)
                items.append((name, str(text), params.toggled(name, item).querystring()))
            continue
        if name in ("free", "accessible"):
            text = str(FILTER_LABELS[name])
        elif name == "date_from":
            text = _("ab %(date)s") % {"date": f"{value:%d.%m.%Y}"}
        elif name == "date_to":
            text = _("bis %(date)s") % {"date": f"{value:%d.%m.%Y}"}
        elif name == "near":
            text = _("Umkreis um %(place)s") % {"place": value}
            if params.radius_km:
                text = _("%(km)s km um %(place)s") % {
                    "km": f"{params.radius_km:g}".replace(".", ","), "place": value,
                }
        elif name == "q":
            text = value
        else:
            text = str(FILTER_LABELS.get(name, name))
        items.append((name, text, params.without(name).querystring()))
    return items


def active_filters(items):
    """(text, url) pairs for the "active filters" list, each named with its filter."""
    shown = []
    for name, text, url in items:
        if name in ("free", "accessible"):
            shown.append((text, url))
        elif name == "q":
            continue  # the search words are words in the search box, not a filter
        else:
            shown.append((f"{FILTER_LABELS.get(name, name)}: {text}", url))
    return shown
