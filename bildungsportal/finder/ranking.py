"""The finder's answer: counselling first where it fits, then offerings ranked by fit.

The search engine (search.engine.search) gathers candidates, first with every answer as a
filter, then with the soft ones loosened (situation, time, price, distance); matching.evaluate
then decides on each offering's own data what fits and what does not, and the ranking counts
the fitting answers (matching.WEIGHTS).
"""

from dataclasses import dataclass, field, replace
from datetime import date

from django.conf import settings
from django.db.models import Prefetch, Q
from django.urls import reverse

from bildungsportal.catalog.models import Offering, Provider, Run, Topic
from bildungsportal.search.engine import allowed_values, search
from bildungsportal.search.facet_index import get_index

from .answers import search_params
from .matching import Context, evaluate

RESULT_LIMIT = 20
CANDIDATE_LIMIT = 100
COUNSELLING_LIMIT = 3
COUNSELLING_CANDIDATES = 100
COUNSELLING_KINDS = (Provider.Kind.COUNSELLING, Provider.Kind.PUBLIC_OFFICE)
WIDE_RADIUS_KM = 50


@dataclass
class FinderResult:
    fits: list = field(default_factory=list)
    counselling: list = field(default_factory=list)
    search_url: str = ""
    search_count: int = 0


def with_details(queryset):
    """Offerings with what matching.evaluate reads, in a fixed number of queries."""
    runs = Run.objects.select_related("venue__municipality").order_by(
        "start_date", "start_time", "id")
    return (
        queryset.published().select_related("provider", "format")
        .prefetch_related("life_phases", "target_groups", "languages",
                          Prefetch("topics", queryset=Topic.objects.select_related("parent")),
                          Prefetch("runs", queryset=runs))
    )


def context_for(answers, options, today=None):
    town = options.towns.get(answers.town)
    return Context(
        answers=answers,
        origin=(town.name, town.latitude, town.longitude) if town else None,
        town_id=town.pk if town else None,
        topics={slug: options.topics[slug] for slug in answers.topics},
        language=options.languages.get(answers.language),
        today=today or date.today(),
    )


def _known(params, known):
    """The parameters with values the index does not know left out (they would match none)."""
    changes = {name: tuple(v for v in getattr(params, name) if v in known.get(name, ()))
               for name in ("topic", "language", "life_phase")}
    return replace(params, **changes)


def candidate_ids(answers, options, today):
    """(offering ids, best first; the count of the plain search): strict first, then looser."""
    index = get_index()
    known = allowed_values(index)
    base = _known(search_params(answers, options, page_size=settings.SEARCH_MAX_PAGE_SIZE),
                  known)
    situation = answers.situation_info
    phases = tuple(p for p in (situation.life_phases if situation else ())
                   if p in known.get("life_phase", ()))
    loose = replace(base, time_of_day=(), weekday=(), free=False)
    calls = [replace(base, life_phase=phases) if phases else None, base, loose]
    if base.near:
        wide = max(WIDE_RADIUS_KM, base.radius_km or 0)
        calls += [replace(loose, radius_km=float(wide)), replace(loose, near="", radius_km=None)]
    ids, count, count_known = [], 0, False
    for params in calls:
        if params is None:
            continue
        result = search(params, today=today, index=index)
        if params is base:
            count, count_known = result.count, True
        ids.extend(hit.offering.pk for hit in result.hits)
        if len(set(ids)) >= CANDIDATE_LIMIT and count_known:
            break
    return list(dict.fromkeys(ids))[:CANDIDATE_LIMIT], count


def counselling_fits(answers, context):
    """Counselling services (provider kinds Beratungsstelle, Behörde/Amt) that fit the
    situation, nearest and best fitting first."""
    situation = answers.situation_info
    match = Q(topics__slug__in=situation.counselling_topics) | Q(
        topics__parent__slug__in=situation.counselling_topics)
    if situation.target_groups:
        match |= Q(target_groups__slug__in=situation.target_groups)
    ids = list(
        Offering.objects.published().filter(provider__kind__in=COUNSELLING_KINDS)
        .filter(match).order_by("pk").values_list("pk", flat=True).distinct()
        [:COUNSELLING_CANDIDATES]
    )
    fits = [evaluate(o, context, counselling=True)
            for o in with_details(Offering.objects.filter(pk__in=ids))]
    fits = [f for f in fits if f is not None]
    fits.sort(key=lambda f: f.sort_key())
    # One service once: the same counselling entered for several days or places is one offer
    # of help (the nearest is kept, by the order above).
    distinct, seen = [], set()
    for fit in fits:
        key = (fit.offering.title.casefold(), fit.offering.provider_id)
        if key not in seen:
            seen.add(key)
            distinct.append(fit)
    return distinct[:COUNSELLING_LIMIT]


def find(answers, options, today=None):
    """Counselling first (when the situation points there), then the ranked offerings."""
    today = today or date.today()
    context = context_for(answers, options, today)
    result = FinderResult()
    situation = answers.situation_info
    wants_advice = situation.counselling if situation else not answers.given
    if wants_advice:
        # A situation that asks for advice, or nothing answered: counselling helps first.
        advice = answers if situation else replace(answers, situation="weiss-nicht")
        result.counselling = counselling_fits(advice, replace(context, answers=advice))
    if not answers.given:
        return result
    ids, result.search_count = candidate_ids(answers, options, today)
    shown = {f.offering.pk for f in result.counselling}
    offerings = with_details(Offering.objects.filter(pk__in=ids).exclude(pk__in=shown))
    # An offering that fits no answer at all is not shown: every result says why.
    fits = [f for f in (evaluate(o, context) for o in offerings) if f is not None and f.fits]
    fits.sort(key=lambda f: f.sort_key())
    result.fits = fits[:RESULT_LIMIT]
    result.search_url = reverse("catalog:search") + search_params(answers, options).querystring()
    return result
