"""A town's profile: population, its indicators against the district, its gaps and measures."""

from datetime import date

from bildungsportal.catalog.models import LifePhase, Topic
from bildungsportal.places.models import Municipality

from . import demand, gaps, population, supply
from .definitions import INDICATORS
from .district import district_key, district_name
from .indicators import (
    CATALOG_VALUES,
    DISTRICT,
    EMPTY,
    Filters,
    TownValue,
    _survey_value,
    access_values,
    district_towns,
    format_value,
    too_few,
)
from .matrix import get_matrix
from .models import Measure


def _value(indicator, town, value):
    return TownValue(town.slug, town.name, town.ags, value, format_value(indicator, value),
                     None, False)


def _row(key, town, district, town_value, district_value, life_phase=None, topic=None):
    indicator = INDICATORS[key]
    return {"indicator": indicator, "life_phase": life_phase, "topic": topic,
            "town": _value(indicator, town, town_value),
            "district": _value(indicator, district, district_value)}


def _offerings_by(group, today, town):
    """{(town id or "kreis", group id): offerings} for life phases or top-level topics, for
    one town and the district."""
    return get_matrix(today).offerings_by_group(group, town.pk, DISTRICT)


def town_profile(slug, *, today=None):
    """Everything for the town page; None for a slug that is no district town."""
    today = today or date.today()
    town = Municipality.objects.in_district().filter(slug=slug).first()
    if town is None:
        return None
    towns = district_towns()
    district = Municipality(slug=DISTRICT, name=district_name(), ags=district_key())
    district_pop = sum(t.population for t in towns)
    rows = []
    matrix = get_matrix(today)
    everything = matrix.run_mask(supply.Scope())
    here = matrix.run_town == matrix.town_index[town.pk]
    by_town = matrix.by_town(supply.Scope(), mask=everything & here)
    whole = matrix.in_district(supply.Scope(), mask=everything)
    mine = by_town.get(town.pk, EMPTY)
    for key, compute in CATALOG_VALUES.items():
        rows.append(_row(key, town, district, compute(mine, town.population),
                         compute(whole, district_pop)))
    reach = access_values(Filters("access_e2sfca"), today, mask=everything)
    rows.append(_row("access_e2sfca", town, district, reach[town.slug], reach[DISTRICT]))

    phases = list(LifePhase.objects.all())
    per_phase = _offerings_by("life_phase", today, town)
    for phase in phases:
        mine_pop = population.estimate(town.population, town.ags, phase.slug)
        all_pop = sum(population.estimate(t.population, t.ags, phase.slug) for t in towns)
        rows.append(_row("offerings_per_1000", town, district,
                         1000 * per_phase.get((town.pk, phase.pk), 0) / mine_pop
                         if mine_pop else None,
                         1000 * per_phase.get((DISTRICT, phase.pk), 0) / all_pop
                         if all_pop else None, life_phase=phase.slug))

    survey = demand.monitoring_survey()
    people = demand.respondents(survey) if survey else []
    per_topic = _offerings_by("topic", today, town)
    wish = INDICATORS["wish_share"]
    for topic in Topic.objects.filter(parent__isnull=True):
        rows.append(_row("offerings", town, district, per_topic.get((town.pk, topic.pk), 0),
                         per_topic.get((DISTRICT, topic.pk), 0), topic=topic.slug))
        table = demand.wish_table(topic.slug, survey=survey, people=people)
        rows.append({"indicator": wish, "life_phase": None, "topic": topic.slug,
                     "town": _survey_value(wish, town.slug, town.name, town.ags,
                                           table.cells.get(town.slug)),
                     "district": _survey_value(wish, DISTRICT, district.name, "06431",
                                               table.district)})
    return {
        "town": town,
        "population": {
            "total": town.population,
            "totals_date": population.TOTALS_DATE,
            "bands_date": population.BANDS_DATE,
            "bands": population.band_estimates(town.population, town.ags),
            "life_phases": [(phase, round(population.estimate(town.population, town.ags,
                                                              phase.slug))) for phase in phases],
            "note": population.population_note(),
        },
        "indicators": rows,
        "online_count": matrix.online_count(supply.Scope(), mask=everything),
        "gaps": gaps.ranked_gaps(town=town.slug, limit=None, today=today, survey=survey,
                                 people=people) if survey else [],
        "measures": list(Measure.objects.in_region().filter(gap_town=town).select_related("goal")),
        "k": demand.survey_k(survey),
        "too_few": too_few(),
        "as_of": today,
    }
