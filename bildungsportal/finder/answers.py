"""The finder's questions, their allowed answers and how they map onto the catalog.

Everything a person answers lives in the URL (GET), so a result is bookmarkable and nothing is
stored. Unknown values are dropped (the page says so), never an error; only a request far
too large for any form of ours is refused with 400.
"""

from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_lazy as _

from bildungsportal.catalog.models import Language, Topic
from bildungsportal.catalog.vocabularies import TIMES_OF_DAY
from bildungsportal.places.models import Municipality
from bildungsportal.search.params import SearchParams


@dataclass(frozen=True)
class Situation:
    label: str
    life_phases: tuple = ()  # life phase slugs that fit
    target_groups: tuple = ()  # target group slugs that fit
    counselling: bool = False  # counselling services come first
    # topics of counselling offerings that fit this situation best
    counselling_topics: tuple = ()


# Life situation or age band: one answer. Slugs are the reference vocabularies'.
SITUATIONS = {
    "familie": Situation(
        _("Ich suche etwas für mein Kind oder unsere Familie"),
        ("fruehkindliche-bildung", "schule"), ("kinder", "eltern", "familien"),
    ),
    "schule": Situation(
        _("Ich gehe zur Schule oder möchte einen Schulabschluss"),
        ("schule", "uebergang-schule-beruf"), ("jugendliche", "schuelerinnen"),
    ),
    "ausbildung": Situation(
        _("Ich mache eine Ausbildung oder studiere"),
        ("ausbildung-studium", "uebergang-schule-beruf"), ("auszubildende", "studierende"),
    ),
    "beruf": Situation(
        _("Ich arbeite und möchte mich weiterbilden"),
        ("weiterbildung-beruf",), ("berufstaetige", "erwachsene"),
    ),
    "arbeit-suchen": Situation(
        _("Ich bin arbeitslos oder suche Arbeit"),
        ("weiterbildung-beruf",), ("arbeitsuchende",), counselling=True,
        counselling_topics=("berufliche-neuorientierung", "bewerbung", "berufsorientierung"),
    ),
    "neu": Situation(
        _("Ich bin neu in Deutschland"),
        (), ("menschen-mit-migrationsgeschichte",), counselling=True,
        counselling_topics=("interkulturelles", "deutsch-als-zweitsprache"),
    ),
    "ruhestand": Situation(
        _("Ich bin im Ruhestand (ab etwa 65 Jahren)"),
        ("bildung-im-alter",), ("seniorinnen",),
    ),
    "weiss-nicht": Situation(
        _("Ich weiß es noch nicht und möchte mich beraten lassen"),
        (), (), counselling=True,
        counselling_topics=("berufliche-neuorientierung", "berufsorientierung"),
    ),
}

# How far: km radius. "Ohne Auto" is nearer, for bus, train and bike.
REACH = {
    "nah": (5, _("ganz in der Nähe, zu Fuß oder mit dem Rad (bis 5 km)")),
    "ohne-auto": (10, _("ohne Auto, mit Bus und Bahn (bis 10 km)")),
    "auto": (25, _("mit dem Auto (bis 25 km)")),
}
DEFAULT_RADIUS_KM = 15  # a town without a "how far" answer

# When: the search's times of day (catalog.vocabularies.TIMES_OF_DAY) plus the weekend.
WHEN = {
    "vormittags": _("morgens und vormittags"),
    "nachmittags": _("nachmittags"),
    "abends": _("abends"),
    "wochenende": _("am Wochenende"),
}
WEEKEND_DAYS = (5, 6)  # Saturday, Sunday as date.weekday()

BUDGETS = {
    "kostenlos": _("Es soll kostenlos sein"),
    "bis-50": _("bis 50 €"),
    "egal": _("Der Preis ist nicht so wichtig"),
}
BUDGET_LIMIT_CENTS = 5000

# The interest pictures: the top-level topics, and German as a second language on its own
# (the one course most newcomers look for).
PROMOTED_TOPICS = ("deutsch-als-zweitsprache",)

PARAMS = ("situation", "topic", "town", "reach", "when", "budget", "language", "accessible")
MAX_QUERY_LENGTH = 2000  # a filled-in form stays far below; more is not our form
MAX_VALUES = 30  # per parameter


class TooLarge(ValueError):
    """A request no form of ours can produce."""


@dataclass(frozen=True)
class Answers:
    situation: str = ""
    topics: tuple = ()
    town: str = ""  # municipality slug
    reach: str = ""
    when: tuple = ()
    budget: str = ""
    language: str = ""
    accessible: bool = False
    # What came in but is unknown (dropped), for a friendly note on the page.
    ignored: tuple = field(default=(), compare=False)

    @property
    def given(self):
        """True when at least one question was answered."""
        return bool(self.situation or self.topics or self.town or self.when
                    or self.budget in ("kostenlos", "bis-50") or self.language
                    or self.accessible)

    @property
    def situation_info(self):
        return SITUATIONS.get(self.situation)

    @property
    def radius_km(self):
        if not self.town:
            return None
        return REACH[self.reach][0] if self.reach in REACH else DEFAULT_RADIUS_KM

    @property
    def times_of_day(self):
        return tuple(code for code in self.when if code in TIMES_OF_DAY)

    @property
    def weekend(self):
        return "wochenende" in self.when


@dataclass(frozen=True)
class Choices:
    """What the form offers: the fixed answers plus the catalog's towns, topics, languages."""

    towns: dict  # slug → Municipality
    topics: dict  # slug → Topic (interest pictures)
    languages: dict  # slug → catalog.Language


def choices():
    topics = Topic.objects.filter(parent__isnull=True) | Topic.objects.filter(
        slug__in=PROMOTED_TOPICS
    )
    ordered = sorted(topics, key=lambda t: (t.slug not in PROMOTED_TOPICS, t.position, t.name))
    return Choices(
        towns={m.slug: m for m in Municipality.objects.in_district().order_by("name")},
        topics={t.slug: t for t in ordered},
        languages={lang.slug: lang for lang in Language.objects.all()},
    )


def _values(query, name):
    getlist = query.getlist if hasattr(query, "getlist") else (lambda k: query.get(k, []))
    values = getlist(name)
    if len(values) > MAX_VALUES:
        raise TooLarge(name)
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def parse(query, options, raw_length=0):
    """QueryDict → Answers. Unknown values are dropped and listed in `ignored`; TooLarge for a
    request longer than any filled-in form."""
    if raw_length > MAX_QUERY_LENGTH:
        raise TooLarge("query")
    ignored = []

    def one(name, allowed):
        values = _values(query, name)
        known = [v for v in values if v in allowed]
        ignored.extend(v for v in values if v not in allowed)
        return known[0] if known else ""

    def many(name, allowed):
        values = _values(query, name)
        ignored.extend(v for v in values if v not in allowed)
        return tuple(dict.fromkeys(v for v in values if v in allowed))

    answers = Answers(
        situation=one("situation", SITUATIONS),
        topics=many("topic", options.topics),
        town=one("town", options.towns),
        reach=one("reach", REACH),
        when=tuple(code for code in WHEN if code in many("when", WHEN)),
        budget=one("budget", BUDGETS),
        language=one("language", options.languages),
        accessible=bool(one("accessible", ("1",))),
    )
    return replace(answers, ignored=tuple(v[:40] for v in ignored[:5]))


def search_params(answers, options, **changes):
    """The search's parameters for these answers: topics, course language, step-free access,
    town and radius, times of day (or the weekend), free of charge. The situation is no
    filter (life phases are ranked, not required)."""
    town = options.towns.get(answers.town)
    params = SearchParams(
        topic=answers.topics,
        language=(answers.language,) if answers.language else (),
        accessible=answers.accessible,
        free=answers.budget == "kostenlos",
        near=town.name if town else "",
        radius_km=float(answers.radius_km) if town else None,
        time_of_day=answers.times_of_day,
        weekday=("sa", "so") if answers.weekend and not answers.times_of_day else (),
    )
    return replace(params, **changes)
