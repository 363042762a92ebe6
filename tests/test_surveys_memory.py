"""Answering reads a survey's structure and the catalog vocabularies from memory; every change
of the structure is seen at once, a changed vocabulary within a minute, and a submit costs a
handful of queries."""

import pytest
from django.urls import reverse

from bildungsportal.surveys import catalog_choices
from bildungsportal.surveys.logic import pages_and_questions
from bildungsportal.surveys.models import Choice, Page, Question, SurveyVersion
from tests import factories
from tests.test_surveys_builder_views import make_survey, question_post
from tests.test_surveys_one_page import all_adult_answers
from tests.test_surveys_one_page import survey as template_survey  # noqa: F401

pytestmark = pytest.mark.django_db


def fresh_version(survey):
    return SurveyVersion.objects.get(pk=survey.current_version().pk)


def texts(version):
    return [
        (p.code, [(q.code, q.text["de"], [c.code for c in q.choices.all()])
                  for q in p.questions.all()])
        for p in pages_and_questions(version)
    ]  # fmt: skip


def test_an_unchanged_version_is_read_once(django_assert_num_queries):
    survey = make_survey()
    first = pages_and_questions(fresh_version(survey))
    version = fresh_version(survey)
    with django_assert_num_queries(0):
        again = pages_and_questions(version)
    assert again is first


def test_every_kind_of_change_is_seen_at_once():
    survey = make_survey()
    before = texts(fresh_version(survey))
    question = Question.objects.get(code="gruppe")
    question.text = {"de": "Neu formuliert"}
    question.save()
    assert texts(fresh_version(survey)) != before
    assert texts(fresh_version(survey))[0][1][0][1] == "Neu formuliert"

    Choice.objects.create(question=question, position=2, code="lehrer", label={"de": "Lehrer"})
    assert texts(fresh_version(survey))[0][1][0][2] == ["schueler", "erwachsen", "lehrer"]
    question.choices.filter(code="schueler").delete()  # a queryset delete, too
    assert texts(fresh_version(survey))[0][1][0][2] == ["erwachsen", "lehrer"]

    page = Page.objects.create(version=fresh_version(survey), position=1, code="zwei",
                               title={"de": "Zwei"})  # fmt: skip
    assert [code for code, _questions in texts(fresh_version(survey))] == ["start", "zwei"]
    page.delete()
    Question.objects.get(code="alter").delete()
    assert texts(fresh_version(survey)) == [
        ("start", [("gruppe", "Neu formuliert", ["erwachsen", "lehrer"])])
    ]


def test_a_builder_edit_shows_on_the_answer_page_at_once(client):
    survey = make_survey()
    survey.save()
    url = reverse("surveys:answer_all", kwargs={"slug": survey.slug})
    assert "Welches Thema?" not in client.get(url).content.decode()  # structure now in memory
    client.force_login(factories.user("buero", office=True))
    create = reverse("surveys:builder_question_create",
                     kwargs={"slug": survey.slug, "page_id": Page.objects.get().pk})
    assert client.post(create + "?art=single", question_post(survey)).status_code == 302
    assert "Welches Thema?" in client.get(url).content.decode()


def test_a_recreated_version_with_a_reused_id_is_read_afresh():
    survey = make_survey()
    pages_and_questions(fresh_version(survey))
    survey.delete()
    survey = make_survey()  # SQLite may hand out the same ids, the revision is the same
    # A bulk update sends no signal: only the version's creation time tells the two apart.
    Question.objects.filter(code="gruppe").update(text={"de": "Andere Frage"})
    assert texts(fresh_version(survey))[0][1][0][1] == "Andere Frage"


def test_vocabularies_are_read_again_after_a_minute(monkeypatch):
    factories.town()
    question = Question(kind="catalog", catalog_vocabulary="town")
    first = catalog_choices.catalog_choices(question)
    factories.town("Heppenheim", ags="06431011", postcodes=("64646",))
    assert catalog_choices.catalog_choices(question) == first  # within the minute: kept
    now = catalog_choices.time.monotonic()
    monkeypatch.setattr(catalog_choices.time, "monotonic",
                        lambda: now + catalog_choices.CACHE_SECONDS)  # fmt: skip
    towns = [value for value, _label in catalog_choices.catalog_choices(question)]
    assert "heppenheim" in towns and len(towns) == len(first) + 1


def test_a_one_page_submit_costs_a_handful_of_queries(client, template_survey,  # noqa: F811
                                                      django_assert_max_num_queries):
    url = reverse("surveys:answer_all", kwargs={"slug": "bildungsumfrage"})
    key = client.get(url).context["submission_key"]
    data = {**all_adult_answers(), "soft_ok": "1", "submission_key": key}
    # Survey with version, then the transaction: begin, response, answers, commit.
    with django_assert_max_num_queries(5):
        done = client.post(url, data)
    assert done.status_code == 302
