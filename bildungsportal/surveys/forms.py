"""Answer forms: one Django form per survey page, built from its questions.

Field names: ``q_<code>`` for the answer, ``q_<code>__other`` for the "other" text,
``q_<code>__<choice id>`` for a matrix row or a ranking item. Option values are choice ids
(or catalog values), so an id from another question is simply an invalid choice.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from .catalog_choices import catalog_choices
from .logic import ordered_choices, rows
from .models import Answer, Question, translate

K = Question.Kind
OTHER = "other"
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000
HONEYPOT = "website"
REQUIRED_MESSAGE = _("Bitte beantworten Sie diese Frage.")


@dataclass
class Item:
    """A question as the template renders it."""

    question: Question
    text: str
    help: str
    name: str = ""  # main field
    other: str = ""  # "other" text field
    parts: list = field(default_factory=list)  # [(field name, label)] for matrix / ranking
    columns: list = field(default_factory=list)  # matrix column labels
    required: bool = False
    soft: bool = False




def _radio(choices, **kw):
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, required=False, **kw)


class PageForm(forms.Form):
    """The questions of one page. ``enforce_required=False`` (back, later, paper) skips
    the required check but still validates what was given."""

    use_required_attribute = False

    def __init__(self, questions, *, language="de", seed=None, enforce_required=True,
                 **kwargs):  # fmt: skip
        super().__init__(**kwargs)
        self.language = language
        self.enforce_required = enforce_required
        self.items = []
        self.soft_missing = []
        self.fields[HONEYPOT] = forms.CharField(required=False, max_length=200)
        for question in questions:
            self.items.append(self._add(question, seed))

    # -- building -------------------------------------------------------------------------
    def _add(self, q, seed):
        t = self.language
        item = Item(
            question=q, text=translate(q.text, t), help=translate(q.help_text, t),
            required=q.requirement == Question.Requirement.REQUIRED,
            soft=q.requirement == Question.Requirement.SOFT,
        )  # fmt: skip
        name = f"q_{q.code}"
        label = item.text
        if q.kind in (K.SINGLE, K.LIKERT, K.MULTIPLE):
            choices = [(str(c.pk), translate(c.label, t)) for c in ordered_choices(q, seed)]
            if q.allow_other and q.kind != K.LIKERT:
                choices.append((OTHER, str(_("Sonstiges, und zwar:"))))
                item.other = f"{name}__other"
                self.fields[item.other] = forms.CharField(
                    label=_("Sonstiges"), required=False, max_length=SHORT_TEXT_MAX
                )
            if q.kind == K.MULTIPLE:
                self.fields[name] = forms.MultipleChoiceField(
                    label=label, choices=choices, required=False,
                    widget=forms.CheckboxSelectMultiple,
                )  # fmt: skip
            else:
                self.fields[name] = _radio(choices, label=label)
            item.name = name
        elif q.kind == K.CATALOG:
            choices = catalog_choices(q)
            if q.catalog_multiple:
                self.fields[name] = forms.MultipleChoiceField(
                    label=label, choices=choices, required=False,
                    widget=forms.CheckboxSelectMultiple,
                )  # fmt: skip
            elif len(choices) > 12:
                self.fields[name] = forms.ChoiceField(
                    label=label, choices=[("", _("– bitte wählen –")), *choices], required=False
                )
            else:
                self.fields[name] = _radio(choices, label=label)
            item.name = name
        elif q.kind == K.MATRIX:
            columns = [(str(c.pk), translate(c.label, t)) for c in ordered_choices(q)]
            item.columns = [col_label for _value, col_label in columns]
            for row in rows(q):
                part = f"{name}__{row.pk}"
                row_label = translate(row.label, t)
                self.fields[part] = _radio(columns, label=row_label)
                item.parts.append((part, row_label))
        elif q.kind == K.RANKING:
            items = ordered_choices(q, seed)
            places = q.max_value if q.max_value and 0 < q.max_value < len(items) else len(items)
            numbers = [("", "–")] + [(str(n), str(n)) for n in range(1, places + 1)]
            for choice in items:
                part = f"{name}__{choice.pk}"
                choice_label = translate(choice.label, t)
                self.fields[part] = forms.ChoiceField(
                    label=choice_label, choices=numbers, required=False
                )
                item.parts.append((part, choice_label))
        elif q.kind == K.NUMBER:
            self.fields[name] = forms.DecimalField(
                label=label, required=False, min_value=q.min_value, max_value=q.max_value,
                max_digits=12, decimal_places=2, localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "narrow"}),
            )  # fmt: skip
            item.name = name
        elif q.kind == K.SHORT_TEXT:
            self.fields[name] = forms.CharField(
                label=label, required=False, max_length=SHORT_TEXT_MAX
            )
            item.name = name
        else:  # long text
            self.fields[name] = forms.CharField(
                label=label, required=False, max_length=LONG_TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 5}),
            )  # fmt: skip
            item.name = name
        return item

    # -- validation -----------------------------------------------------------------------
    def is_spam(self):
        return bool(self.data.get(HONEYPOT))

    def clean(self):
        data = super().clean()
        for item in self.items:
            self._clean_item(item, data)
        return data

    def _clean_item(self, item, data):
        q = item.question
        if q.kind == K.RANKING:
            ranks = {part: data.get(part) for part, _label in item.parts}
            given = [r for r in ranks.values() if r]
            if given:
                places = len(self.fields[item.parts[0][0]].choices) - 1
                if len(set(given)) != len(given):
                    self.add_error(item.parts[0][0], _("Jeder Platz darf nur einmal vorkommen."))
                elif sorted(int(r) for r in given) != list(range(1, places + 1)):
                    self.add_error(
                        item.parts[0][0],
                        _("Bitte vergeben Sie jeden Platz von 1 bis %(n)s genau einmal.")
                        % {"n": places},
                    )
        if item.other:
            chosen = data.get(item.name)
            chose_other = OTHER in chosen if isinstance(chosen, list) else chosen == OTHER
            if chose_other and not data.get(item.other, "").strip():
                self.add_error(item.other, _("Bitte beschreiben Sie „Sonstiges“."))
        if item.name and q.kind == K.MULTIPLE:
            chosen = data.get(item.name) or []
            exclusive = {str(c.pk) for c in q.choices.all() if c.is_exclusive}
            if len(chosen) > 1 and exclusive & set(chosen):
                self.add_error(
                    item.name, _("„%(c)s“ lässt sich nicht mit anderen Antworten kombinieren.")
                    % {"c": self._label(item.name, (exclusive & set(chosen)).pop())},
                )
        anchor = item.name or (item.parts[0][0] if item.parts else None)
        if anchor is None or self.has_error(anchor):
            return
        if not self._answered(item, data):
            if item.required and self.enforce_required:
                self.add_error(anchor, REQUIRED_MESSAGE)
            elif item.soft:
                self.soft_missing.append(item)
        elif q.kind == K.MATRIX and item.required and self.enforce_required:
            for part, _label in item.parts:
                if not data.get(part):
                    self.add_error(part, _("Bitte wählen Sie in dieser Zeile eine Antwort."))

    def _label(self, name, value):
        return dict(self.fields[name].choices).get(value, value)

    @staticmethod
    def _answered(item, data):
        if item.parts:
            return any(data.get(part) for part, _label in item.parts)
        value = data.get(item.name)
        return value not in (None, "", [])

    # -- conversion -----------------------------------------------------------------------
    def answers(self, response):
        """Unsaved Answer rows for the cleaned data."""
        data = self.cleaned_data
        result = []
        for item in self.items:
            q = item.question
            choices = {str(c.pk): c for c in q.choices.all()}
            if q.kind in (K.MATRIX, K.RANKING):
                for part, _label in item.parts:
                    value = data.get(part)
                    if not value:
                        continue
                    choice_id = part.rsplit("__", 1)[1]
                    if q.kind == K.MATRIX:
                        result.append(Answer(response=response, question=q,
                                             row=choices[choice_id], choice=choices[value]))
                    else:
                        result.append(Answer(response=response, question=q,
                                             choice=choices[choice_id], rank=int(value)))
                continue
            value = data.get(item.name)
            if value in (None, "", []):
                continue
            if q.kind == K.NUMBER:
                result.append(Answer(response=response, question=q, number=value))
            elif q.kind in (K.SHORT_TEXT, K.LONG_TEXT):
                if value.strip():
                    result.append(Answer(response=response, question=q, text=value.strip()))
            elif q.kind == K.CATALOG:
                for v in value if isinstance(value, list) else [value]:
                    result.append(Answer(response=response, question=q, value=v))
            else:
                for v in value if isinstance(value, list) else [value]:
                    if v == OTHER:
                        text = data.get(item.other, "").strip()
                        result.append(Answer(response=response, question=q, text=text))
                    else:
                        result.append(Answer(response=response, question=q, choice=choices[v]))
        return result


def initial_from_answers(questions, answers):
    """Form initial data from stored Answer rows (to show a page again)."""
    codes = {q.pk: q for q in questions}
    initial = {}
    for a in answers:
        q = codes.get(a.question_id)
        if q is None:
            continue
        name = f"q_{q.code}"
        if q.kind == K.MATRIX and a.row_id:
            initial[f"{name}__{a.row_id}"] = str(a.choice_id)
        elif q.kind == K.RANKING and a.choice_id:
            initial[f"{name}__{a.choice_id}"] = str(a.rank or "")
        elif q.kind == K.NUMBER and a.number is not None:
            # German decimal comma: the localized field would read "2.50" as 250.
            initial[name] = format(a.number.normalize(), "f").replace(".", ",")
        elif q.kind in (K.SHORT_TEXT, K.LONG_TEXT):
            initial[name] = a.text
        elif q.kind == K.CATALOG:
            if q.catalog_multiple:
                initial.setdefault(name, []).append(a.value)
            else:
                initial[name] = a.value
        else:
            value = str(a.choice_id) if a.choice_id else OTHER
            if not a.choice_id:
                initial[f"{name}__other"] = a.text
            if q.kind == K.MULTIPLE:
                initial.setdefault(name, []).append(value)
            else:
                initial[name] = value
    return initial


class StartForm(forms.Form):
    """The first step: (optional) access code, channel token, language, honeypot."""

    use_required_attribute = False
    code = forms.CharField(label=_("Zugangscode"), required=False, max_length=40)
    k = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    lang = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)
    website = forms.CharField(required=False, max_length=200)


class PrizeDrawForm(forms.Form):
    use_required_attribute = False
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-Mail-Adresse"), max_length=254)
    consent = forms.BooleanField(
        label=_("Ich bin einverstanden, dass meine Angaben nur für das Gewinnspiel gespeichert "
                "und danach gelöscht werden."),
    )  # fmt: skip
    website = forms.CharField(required=False, max_length=200)
