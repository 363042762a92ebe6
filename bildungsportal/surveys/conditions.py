"""The survey builder's side of conditions: describe them, and check a version's structure.

``logic`` evaluates conditions while people answer; this module makes sure the builder only
ever saves conditions that ``logic`` can evaluate: they point at earlier questions, use a
known comparison and name answer codes the question has. Broken conditions and duplicate
codes come back as German sentences. Respondents get a plain note instead
(``note_for_respondents``) on paper and on the one-page form.
"""

import re

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .models import Question, translate

# One format for the codes of pages, questions and answers.
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,50}$")

# Kinds whose answers are Choice rows (matrix: columns; rows are Choice rows with is_row).
CHOICE_KINDS = {
    Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.LIKERT,
    Question.Kind.MATRIX, Question.Kind.RANKING,
}

OPERATORS = {
    "equals": gettext_lazy("ist gleich"),
    "not_equals": gettext_lazy("ist nicht gleich"),
    "in": gettext_lazy("ist einer von"),
    "not_in": gettext_lazy("ist keiner von"),
    "answered": gettext_lazy("wurde beantwortet"),
}


def ordered_questions(version):
    """All questions of a version in answering order (page, then position)."""
    return list(
        Question.objects.filter(page__version=version)
        .select_related("page")
        .prefetch_related("choices")
        .order_by("page__position", "page_id", "position", "id")
    )


def describe_condition(condition, questions_by_code=None):
    """A German sentence for a condition, for the overview and the preview."""
    if not condition:
        return ""
    if not isinstance(condition, dict):
        return _("ungültige Bedingung")
    for key, word in (("all", _(" und ")), ("any", _(" oder "))):
        if key in condition:
            parts = condition[key] if isinstance(condition[key], list) else []
            parts = [describe_condition(c, questions_by_code) for c in parts]
            return word.join(f"({part})" for part in parts if part) or _("ungültige Bedingung")
    code = condition.get("question", "")
    op = condition.get("op", "")
    value = condition.get("value")
    values = value if isinstance(value, list) else ([] if value in (None, "") else [value])
    if op == "answered":
        return _("Frage %(code)s wurde beantwortet") % {"code": code}
    return _("Frage %(code)s %(op)s %(values)s") % {
        "code": code, "op": OPERATORS.get(op, op), "values": ", ".join(str(v) for v in values),
    }


def condition_errors(condition, earlier, later_codes, where):
    """Problems of one condition; ``earlier`` maps code → Question of the earlier questions."""
    if not condition:
        return []
    if not isinstance(condition, dict):
        return [_("%(where)s: Die Bedingung ist ungültig.") % {"where": where}]
    for key in ("all", "any"):
        if key in condition:
            parts = condition[key]
            if not isinstance(parts, list) or not parts:
                return [_("%(where)s: Die Bedingung ist ungültig.") % {"where": where}]
            errors = []
            for part in parts:
                errors += condition_errors(part, earlier, later_codes, where)
            return errors
    code = condition.get("question")
    op = condition.get("op")
    value = condition.get("value")
    if not isinstance(code, str) or not isinstance(op, str):
        return [_("%(where)s: Die Bedingung ist ungültig.") % {"where": where}]
    if code not in earlier:
        if code in later_codes:
            return [_(
                "%(where)s: Die Bedingung nutzt die Frage „%(code)s“, die erst danach kommt. "
                "Bedingungen dürfen sich nur auf frühere Fragen beziehen."
            ) % {"where": where, "code": code}]
        return [_("%(where)s: Die Frage „%(code)s“ gibt es in dieser Umfrage nicht.")
                % {"where": where, "code": code}]
    if op not in OPERATORS:
        return [_("%(where)s: Unbekannter Vergleich „%(op)s“.") % {"where": where, "op": op}]
    source = earlier[code]
    if op == "answered":
        return []
    # Rankings are compared by rank, not by item code (logic.is_visible): only "answered".
    if source.kind not in CHOICE_KINDS - {Question.Kind.RANKING} \
            and source.kind != Question.Kind.CATALOG:
        return [_(
            "%(where)s: Die Frage „%(code)s“ hat keine Antwortcodes; möglich ist nur "
            "„wurde beantwortet“."
        ) % {"where": where, "code": code}]
    values = value if isinstance(value, list) else [value]
    values = [v for v in values if v not in (None, "")]
    if not values:
        return [_("%(where)s: Bitte mindestens einen Antwortcode angeben.") % {"where": where}]
    if op in ("equals", "not_equals") and len(values) != 1:
        return [_(
            "%(where)s: „%(op)s“ vergleicht mit genau einem Antwortcode; für mehrere "
            "„ist einer von“ wählen."
        ) % {"where": where, "op": OPERATORS[op]}]
    if source.kind == Question.Kind.CATALOG:
        bad = [str(v) for v in values if not CODE_RE.match(str(v))]
    else:
        allowed = [c.code for c in source.choices.all() if not c.is_row]
        bad = [str(v) for v in values if str(v) not in allowed]
    if bad:
        allowed_text = ", ".join(
            c.code for c in source.choices.all() if not c.is_row
        ) or "–"
        return [_(
            "%(where)s: „%(bad)s“ ist kein Antwortcode der Frage „%(code)s“. "
            "Möglich sind: %(allowed)s."
        ) % {"where": where, "bad": ", ".join(bad), "code": code, "allowed": allowed_text}]
    return []


def structure_problems(version):
    """Every broken condition and duplicate code in a version, as German sentences."""
    problems = []
    questions = ordered_questions(version)
    all_codes = [q.code for q in questions]
    seen = {}
    for question in questions:
        if question.code in seen:
            problems.append(_("Der Fragecode „%(code)s“ kommt doppelt vor.")
                            % {"code": question.code})
        seen.setdefault(question.code, question)
    pages = list(version.pages.order_by("position", "id"))
    index = 0
    earlier = {}
    for page in pages:
        page_questions = [q for q in questions if q.page_id == page.pk]
        later = set(all_codes[index:])
        problems += condition_errors(
            page.condition, earlier, later,
            _("Seite „%(page)s“") % {"page": page},
        )
        for question in page_questions:
            index += 1
            later = set(all_codes[index - 1:])
            problems += condition_errors(
                question.condition, earlier, later,
                _("Frage „%(code)s“") % {"code": question.code},
            )
            earlier.setdefault(question.code, question)
    return problems


# -- for respondents: the note beside a question on paper and on the one-page form ----
def condition_leaves(condition):
    """The (question, op, values) leaves of a condition."""
    if not isinstance(condition, dict) or not condition:
        return []
    for combiner in ("all", "any"):
        if isinstance(condition.get(combiner), list):
            return [leaf for part in condition[combiner] for leaf in condition_leaves(part)]
    value = condition.get("value")
    values = value if isinstance(value, list) else [value]
    return [(condition.get("question"), condition.get("op", "equals"), values)]


# Quotation marks around answer labels, as each language writes them.
QUOTES = {"de": ("„", "“"), "ar": ("«", "»"), "uk": ("«", "»"), "ru": ("«", "»")}


def note_for_respondents(condition, questions, lang):
    """A sentence for a condition: 'nur wenn bei „Frage“ „A“ gewählt wurde', in the active
    interface language; the answer labels get that language's quotes (QUOTES, “…” else)."""
    opening, closing = QUOTES.get((get_language() or "de")[:2], ("“", "”"))
    parts = []
    for code, op, values in condition_leaves(condition):
        q = questions.get(code)
        if q is None:
            continue
        labels = {c.code: translate(c.label, lang) for c in q.choices.all()}
        shown = _(" oder ").join(
            f"{opening}{labels.get(str(v), v)}{closing}" for v in values if v is not None
        )
        text = translate(q.text, lang)
        if op == "answered":
            parts.append(_("„%(q)s“ beantwortet wurde") % {"q": text})
        elif op in ("not_equals", "not_in"):
            parts.append(_("bei „%(q)s“ nicht %(v)s gewählt wurde") % {"q": text, "v": shown})
        else:
            parts.append(_("bei „%(q)s“ %(v)s gewählt wurde") % {"q": text, "v": shown})
    if not parts:
        return ""
    joiner = _(" oder ") if "any" in condition else _(" und ")
    return _("Nur ausfüllen, wenn %(c)s.") % {"c": joiner.join(parts)}
