"""Forms of the survey builder and the checks that keep a version's structure consistent.

Texts are {language: text} dicts; the forms show one field per language of the survey
(``survey_languages``). Choices are edited as lines ``code = Deutsch | English`` (the parts
after "=" follow the survey's languages; a leading "!" marks an exclusive choice).
Conditions are edited as "show if question X [equals / …] value(s)" and checked against the
questions that come before (``conditions``).
"""

import re
from datetime import timedelta

from django import forms
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from .conditions import (
    CHOICE_KINDS,
    CODE_RE,
    OPERATORS,
    condition_errors,
    describe_condition,
    ordered_questions,
)
from .models import Channel, Question, Survey, translate
from .template import template_choices

DEFAULT_LANGUAGES = ["de", "en"]
RESERVED_SLUGS = {"verwaltung", "auswertung"}
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[a-z]{2,4})?$")
SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 20_000
CHOICE_LINES_MAX = 200

OTHER_KINDS = {Question.Kind.SINGLE, Question.Kind.MULTIPLE}
RANGE_KINDS = {Question.Kind.NUMBER, Question.Kind.RANKING}
RANDOMIZE_KINDS = {Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.RANKING,
                   Question.Kind.MATRIX}

DATETIME_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"]
DATETIME_DISPLAY = "%d.%m.%Y %H:%M"


# -- languages -------------------------------------------------------------------------
def survey_languages(survey):
    """The survey's languages, German first; ["de", "en"] when none are set."""
    languages = [code for code in (survey.languages or []) if isinstance(code, str)]
    languages = languages or list(DEFAULT_LANGUAGES)
    ordered = ["de"] + [code for code in languages if code != "de"]
    return list(dict.fromkeys(ordered))


def language_name(code):
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


class BuilderForm(forms.Form):
    """Labels without the trailing colon (the checkbox labels read better)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class TranslatedFieldsMixin:
    """Adds one form field per language for each name in ``translated`` (name → options)."""

    translated = {}

    def add_translated_fields(self, languages, initial_texts):
        for name, (label, long_text, required_de) in self.translated.items():
            texts = initial_texts.get(name) or {}
            for code in languages:
                widget = forms.Textarea(attrs={"rows": 5}) if long_text else forms.TextInput()
                self.fields[f"{name}_{code}"] = forms.CharField(
                    label=f"{label} ({language_name(code)})",
                    required=required_de and code == "de",
                    max_length=LONG_TEXT_MAX if long_text else SHORT_TEXT_MAX,
                    widget=widget,
                    initial=texts.get(code, "") if isinstance(texts, dict) else "",
                )
        self.languages = languages

    def translated_names(self, *names):
        """The per-language field names of ``names`` (default: all), language by language."""
        return [f"{name}_{code}" for name in (names or self.translated) for code in self.languages]

    def texts(self, name):
        """{language: text} of the cleaned fields, empty texts left out."""
        result = {}
        for code in self.languages:
            value = (self.cleaned_data.get(f"{name}_{code}") or "").strip()
            if value:
                result[code] = value
        return result


# -- surveys ---------------------------------------------------------------------------
def validate_new_slug(slug, exclude=None):
    if not SLUG_RE.match(slug):
        raise ValidationError(
            _("Nur Kleinbuchstaben a–z, Ziffern und Bindestriche, höchstens 80 Zeichen; "
              "am Anfang und Ende kein Bindestrich.")
        )
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("„%(slug)s“ ist für das Portal reserviert. Bitte einen anderen Kurznamen wählen.")
            % {"slug": slug}
        )
    taken = Survey.objects.filter(slug=slug)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError(
            _("Den Kurznamen „%(slug)s“ hat schon eine andere Umfrage.") % {"slug": slug}
        )


class SlugField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Kurzname (Adresse)"))
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault(
            "help_text",
            gettext_lazy(
                "Erscheint in der Adresse /umfrage/kurzname/, z. B. bildungsumfrage-2027."
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value).strip().lower()
        validate_new_slug(value)
        return value


class SurveyCreateForm(TranslatedFieldsMixin, BuilderForm):
    translated = {"title": (gettext_lazy("Titel"), False, True)}

    slug = SlugField()
    template = forms.ChoiceField(
        label=gettext_lazy("Vorlage"), required=False,
        choices=lambda: [("", _("keine (leere Umfrage)")), *template_choices()],
        help_text=gettext_lazy(
            "Eine Vorlage bringt alle Seiten und Fragen mit. Die Bildungsumfrage in Leichter "
            "Sprache hat dieselben Fragen und Antwort-Codes wie die Bildungsumfrage: Ihre "
            "Ergebnisse lassen sich zusammen auswerten."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translated_fields(DEFAULT_LANGUAGES, {})


class DuplicateForm(TranslatedFieldsMixin, BuilderForm):
    translated = {"title": (gettext_lazy("Titel der Kopie"), False, True)}

    slug = SlugField(label=gettext_lazy("Kurzname der Kopie"))

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        titles = {
            code: _("%(title)s (Kopie)") % {"title": text}
            for code, text in (survey.title or {}).items()
            if isinstance(text, str)
        }
        self.add_translated_fields(survey_languages(survey), {"title": titles})


class GermanDateTimeField(forms.DateTimeField):
    def __init__(self, *, end_of_day=False, **kwargs):
        kwargs.setdefault("input_formats", DATETIME_FORMATS)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(format=DATETIME_DISPLAY, attrs={"inputmode": "numeric"}),
        )
        self.end_of_day = end_of_day
        super().__init__(**kwargs)

    def to_python(self, value):
        result = super().to_python(value)
        # A date alone closes at the end of that day, not at its first minute.
        if result is not None and self.end_of_day and ":" not in str(value):
            result += timedelta(days=1)
        return result


class SurveySettingsForm(TranslatedFieldsMixin, BuilderForm):
    translated = {
        "title": (gettext_lazy("Titel"), False, True),
        "introduction": (gettext_lazy("Einleitung"), True, False),
        "privacy_notice": (gettext_lazy("Datenschutzhinweis (Art. 13 DSGVO)"), True, False),
        "thank_you": (gettext_lazy("Dankestext nach dem Absenden"), True, False),
        "prize_draw": (gettext_lazy("Gewinnspiel (leer = keines)"), True, False),
    }

    opens_at = GermanDateTimeField(
        label=gettext_lazy("Geöffnet ab"),
        help_text=gettext_lazy("TT.MM.JJJJ oder TT.MM.JJJJ HH:MM; leer = sofort."),
    )
    closes_at = GermanDateTimeField(
        end_of_day=True,
        label=gettext_lazy("Geöffnet bis"),
        help_text=gettext_lazy(
            "TT.MM.JJJJ (bis zum Ende des Tages) oder TT.MM.JJJJ HH:MM; leer = ohne Ende."
        ),
    )
    min_cell_size = forms.IntegerField(
        label=gettext_lazy("Kleinste gezeigte Gruppe (k)"),
        min_value=1, max_value=1000,
        help_text=gettext_lazy(
            "Gruppen mit weniger Antwortenden werden in allen Auswertungen verborgen. "
            "Üblich: 5."
        ),
    )
    unfinished_retention_days = forms.IntegerField(
        label=gettext_lazy("Unvollständige Antworten löschen nach (Tagen)"),
        min_value=1, max_value=3650,
    )
    requires_access_code = forms.BooleanField(
        label=gettext_lazy("Nur mit Zugangscode (geschlossene Gruppen, z. B. Schulklassen)"),
        required=False,
    )
    add_language = forms.CharField(
        label=gettext_lazy("Weitere Sprache hinzufügen (Sprachcode)"),
        required=False, max_length=10,
        help_text=gettext_lazy("Zum Beispiel tr, ar, uk oder ru. Leer lassen, wenn keine."),
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.add_translated_fields(
            survey_languages(survey),
            {name: getattr(survey, name) for name in self.translated},
        )
        self.fields["opens_at"].initial = survey.opens_at
        self.fields["closes_at"].initial = survey.closes_at
        self.fields["min_cell_size"].initial = survey.min_cell_size
        self.fields["unfinished_retention_days"].initial = survey.unfinished_retention_days
        self.fields["requires_access_code"].initial = survey.requires_access_code
        # Texts first, then dates and numbers, the new language last.
        self.order_fields(self.translated_names())

    def clean_add_language(self):
        code = self.cleaned_data["add_language"].strip().lower()
        if not code:
            return ""
        if not LANGUAGE_RE.match(code) or code not in LANG_INFO:
            raise ValidationError(
                _("„%(code)s“ ist kein bekannter Sprachcode (zum Beispiel tr oder uk).")
                % {"code": code}
            )
        if code in self.languages:
            raise ValidationError(_("Diese Sprache hat die Umfrage schon."))
        return code

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Das Ende muss nach dem Beginn liegen."))
        return data

    def save(self):
        survey = self.survey
        for name in self.translated:
            setattr(survey, name, self.texts(name))
        for name in ("opens_at", "closes_at", "min_cell_size", "unfinished_retention_days",
                     "requires_access_code"):
            setattr(survey, name, self.cleaned_data[name])
        languages = list(self.languages)
        if self.cleaned_data["add_language"]:
            languages.append(self.cleaned_data["add_language"])
        survey.languages = languages
        survey.save()
        return survey


class ChannelForm(forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["name", "is_paper"]
        labels = {"name": gettext_lazy("Name des Kanals"),
                  "is_paper": gettext_lazy("Papierfragebogen (Antworten werden nachgetragen)")}
        help_texts = {"name": gettext_lazy("Zum Beispiel Postkarte Bäckereien, Schule, Bücherei.")}

    def __init__(self, *args, survey, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.survey = survey

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Bitte einen Namen angeben."))
        taken = self.survey.channels.filter(name__iexact=name)
        if self.instance.pk is not None:  # renaming: the channel's own name is no clash
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("Einen Kanal mit diesem Namen gibt es schon."))
        return name


class AccessCodeForm(BuilderForm):
    group = forms.CharField(
        label=gettext_lazy("Gruppe"), max_length=100,
        help_text=gettext_lazy("Zum Beispiel Schule am Markt, Klasse 8b."),
    )
    count = forms.IntegerField(
        label=gettext_lazy("Anzahl der Codes"), min_value=1, max_value=500, initial=30,
    )

    def clean_group(self):
        group = self.cleaned_data["group"].strip()
        if not group:
            raise ValidationError(_("Bitte eine Gruppe angeben."))
        return group


class SurveyDeleteForm(BuilderForm):
    """Deleting a survey is asked for by typing its short name, not by one click."""

    confirm = forms.CharField(
        label=gettext_lazy("Kurzname der Umfrage zur Bestätigung"), max_length=80,
        required=False,
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["confirm"].help_text = _(
            "Geben Sie „%(slug)s“ ein, um die Umfrage mit allen Antworten zu löschen."
        ) % {"slug": survey.slug}

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if not value:
            raise ValidationError(_("Bitte geben Sie zur Bestätigung den Kurznamen ein."))
        if value != self.survey.slug:
            raise ValidationError(
                _("Das ist nicht der Kurzname dieser Umfrage. Es wurde nichts gelöscht.")
            )
        return value


class DrawForm(BuilderForm):
    count = forms.IntegerField(label=gettext_lazy("Anzahl der Gewinnerinnen und Gewinner"),
                               min_value=1, initial=1)

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        self.fields["count"].help_text = _(
            "Zwischen 1 und %(n)d; jeder Eintrag kann nur einmal gezogen werden."
        ) % {"n": entries}

    def clean_count(self):
        count = self.cleaned_data["count"]
        if not self.entries:
            raise ValidationError(_("Es gibt keine Einträge, aus denen gezogen werden kann."))
        if count > self.entries:
            raise ValidationError(
                _("Es gibt nur %(n)d Einträge im Gewinnspiel; bitte höchstens %(n)d ziehen.")
                % {"n": self.entries}
            )
        return count


class ConditionFieldsMixin:
    """Three fields: show if question [X] [op] [values]; blank question = always shown."""

    def add_condition_fields(self, earlier, condition):
        choices = [("", _("immer zeigen (keine Bedingung)"))] + [
            (q.code, f"{q.code}: {translate(q.text)[:60]}") for q in earlier
        ]
        self.earlier = {q.code: q for q in earlier}
        self.old_condition = condition or {}
        if not isinstance(condition, dict):
            condition = {"all": [condition]}  # broken data: described, kept or replaced
        self.complex_condition = bool(condition) and (
            "all" in condition or "any" in condition
        )
        simple = condition if condition and not self.complex_condition else {}
        value = simple.get("value")
        values = value if isinstance(value, list) else ([] if value in (None, "") else [value])
        self.fields["cond_question"] = forms.CharField(
            label=_("Nur zeigen, wenn Frage"), required=False, max_length=50,
            widget=forms.Select(choices=choices), initial=simple.get("question", ""),
            help_text=_("Zur Auswahl stehen nur Fragen, die vorher kommen."),
        )
        self.fields["cond_op"] = forms.ChoiceField(
            label=_("Vergleich"), choices=list(OPERATORS.items()), required=False,
            initial=simple.get("op", "equals"),
        )
        self.fields["cond_values"] = forms.CharField(
            label=_("Antwortcode(s)"), required=False, max_length=SHORT_TEXT_MAX,
            initial=", ".join(str(v) for v in values),
            help_text=_("Codes der gewählten Frage, mehrere durch Komma getrennt."),
        )
        if self.complex_condition:
            self.fields["cond_question"].help_text = _(
                "Zurzeit gilt eine zusammengesetzte Bedingung: %(text)s. Sie bleibt, solange "
                "hier keine Frage gewählt ist."
            ) % {"text": describe_condition(condition)}
            self.fields["cond_clear"] = forms.BooleanField(
                label=_("Zusammengesetzte Bedingung entfernen (immer zeigen)"), required=False
            )

    def clean_condition(self, where, later_codes):
        data = self.cleaned_data
        code = (data.get("cond_question") or "").strip()
        if not code:
            keep = self.complex_condition and not data.get("cond_clear")
            return self.old_condition if keep else {}
        op = data.get("cond_op") or "equals"
        values = [v.strip() for v in (data.get("cond_values") or "").split(",") if v.strip()]
        condition = {"question": code, "op": op}
        if op in ("in", "not_in"):
            condition["value"] = values
        elif op in ("equals", "not_equals"):
            condition["value"] = values[0] if len(values) == 1 else values
        for error in condition_errors(condition, self.earlier, later_codes, where):
            self.add_error("cond_values" if code in self.earlier else "cond_question", error)
        return condition


# -- pages -----------------------------------------------------------------------------
class PageForm(TranslatedFieldsMixin, ConditionFieldsMixin, BuilderForm):
    translated = {"title": (gettext_lazy("Überschrift"), False, False)}

    code = forms.CharField(
        label=gettext_lazy("Code der Seite"), max_length=50,
        help_text=gettext_lazy("Kurz und eindeutig, z. B. schueler oder erwachsene."),
    )

    def __init__(self, *args, survey, version, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.version, self.page = version, page
        self.add_translated_fields(survey_languages(survey), {"title": page.title if page else {}})
        questions = ordered_questions(version)
        if page is None:
            earlier = questions
            position = None
        else:
            position = (page.position, page.pk)
            earlier = [q for q in questions if (q.page.position, q.page_id) < position]
        self.later_codes = {q.code for q in questions} - {q.code for q in earlier}
        self.add_condition_fields(earlier, page.condition if page else {})
        self.fields["code"].initial = page.code if page else ""
        self.order_fields(["code", *self.translated_names()])
        self.fields["cond_question"].label = _("Seite nur zeigen, wenn Frage")
        self.fields["cond_question"].help_text = _(
            "Verzweigung (z. B. Schüler / Erwachsene): die Seite erscheint nur bei passender "
            "Antwort. Zur Auswahl stehen Fragen früherer Seiten."
        )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not SLUG_RE.match(code.lower()) or code != code.lower():
            raise ValidationError(_("Nur Kleinbuchstaben a–z, Ziffern und Bindestriche."))
        taken = self.version.pages.filter(code=code)
        if self.page is not None:
            taken = taken.exclude(pk=self.page.pk)
        if taken.exists():
            raise ValidationError(_("Diesen Seitencode gibt es schon."))
        return code

    def clean(self):
        data = super().clean()
        data["condition"] = self.clean_condition(_("Bedingung"), self.later_codes)
        return data

    def apply(self, page):
        page.code = self.cleaned_data["code"]
        page.title = self.texts("title")
        page.condition = self.cleaned_data["condition"]
        page.save()
        return page


# -- questions -------------------------------------------------------------------------
def parse_choice_lines(text, languages, what):
    """Lines "code = Deutsch | English" → [(code, {lang: label}, exclusive)]; raises."""
    result, errors, seen = [], [], set()
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > CHOICE_LINES_MAX:
        raise ValidationError(
            _("Höchstens %(max)d Zeilen.") % {"max": CHOICE_LINES_MAX}
        )
    for number, line in enumerate(lines, 1):
        exclusive = line.startswith("!")
        line = line.removeprefix("!").strip()
        if "=" not in line:
            errors.append(_("Zeile %(n)d: Bitte „Code = Text“ schreiben, z. B. „1 = Ja“.")
                          % {"n": number})
            continue
        code, _sep, labels = line.partition("=")
        code = code.strip()
        if not CODE_RE.match(code):
            errors.append(_(
                "Zeile %(n)d: Der Code „%(code)s“ darf nur Buchstaben, Ziffern, _ und - "
                "enthalten (höchstens 50 Zeichen)."
            ) % {"n": number, "code": code[:60]})
            continue
        if code in seen:
            errors.append(_("Zeile %(n)d: Der Code „%(code)s“ kommt doppelt vor.")
                          % {"n": number, "code": code})
            continue
        seen.add(code)
        parts = [part.strip() for part in labels.split("|")]
        if len(parts) > len(languages):
            errors.append(_("Zeile %(n)d: Mehr Übersetzungen als Sprachen (%(langs)s).")
                          % {"n": number, "langs": ", ".join(languages)})
            continue
        label = {lang: part for lang, part in zip(languages, parts, strict=False) if part}
        if not label.get("de"):
            errors.append(_("Zeile %(n)d: Der deutsche Text fehlt.") % {"n": number})
            continue
        if any(len(part) > SHORT_TEXT_MAX for part in parts):
            errors.append(_("Zeile %(n)d: Der Text ist zu lang.") % {"n": number})
            continue
        result.append((code, label, exclusive))
    if errors:
        raise ValidationError([f"{what}: {error}" for error in errors])
    return result


def choice_lines(choices, languages):
    """The textarea text for existing choices."""
    lines = []
    for choice in choices:
        label = choice.label if isinstance(choice.label, dict) else {}
        parts = [label.get(lang, "") for lang in languages]
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        prefix = "!" if choice.is_exclusive else ""
        lines.append(f"{prefix}{choice.code} = " + " | ".join(parts))
    return "\n".join(lines)


class QuestionForm(TranslatedFieldsMixin, ConditionFieldsMixin, BuilderForm):
    translated = {
        "text": (gettext_lazy("Frage"), False, True),
        "help_text": (gettext_lazy("Hinweis unter der Frage"), False, False),
    }

    code = forms.CharField(
        label=gettext_lazy("Code (Variablenname)"), max_length=50,
        help_text=gettext_lazy(
            "Eindeutig in der Umfrage, bleibt über Versionen gleich; erscheint in Exporten "
            "(z. B. q1, alter, wunschthemen)."
        ),
    )
    page = forms.TypedChoiceField(label=gettext_lazy("Seite"), coerce=int)
    requirement = forms.ChoiceField(
        label=gettext_lazy("Antwort"), choices=Question.Requirement.choices,
        initial=Question.Requirement.OPTIONAL,
    )
    choices_text = forms.CharField(
        label=gettext_lazy("Antworten"), required=False, max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    rows_text = forms.CharField(
        label=gettext_lazy("Zeilen der Matrix (Aussagen)"), required=False,
        max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6}),
    )
    randomize_choices = forms.BooleanField(
        label=gettext_lazy("Antworten in zufälliger Reihenfolge zeigen"), required=False
    )
    allow_other = forms.BooleanField(
        label=gettext_lazy("Mit „Sonstiges“ und Textfeld"), required=False
    )
    catalog_vocabulary = forms.ChoiceField(
        label=gettext_lazy("Werte aus dem Katalog"),
        choices=[("", "–")] + list(Question.CatalogVocabulary.choices), required=False,
    )
    catalog_multiple = forms.BooleanField(
        label=gettext_lazy("Mehrere Werte wählbar"), required=False
    )
    min_value = forms.IntegerField(label=gettext_lazy("Kleinster Wert"), required=False,
                                   min_value=-(10**9), max_value=10**9)
    max_value = forms.IntegerField(label=gettext_lazy("Größter Wert"), required=False,
                                   min_value=-(10**9), max_value=10**9)
    is_band = forms.BooleanField(
        label=gettext_lazy("Merkmal für Kreuztabellen (z. B. Altersgruppe, Ort, Zweig)"),
        required=False,
    )

    def __init__(self, *args, survey, version, kind, question=None, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.version, self.kind, self.question = version, kind, question
        languages = survey_languages(survey)
        self.add_translated_fields(languages, {
            "text": question.text if question else {},
            "help_text": question.help_text if question else {},
        })
        pages = list(version.pages.order_by("position", "id"))
        self.pages = {p.pk: p for p in pages}
        self.fields["page"].choices = [(p.pk, f"{p.position + 1}. {p}") for p in pages]
        self.fields["page"].initial = question.page_id if question else (page.pk if page else None)
        questions = ordered_questions(version)
        self.questions = questions
        self.add_condition_fields(self._earlier(questions, question, page),
                                  question.condition if question else {})
        self.order_fields(["code", *self.translated_names(), "page", "requirement",
                           "choices_text", "rows_text", "randomize_choices", "allow_other",
                           "catalog_vocabulary", "catalog_multiple", "min_value", "max_value",
                           "is_band", "cond_question", "cond_op", "cond_values",
                           "cond_clear"])
        lines_help = _(
            "Eine Antwort je Zeile: „Code = Text“, Übersetzungen mit | in der Reihenfolge "
            "%(langs)s, z. B. „1 = Ja | Yes“. Ein ! am Anfang macht eine Antwort exklusiv "
            "(z. B. „!99 = keine davon“)."
        ) % {"langs": ", ".join(language_name(code) for code in languages)}
        self.fields["choices_text"].help_text = lines_help
        self.fields["rows_text"].help_text = lines_help
        if question:
            for name in ("code", "requirement", "randomize_choices", "allow_other",
                         "catalog_vocabulary", "catalog_multiple", "min_value", "max_value",
                         "is_band"):
                self.fields[name].initial = getattr(question, name)
            choices = list(question.choices.all())
            self.fields["choices_text"].initial = choice_lines(
                [c for c in choices if not c.is_row], languages
            )
            self.fields["rows_text"].initial = choice_lines(
                [c for c in choices if c.is_row], languages
            )
        else:
            self.fields["catalog_multiple"].initial = True
        self._keep_fields_for_kind(kind)

    @staticmethod
    def _earlier(questions, question, page):
        if question is not None:
            key = (question.page.position, question.page_id, question.position, question.pk)
            return [q for q in questions
                    if (q.page.position, q.page_id, q.position, q.pk) < key]
        if page is not None:
            key = (page.position, page.pk)
            return [q for q in questions if (q.page.position, q.page_id) <= key]
        return questions

    def _keep_fields_for_kind(self, kind):
        drop = set()
        if kind not in CHOICE_KINDS:
            drop |= {"choices_text"}
        if kind != Question.Kind.MATRIX:
            drop |= {"rows_text"}
        if kind not in RANDOMIZE_KINDS:
            drop |= {"randomize_choices"}
        if kind not in OTHER_KINDS:
            drop |= {"allow_other"}
        if kind != Question.Kind.CATALOG:
            drop |= {"catalog_vocabulary", "catalog_multiple"}
        if kind not in RANGE_KINDS:
            drop |= {"min_value", "max_value"}
        for name in drop:
            del self.fields[name]
        labels = {
            Question.Kind.LIKERT: _("Skalenpunkte"),
            Question.Kind.MATRIX: _("Spalten der Matrix (Antwortskala)"),
            Question.Kind.RANKING: _("Dinge, die in eine Rangfolge gebracht werden"),
        }
        if kind in labels and "choices_text" in self.fields:
            self.fields["choices_text"].label = labels[kind]
        if kind == Question.Kind.RANKING:
            del self.fields["min_value"]
            self.fields["max_value"].label = _("Anzahl der Plätze (leer = alle)")
            self.fields["max_value"].min_value = 1

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not CODE_RE.match(code):
            raise ValidationError(_("Nur Buchstaben, Ziffern, _ und -, höchstens 50 Zeichen."))
        others = [q for q in self.questions if q.code == code and q != self.question]
        if others:
            raise ValidationError(_("Den Fragecode „%(code)s“ gibt es in dieser Umfrage schon.")
                                  % {"code": code})
        return code

    def clean_choices_text(self):
        return parse_choice_lines(self.cleaned_data["choices_text"], self.languages,
                                  _("Antworten"))

    def clean_rows_text(self):
        return parse_choice_lines(self.cleaned_data["rows_text"], self.languages, _("Zeilen"))

    def clean(self):
        data = super().clean()
        kind = self.kind
        if kind in CHOICE_KINDS and "choices_text" in data and len(data["choices_text"]) < 2:
            self.add_error("choices_text", _("Bitte mindestens zwei Antworten angeben."))
        if kind == Question.Kind.MATRIX and "rows_text" in data and not data["rows_text"]:
            self.add_error("rows_text", _("Bitte mindestens eine Zeile angeben."))
        if kind == Question.Kind.CATALOG and not data.get("catalog_vocabulary"):
            self.add_error("catalog_vocabulary", _("Bitte wählen, welche Katalogwerte gelten."))
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and low > high:
            self.add_error("max_value", _("Der größte Wert muss mindestens der kleinste sein."))
        page_id = data.get("page")
        if page_id is not None and page_id not in self.pages:
            self.add_error("page", _("Diese Seite gehört nicht zu der Umfrage."))
        later = {q.code for q in self.questions} - set(self.earlier)
        data["condition"] = self.clean_condition(_("Bedingung"), later)
        return data

    def apply(self, question, page):
        """Write the cleaned data into ``question`` (of the editable version) and its choices."""
        data = self.cleaned_data
        moved = question.pk is None or question.page_id != page.pk
        question.page = page
        question.kind = self.kind
        question.code = data["code"]
        question.text = self.texts("text")
        question.help_text = self.texts("help_text")
        question.requirement = data["requirement"]
        question.condition = data["condition"]
        question.is_band = data["is_band"]
        question.randomize_choices = data.get("randomize_choices", False)
        question.allow_other = data.get("allow_other", False)
        question.catalog_vocabulary = data.get("catalog_vocabulary", "")
        question.catalog_multiple = data.get("catalog_multiple", True)
        question.min_value = data.get("min_value")
        question.max_value = data.get("max_value")
        if moved:
            last = page.questions.order_by("-position").values_list("position", flat=True).first()
            question.position = 0 if last is None else last + 1
        question.save()
        self._save_choices(question, data.get("choices_text", []), is_row=False)
        self._save_choices(question, data.get("rows_text", []), is_row=True)
        return question

    @staticmethod
    def _save_choices(question, lines, is_row):
        existing = {c.code: c for c in question.choices.filter(is_row=is_row)}
        keep = set()
        for position, (code, label, exclusive) in enumerate(lines):
            choice = existing.get(code)
            if choice is None:
                choice = question.choices.model(question=question, code=code, is_row=is_row)
            choice.position, choice.label, choice.is_exclusive = position, label, exclusive
            choice.save()
            keep.add(code)
        question.choices.filter(is_row=is_row).exclude(code__in=keep).delete()


class KindForm(BuilderForm):
    art = forms.ChoiceField(
        label=gettext_lazy("Fragetyp"), choices=Question.Kind.choices,
        widget=forms.RadioSelect,
    )
