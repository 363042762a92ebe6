"""Survey logic: conditions, visible pages and questions, stable random order, answer values.

A condition is a dict (see ``Question.condition``)::

    {"question": "gruppe", "op": "equals", "value": "schueler"}
    {"all": [cond, ...]}   {"any": [cond, ...]}   {} (always)

``answers`` maps question codes to values: a choice code (single choice, Likert), a list of
codes (multiple choice, catalog questions), {row code: column code} (matrix),
{item code: rank} (ranking), a number or a text.
"""

import hashlib
import threading
from collections import OrderedDict

from .conditions import OPERATORS
from .models import Answer, Question

OPS = frozenset(OPERATORS)


def _values(answer):
    """An answer as a set of comparable strings."""
    if answer is None or answer == "" or answer == [] or answer == {}:
        return set()
    if isinstance(answer, dict):
        return {str(v) for v in answer.values()}
    if isinstance(answer, (list, tuple, set)):
        return {str(v) for v in answer}
    return {str(answer)}


def is_visible(condition, answers):
    """Whether a page or question with ``condition`` is shown, given ``answers``.

    A malformed condition shows the element: better a question too many than lost answers.
    """
    if not condition or not isinstance(condition, dict):
        return True
    if "all" in condition:
        parts = condition["all"] if isinstance(condition["all"], list) else []
        return all(is_visible(part, answers) for part in parts)
    if "any" in condition:
        parts = condition["any"] if isinstance(condition["any"], list) else []
        return not parts or any(is_visible(part, answers) for part in parts)
    op = condition.get("op", "equals")
    if op not in OPS or not isinstance(condition.get("question"), str):
        return True
    given = _values(answers.get(condition["question"]))
    expected = condition.get("value")
    wanted = {str(v) for v in expected} if isinstance(expected, list) else {str(expected)}
    if op == "answered":
        return bool(given)
    if op in ("equals", "in"):
        return bool(given & wanted)
    return not (given & wanted)  # not_equals, not_in


# Structures of recently answered versions, shared by the threads of this process: every
# answer page and submit needs the whole structure, and reading it costs three queries and
# hundreds of model instances. The key changes with every structure change (signals.py).
STRUCTURES_KEPT = 32
_structures = OrderedDict()
_structures_lock = threading.Lock()


def pages_and_questions(version):
    """The version's pages in order, questions and choices prefetched; from memory while the
    version is unchanged. The objects are shared between requests: read them, never change
    them."""
    key = (version.pk, version.created_at, version.revision)
    with _structures_lock:
        pages = _structures.get(key)
        if pages is not None:
            _structures.move_to_end(key)
            return pages
    pages = list(version.pages.prefetch_related("questions__choices"))
    with _structures_lock:
        _structures[key] = pages
        while len(_structures) > STRUCTURES_KEPT:
            _structures.popitem(last=False)
    return pages


def forget_structures():
    """Empty the structure memory (tests)."""
    with _structures_lock:
        _structures.clear()


def visible_questions(page, answers):
    return [q for q in page.questions.all() if is_visible(q.condition, answers)]


def visible_pages(pages, answers):
    """Pages whose condition holds and that show at least one question."""
    return [
        p for p in pages if is_visible(p.condition, answers) and visible_questions(p, answers)
    ]


def stable_order(items, seed, salt=""):
    """``items`` shuffled the same way every time for the same seed (e.g. the response id)."""

    def key(item):
        return hashlib.sha256(f"{seed}:{salt}:{item.pk}".encode()).hexdigest()

    return sorted(items, key=key)


def ordered_choices(question, seed=None):
    """The answer options (not matrix rows) in display order.

    With ``randomize_choices`` and a seed, the order is random but stable per response;
    exclusive options ("nichts davon") stay at the end.
    """
    options = [c for c in question.choices.all() if not c.is_row]
    if not (question.randomize_choices and seed is not None):
        return options
    movable = [c for c in options if not c.is_exclusive]
    fixed = [c for c in options if c.is_exclusive]
    return stable_order(movable, seed, question.pk) + fixed


def rows(question):
    return [c for c in question.choices.all() if c.is_row]


def answer_values(answers):
    """{question code: value} from Answer rows (see the module docstring for the shapes)."""
    values = {}
    for a in answers:
        q = a.question
        kind = q.kind
        if kind == Question.Kind.MATRIX:
            if a.row_id and a.choice_id:
                values.setdefault(q.code, {})[a.row.code] = a.choice.code
        elif kind == Question.Kind.RANKING:
            if a.choice_id and a.rank:
                values.setdefault(q.code, {})[a.choice.code] = a.rank
        elif kind == Question.Kind.NUMBER:
            values[q.code] = a.number
        elif kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
            values[q.code] = a.text
        elif kind == Question.Kind.CATALOG:
            values.setdefault(q.code, []).append(a.value)
        elif a.choice_id:  # single, likert, multiple
            values.setdefault(q.code, []).append(a.choice.code)
        elif a.text:
            values.setdefault(q.code, []).append("other")
    for q_code, value in list(values.items()):
        if isinstance(value, list) and len(value) == 1:
            values[q_code] = value[0] if _single(answers, q_code) else value
    return values


def _single(answers, code):
    for a in answers:
        if a.question.code == code:
            q = a.question
            return q.kind in (Question.Kind.SINGLE, Question.Kind.LIKERT) or (
                q.kind == Question.Kind.CATALOG and not q.catalog_multiple
            )
    return False


def response_answers(response):
    """The response's Answer rows with question, choice and row loaded, in the order they
    were stored (without it PostgreSQL may return a multiple choice's values in any order)."""
    return list(
        Answer.objects.filter(response=response)
        .select_related("question", "choice", "row").order_by("pk")
    )  # fmt: skip


def is_answered(value):
    """Whether an answer value holds anything (0 counts as an answer)."""
    return bool(_values(value))
