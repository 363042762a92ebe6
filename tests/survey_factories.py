"""Survey test data made directly with the ORM: a survey, its questions and many responses.

`respond(survey, {"q": value, ...}, n=7)` creates n identical responses at once. Values per
question kind: single/likert → choice code; multiple → list of choice codes, with
("other", "text") for "Sonstiges"; matrix/likert with rows → {row code: choice code};
ranking → item codes in rank order; number → a number; texts → a string; catalog → a slug or
a list of slugs.
"""

from datetime import date

from bildungsportal.surveys.models import (
    Answer,
    Channel,
    Choice,
    Page,
    Question,
    Response,
    Survey,
    SurveyVersion,
)

DAY = date(2025, 3, 14)


def survey(slug="testumfrage", k=5, title="Testumfrage", **fields):
    item = Survey.objects.create(
        slug=slug, title={"de": title, "en": "Test survey"}, languages=["de", "en"],
        min_cell_size=k, **fields,
    )
    version = SurveyVersion.objects.create(survey=item, number=1)
    Page.objects.create(version=version, position=0, code="seite-1", title={"de": "Seite 1"})
    return item


def page_of(item):
    return Page.objects.filter(version=item.current_version()).first()


def question(item, code, kind, text=None, choices=(), rows=(), **fields):
    page = page_of(item)
    q = Question.objects.create(
        page=page, code=code, kind=kind, text={"de": text or f"Frage {code}"},
        position=page.questions.count(), **fields,
    )
    for position, (choice_code, label) in enumerate(choices):
        Choice.objects.create(question=q, position=position, code=choice_code,
                              label={"de": label})
    for position, (row_code, label) in enumerate(rows):
        Choice.objects.create(question=q, position=position, code=row_code,
                              label={"de": label}, is_row=True)
    return q


def channel(item, name="Postkarte"):
    return Channel.objects.create(survey=item, name=name)


def respond(item, values, n=1, *, channel=None, submitted=True, day=DAY, source="online",
            language="de"):
    """n responses with the same ``values``; returns the list of Response objects."""
    version = item.current_version()
    questions = {
        q.code: q for q in Question.objects.filter(page__version=version).prefetch_related(
            "choices")
    }
    responses = Response.objects.bulk_create([
        Response(version=version, channel=channel, source=source, language=language,
                 started_on=day, submitted_on=day if submitted else None)
        for _ in range(n)
    ])
    answers = []
    for response in responses:
        for code, value in values.items():
            answers += _answers(response, questions[code], value)
    Answer.objects.bulk_create(answers)
    return responses


def _answers(response, q, value):
    choices = {c.code: c for c in q.choices.all() if not c.is_row}
    rows = {c.code: c for c in q.choices.all() if c.is_row}
    kind = q.kind
    if kind == Question.Kind.CATALOG:
        values = value if isinstance(value, list | tuple) else [value]
        return [Answer(response=response, question=q, value=slug) for slug in values]
    if kind == Question.Kind.NUMBER:
        return [Answer(response=response, question=q, number=value)]
    if kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
        return [Answer(response=response, question=q, text=value)]
    if kind == Question.Kind.RANKING:
        return [Answer(response=response, question=q, choice=choices[code], rank=rank)
                for rank, code in enumerate(value, start=1)]
    if isinstance(value, dict):
        return [Answer(response=response, question=q, row=rows[row], choice=choices[code])
                for row, code in value.items()]
    if isinstance(value, list | tuple) and kind == Question.Kind.MULTIPLE:
        out = []
        for item in value:
            if isinstance(item, tuple):  # ("other", text)
                out.append(Answer(response=response, question=q, text=item[1]))
            else:
                out.append(Answer(response=response, question=q, choice=choices[item]))
        return out
    return [Answer(response=response, question=q, choice=choices[value])]


YES_NO = (("1", "Ja"), ("2", "Nein"))
AGE = (("1", "unter 18"), ("2", "18–39"), ("3", "40–64"), ("4", "65 und älter"))
LIKERT = (("1", "gar nicht"), ("2", "wenig"), ("3", "teils"), ("4", "ziemlich"),
          ("5", "sehr"))


def full_survey(slug="bildung-test", k=5):
    """A survey with one question of every kind and the bands age and branch."""
    item = survey(slug, k=k)
    question(item, "alter", "single", "Wie alt sind Sie?", AGE, is_band=True)
    question(item, "zweig", "single", "Schüler oder Erwachsene?",
             (("s", "Schülerin/Schüler"), ("e", "Erwachsene")), is_band=True)
    question(item, "interesse", "single", "Interessiert Sie Weiterbildung?", YES_NO)
    question(item, "themen", "multiple", "Welche Themen?",
             (("1", "Sprachen"), ("2", "Digitales"), ("3", "Finanzen")), allow_other=True)
    question(item, "zufrieden", "likert", "Wie zufrieden sind Sie?", LIKERT)
    question(item, "bewertung", "matrix", "Wie bewerten Sie …", LIKERT,
             rows=(("a", "Erreichbarkeit"), ("b", "Preise")))
    question(item, "rang", "ranking", "Ordnen Sie", (("x", "Zeit"), ("y", "Geld"),
                                                    ("z", "Ort")))
    question(item, "stunden", "number", "Wie viele Stunden pro Woche?", min_value=0,
             max_value=40)
    question(item, "wunsch", "long_text", "Was wünschen Sie sich?")
    question(item, "thema_kat", "catalog", "Welche Themen (Katalog)?",
             catalog_vocabulary="topic")
    question(item, "ort", "catalog", "Wo wohnen Sie?", catalog_vocabulary="town",
             catalog_multiple=False, is_band=True)
    return item
