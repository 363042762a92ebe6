"""Demand records: what respondents wish for, in the catalog's own vocabularies.

``demand_records(survey=None)`` is the one entry point for the supply-and-demand analysis. It
reads the complete responses of one survey (or of every survey) and turns the answers to
catalog-bound questions into counted records

    (topic, life_phase, town, format, age_band) → number of respondents

- **topic**: every value of a question bound to the topic vocabulary (a respondent who named
  three topics counts once for each); responses without a topic give no record.
- **life_phase**: values of a question bound to the life-phase vocabulary; ``None`` when the
  survey has none (the template survey asks for age and branch instead).
- **town**: the value of the town-bound question (a municipality slug, or "ausserhalb").
- **format**: values of the format-bound question; ``None`` when none was given.
- **age_band**: the choice code of the age band question (an ``is_band`` question whose code
  starts with "alter" or "age", e.g. ``altersgruppe`` → "18-24"); ``None`` when missing.

Every combination a respondent's answers span counts that respondent once. The values are
the catalog's slugs, so they join with Topic, LifePhase, Format and Municipality directly.

Privacy: the function returns **raw counts** for internal analysis. Every display of them
(page, chart, API, export) must go through suppression first — ``suppressed_records()``
hides counts below k; a display that also shows totals must use ``suppression`` on the whole
table so that no hidden count can be computed back.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from bildungsportal.core.suppression import suppress_line

from .models import Answer, Question, Response

AGE_PREFIXES = ("alter", "age")


@dataclass(frozen=True)
class DemandRecord:
    topic: str
    life_phase: str | None
    town: str | None
    format: str | None
    age_band: str | None
    count: int


def _age_question_ids(questions):
    return {q.pk for q in questions if q.is_band and q.code.lower().startswith(AGE_PREFIXES)
            and q.kind in (Question.Kind.SINGLE, Question.Kind.CATALOG)}


def demand_records(survey=None):
    """Counted demand records of ``survey`` (or of all surveys), most frequent first."""
    responses = Response.objects.filter(submitted_on__isnull=False)
    questions = Question.objects.all()
    if survey is not None:
        responses = responses.filter(version__survey=survey)
        questions = questions.filter(page__version__survey=survey)
    questions = list(questions.only("id", "code", "kind", "is_band", "catalog_vocabulary"))
    vocabulary = {q.pk: q.catalog_vocabulary for q in questions
                  if q.kind == Question.Kind.CATALOG and q.catalog_vocabulary}
    age_ids = _age_question_ids(questions)
    wanted = set(vocabulary) | age_ids
    given = defaultdict(lambda: defaultdict(set))
    answers = Answer.objects.filter(response__in=responses, question_id__in=wanted)
    for rid, qid, value, choice in answers.values_list("response_id", "question_id", "value",
                                                       "choice__code"):
        if qid in age_ids:
            if choice or value:
                given[rid]["age"].add(choice or value)
        elif value:
            given[rid][vocabulary[qid]].add(value)
    counter = Counter()
    for values in given.values():
        topics = values.get("topic")
        if not topics:
            continue
        phases = values.get("life_phase") or {None}
        towns = {min(values["town"])} if values.get("town") else {None}
        formats = values.get("format") or {None}
        ages = {min(values["age"])} if values.get("age") else {None}
        for topic in topics:
            for phase in phases:
                for town in towns:
                    for fmt in formats:
                        for age in ages:
                            counter[(topic, phase, town, fmt, age)] += 1
    return [DemandRecord(*key, count=count) for key, count in
            sorted(counter.items(), key=lambda item: (-item[1], [str(v) for v in item[0]]))]


def suppressed_records(records, k):
    """The records for display: counts below k (and a complement when only one is) → None."""
    shown, _total = suppress_line([r.count for r in records], sum(r.count for r in records), k)
    return [(record, count) for record, count in zip(records, shown, strict=True)]
