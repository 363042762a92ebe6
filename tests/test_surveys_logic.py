"""Conditions, visible pages, stable random order, answer values."""

import pytest

from bildungsportal.surveys.logic import (
    answer_values,
    is_visible,
    ordered_choices,
    response_answers,
    visible_pages,
)
from bildungsportal.surveys.models import Answer, Choice, Page, Question, Response
from tests.test_surveys_answer import survey  # noqa: F401

A = {"gruppe": "schueler", "hindernisse": ["zeit", "kosten"], "alter": None, "n": 0,
     "matrix": {"a": "1"}, "text": ""}  # fmt: skip


@pytest.mark.parametrize("condition, expected", [
    ({}, True),
    (None, True),
    ({"question": "gruppe", "op": "equals", "value": "schueler"}, True),
    ({"question": "gruppe", "op": "equals", "value": "erwachsen"}, False),
    ({"question": "gruppe", "value": "schueler"}, True),  # equals is the default
    ({"question": "gruppe", "op": "not_equals", "value": "erwachsen"}, True),
    ({"question": "gruppe", "op": "in", "value": ["x", "schueler"]}, True),
    ({"question": "gruppe", "op": "not_in", "value": ["x", "schueler"]}, False),
    ({"question": "hindernisse", "op": "equals", "value": "kosten"}, True),
    ({"question": "hindernisse", "op": "not_in", "value": ["sprache"]}, True),
    ({"question": "alter", "op": "answered"}, False),
    ({"question": "text", "op": "answered"}, False),
    ({"question": "n", "op": "answered"}, True),
    ({"question": "n", "op": "equals", "value": 0}, True),
    ({"question": "matrix", "op": "answered"}, True),
    ({"question": "fehlt", "op": "equals", "value": "x"}, False),
    ({"question": "fehlt", "op": "not_equals", "value": "x"}, True),
    ({"all": [{"question": "gruppe", "value": "schueler"},
              {"question": "hindernisse", "value": "zeit"}]}, True),
    ({"all": [{"question": "gruppe", "value": "schueler"},
              {"question": "hindernisse", "value": "sprache"}]}, False),
    ({"any": [{"question": "gruppe", "value": "erwachsen"},
              {"question": "hindernisse", "value": "zeit"}]}, True),
    ({"any": [{"question": "gruppe", "value": "erwachsen"}]}, False),
    # Malformed conditions show the element rather than hide answers.
    ({"question": "gruppe", "op": "kaputt", "value": "x"}, True),
    ({"question": ["gruppe"], "op": "equals", "value": "x"}, True),
    ({"all": "kein-liste"}, True),
    ("kein-dict", True),
])  # fmt: skip
def test_is_visible(condition, expected):
    assert is_visible(condition, A) is expected


@pytest.mark.django_db
def test_visible_pages_follow_the_branch(survey):  # noqa: F811
    pages = list(survey.current_version().pages.all())
    codes = [p.code for p in visible_pages(pages, {"gruppe": "schueler"})]
    assert codes == ["start", "schule", "formate", "hindernisse", "ideen", "angaben"]
    codes = [p.code for p in visible_pages(pages, {"gruppe": "erwachsen"})]
    assert codes == ["start", "erwachsene", "formate", "hindernisse", "ideen", "angaben"]
    assert "schule" not in [p.code for p in visible_pages(pages, {})]


@pytest.mark.django_db
def test_page_without_visible_questions_is_skipped(survey):  # noqa: F811
    page = Page.objects.get(code="ideen")
    page.questions.update(condition={"question": "gruppe", "value": "niemand"})
    pages = list(survey.current_version().pages.all())
    assert "ideen" not in [p.code for p in visible_pages(pages, {"gruppe": "erwachsen"})]


@pytest.mark.django_db
def test_random_order_is_stable_per_seed_and_keeps_exclusive_last(survey):  # noqa: F811
    question = Question.objects.get(code="hindernisse")
    orders = {tuple(c.code for c in ordered_choices(question, seed)) for seed in range(20)}
    assert len(orders) > 1
    assert all(order[-1] == "nichts" for order in orders)
    assert ordered_choices(question, 7) == ordered_choices(question, 7)
    plain = [c.code for c in ordered_choices(question)]  # no seed (paper): as defined
    assert plain == list(question.choices.filter(is_row=False).values_list("code", flat=True))
    question.randomize_choices = False
    assert [c.code for c in ordered_choices(question, 3)] == plain


@pytest.mark.django_db
def test_answer_values_shapes(survey):  # noqa: F811
    response = Response.objects.create(version=survey.current_version())
    q = {code: Question.objects.get(code=code) for code in
         ("gruppe", "hindernisse", "wichtigkeit", "kriterien", "anzahl_kurse", "fehlt",
          "themen", "wohnort")}  # fmt: skip

    def c(code, choice_code, row=False):
        return Choice.objects.get(question__code=code, code=choice_code, is_row=row)

    Answer.objects.bulk_create([
        Answer(response=response, question=q["gruppe"], choice=c("gruppe", "erwachsen")),
        Answer(response=response, question=q["hindernisse"], choice=c("hindernisse", "zeit")),
        Answer(response=response, question=q["hindernisse"], text="Pflege"),
        Answer(response=response, question=q["wichtigkeit"], row=c("wichtigkeit", "beruf", True),
               choice=c("wichtigkeit", "2")),
        Answer(response=response, question=q["kriterien"], choice=c("kriterien", "preis"),
               rank=1),
        Answer(response=response, question=q["anzahl_kurse"], number=4),
        Answer(response=response, question=q["fehlt"], text="Steuern"),
        Answer(response=response, question=q["themen"], value="sprachen"),
        Answer(response=response, question=q["wohnort"], value="bensheim"),
    ])  # fmt: skip
    values = answer_values(response_answers(response))
    assert values["gruppe"] == "erwachsen"
    assert values["hindernisse"] == ["zeit", "other"]
    assert values["wichtigkeit"] == {"beruf": "2"}
    assert values["kriterien"] == {"preis": 1}
    assert values["anzahl_kurse"] == 4
    assert values["fehlt"] == "Steuern"
    assert values["themen"] == ["sprachen"]  # multiple catalog question: always a list
    assert values["wohnort"] == "bensheim"
