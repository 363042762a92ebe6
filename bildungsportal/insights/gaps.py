"""Gaps: where respondents wish a topic clearly more than the district, while the
distance-weighted supply is lower than the district's.

For town i and topic t: p_i = share of the town's respondents wishing t (Wilson 95 % interval
[lo_i, hi_i]), P = the district's share; A_i = E2SFCA access per 1,000 inhabitants, A = the
district's population-weighted mean. Both sides are taken relative to the district:

    demand index  D_i = lo_i / P        (the lower bound: only what the data carry)
    supply index  S_i = A_i / A         (0 when the district has no supply at all)

A gap is flagged when D_i > S_i, i.e. even the cautious demand estimate exceeds the supply
relative to the district; the score D_i − S_i ranks the gaps. Towns whose figures are
suppressed (fewer than k answers, or complements) are never flagged.
"""

from dataclasses import dataclass, replace
from math import sqrt

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from bildungsportal.catalog.models import LifePhase, Topic
from bildungsportal.places.models import Municipality

from . import access, demand, population, supply
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


def _decimal(value):
    return number_format(round(value, 1), 1, force_grouping=True)


def sentence(town_name, topic_name, share, n, supply_value, district_value, radius,
             life_phase_name=None):
    """The one German sentence that explains a gap."""
    who = (_("der Befragten in der Lebensphase „%(phase)s“ ") % {"phase": life_phase_name}
           if life_phase_name else "")
    return _("In %(town)s wünschen sich %(share)s %% %(who)s(n = %(n)s) Angebote zum Thema "
             "„%(topic)s“; im Umkreis von %(km)s km gibt es %(supply)s Angebote je 1.000 "
             "Einwohner, im Kreis %(district)s.") % {
        "town": town_name, "share": number_format(round(100 * share), 0), "who": who,
        "n": number_format(n, 0, force_grouping=True), "topic": topic_name,
        "km": number_format(radius, 0), "supply": _decimal(supply_value),
        "district": _decimal(district_value)}


def _access(everyone, venues, life_phase, radius):
    points = [(t.slug, t.latitude, t.longitude,
               population.estimate(t.population, t.ags, life_phase)) for t in everyone]
    values = {slug: 1000 * a for slug, a in access.e2sfca(points, venues, radius).items()}
    inside = [(slug, p) for (slug, _a, _b, p), t in zip(points, everyone, strict=True)
              if t.in_district]
    total = sum(p for _s, p in inside)
    district = sum(values[slug] * p for slug, p in inside) / total if total else 0.0
    return values, district


def candidate_gaps(*, life_phase=None, topic=None, town=None, today=None):
    """Every flagged gap (unsorted, without providers)."""
    survey = demand.monitoring_survey()
    if survey is None:
        return []
    people = demand.respondents(survey)
    radius = access.radius_km()
    everyone = list(Municipality.objects.all())
    topics = Topic.objects.filter(parent__isnull=True)
    if topic:
        topics = topics.filter(Q_topic(topic))
    phase = LifePhase.objects.filter(slug=life_phase).first() if life_phase else None
    venues_by_topic = supply.supply_by_venue_and_topic(supply.Scope(life_phase=life_phase),
                                                       today)
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
            if demand_index <= supply_index:
                continue
            out.append(Gap(
                t.slug, t.name, item.slug, item.name, life_phase, cell.share, low, high,
                cell.n, district.share, values[t.slug], district_access,
                demand_index - supply_index,
                sentence(t.name, item.name, cell.share, cell.n, values[t.slug],
                         district_access, radius, phase.name if phase else None), []))
    return out


def Q_topic(slug):  # noqa: N802 — reads like the Q object it returns
    from django.db.models import Q

    parent = Topic.objects.filter(slug=slug).values_list("parent__slug", flat=True).first()
    return Q(slug=parent or slug)


def nearby_providers(town, topic_slug, radius=None, today=None):
    """[(name, url)] of providers offering the topic within the radius of the town's centre
    but not in the town itself: who could close the gap. Nearest first."""
    radius = radius or access.radius_km()
    runs = supply.scoped_runs(supply.Scope(topic=topic_slug), today or _today()).filter(
        is_online=False)
    rows = runs.values_list("offering__provider_id", "offering__provider__name",
                            "offering__provider__slug", "venue__municipality_id",
                            "venue__latitude", "venue__longitude",
                            "venue__municipality__latitude",
                            "venue__municipality__longitude").distinct()
    in_town, best = set(), {}
    for pid, name, slug, town_id, lat, lon, town_lat, town_lon in rows:
        if town_id == town.pk:
            in_town.add(pid)
            continue
        lat, lon = (lat, lon) if lat is not None and lon is not None else (town_lat, town_lon)
        if lat is None or lon is None:
            continue
        distance = town.distance_km(lat, lon)
        if distance <= radius and distance < best.get(pid, (float("inf"),))[0]:
            best[pid] = (distance, name, slug)
    from django.urls import reverse

    ranked = sorted((d, name, pid, slug) for pid, (d, name, slug) in best.items()
                    if pid not in in_town)
    return [(name, reverse("catalog:provider", kwargs={"pk": pid, "slug": slug or "anbieter"}))
            for _d, name, pid, slug in ranked[:MAX_PROVIDERS]]


def _today():
    from datetime import date

    return date.today()


def ranked_gaps(*, life_phase=None, topic=None, town=None, limit=20, today=None):
    """The flagged gaps, largest first, each with the providers who could close it."""
    gaps = sorted(candidate_gaps(life_phase=life_phase, topic=topic, town=town, today=today),
                  key=lambda gap: (-gap.score, gap.town_slug, gap.topic_slug))
    if limit is not None:
        gaps = gaps[:limit]
    towns = {t.slug: t for t in Municipality.objects.filter(slug__in={g.town_slug for g in gaps})}
    return [replace(gap, providers=nearby_providers(towns[gap.town_slug], gap.topic_slug,
                                                    today=today)) for gap in gaps]


__all__ = ["DISTRICT", "Gap", "ranked_gaps", "wilson"]
