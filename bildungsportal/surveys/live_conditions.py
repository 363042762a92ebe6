"""Conditions as the browser evaluates them (static/surveys/conditions.js).

A progressive enhancement of the one-page form: with JavaScript on, parts and questions whose
conditions do not hold are hidden while the respondent answers. The server stays the
authority (one_page.visible_codes decides what is stored). Conditions name choice *codes*;
the form posts choice *ids*, so options and matrix columns are translated to ids here; catalog
values, ranks, numbers and texts stay as they are. What logic.is_visible shows anyway (empty
or malformed conditions, unknown operators) becomes {}: always shown.
"""

from .logic import OPS
from .models import Question

BY_CHOICE_ID = {Question.Kind.SINGLE, Question.Kind.LIKERT, Question.Kind.MULTIPLE,
                Question.Kind.MATRIX}  # fmt: skip


class BrowserConditions:
    """Collects, while translating conditions, the fields the browser has to read."""

    def __init__(self, questions, form):
        self.questions = questions  # {code: Question}
        self.items = {item.question.code: item for item in form.items}
        self.fields = {}  # {code: {"kind", "names"[, "min", "max"]}} of referenced questions

    def translate(self, condition):
        if not condition or not isinstance(condition, dict):
            return {}
        for key in ("all", "any"):
            if key in condition:
                parts = condition[key] if isinstance(condition[key], list) else []
                parts = [self.translate(part) for part in parts]
                if key == "any" and (not parts or {} in parts):
                    return {}
                parts = [part for part in parts if part]
                return {key: parts} if parts else {}
        op, code = condition.get("op", "equals"), condition.get("question")
        if op not in OPS or not isinstance(code, str):
            return {}
        self._add_field(code)
        if op == "answered":
            return {"question": code, "op": op}
        expected = condition.get("value")
        values = expected if isinstance(expected, list) else [expected]
        wanted = [v for value in values for v in self._option_values(code, str(value))]
        return {"question": code, "op": op, "value": list(dict.fromkeys(wanted))}

    def _add_field(self, code):
        if code in self.fields:
            return
        item = self.items.get(code)
        names = [item.name, *(name for name, _label in item.parts)] if item else []
        field = {"kind": item.question.kind if item else "", "names": [n for n in names if n]}
        if item and item.question.kind == Question.Kind.NUMBER:
            q = item.question
            field["min"] = None if q.min_value is None else str(q.min_value)
            field["max"] = None if q.max_value is None else str(q.max_value)
        self.fields[code] = field

    def _option_values(self, code, value):
        q = self.questions.get(code)
        if q is None or q.kind not in BY_CHOICE_ID:
            return [value]
        ids = {c.code: str(c.pk) for c in q.choices.all() if not c.is_row}
        # "other" is what answer_values makes of a free-text "Sonstiges" (posted as "other").
        return ([ids[value]] if value in ids else []) + (["other"] if value == "other" else [])
