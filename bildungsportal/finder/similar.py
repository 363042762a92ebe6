"""„Ähnliche Angebote“ on an offering page: same topics first, then same town and time.

One engine call gathers candidates with the offering's topics (its subtopics, or their parent
topics when those find too few); one query reads the candidates' topics. The page's own
offering comes with its topics and runs prefetched (catalog.selectors.offering_for_page).
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bildungsportal.catalog.formatting import attach_run_info
from bildungsportal.catalog.models import Offering
from bildungsportal.catalog.vocabularies import time_of_day
from bildungsportal.search.engine import allowed_values, search
from bildungsportal.search.facet_index import get_index
from bildungsportal.search.params import SearchParams

from .answers import WHEN
from .matching import upcoming

SIMILAR_LIMIT = 5
CANDIDATES = 40
# The same subtopic outweighs everything else together: a German course is more like another
# German course far away than like an English course next door.
WEIGHTS = {"topic": 7, "parent_topic": 2, "town": 2, "time": 1, "free": 1}


@dataclass
class Similar:
    offering: object
    run: object  # the next upcoming run (venue, municipality selected) or None
    reasons: list = field(default_factory=list)  # (kind, text)

    @property
    def score(self):
        return sum(WEIGHTS[kind] for kind, _text in self.reasons)


def _name(name, translations, language):
    return ((translations or {}).get(language) or {}).get("name") or name


def similar_to(offering, limit=SIMILAR_LIMIT, today=None):
    """Up to `limit` other published offerings with an upcoming run, best fitting first."""
    today = today or date.today()
    index = get_index()
    known = allowed_values(index).get("topic", ())
    own_topics = list(offering.topics.all())
    specific = tuple(t.slug for t in own_topics if t.slug in known)
    parents = tuple(t.parent.slug for t in own_topics if t.parent_id and t.parent.slug in known)
    if not specific and not parents:
        return []
    hits = search(SearchParams(topic=specific or parents, page_size=CANDIDATES), today=today,
                  index=index).hits
    hits = [h for h in hits if h.offering.pk != offering.pk]
    if len(hits) < limit and parents and specific:
        more = search(SearchParams(topic=parents, page_size=CANDIDATES), today=today,
                      index=index).hits
        seen = {h.offering.pk for h in hits} | {offering.pk}
        hits += [h for h in more if h.offering.pk not in seen]
    # The same course again (another offering with the provider's same title, e.g. a later
    # term entered separately) is not "similar": it reads as the page itself. Keep the first
    # of each title and provider.
    seen_titles = {(offering.title.casefold(), offering.provider_id)}
    distinct = []
    for hit in hits:
        key = (hit.offering.title.casefold(), hit.offering.provider_id)
        if key not in seen_titles:
            seen_titles.add(key)
            distinct.append(hit)
    hits = distinct
    if not hits:
        return []

    language = get_language() or "de"
    # One query: the candidates' topics with their parents (slugs and names).
    topics_of = {}
    for offering_id, slug, name, tr, parent_slug, parent_name, parent_tr in (
        Offering.topics.through.objects.filter(offering_id__in=[h.offering.pk for h in hits])
        .values_list("offering_id", "topic__slug", "topic__name", "topic__translations",
                     "topic__parent__slug", "topic__parent__name", "topic__parent__translations")
    ):
        entry = topics_of.setdefault(offering_id, ({}, {}))
        entry[0][slug] = _name(name, tr, language)
        if parent_slug:
            entry[1][parent_slug] = _name(parent_name, parent_tr, language)

    own_runs = upcoming(offering.runs.all(), today)
    own_towns = {r.venue.municipality_id for r in own_runs if r.venue_id and
                 r.venue.municipality_id}
    own_times = {time_of_day(r.start_time) for r in own_runs} - {None}
    own_parents = set(parents)
    items = []
    for hit in hits:
        runs = upcoming(hit.matching_runs, today)
        if not runs:  # only dates to come: no offering without a date to offer
            continue
        item = Similar(offering=hit.offering, run=runs[0])
        specific_names, parent_names = topics_of.get(hit.offering.pk, ({}, {}))
        shared = [specific_names[s] for s in specific if s in specific_names]
        shared_parents = [parent_names[s] for s in parent_names if s in own_parents]
        if shared:
            item.reasons.append(("topic", _("auch %(topic)s") % {"topic": shared[0]}))
        elif shared_parents:
            item.reasons.append(("parent_topic", _("auch %(topic)s") % {
                "topic": shared_parents[0]}))
        town_runs = [r for r in runs if r.venue_id and r.venue.municipality_id in own_towns]
        if town_runs:
            item.reasons.append(("town", _("gleicher Ort (%(town)s)") % {
                "town": town_runs[0].venue.municipality.name}))
        times = [t for t in (time_of_day(r.start_time) for r in runs) if t in own_times]
        if times:
            item.reasons.append(("time", _("auch %(time)s") % {"time": WHEN[times[0]]}))
        if offering.is_free and hit.offering.is_free:
            item.reasons.append(("free", _("auch kostenlos")))
        if item.reasons:
            items.append(item)
    items.sort(key=lambda i: (-i.score, i.run.start_date if i.run and i.run.start_date
                              else date.max, i.offering.pk))
    items = items[:limit]
    for item in items:
        if item.run is not None:
            attach_run_info([item.run], item.offering)
    return items
