"""Why an offering fits the answers: each claim checked against the offering's own data.

The search engine gathers candidates (matching.find); whether and why an offering fits is
decided here, from the offering, its topics, groups and its upcoming runs as stored in the
catalog, so a sentence like „Sprachen · 8 km von Rimbach · abends · kostenlos“ is never a
guess of the index. What does not fit is said too („weiter entfernt (14 km)“).
"""

import math
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from bildungsportal.catalog.models import Run
from bildungsportal.catalog.vocabularies import time_of_day
from bildungsportal.core.formatting import euro, km

from .answers import BUDGET_LIMIT_CENTS, WEEKEND_DAYS, WHEN

# How much each fitting answer counts in the ranking.
WEIGHTS = {
    "counselling": 1, "topic": 3, "situation": 2, "place": 2, "online": 1, "when": 2,
    "budget": 1, "language": 1, "accessible": 1,
}
EARTH_RADIUS_KM = 6371.0088  # as search.facet_index measures


@dataclass
class Reason:
    kind: str  # a key of WEIGHTS
    text: str


@dataclass
class Fit:
    offering: object
    run: object  # the upcoming run the claims are about, or None
    fits: list = field(default_factory=list)  # Reasons that fit
    misfits: list = field(default_factory=list)  # Reasons that do not (or are unknown)
    distance_km: float | None = None

    @property
    def score(self):
        return sum(WEIGHTS[r.kind] for r in self.fits)

    def sort_key(self):
        run_day = self.run.start_date if self.run and self.run.start_date else date.max
        distance = self.distance_km if self.distance_km is not None else math.inf
        return (-self.score, len(self.misfits), distance, run_day, self.offering.pk)


def distance_km(origin, point):
    lat1, lon1 = map(math.radians, origin)
    lat2, lon2 = map(math.radians, point)
    a = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def upcoming(runs, today):
    """Runs still to come that are not cancelled (what the search counts too)."""
    return [r for r in runs
            if not r.is_past(today) and r.booking_status != Run.BookingStatus.CANCELLED]


def step_free(run):
    """True for a run one reaches without steps: a step-free venue, or online only."""
    if run.venue_id:
        return run.venue.step_free is True
    return run.is_online


def when_fit(run, answers):
    """True/False whether the run is at a wanted time; None when the run says no time."""
    days = run.weekday_numbers
    if answers.weekend and any(d in WEEKEND_DAYS for d in days):
        return True
    if answers.times_of_day:
        code = time_of_day(run.start_time)
        if code is None:
            return None
        return code in answers.times_of_day
    return False if days else None


def when_text(run, answers):
    parts = []
    code = time_of_day(run.start_time)
    if code in answers.times_of_day:
        parts.append(str(WHEN[code]))
    if answers.weekend and any(d in WEEKEND_DAYS for d in run.weekday_numbers):
        parts.append(str(WHEN["wochenende"]))
    return ", ".join(parts)


def run_distance(run, origin):
    """km from the origin to the run's place; None online or without coordinates."""
    if origin is None or not run.venue_id:
        return None
    lat, lon = run.venue.coordinates
    if lat is None:
        return None
    return distance_km(origin[1:], (lat, lon))


def lowest_price(offering, run):
    """The lowest price in cents (0 = free), or None when nothing is known."""
    if offering.is_free:
        return 0
    prices = [p for p in (offering.price_cents, offering.price_reduced_cents) if p is not None]
    if run is not None and run.price_cents is not None:
        prices.append(run.price_cents)
    return min(prices) if prices else None


@dataclass
class Context:
    """What every evaluation needs: the answers, the origin, names of chosen things."""

    answers: object
    origin: tuple | None  # (town name, latitude, longitude)
    town_id: int | None  # the chosen municipality
    topics: dict  # chosen topic slug → Topic
    language: object  # the chosen catalog.Language or None
    today: date


def _run_rank(run, context):
    """How well one run fits the answers about time and place (higher first)."""
    answers = context.answers
    score = 0
    if answers.when and when_fit(run, answers):
        score += WEIGHTS["when"]
    distance = run_distance(run, context.origin)
    if context.origin is not None:
        same_town = run.venue_id and run.venue.municipality_id == context.town_id
        if same_town or (distance is not None and distance <= context.answers.radius_km):
            score += WEIGHTS["place"]
        elif not run.venue_id:
            score += WEIGHTS["online"]
    return (-score, distance if distance is not None else math.inf,
            run.start_date or date.max, run.pk)


def offering_topic_slugs(offering):
    """The offering's topics and their parents (a topic answer covers its subtopics)."""
    slugs = set()
    for topic in offering.topics.all():
        slugs.add(topic.slug)
        if topic.parent_id:
            slugs.add(topic.parent.slug)
    return slugs


def evaluate(offering, context, counselling=False):
    """A Fit for the offering, or None when a hard answer rules it out (topic, course
    language, step-free access) or its dates are all past or cancelled. `offering` has
    topics (with parent), life phases, target groups, languages and runs prefetched."""
    answers = context.answers
    own_topics = offering_topic_slugs(offering)
    chosen_topics = [slug for slug in answers.topics if slug in own_topics]
    if answers.topics and not chosen_topics and not counselling:
        return None
    languages = {lang.slug for lang in offering.languages.all()}
    if answers.language and answers.language not in languages and not counselling:
        return None
    all_runs = offering.runs.all()
    runs = upcoming(all_runs, context.today)
    if all_runs and not runs:  # only past or cancelled dates: nothing to take part in
        return None
    if answers.accessible:
        runs = [r for r in runs if step_free(r)]
        if not runs:
            return None
    run = min(runs, key=lambda r: _run_rank(r, context)) if runs else None
    fit = Fit(offering=offering, run=run)
    good, bad = fit.fits.append, fit.misfits.append

    if counselling:
        good(Reason("counselling", offering.provider.get_kind_display()))
    if chosen_topics:
        good(Reason("topic", ", ".join(context.topics[s].local_name for s in chosen_topics)))
    situation = answers.situation_info
    if situation:
        groups = [g for g in offering.target_groups.all() if g.slug in situation.target_groups]
        phases = [p for p in offering.life_phases.all() if p.slug in situation.life_phases]
        if groups:
            good(Reason("situation", _("für %(group)s") % {"group": groups[0].local_name}))
        elif phases:
            good(Reason("situation", phases[0].local_name))

    if context.origin is not None:
        town = context.origin[0]
        fit.distance_km = run_distance(run, context.origin) if run else None
        if run is None:
            bad(Reason("place", _("Ort und Termine auf Anfrage")))
        elif not run.venue_id:
            good(Reason("online", _("online, von zu Hause")))
        elif fit.distance_km is None:
            bad(Reason("place", _("Entfernung unbekannt (%(town)s)") % {
                "town": run.venue.town_name}))
        elif run.venue.municipality_id == context.town_id:
            good(Reason("place", _("in %(town)s") % {"town": town}))
        elif fit.distance_km <= answers.radius_km:
            good(Reason("place", _("%(distance)s von %(town)s") % {
                "distance": km(fit.distance_km), "town": town}))
        else:
            bad(Reason("place", _("weiter entfernt (%(distance)s von %(town)s)") % {
                "distance": km(fit.distance_km), "town": town}))

    if answers.when:
        matched = when_fit(run, answers) if run else None
        if matched:
            good(Reason("when", when_text(run, answers)))
        elif matched is None:
            bad(Reason("when", _("Zeit nicht angegeben")))
        elif run.start_time:
            bad(Reason("when", _("zu einer anderen Zeit (%(time)s Uhr)") % {
                "time": run.start_time.strftime("%H:%M")}))
        else:
            bad(Reason("when", _("an anderen Tagen")))

    if answers.budget in ("kostenlos", "bis-50"):
        price = lowest_price(offering, run)
        if price is None:
            bad(Reason("budget", _("Preis nicht angegeben")))
        elif price == 0:
            good(Reason("budget", _("kostenlos")))
        elif answers.budget == "bis-50" and price <= BUDGET_LIMIT_CENTS:
            good(Reason("budget", _("bis 50 € (ab %(price)s)") % {"price": euro(price)}))
        elif answers.budget == "kostenlos":
            bad(Reason("budget", _("nicht kostenlos (ab %(price)s)") % {"price": euro(price)}))
        else:
            bad(Reason("budget", _("teurer (ab %(price)s)") % {"price": euro(price)}))

    if answers.language:
        if answers.language in languages:
            good(Reason("language", _("Kurssprache: %(language)s") % {
                "language": context.language.local_name}))
        else:
            bad(Reason("language", _("nicht auf %(language)s") % {
                "language": context.language.local_name}))

    if answers.accessible:
        if run.venue_id:
            good(Reason("accessible", _("stufenlos erreichbar")))
        else:
            good(Reason("accessible", _("online, ohne Anfahrt")))
    return fit
