"""Gaps: where respondents wish a topic clearly more than the district, while the
distance-weighted supply is lower than the district's.

For town i and topic t: p_i = share of the town's respondents wishing t (Wilson 95 % interval
[lo_i, hi_i]), P = the district's share; A_i = E2SFCA access per 1,000 inhabitants, A = the
district's population-weighted mean. Both sides are taken relative to the district:

    demand index  D_i = lo_i / P        (the lower bound: only what the data carry)
    supply index  S_i = A_i / A         (0 when the district has no supply at all)

A gap is flagged when both halves say so: the town's supply is below the district's (S_i < 1)
and even the cautious wish estimate is above the district's share (D_i > 1); the score
D_i − S_i ranks the gaps. So the sentence ("… 0,4 je 1.000, im Kreis 1,9") never shows a town
better supplied than the district as a gap. Towns whose figures are
suppressed (fewer than k answers, or complements) are never flagged.
"""

from dataclasses import dataclass, replace
from math import sqrt

import numpy as np
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from bildungsportal.catalog.models import LifePhase, Topic
from bildungsportal.places.models import Municipality

from . import access, demand, population, supply
from .matrix import get_matrix
from .models import DISTRICT

Z95 = 1.959963984540054
MAX_PROVIDERS = 5


def wilson(count, n, z=Z95):
    """Wilson score interval (low, high) for count successes in n trials."""
    if n <= 0:
        return 0.0, 1.0
    p = count / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Gap:
    town_slug: str
    town_name: str
    topic_slug: str
    topic_name: str
    life_phase_slug: str | None
    wish_share: float
    ci_low: float
    ci_high: float
    n: int
    district_wish_share: float
    supply_per_1000: float
    district_supply_per_1000: float
    score: float
    sentence: str
    providers: list  # [(name, url)]


def _decimal(value, digits=1):
    return number_format(round(value, digits), digits, force_grouping=True)


def _pair(town_value, district_value):
    """Both supply figures with as many decimals (1–3) as it takes to tell them apart: a
    town below the district never reads "0,5 …, im Kreis 0,5"."""
    for digits in (1, 2, 3):
        if round(town_value, digits) != round(district_value, digits):
            break
    else:
        digits = 1  # equal (no supply anywhere): one decimal
    return _decimal(town_value, digits), _decimal(district_value, digits)


def sentence(town_name, topic_name, share, n, supply_value, district_value, radius,
             life_phase_name=None):
    """The one German sentence that explains a gap."""
    who = (_("der Befragten in der Lebensphase „%(phase)s“ ") % {"phase": life_phase_name}
           if life_phase_name else "")
    supply_text, district_text = _pair(supply_value, district_value)
    return _("In %(town)s wünschen sich %(share)s %% %(who)s(n = %(n)s) Angebote zum Thema "
             "„%(topic)s“; im Umkreis von %(km)s km gibt es %(supply)s Angebote je 1.000 "
             "Einwohner, im Kreis %(district)s.") % {
        "town": town_name, "share": number_format(round(100 * share), 0), "who": who,
        "n": number_format(n, 0, force_grouping=True), "topic": topic_name,
        "km": number_format(radius, 0), "supply": supply_text, "district": district_text}


def _access(everyone, venues, life_phase, radius):
    points = [(t.slug, t.latitude, t.longitude,
               population.estimate(t.population, t.ags, life_phase)) for t in everyone]
    values = {slug: 1000 * a for slug, a in access.e2sfca(points, venues, radius).items()}
    inside = [(slug, p) for (slug, _a, _b, p), t in zip(points, everyone, strict=True)
              if t.in_district]
    total = sum(p for _s, p in inside)
    district = sum(values[slug] * p for slug, p in inside) / total if total else 0.0
    return values, district


def candidate_gaps(*, life_phase=None, topic=None, town=None, today=None, survey=None,
                   people=None):
    """Every flagged gap (unsorted, without providers); ``people`` reuses read answers."""
    survey = survey or demand.monitoring_survey()
    if survey is None:
        return []
    people = demand.respondents(survey) if people is None else people
    radius = access.radius_km()
    everyone = get_matrix(today).towns
    topics = Topic.objects.filter(parent__isnull=True)
    if topic:
        topics = topics.filter(top_level(topic))
    phase = LifePhase.objects.filter(slug=life_phase).first() if life_phase else None
    venues_by_topic = get_matrix(today).by_venue_and_topic(supply.Scope(life_phase=life_phase))
    out = []
    for item in topics:
        table = demand.wish_table(item.slug, life_phase, survey=survey, people=people)
        district = table.district
        if district.share is None or district.share <= 0:
            continue
        values, district_access = _access(everyone, venues_by_topic.get(item.pk, []),
                                          life_phase, radius)
        for t in everyone:
            if not t.in_district or (town and t.slug != town):
                continue
            cell = table.cells.get(t.slug)
            if cell is None or cell.share is None:
                continue
            low, high = wilson(cell.count, cell.n)
            demand_index = low / district.share
            supply_index = values[t.slug] / district_access if district_access else 0.0
            if demand_index <= 1 or supply_index >= 1:
                continue
            out.append(Gap(
                t.slug, t.name, item.slug, item.name, life_phase, cell.share, low, high,
                cell.n, district.share, values[t.slug], district_access,
                demand_index - supply_index,
                sentence(t.name, item.name, cell.share, cell.n, values[t.slug],
                         district_access, radius, phase.name if phase else None), []))
    return out


def top_level(slug):
    """The top-level topic of a topic slug (Q on Topic)."""
    parent = Topic.objects.filter(slug=slug).values_list("parent__slug", flat=True).first()
    return Q(slug=parent or slug)


def nearby_providers(town, topic_slug, radius=None, today=None):
    """[(name, url)] of providers offering the topic within the radius of the town's centre
    but not in the town itself: who could close the gap. Nearest first."""
    return providers_for([(town, topic_slug)], radius, today)[(town.pk, topic_slug)]


def providers_for(pairs, radius=None, today=None):
    """nearby_providers() for many (town, top-level topic slug) pairs, from the supply matrix.

    The candidates: providers with a current, placed run of an offering on the topic (or a
    subtopic) within the radius of the town's centre, and none in the town itself."""
    radius = radius or access.radius_km()
    matrix = get_matrix(today or _today())
    tops = {slug: matrix.topic_ids.get(slug) for _town, slug in pairs}
    runs_of = matrix.topic_runs({pk for pk in tops.values() if pk is not None})
    out = {}
    for town, topic_slug in pairs:
        runs = runs_of.get(tops[topic_slug], np.zeros(0, np.int64))
        provider = matrix.off_provider[matrix.run_off[runs]]
        known = provider >= 0
        runs, provider = runs[known], provider[known]
        town_index = matrix.town_index.get(town.pk, -2)
        in_town = set(np.unique(provider[matrix.run_town[runs] == town_index]).tolist())
        distance = access.distances_km([town.latitude], [town.longitude],
                                       matrix.run_lat[runs], matrix.run_lon[runs])[0]
        near = distance <= radius
        provider, distance = provider[near], distance[near]
        keep = ~np.isin(provider, list(in_town))
        provider, distance = provider[keep], distance[keep]
        order = np.lexsort((distance, provider))  # nearest run first within each provider
        provider, distance = provider[order], distance[order]
        first = np.ones(len(provider), bool)
        first[1:] = provider[1:] != provider[:-1]
        best = dict(zip(provider[first].tolist(), distance[first].tolist(), strict=True))
        ranked = sorted((d, matrix.providers[pid][0], pid, matrix.providers[pid][1])
                        for pid, d in best.items())
        out[(town.pk, topic_slug)] = [
            (name, reverse("catalog:provider", kwargs={"pk": pid, "slug": slug or "anbieter"}))
            for _d, name, pid, slug in ranked[:MAX_PROVIDERS]]
    return out


def _today():
    from datetime import date

    return date.today()


def ranked_gaps(*, life_phase=None, topic=None, town=None, limit=20, today=None, survey=None,
                people=None):
    """The flagged gaps, largest first, each with the providers who could close it."""
    gaps = sorted(candidate_gaps(life_phase=life_phase, topic=topic, town=town, today=today,
                                 survey=survey, people=people),
                  key=lambda gap: (-gap.score, gap.town_slug, gap.topic_slug))
    if limit is not None:
        gaps = gaps[:limit]
    towns = {t.slug: t for t in Municipality.objects.filter(slug__in={g.town_slug for g in gaps})}
    found = providers_for([(towns[g.town_slug], g.topic_slug) for g in gaps], today=today)
    return [replace(gap, providers=found[(towns[gap.town_slug].pk, gap.topic_slug)])
            for gap in gaps]


__all__ = ["DISTRICT", "Gap", "ranked_gaps", "wilson"]
