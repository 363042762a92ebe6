"""Results of a survey for the education office: counts, frequencies, cross-tabs, free texts.

Everything here is computed from complete responses (``submitted_on`` set) of every version of
a survey; versions are combined through the stable question, choice and row codes, labelled
with the newest version's texts. Every number that leaves this module has been through
``suppression`` (see there for the rule): pages, charts, the API and the exports all call these
functions, so none of them can show a cell the others hide.

The building block is a *variable*: categories plus, for each respondent, the set of categories
they gave. A single-choice question is one variable, a matrix one per row, a number question
one with value bands; the band questions (``is_band``) and the distribution channel are
variables too, which is what cross-tabs and filters are made of.
"""

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils.translation import gettext as _

from bildungsportal.catalog import vocabularies
from bildungsportal.core.suppression import (
    Cell,
    Table,
    frequency_table,
    suppress_grid,
    suppress_line,
)
from bildungsportal.places.models import Municipality

from .models import Answer, Question, Response, translate

CHANNEL_BAND = "_kanal"
NONE = "_keine"  # band category of respondents without an answer
OTHER = "_sonstiges"
NUMBER_BANDS = 5
CHOICE_KINDS = {Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.LIKERT,
                Question.Kind.MATRIX}
TEXT_KINDS = {Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT}


def vocabulary_labels(vocabulary):
    """Labels of a catalog vocabulary's values ({slug: name}); unknown vocabularies: {}.

    The vocabularies are those of the registry (catalog/vocabularies.py), the town and the
    registry's times of day.
    """
    labels = {}
    if vocabulary in vocabularies.BY_KEY:
        model = vocabularies.BY_KEY[vocabulary].model
        labels = dict(model.objects.values_list("slug", "name"))
    elif vocabulary == "town":
        labels = dict(Municipality.objects.values_list("slug", "name"))
    elif vocabulary == "time_of_day":
        labels = {slug: str(label) for slug, label in vocabularies.TIMES_OF_DAY.items()}
    try:  # the answering pages' choices (fixed bands for distance, price …), when present
        from .catalog_choices import catalog_choices
    except ImportError:
        return labels
    return labels | dict(catalog_choices(SimpleNamespace(catalog_vocabulary=vocabulary)))


@dataclass
class QuestionInfo:
    """A question as the results see it: the newest version's texts for a stable code."""

    code: str
    kind: str
    text: str
    choices: list = field(default_factory=list)  # [(code, label)]
    rows: list = field(default_factory=list)
    allow_other: bool = False
    vocabulary: str = ""
    multiple: bool = True
    is_band: bool = False
    min_value: int | None = None
    max_value: int | None = None
    page: str = ""

    @property
    def kind_label(self):
        return str(Question.Kind(self.kind).label)

    @property
    def is_multiple(self):
        if self.kind == Question.Kind.CATALOG:
            return self.multiple
        return self.kind == Question.Kind.MULTIPLE


def survey_questions(survey, language="de"):
    """Every question code of every version, newest version's wording and order first."""
    questions = (
        Question.objects.filter(page__version__survey=survey)
        .select_related("page__version")
        .prefetch_related("choices")
        .order_by("-page__version__number", "page__position", "position", "id")
    )
    result = {}
    for q in questions:
        if q.code in result:
            continue
        choices = [(c.code, translate(c.label, language) or c.code)
                   for c in q.choices.all() if not c.is_row]
        rows = [(c.code, translate(c.label, language) or c.code)
                for c in q.choices.all() if c.is_row]
        result[q.code] = QuestionInfo(
            code=q.code, kind=q.kind, text=translate(q.text, language) or q.code,
            choices=choices, rows=rows, allow_other=q.allow_other,
            vocabulary=q.catalog_vocabulary, multiple=q.catalog_multiple, is_band=q.is_band,
            min_value=q.min_value, max_value=q.max_value,
            page=translate(q.page.title, language) or q.page.code,
        )
    return list(result.values())


@dataclass
class Variable:
    """Categories and, per respondent, the categories given (a set; empty = no answer)."""

    code: str
    title: str
    categories: list  # [(code, label)]
    values: dict  # response id → set of category codes

    def base(self, rids):
        return [rid for rid in rids if self.values.get(rid)]

    def counts(self, rids):
        counter = Counter()
        for rid in rids:
            counter.update(self.values.get(rid, ()))
        return [counter[code] for code, _label in self.categories]


class Dataset:
    """The complete responses of a survey, loaded once per request."""

    def __init__(self, survey, language="de"):
        self.survey = survey
        self.k = survey.min_cell_size
        self.questions = survey_questions(survey, language)
        self.by_code = {q.code: q for q in self.questions}
        rows = Response.objects.filter(
            version__survey=survey, submitted_on__isnull=False
        ).values_list("id", "channel_id", "channel__name", "submitted_on")
        self.rids = []
        self.channel = {}
        self.channel_names = {}
        self.day = {}
        for rid, channel_id, channel_name, day in rows.order_by("id"):
            self.rids.append(rid)
            self.channel[rid] = channel_id
            self.day[rid] = day
            if channel_id:
                self.channel_names[channel_id] = channel_name
        self.answers = defaultdict(lambda: defaultdict(list))
        for rid, code, choice, row, value, number, text, rank in Answer.objects.filter(
            response__version__survey=survey, response__submitted_on__isnull=False
        ).values_list("response_id", "question__code", "choice__code", "row__code", "value",
                      "number", "text", "rank"):
            self.answers[code][rid].append((choice, row, value, number, text, rank))
        self._labels = {}

    # -- variables ---------------------------------------------------------------------------
    def labels(self, vocabulary):
        if vocabulary not in self._labels:
            self._labels[vocabulary] = vocabulary_labels(vocabulary)
        return self._labels[vocabulary]

    def variables(self, q):
        """The variables of one question (one per matrix row)."""
        answers = self.answers.get(q.code, {})
        if q.kind == Question.Kind.CATALOG:
            labels = self.labels(q.vocabulary)
            seen = {a[2] for items in answers.values() for a in items if a[2]}
            categories = sorted(((slug, labels.get(slug, slug)) for slug in seen),
                                key=lambda item: (item[1].casefold(), item[0]))
            values = {rid: {a[2] for a in items if a[2]} for rid, items in answers.items()}
            return [Variable(q.code, q.text, categories, values)]
        if q.kind == Question.Kind.NUMBER:
            return [self._number_variable(q, answers)]
        if q.kind in TEXT_KINDS:
            values = {rid: {"text"} for rid, items in answers.items()
                      if any((a[4] or "").strip() for a in items)}
            return [Variable(q.code, q.text, [("text", _("Antworten"))], values)]
        if q.rows and q.kind in (Question.Kind.MATRIX, Question.Kind.LIKERT):
            result = []
            for row_code, row_label in q.rows:
                values = defaultdict(set)
                for rid, items in answers.items():
                    for choice, row, *_rest in items:
                        if row == row_code and choice:
                            values[rid].add(choice)
                result.append(Variable(f"{q.code}_{row_code}", f"{q.text} – {row_label}",
                                       list(q.choices), dict(values)))
            return result
        categories = list(q.choices)
        has_other = q.allow_other or any(
            not a[0] and (a[4] or "").strip() for items in answers.values() for a in items)
        if has_other:
            categories.append((OTHER, _("Sonstiges")))
        values = {}
        for rid, items in answers.items():
            given = set()
            for choice, _row, _value, _number, text, _rank in items:
                if choice:
                    given.add(choice)
                elif (text or "").strip():
                    given.add(OTHER)
            if given:
                values[rid] = given
        return [Variable(q.code, q.text, categories, values)]

    def _number_variable(self, q, answers):
        numbers = {rid: float(a[3]) for rid, items in answers.items() for a in items
                   if a[3] is not None}
        bands = number_bands(q, list(numbers.values()))
        values = {}
        for rid, number in numbers.items():
            for code, _label, low, high in bands:
                if low <= number < high:
                    values[rid] = {code}
                    break
        return Variable(q.code, q.text, [(code, label) for code, label, *_rest in bands], values)

    def band_questions(self):
        return [q for q in self.questions if q.is_band and q.kind not in TEXT_KINDS]

    def band_variable(self, code):
        """A band (is_band question or the channel) with a "keine Angabe" category."""
        if code == CHANNEL_BAND:
            categories = [(str(pk), name) for pk, name in sorted(
                self.channel_names.items(), key=lambda item: item[1])]
            values = {rid: {str(self.channel[rid]) if self.channel[rid] else NONE}
                      for rid in self.rids}
            categories.append((NONE, _("ohne Kanal (direkter Link)")))
            return Variable(CHANNEL_BAND, _("Verteilkanal"), categories, values)
        q = self.by_code.get(code)
        if q is None or not q.is_band or q.kind in TEXT_KINDS:
            return None
        variable = self.variables(q)[0]
        values = {}
        for rid in self.rids:
            given = variable.values.get(rid)
            # A band is one value per respondent: the first in category order.
            first = next((c for c, _label in variable.categories if given and c in given), None)
            values[rid] = {first or NONE}
        categories = [*variable.categories, (NONE, _("keine Angabe"))]
        return Variable(q.code, q.text, categories, values)

    def band_choices(self):
        """[(code, title, [(value, label)])] for the filter and cross-tab forms."""
        result = [(q.code, q.text, self.band_variable(q.code).categories)
                  for q in self.band_questions()]
        channel = self.band_variable(CHANNEL_BAND)
        result.append((CHANNEL_BAND, channel.title, channel.categories))
        return result

    def group(self, band_code, value):
        band = self.band_variable(band_code)
        if band is None:
            return None, None
        return band, [rid for rid in self.rids if value in band.values[rid]]


def number_bands(q, numbers):
    """[(code, label, low, high)]: NUMBER_BANDS equal bands over the allowed or seen range."""
    if not numbers and (q.min_value is None or q.max_value is None):
        return []
    low = q.min_value if q.min_value is not None else math.floor(min(numbers))
    high = q.max_value if q.max_value is not None else math.floor(max(numbers))
    low, high = min(low, high), max(low, high)
    step = max(1, math.ceil((high - low + 1) / NUMBER_BANDS))
    bands = []
    start = low
    while start <= high:
        end = start + step - 1
        label = f"{start}–{end}" if end > start else str(start)
        bands.append((f"{start}", label, start, end + 1))
        start += step
    # Values outside the range (old versions, imports) still land in the outer bands.
    if bands:
        bands[0] = (*bands[0][:2], -math.inf, bands[0][3])
        bands[-1] = (*bands[-1][:3], math.inf)
    return bands


# -- suppressed tables ---------------------------------------------------------------------------
def frequency(variable, rids, k):
    """The variable's one-way table over ``rids``: suppressed."""
    base = len(variable.base(rids))
    counts = variable.counts(rids)
    items = [(code, label, count) for (code, label), count in
             zip(variable.categories, counts, strict=True)]
    return frequency_table(variable.title, items, base, k)


@dataclass
class CrossTab:
    """A suppressed two-way table: rows = categories of a variable, columns = band values."""

    title: str
    band_title: str
    columns: list  # [(code, label)]
    rows: list  # [(label, [Cell per column], total Cell)]
    col_totals: list  # [Cell]
    grand_total: Cell
    k: int
    hidden: bool = False


def crosstab(variable, band, rids, k):
    """The cross-tab of ``variable`` by ``band`` over ``rids`` with primary and secondary
    suppression; the row totals are the variable's frequency table (with its suppression), so
    neither page reveals what the other hides."""
    base_rids = variable.base(rids)
    columns = band.categories
    column_of = {code: index for index, (code, _label) in enumerate(columns)}
    cells = [[0] * len(columns) for _row in variable.categories]
    row_index = {code: index for index, (code, _label) in enumerate(variable.categories)}
    col_totals = [0] * len(columns)
    for rid in base_rids:
        for band_value in band.values.get(rid, {NONE}):
            j = column_of[band_value]
            col_totals[j] += 1
            for value in variable.values[rid]:
                cells[row_index[value]][j] += 1
    row_totals = [sum(row) for row in cells]
    grand = len(base_rids)
    title = f"{variable.title} × {band.title}"
    if grand < k:
        return CrossTab(title, band.title, columns, [], [], Cell("", None), k, hidden=True)
    shown_rows, _grand = suppress_line(row_totals, grand, k)
    pre_rows = [i for i, count in enumerate(shown_rows) if count is None]
    hidden = suppress_grid(cells, row_totals, col_totals, grand, k, pre_rows=pre_rows)

    def cell(position, count, label="", percent_of=None):
        if position in hidden:
            return Cell(label, None)
        percent = None
        if percent_of:
            percent = round(100 * count / percent_of, 1)
        return Cell(label, count, percent)

    total_cells = [cell((None, j), count) for j, count in enumerate(col_totals)]
    rows = []
    for i, (_code, label) in enumerate(variable.categories):
        row = [cell((i, j), cells[i][j], percent_of=total_cells[j].count)
               for j in range(len(columns))]
        rows.append((label, row, cell((i, None), row_totals[i], percent_of=None)))
    return CrossTab(title, band.title, columns, rows, total_cells,
                    cell((None, None), grand), k)


def filtered_frequency(variable, band, value, rids, k):
    """The variable's table for one band value: that column of the suppressed cross-tab."""
    table = crosstab(variable, band, rids, k)
    j = next(index for index, (code, _label) in enumerate(band.categories) if code == value)
    if table.hidden or table.col_totals[j].count is None:
        return Table(title=variable.title, k=k, hidden=True)
    cells = [Cell(label, row[j].count, row[j].percent, code)
             for (code, _label), (label, row, _total) in zip(variable.categories, table.rows,
                                                       strict=True)]
    return Table(title=variable.title, cells=cells, base=table.col_totals[j].count, k=k)


@dataclass
class QuestionResult:
    question: QuestionInfo
    tables: list  # [Table]
    mean_ranks: list = field(default_factory=list)  # ranking: [(label, mean or None, n)]
    median: float | None = None
    hidden: bool = False


def question_results(data, rids, *, band=None, value=None):
    """Suppressed results of every question over ``rids`` (optionally one band value)."""
    k = data.k
    results = []
    all_rids = data.rids
    inside = set(rids)
    complement = [rid for rid in all_rids if rid not in inside] if band is not None else None
    for q in data.questions:
        tables = []
        for variable in data.variables(q):
            if band is not None:
                tables.append(filtered_frequency(variable, band, value, all_rids, k))
            else:
                tables.append(frequency(variable, rids, k))
        result = QuestionResult(q, tables, hidden=all(t.hidden for t in tables))
        if q.kind == Question.Kind.RANKING:
            result.mean_ranks = mean_ranks(data, q, rids, k, complement)
        if q.kind == Question.Kind.NUMBER:
            result.median = median(data, q, rids, k, complement)
        results.append(result)
    return results


def _ranks(data, q, rids):
    ranks = defaultdict(list)
    wanted = set(rids)
    for rid, items in data.answers.get(q.code, {}).items():
        if rid in wanted:
            for choice, _row, _value, _number, _text, rank in items:
                if choice and rank:
                    ranks[choice].append(rank)
    return ranks


def mean_ranks(data, q, rids, k, complement=None):
    """[(label, mean rank or None, n or None)]: hidden when fewer than k ranked the item (or,
    under a filter, fewer than k outside the group did: the difference would show them)."""
    ranks = _ranks(data, q, rids)
    other = _ranks(data, q, complement) if complement is not None else None
    result = []
    for code, label in q.choices:
        values = ranks.get(code, [])
        hidden = len(values) < k or (other is not None and len(other.get(code, [])) < k)
        if hidden:
            result.append((label, None, None))
        else:
            result.append((label, round(statistics.mean(values), 2), len(values)))
    return result


def _numbers(data, q, rids):
    wanted = set(rids)
    return [float(a[3]) for rid, items in data.answers.get(q.code, {}).items() if rid in wanted
            for a in items if a[3] is not None]


def median(data, q, rids, k, complement=None):
    numbers = _numbers(data, q, rids)
    if len(numbers) < k:
        return None
    if complement is not None and len(_numbers(data, q, complement)) < k:
        return None
    return statistics.median(numbers)


def filter_allowed(data, group):
    """A filter shows results only when the group and everyone else are both at least k:
    otherwise subtracting the filtered from the unfiltered results would reveal the rest."""
    return group is not None and len(group) >= data.k and len(data.rids) - len(group) >= data.k


# -- live counts ---------------------------------------------------------------------------------
def live_counts(survey):
    """Suppressed tables: complete/unfinished, complete by channel, complete by day."""
    k = survey.min_cell_size
    responses = Response.objects.filter(version__survey=survey)
    complete = responses.filter(submitted_on__isnull=False).count()
    unfinished = responses.filter(submitted_on__isnull=True).count()
    # The participation table's total (complete + unfinished) is shown nowhere else; hiding
    # it when one of the two is small keeps the other one visible, so that "abgeschlossen"
    # agrees with the channel, day and question tables below (which all count the complete
    # responses) instead of being hidden here and shown there.
    status = frequency_table(
        _("Teilnahme"),
        [("complete", _("abgeschlossen"), complete), ("unfinished", _("unvollständig"),
                                                      unfinished)],
        complete + unfinished, k, base_hidden=complete < k or unfinished < k,
    )
    by_channel = Counter(responses.filter(submitted_on__isnull=False)
                         .values_list("channel__name", flat=True))
    channel_items = [(name or NONE, name or _("ohne Kanal (direkter Link)"), count)
                     for name, count in sorted(by_channel.items(),
                                               key=lambda item: (item[0] is None, item[0]))]
    # The tables share a margin: "abgeschlossen" is the base of the channel and day tables.
    # Hidden in the first, it is hidden in the others too (their suppression then hides one
    # more cell), so no table of the page shows what another one hides.
    complete_hidden = status.hidden or status.cells[0].count is None
    channels = frequency_table(_("Abgeschlossen nach Verteilkanal"), channel_items, complete, k,
                               base_hidden=complete_hidden)
    by_day = Counter(responses.filter(submitted_on__isnull=False)
                     .values_list("submitted_on", flat=True))
    day_items = [(day.isoformat(), day.strftime("%d.%m.%Y"), count)
                 for day, count in sorted(by_day.items())]
    days = frequency_table(_("Abgeschlossen nach Tag"), day_items, complete, k,
                           base_hidden=complete_hidden)
    return {"status": status, "channels": channels, "days": days}


# -- free texts ----------------------------------------------------------------------------------
def free_texts(data, rids, *, question=None, search=""):
    """[(question text, text)] of text answers and "Sonstiges" entries, in response order."""
    wanted = set(rids)
    needle = search.casefold().strip()
    result = []
    for q in data.questions:
        if question and q.code != question:
            continue
        if q.kind not in TEXT_KINDS and not q.allow_other and q.kind not in CHOICE_KINDS:
            continue
        for rid, items in sorted(data.answers.get(q.code, {}).items()):
            if rid not in wanted:
                continue
            for choice, _row, _value, _number, text, _rank in items:
                text = (text or "").strip()
                if not text or choice:
                    continue
                if needle and needle not in text.casefold():
                    continue
                result.append((q.text, text))
    return result


def text_questions(data):
    return [q for q in data.questions
            if q.kind in TEXT_KINDS or (q.kind in CHOICE_KINDS and q.allow_other)]
