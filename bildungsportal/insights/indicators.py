"""The monitoring's public interface: indicator tables per town, gaps, town profiles.

Pages, API, CLI, snapshots and reports all read these functions. Every survey-derived number
in their results is already suppressed (value None, display "zu wenige Antworten", n None):
no consumer ever sees a survey count below k.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from bildungsportal.catalog import vocabularies
from bildungsportal.catalog.models import Format, LifePhase, Topic
from bildungsportal.places.models import Municipality

from . import access, demand, population, supply
from .definitions import INDICATORS, Indicator
from .district import district_key, district_name
from .matrix import get_matrix
from .models import DISTRICT, PublishedIndicator

__all__ = ["INDICATORS", "Filters", "Indicator", "IndicatorTable", "TownValue", "indicator_table",
           "published_indicators", "ranked_gaps", "town_profile"]

TOO_FEW = "zu wenige Antworten"  # the German display of a suppressed survey figure
STEP_FREE_VALUES = {"1", "ja", "true"}


SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


def valid_slug(value):
    """Whether a URL value can be a slug at all (no NUL bytes or text for the database)."""
    return isinstance(value, str) and bool(SLUG.fullmatch(value))


def too_few():
    return _("zu wenige Antworten")


def protected():
    """The display of a figure hidden only so that another, small one cannot be computed
    back (secondary suppression): it has enough answers, so "zu wenige" would be untrue."""
    return _("nicht ausgewiesen (Schutz kleiner Zahlen)")


def hidden_display(cell):
    return protected() if cell is not None and cell.reason == "protect" else too_few()


@dataclass(frozen=True)
class Filters:
    """What an indicator table shows, parsed from ?indikator=…&lebensphase=…&thema=…"""

    indicator: str = "offerings_per_1000"
    life_phase: str | None = None
    topic: str | None = None
    format: str | None = None
    time_of_day: str | None = None
    price_band: str | None = None
    step_free: bool = False

    PARAMS = {"indikator": "indicator", "lebensphase": "life_phase", "thema": "topic",
              "format": "format", "tageszeit": "time_of_day", "preis": "price_band",
              "stufenlos": "step_free"}

    @classmethod
    def from_query(cls, querydict):
        """(Filters, {parameter: German error}); an unknown value is dropped, never raised."""
        values, errors = {}, {}
        get = querydict.get
        indicator = (get("indikator") or "").strip()
        if indicator:
            if indicator in INDICATORS:
                values["indicator"] = indicator
            else:
                errors["indikator"] = _("Unbekannter Indikator.")
        checks = (("lebensphase", "life_phase", LifePhase), ("thema", "topic", Topic),
                  ("format", "format", Format))
        for param, name, model in checks:
            slug = (get(param) or "").strip()
            if not slug:
                continue
            if valid_slug(slug) and model.objects.filter(slug=slug).exists():
                values[name] = slug
            else:
                errors[param] = _("Unbekannter Wert „%(value)s“.") % {"value": slug[:80]}
        time_of_day = (get("tageszeit") or "").strip()
        if time_of_day:
            if time_of_day in vocabularies.TIMES_OF_DAY:
                values["time_of_day"] = time_of_day
            else:
                errors["tageszeit"] = _("Unbekannte Tageszeit.")
        price = (get("preis") or "").strip()
        if price:
            if price in supply.PRICE_BANDS:
                values["price_band"] = price
            else:
                errors["preis"] = _("Unbekannte Preisstufe.")
        if (get("stufenlos") or "").strip().lower() in STEP_FREE_VALUES:
            values["step_free"] = True
        return cls(**values), errors

    @property
    def scope(self):
        return supply.Scope(self.life_phase, self.topic, self.format, self.time_of_day,
                            self.price_band, self.step_free)

    def as_query(self):
        """The URL parameters of these filters (German names), without the defaults."""
        out = {}
        for param, name in self.PARAMS.items():
            value = getattr(self, name)
            if value and not (name == "indicator" and value == "offerings_per_1000"):
                out[param] = "1" if value is True else value
        return out


@dataclass(frozen=True)
class TownValue:
    slug: str
    name: str
    ags: str
    value: float | None  # None = no data or suppressed
    display: str
    n: int | None  # survey sample size (None for catalog figures, and when suppressed)
    suppressed: bool


@dataclass(frozen=True)
class IndicatorTable:
    indicator: Indicator
    filters: Filters
    towns: list[TownValue]  # the 22 towns, AGS order
    district: TownValue  # slug "kreis"
    online_count: int
    notes: list[str] = field(default_factory=list)
    as_of: date = field(default_factory=date.today)

    def by_slug(self, slug):
        if slug == DISTRICT:
            return self.district
        return next((town for town in self.towns if town.slug == slug), None)


def format_value(indicator, value):
    """German display of a value: "1,9", "31 %", "1.234"; "–" for no data."""
    if value is None:
        return "–"
    if indicator.percent:
        return f"{number_format(round(100 * value), 0)} %"
    if float(value).is_integer() and indicator.key not in ("offerings_per_1000",
                                                           "access_e2sfca"):
        return number_format(int(value), 0, force_grouping=True)
    return number_format(round(value, 1), 1, force_grouping=True)


def district_towns():
    """The 22 towns in AGS order."""
    return list(Municipality.objects.in_district().order_by("ags"))


def _population(town, life_phase):
    return population.estimate(town.population, town.ags, life_phase)


CATALOG_VALUES = {
    "offerings": lambda m, pop: m["offerings"],
    "runs_next_6m": lambda m, pop: m["runs_6m"],
    "runs_next_12m": lambda m, pop: m["runs_12m"],
    "course_hours": lambda m, pop: m["hours_12m"],
    "seats": lambda m, pop: m["seats_12m"],
    "offerings_per_1000": lambda m, pop: 1000 * m["offerings"] / pop if pop else None,
    "share_free": lambda m, pop: m["free"] / m["offerings"] if m["offerings"] else None,
    "share_low_cost": lambda m, pop: m["low_cost"] / m["offerings"] if m["offerings"] else None,
    "share_evening_weekend": (
        lambda m, pop: m["evening_weekend"] / m["offerings"] if m["offerings"] else None),
    "share_step_free": (
        lambda m, pop: m["step_free"] / m["offerings"] if m["offerings"] else None),
}
EMPTY = dict.fromkeys(supply.METRICS, 0)
NEEDS = {  # the supply metrics each catalog indicator is computed from
    "offerings": ("offerings",), "offerings_per_1000": ("offerings",),
    "runs_next_6m": ("runs_6m",), "runs_next_12m": ("runs_12m",),
    "course_hours": ("hours_12m",), "seats": ("seats_12m",),
    "share_free": ("offerings", "free"), "share_low_cost": ("offerings", "low_cost"),
    "share_evening_weekend": ("offerings", "evening_weekend"),
    "share_step_free": ("offerings", "step_free"),
}


def _catalog_table(indicator, filters, towns, today):
    matrix = get_matrix(today)
    mask = matrix.run_mask(filters.scope)
    by_town = matrix.by_town(filters.scope, NEEDS[indicator.key], mask=mask)
    whole = matrix.in_district(filters.scope, NEEDS[indicator.key], mask=mask)
    compute = CATALOG_VALUES[indicator.key]
    rows = []
    for town in towns:
        value = compute(by_town.get(town.pk, EMPTY), _population(town, filters.life_phase))
        rows.append(TownValue(town.slug, town.name, town.ags, value,
                              format_value(indicator, value), None, False))
    district_pop = sum(_population(town, filters.life_phase) for town in towns)
    value = compute(whole, district_pop)
    return rows, TownValue(DISTRICT, district_name(), district_key(), value,
                           format_value(indicator, value), None, False)


def access_values(filters, today=None, towns=None, mask=None):
    """{town slug: A_i × 1,000} for every town (district and neighbours) and the district's
    population-weighted mean under "kreis"."""
    matrix = get_matrix(today)
    everyone = matrix.towns
    points = [(t.slug, t.latitude, t.longitude, _population(t, filters.life_phase))
              for t in everyone]
    values = {slug: 1000 * a for slug, a in access.e2sfca(
        points, matrix.by_venue(filters.scope, mask=mask)).items()}
    inside = [(t.slug, p) for t, (_s, _a, _b, p) in zip(everyone, points, strict=True)
              if t.in_district]
    total = sum(p for _slug, p in inside)
    values[DISTRICT] = sum(values[slug] * p for slug, p in inside) / total if total else 0.0
    return values


def _access_table(indicator, filters, towns, today, mask=None):
    values = access_values(filters, today, mask=mask)
    rows = [TownValue(t.slug, t.name, t.ags, values.get(t.slug),
                      format_value(indicator, values.get(t.slug)), None, False) for t in towns]
    return rows, TownValue(DISTRICT, district_name(), district_key(), values[DISTRICT],
                           format_value(indicator, values[DISTRICT]), None, False)


def _survey_table(indicator, filters, towns, today):
    table = demand.wish_table(filters.topic, filters.life_phase)
    rows = []
    for town in towns:
        rows.append(_survey_value(indicator, town.slug, town.name, town.ags,
                                  table.cells.get(town.slug)))
    return rows, _survey_value(indicator, DISTRICT, district_name(), district_key(),
                               table.district)


def _survey_value(indicator, slug, name, ags, cell):
    if cell is None or cell.share is None:
        return TownValue(slug, name, ags, None, hidden_display(cell), cell.n if cell else None,
                         True)
    return TownValue(slug, name, ags, cell.share, format_value(indicator, cell.share), cell.n,
                     False)


def _search_table(indicator, filters, towns, today):
    counts = demand.search_counts(topic=filters.topic, today=today)
    rows = [TownValue(t.slug, t.name, t.ags, counts.get(t.slug, 0),
                      format_value(indicator, counts.get(t.slug, 0)), None, False)
            for t in towns]
    total = counts.get(DISTRICT, 0)
    return rows, TownValue(DISTRICT, district_name(), district_key(), total,
                           format_value(indicator, total), None, False)


def _notes(indicator, filters, k):
    notes = [population.population_note()]
    if indicator.key == "access_e2sfca":
        notes.append(_("Entfernungsgewichtet (E2SFCA, Gauß-Abfall) im Umkreis von %(km)s km "
                       "um den Ortsmittelpunkt; Angebote in Nachbarstädten zählen mit.")
                     % {"km": number_format(access.radius_km(), 0)})
    if indicator.source == "survey":
        notes.append(_("Umfragewerte: Gruppen mit weniger als %(k)s Antworten werden nicht "
                       "gezeigt („zu wenige Antworten“). Ließe sich eine verborgene Zahl aus "
                       "anderen zurückrechnen, wird auch eine davon verborgen („nicht "
                       "ausgewiesen (Schutz kleiner Zahlen)“), obwohl sie genug Antworten "
                       "hat.") % {"k": k})
    if indicator.source == "search":
        notes.append(_("Suchen mit höchstens wenigen Treffern der letzten 365 Tage; ohne "
                       "Ortsfilter gesucht zählt nur im Kreis."))
    notes.append(_("Online-Angebote werden getrennt gezählt: sie stehen jedem Ort offen."))
    return notes


def indicator_table(filters, *, today=None):
    """One indicator for the 22 towns and the district."""
    today = today or date.today()
    indicator = INDICATORS[filters.indicator]
    towns = district_towns()
    if indicator.source == "survey":
        rows, district = _survey_table(indicator, filters, towns, today)
    elif indicator.source == "search":
        rows, district = _search_table(indicator, filters, towns, today)
    elif indicator.key == "access_e2sfca":
        rows, district = _access_table(indicator, filters, towns, today)
    else:
        rows, district = _catalog_table(indicator, filters, towns, today)
    k = demand.survey_k()
    return IndicatorTable(indicator, filters, rows, district,
                          get_matrix(today).online_count(filters.scope),
                          _notes(indicator, filters, k), today)


def ranked_gaps(*, life_phase=None, topic=None, town=None, limit=20):
    """The largest gaps carried by the data (see gaps.py)."""
    from . import gaps

    return gaps.ranked_gaps(life_phase=life_phase, topic=topic, town=town, limit=limit)


def town_profile(slug, *, today=None):
    """Everything for a town's page; None for an unknown town."""
    from . import profiles

    return profiles.town_profile(slug, today=today)


def published_indicators(*, today=None):
    """The tables the office chose to publish; a default set when it chose none."""
    chosen = list(PublishedIndicator.objects.in_region().select_related("life_phase", "topic"))
    if chosen:
        filters = [Filters(item.indicator, item.life_phase.slug if item.life_phase else None,
                           item.topic.slug if item.topic else None) for item in chosen]
    else:
        filters = [Filters("offerings_per_1000"), Filters("access_e2sfca"),
                   Filters("share_evening_weekend")]
    return [indicator_table(item, today=today) for item in filters]


def all_tables(filters=Filters(), *, today=None, people=None, survey=None):
    """Every indicator for one scope (life phase / topic / …), sharing the queries: the
    supply aggregates, the venues for E2SFCA, the survey answers and the search log are each
    read once. Returns {indicator key: IndicatorTable}."""
    today = today or date.today()
    towns = district_towns()
    survey = survey or demand.monitoring_survey()
    k = demand.survey_k(survey)
    if people is None and survey is not None:
        people = demand.respondents(survey)
    scope = filters.scope
    matrix = get_matrix(today)
    mask = matrix.run_mask(scope)
    by_town = matrix.by_town(scope, mask=mask)
    whole = matrix.in_district(scope, mask=mask)
    online = matrix.online_count(scope, mask=mask)
    pops = {t.pk: _population(t, filters.life_phase) for t in towns}
    district_pop = sum(pops.values())
    out = {}

    def table(key, rows, district):
        item = replace(filters, indicator=key)
        out[key] = IndicatorTable(INDICATORS[key], item, rows, district, online,
                                  _notes(INDICATORS[key], item, k), today)

    for key, compute in CATALOG_VALUES.items():
        indicator = INDICATORS[key]
        rows = []
        for town in towns:
            value = compute(by_town.get(town.pk, EMPTY), pops[town.pk])
            rows.append(TownValue(town.slug, town.name, town.ags, value,
                                  format_value(indicator, value), None, False))
        value = compute(whole, district_pop)
        table(key, rows, TownValue(DISTRICT, district_name(), district_key(), value,
                                   format_value(indicator, value), None, False))
    indicator = INDICATORS["access_e2sfca"]
    table("access_e2sfca", *_access_table(indicator, filters, towns, today, mask=mask))
    wish = demand.wish_table(filters.topic, filters.life_phase, survey=survey,
                             people=people or [])
    indicator = INDICATORS["wish_share"]
    table("wish_share", [_survey_value(indicator, t.slug, t.name, t.ags, wish.cells.get(t.slug))
                         for t in towns],
          _survey_value(indicator, DISTRICT, district_name(), district_key(), wish.district))
    table("searches_empty", *_search_table(INDICATORS["searches_empty"], filters, towns, today))
    return {key: out[key] for key in INDICATORS}


def standard_scopes():
    """The scopes kept in snapshots and exports: the whole catalog, each life phase, each
    top-level topic."""
    scopes = [Filters()]
    scopes += [Filters(life_phase=slug) for slug in LifePhase.objects.values_list("slug",
                                                                                  flat=True)]
    scopes += [Filters(topic=slug) for slug in
               Topic.objects.filter(parent__isnull=True).values_list("slug", flat=True)]
    return scopes


def every_table(*, today=None, scopes=None):
    """[IndicatorTable] for every indicator in every standard scope (the survey read once)."""
    survey = demand.monitoring_survey()
    people = demand.respondents(survey) if survey else []
    out = []
    for scope in scopes or standard_scopes():
        out.extend(all_tables(scope, today=today, people=people, survey=survey).values())
    return out
