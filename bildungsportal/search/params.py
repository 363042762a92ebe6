"""Search parameters: parsed from a query string, validated, and turned back into URLs.

All search state lives in the URL, so the same parameters drive the page, the API,
the facet toggle links and the "drop this filter" suggestions.
"""

import math
from dataclasses import dataclass, field, fields, replace
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bildungsportal.catalog import vocabularies

SORTS = {
    "relevance": _("Relevanz"),
    "date": _("nächster Termin"),
    "distance": _("Entfernung"),
    "price": _("Preis"),
}
# Multi-valued facet filters, in the order the search page shows them: catalog vocabularies
# (vocabularies.VOCABULARIES; the target group is no filter), the town and the fixed weekday
# and time of day (vocabularies.WEEKDAYS, TIMES_OF_DAY). Allowed values come from the index.
LIST_FILTERS = (
    "life_phase", "topic", "town", "format", "language", "funding", "seal", "weekday",
    "time_of_day",
)
# The registry's vocabularies that are search filters, in the registry's order.
SEARCH_VOCABULARIES = tuple(
    kind for kind in vocabularies.VOCABULARIES if kind.url_param in LIST_FILTERS
)
# The provider's vocabularies that filter its offerings: the quality seal (?seal=).
PROVIDER_VOCABULARIES = (vocabularies.QUALITY_SEAL,)
# Filters with a fixed list of values: URL parameter → {code: label}.
FIXED_VALUES = {"weekday": vocabularies.WEEKDAYS, "time_of_day": vocabularies.TIMES_OF_DAY}
# What each parameter is called on the page, in facets, errors and "drop this filter" hints.
FILTER_LABELS = {
    "q": _("Suchbegriff"),
    **{kind.url_param: kind.label for kind in (*SEARCH_VOCABULARIES, *PROVIDER_VOCABULARIES)},
    "town": _("Ort"),
    "weekday": _("Wochentag"),
    "time_of_day": _("Tageszeit"),
    "free": _("kostenfrei"),
    "accessible": _("stufenloser Zugang"),
    "date_from": _("Zeitraum ab"),
    "date_to": _("Zeitraum bis"),
    "near": _("In der Nähe von"),
    "radius_km": _("Umkreis"),
    "sort": _("Sortierung"),
    "page": _("Seite"),
    "page_size": _("Treffer pro Seite"),
}
FLAG_FILTERS = ("free", "accessible")
TRUE_VALUES = {"1", "true", "ja", "on", "yes"}
FALSE_VALUES = {"0", "false", "nein", "off", "no", ""}
MAX_VALUES_PER_FILTER = 50


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    life_phase: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    town: tuple[str, ...] = ()
    format: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    funding: tuple[str, ...] = ()
    seal: tuple[str, ...] = ()
    weekday: tuple[str, ...] = ()
    time_of_day: tuple[str, ...] = ()
    free: bool = False
    accessible: bool = False
    date_from: date | None = None
    date_to: date | None = None
    near: str = ""
    radius_km: float | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = field(default_factory=lambda: settings.SEARCH_PAGE_SIZE)

    # -- URLs -------------------------------------------------------------------------
    def as_query_list(self):
        """Key/value pairs in a stable order, defaults left out."""
        items = []
        default = SearchParams()
        for f in fields(self):
            value = getattr(self, f.name)
            if value == getattr(default, f.name):
                continue
            if isinstance(value, tuple):
                items.extend((f.name, v) for v in value)
            elif isinstance(value, bool):
                items.append((f.name, "1"))
            elif isinstance(value, date):
                items.append((f.name, value.isoformat()))
            elif isinstance(value, float):
                items.append((f.name, f"{value:g}"))
            else:
                items.append((f.name, str(value)))
        return items

    def querystring(self, **changes):
        """`?…` for these parameters with the given changes (page resets unless given)."""
        changes.setdefault("page", 1)
        return "?" + urlencode(replace(self, **changes).as_query_list())

    def toggled(self, name, value):
        """The parameters with one facet value switched on or off."""
        if name in FLAG_FILTERS:
            return replace(self, **{name: not getattr(self, name)}, page=1)
        current = getattr(self, name)
        new = tuple(v for v in current if v != value) if value in current else (*current, value)
        return replace(self, **{name: new}, page=1)

    def without(self, name):
        default = SearchParams()
        changes = {name: getattr(default, name), "page": 1}
        if name == "near":
            changes["radius_km"] = None
        return replace(self, **changes)

    @property
    def active_filters(self):
        """Names of the filters that narrow the result (for "drop this filter" hints)."""
        default = SearchParams()
        names = [*LIST_FILTERS, *FLAG_FILTERS, "date_from", "date_to", "near", "q"]
        return [n for n in names if getattr(self, n) != getattr(default, n)]

    @property
    def offset(self):
        return (self.page - 1) * self.page_size


@dataclass
class ParseResult:
    params: SearchParams
    errors: dict[str, str]


def _clean_text(value, limit):
    # Control characters are never meaningful in a search; drop them, keep everything else.
    text = "".join(ch if ch.isprintable() else " " for ch in value)
    return " ".join(text.split())[:limit]


def _parse_date(raw, name, errors):
    raw = raw.strip()
    if not raw:
        return None
    for parse in (date.fromisoformat, _parse_german_date):
        try:
            return parse(raw)
        except ValueError:
            continue
    errors[name] = str(_("Ungültiges Datum „%(value)s“, bitte als JJJJ-MM-TT angeben.") % {
        "value": raw[:30]
    })
    return None


def _parse_german_date(raw):
    day, month, year = raw.split(".")
    return date(int(year), int(month), int(day))


def _parse_int(raw, name, errors, default, minimum, maximum):
    raw = raw.strip()
    if not raw:
        return default
    # Digits 0-9 only: int() would also take "+5", "1_000" and "１" (full width).
    if not (raw.isascii() and raw.isdecimal()):
        errors[name] = str(_("„%(value)s“ ist keine ganze Zahl.") % {"value": raw[:30]})
        return default
    value = int(raw)
    if not minimum <= value <= maximum:
        errors[name] = str(
            _("Der Wert muss zwischen %(min)s und %(max)s liegen.")
            % {"min": minimum, "max": maximum}
        )
        return default
    return value


def parse(query, allowed_values=None, *, empty_range_ok=False):
    """Parse a QueryDict (or dict of lists) into SearchParams and a dict of errors.

    Nothing here raises: invalid values are dropped and reported in `errors`, so the page
    can show a message and the API can answer 400. `allowed_values` maps a list filter to
    the set of values it knows; unknown values are reported too. A period that ends before
    it starts is a mistake on the page; with `empty_range_ok` (the API) it is simply a
    period in which nothing takes place.
    """
    get = query.get
    getlist = query.getlist if hasattr(query, "getlist") else (lambda k: query.get(k, []))
    errors = {}
    values = {}

    values["q"] = _clean_text(get("q") or "", settings.SEARCH_MAX_QUERY_LENGTH)
    for name in LIST_FILTERS:
        raw = [_clean_text(v, 80) for v in getlist(name)][:MAX_VALUES_PER_FILTER]
        raw = list(dict.fromkeys(v for v in raw if v))
        known = FIXED_VALUES.get(name, (allowed_values or {}).get(name))
        if known is not None:
            unknown = [v for v in raw if v not in known]
            if unknown:
                errors[name] = str(_("Unbekannter Wert: %(values)s") % {
                    "values": ", ".join(unknown[:5])
                })
            raw = [v for v in raw if v in known]
        values[name] = tuple(raw)
    for name in FLAG_FILTERS:
        raw = (get(name) or "").strip().lower()
        if raw not in TRUE_VALUES | FALSE_VALUES:
            errors[name] = str(_("Erwartet wird 1 oder 0."))
        values[name] = raw in TRUE_VALUES

    values["date_from"] = _parse_date(get("date_from") or "", "date_from", errors)
    values["date_to"] = _parse_date(get("date_to") or "", "date_to", errors)
    if (values["date_from"] and values["date_to"] and values["date_to"] < values["date_from"]
            and not empty_range_ok):
        errors["date_to"] = str(_("Das Enddatum liegt vor dem Anfangsdatum."))
        values["date_to"] = None

    values["near"] = _clean_text(get("near") or "", 100)
    raw_radius = (get("radius_km") or "").strip().replace(",", ".")
    if raw_radius:
        try:
            radius = float(raw_radius)
        except ValueError:
            radius = math.nan
        if not math.isfinite(radius) or not 0 < radius <= settings.SEARCH_MAX_RADIUS_KM:
            errors["radius_km"] = str(
                _("Der Umkreis muss zwischen 1 und %(max)s km liegen.")
                % {"max": settings.SEARCH_MAX_RADIUS_KM}
            )
        else:
            values["radius_km"] = radius

    sort = (get("sort") or "relevance").strip()
    if sort not in SORTS:
        errors["sort"] = str(_("Unbekannte Sortierung „%(value)s“.") % {"value": sort[:30]})
        sort = "relevance"
    values["sort"] = sort
    values["page"] = _parse_int(get("page") or "", "page", errors, 1, 1, 10_000)
    values["page_size"] = _parse_int(
        get("page_size") or "", "page_size", errors, settings.SEARCH_PAGE_SIZE, 1,
        settings.SEARCH_MAX_PAGE_SIZE,
    )
    return ParseResult(SearchParams(**values), errors)
