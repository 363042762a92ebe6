"""Demand: survey wishes per town, topic and life phase, and searches that found little.

Survey figures leave this module suppressed only (``core.suppression``, k = the survey's
``min_cell_size``): a town with fewer than k respondents, fewer than k wishing a topic, or
fewer than k *not* wishing it shows no share, and complements that would give a hidden cell
away by subtraction from the district are hidden too.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Q

from bildungsportal.catalog.models import Topic
from bildungsportal.core.suppression import suppress_grid
from bildungsportal.places.models import Municipality
from bildungsportal.places.regions import current_region
from bildungsportal.search import analyzer
from bildungsportal.search.models import SearchDemand
from bildungsportal.surveys.demand import demand_records, suppressed_records
from bildungsportal.surveys.models import Answer, Choice, Question, Response, Survey

from .matrix import get_matrix
from .models import DISTRICT, TopicTerm

SEARCH_DAYS = 365
# Life phase of a respondent whose survey asks no life-phase question: from the age band
# (the template survey's codes) — documented in docs/monitoring.md.
AGE_BAND_PHASES = {
    "unter-16": ("schule",),
    "16-17": ("schule", "uebergang-schule-beruf"),
    "18-24": ("uebergang-schule-beruf", "ausbildung-studium"),
    "25-39": ("weiterbildung-beruf",),
    "40-64": ("weiterbildung-beruf",),
    "65-plus": ("bildung-im-alter",),
}


_chosen_survey = {}


def monitoring_survey():
    """The survey the monitoring reads: settings.INSIGHTS_SURVEY (a slug), else the one with
    the most complete responses; None when there is none. Only the current region's surveys
    count: a region's monitoring never reads another region's answers.

    Counting every survey's responses costs a scan: the choice is kept while the responses
    and surveys stay the same (count and newest id), outside transactions (see respondents)."""
    slug = getattr(settings, "INSIGHTS_SURVEY", "")
    surveys = Survey.objects.in_region()
    if slug:
        return surveys.filter(slug=slug).first()
    if connection.in_atomic_block:
        return _most_answered(surveys)
    key = (tuple(Response.objects.aggregate(n=Count("id"), last=Max("id"),
                                             done=Count("submitted_on")).values()),
           tuple(surveys.aggregate(n=Count("id"), last=Max("id")).values()),
           current_region().pk)
    if key not in _chosen_survey:
        _chosen_survey.clear()
        survey = _most_answered(surveys)
        _chosen_survey[key] = survey.pk if survey else None
    pk = _chosen_survey[key]
    return surveys.filter(pk=pk).first() if pk else None


def _most_answered(surveys):
    return (surveys.annotate(n=Count("versions__responses", filter=Q(
        versions__responses__submitted_on__isnull=False))).filter(n__gt=0)
        .order_by("-n", "pk").first())


def survey_k(survey=None):
    survey = survey or monitoring_survey()
    return survey.min_cell_size if survey else settings.SURVEY_MIN_CELL_SIZE


@dataclass(frozen=True)
class Respondent:
    town: str | None
    phases: frozenset
    topics: frozenset  # top-level topic slugs (a subtopic also counts under its parent)


class People(list):
    """The respondents as a list, with arrays for counting: town, life phases, topics."""

    def __init__(self, people):
        super().__init__(people)
        self.town_slugs = sorted({p.town for p in self if p.town is not None})
        position = {slug: i for i, slug in enumerate(self.town_slugs)}
        self.town = np.array([position.get(p.town, -1) for p in self], np.int64)
        self.has_topics = np.array([bool(p.topics) for p in self], bool)
        self.phase_sets = {}
        self.topic_sets = {}
        for i, person in enumerate(self):
            for phase in person.phases:
                self.phase_sets.setdefault(phase, []).append(i)
            for topic in person.topics:
                self.topic_sets.setdefault(topic, []).append(i)

    def member(self, sets, key):
        mask = np.zeros(len(self), bool)
        mask[sets.get(key, [])] = True
        return mask

    def counts(self, towns, topic, life_phase):
        """(n, c) as _counts(), by array counting."""
        base = self.has_topics & (self.town >= 0)
        if life_phase:
            base &= self.member(self.phase_sets, life_phase)
        wished = base & self.member(self.topic_sets, topic) if topic else base
        size = len(self.town_slugs)
        n_all = np.bincount(self.town[base], minlength=size)
        c_all = np.bincount(self.town[wished], minlength=size)
        n, c = Counter(), Counter()
        for i, slug in enumerate(self.town_slugs):
            if slug in towns and n_all[i]:
                n[slug] = int(n_all[i])
                if c_all[i]:
                    c[slug] = int(c_all[i])
        return n, c


_people_cache = {}


def _survey_state(survey):
    """What changes when the survey's answers change: complete responses, newest ids, k."""
    responses = Response.objects.filter(version__survey=survey, submitted_on__isnull=False)
    state = responses.aggregate(n=Count("id"), last=Max("id"))
    last_answer = Answer.objects.aggregate(last=Max("id"))["last"]
    return (survey.pk, state["n"], state["last"], last_answer)


def respondents(survey):
    """One Respondent per complete response of the survey (a People list), read once per
    state of the survey's answers (count and newest ids) and then kept in memory.

    Inside a transaction nothing is kept: a rolled-back transaction can bring back the same
    counts and ids with other answers (tests do exactly that)."""
    if connection.in_atomic_block:
        return People(_read_respondents(survey))
    key = _survey_state(survey)
    people = _people_cache.get(key)
    if people is None:
        people = People(_read_respondents(survey))
        _people_cache.clear()
        _people_cache[key] = people
    return people


def _read_respondents(survey):
    """One Respondent per complete response of the survey, from a single answers query."""
    questions = list(Question.objects.filter(page__version__survey=survey).only(
        "id", "code", "kind", "is_band", "catalog_vocabulary"))
    kinds = {}
    for q in questions:
        if q.kind == Question.Kind.CATALOG and q.catalog_vocabulary in ("topic", "town",
                                                                        "life_phase"):
            kinds[q.pk] = q.catalog_vocabulary
        elif q.is_band and q.code.lower().startswith(("alter", "age")):
            kinds[q.pk] = "age"
    parents = dict(Topic.objects.filter(parent__isnull=False).values_list("slug",
                                                                          "parent__slug"))
    given = defaultdict(lambda: defaultdict(set))
    # The questions belong to the survey already: no join through versions; choice codes
    # are looked up in Python rather than joined per answer.
    codes = dict(Choice.objects.filter(question_id__in=[q for q, kind in kinds.items()
                                                        if kind == "age"])
                 .values_list("pk", "code"))
    answers = Answer.objects.filter(
        question_id__in=list(kinds), response__submitted_on__isnull=False,
    ).values_list("response_id", "question_id", "value", "choice_id")
    for rid, qid, value, choice in answers.iterator(chunk_size=20000):
        kind = kinds[qid]
        item = codes.get(choice) if kind == "age" else value
        if item:
            given[rid][kind].add(parents.get(item, item) if kind == "topic" else item)
    out = []
    for values in given.values():
        phases = set(values.get("life_phase", ()))
        if not phases:
            for band in values.get("age", ()):
                phases.update(AGE_BAND_PHASES.get(band, ()))
        town = min(values["town"]) if values.get("town") else None
        out.append(Respondent(town, frozenset(phases), frozenset(values.get("topic", ()))))
    return out


@dataclass(frozen=True)
class WishCell:
    """A town's (or the district's) wish share as shown: None when suppressed."""

    share: float | None
    count: int | None  # respondents wishing
    n: int | None  # respondents asked (base)
    # Why a share is hidden: "few" (a count of this cell is below k: primary suppression) or
    # "protect" (its counts are large enough, but showing them would reveal another hidden
    # cell by subtraction: secondary suppression). None when shown.
    reason: str | None = None


@dataclass(frozen=True)
class WishTable:
    topic: str | None
    life_phase: str | None
    k: int
    cells: dict  # town slug → WishCell
    district: WishCell
    survey: Survey | None


def _counts(people, towns, topic, life_phase):
    if isinstance(people, People):
        return people.counts(towns, topic, life_phase)
    n, c = Counter(), Counter()
    for person in people:
        if person.town not in towns or not person.topics:
            continue
        if life_phase and life_phase not in person.phases:
            continue
        n[person.town] += 1
        if topic is None or topic in person.topics:
            c[person.town] += 1
    return n, c


def wish_table(topic=None, life_phase=None, *, survey=None, people=None):
    """Share of respondents per town who wish ``topic`` (any topic when None), suppressed.

    The base is the respondents of a district town who named at least one topic (and belong
    to the life phase, when given). The table [wishing, not wishing] × towns with its margins
    goes through suppress_grid, so no hidden count can be computed back from the district.
    """
    survey = survey or monitoring_survey()
    matrix = get_matrix()  # the district's towns and topics, read once per catalog version
    towns = matrix.district_slugs
    k = survey_k(survey)
    if survey is None:
        empty = WishCell(None, None, None)
        return WishTable(topic, life_phase, k, dict.fromkeys(towns, empty), empty, None)
    if topic:
        topic = matrix.top_slug.get(topic, topic)
    people = respondents(survey) if people is None else people
    n, c = _counts(people, set(towns), topic, life_phase)
    # A town nobody from answered is left out of the grid: "nobody answered" singles out no
    # one, and as a hidden zero it would force a complement on a town that has answers.
    asked = [t for t in towns if n[t]]
    cells = [[c[t], n[t] - c[t]] for t in asked]
    total_c, total_n = sum(c.values()), sum(n.values())
    hidden = suppress_grid(cells, [n[t] for t in asked], [total_c, total_n - total_c],
                           total_n, k)
    shown = dict.fromkeys(towns, WishCell(None, None, None))
    for i, town in enumerate(asked):
        shown_n = None if (i, None) in hidden else n[town]
        if {(i, 0), (i, 1), (i, None)} & hidden:
            shown[town] = WishCell(None, None, shown_n, _reason([c[town], n[town] - c[town],
                                                                 n[town]], k))
        else:
            shown[town] = WishCell(c[town] / n[town], c[town], n[town])
    if not total_n or {(None, 0), (None, 1), (None, None)} & hidden:
        district = WishCell(None, None, None if (None, None) in hidden else total_n,
                            _reason([total_c, total_n - total_c, total_n], k))
    else:
        district = WishCell(total_c / total_n, total_c, total_n)
    return WishTable(topic, life_phase, k, shown, district, survey)


def _reason(counts, k):
    """"few" when one of a row's counts is below k (primary), else "protect" (secondary)."""
    return "few" if min(counts) < k else "protect"


def survey_demand(survey=None):
    """demand_records() of the survey, suppressed: [(record, shown count or None)]."""
    survey = survey or monitoring_survey()
    if survey is None:
        return []
    return suppressed_records(demand_records(survey), survey.min_cell_size)


# -- searches that found little ------------------------------------------------------------
def _topic_stems():
    """{stem: top-level topic slug} from the topic names and their subtopics' names."""
    vocab = analyzer.catalog_vocabulary()
    stems = {}
    for slug, name, parent in Topic.objects.values_list("slug", "name", "parent__slug"):
        for stem in analyzer.index_terms(name, vocab):
            if len(stem) >= 3:
                stems.setdefault(stem, parent or slug)
    return stems, vocab


def topic_for_query(query, terms=None, stems=None):
    """The top-level topic slug a search term belongs to: the office's mapping first, then
    the analyzer's stems against the topic names; None when nothing fits."""
    terms = terms if terms is not None else dict(
        TopicTerm.objects.values_list("term", "topic__slug"))
    if query in terms:
        return terms[query]
    stems, vocab = stems or _topic_stems()
    hits = Counter(stems[s] for s in analyzer.index_terms(query, vocab) if s in stems)
    return hits.most_common(1)[0][0] if hits else None


def _top_level(slug, parents):
    return parents.get(slug, slug)


def search_rows(today=None):
    """[(town slug or None, topic slug or None, query, searches)] of the last 365 days."""
    today = today or date.today()
    rows = SearchDemand.objects.filter(day__gt=today - timedelta(days=SEARCH_DAYS)).values_list(
        "query", "filters", "searches")
    terms = dict(TopicTerm.objects.values_list("term", "topic__slug"))
    parents = dict(Topic.objects.filter(parent__isnull=False).values_list("slug",
                                                                          "parent__slug"))
    stems = None
    mapped = {}
    out = []
    for query, filters, searches in rows:
        filters = dict(item for item in filters if isinstance(item, list) and len(item) == 2)
        topic = filters.get("topic")
        if topic:
            topic = _top_level(topic, parents)
        elif query:
            if query not in mapped:
                stems = stems or _topic_stems()
                mapped[query] = topic_for_query(query, terms, stems)
            topic = mapped[query]
        out.append((filters.get("town"), topic, query, searches))
    return out


def search_counts(topic=None, today=None):
    """{town slug: searches, "kreis": all searches} that found little, for a topic or all."""
    if topic:
        topic = Topic.objects.filter(slug=topic).values_list("parent__slug",
                                                             flat=True).first() or topic
    towns = set(Municipality.objects.in_district().values_list("slug", flat=True))
    counts = Counter()
    for town, row_topic, _query, searches in search_rows(today):
        if topic and row_topic != topic:
            continue
        if town in towns:
            counts[town] += searches
        if town is None or town in towns:
            counts[DISTRICT] += searches
    return counts


def frequent_unmapped_terms(limit=50, today=None):
    """[(query, searches)] most searched terms the analyzer could not map: for the admin."""
    totals = Counter()
    for _town, topic, query, searches in search_rows(today):
        if query and topic is None:
            totals[query] += searches
    return totals.most_common(limit)
