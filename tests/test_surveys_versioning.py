"""Survey versions: a change after the first response makes a new version; duplicating."""

import pytest
from django.utils import timezone

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
from bildungsportal.surveys.versioning import (
    counterpart,
    duplicate_survey,
    editable_version,
)

pytestmark = pytest.mark.django_db


def make_survey(slug="wuensche"):
    survey = Survey.objects.create(
        slug=slug, title={"de": "Wünsche", "en": "Wishes"}, languages=["de", "en"],
        introduction={"de": "Hallo"}, min_cell_size=7, requires_access_code=True,
    )
    version = SurveyVersion.objects.create(survey=survey, number=1)
    page = Page.objects.create(version=version, position=0, code="start",
                               title={"de": "Start"})
    branch = Page.objects.create(version=version, position=1, code="schule",
                                 condition={"question": "gruppe", "op": "equals",
                                            "value": "schueler"})
    group = Question.objects.create(page=page, position=0, code="gruppe", kind="single",
                                    text={"de": "Wer sind Sie?"}, is_band=True)
    Choice.objects.create(question=group, position=0, code="schueler", label={"de": "Schüler"})
    Choice.objects.create(question=group, position=1, code="erwachsen",
                          label={"de": "Erwachsen"})
    matrix = Question.objects.create(page=branch, position=0, code="faecher", kind="matrix",
                                     text={"de": "Fächer"})
    Choice.objects.create(question=matrix, position=0, code="1", label={"de": "gern"})
    Choice.objects.create(question=matrix, position=1, code="2", label={"de": "ungern"})
    Choice.objects.create(question=matrix, position=0, code="mathe", label={"de": "Mathe"},
                          is_row=True)
    return survey


def answer(survey, code="schueler"):
    version = survey.current_version()
    response = Response.objects.create(version=version, submitted_on=timezone.localdate())
    question = Question.objects.get(page__version=version, code="gruppe")
    Answer.objects.create(response=response, question=question,
                          choice=question.choices.get(code=code))
    return response


def structure(version):
    return [
        (q.page.code, q.page.condition, q.code, q.kind, q.text, q.is_band,
         sorted((c.code, c.is_row, c.label["de"]) for c in q.choices.all()))
        for q in Question.objects.filter(page__version=version)
        .select_related("page").order_by("page__position", "position")
    ]


def test_editable_version_is_the_current_one_while_nobody_answered():
    survey = make_survey()
    version = editable_version(survey)

    assert version == survey.current_version()
    assert version.number == 1
    assert version.copied is None
    assert SurveyVersion.objects.filter(survey=survey).count() == 1


def test_a_version_with_responses_is_copied_deeply_with_codes_kept():
    survey = make_survey()
    old = survey.current_version()
    answer(survey)

    new = editable_version(survey)

    assert new.number == 2
    assert survey.current_version() == new
    assert structure(new) == structure(old)
    # Deep copy: no page, question or choice is shared between the versions.
    old_ids = set(Choice.objects.filter(question__page__version=old).values_list("id", flat=True))
    new_ids = set(Choice.objects.filter(question__page__version=new).values_list("id", flat=True))
    assert old_ids and new_ids and not old_ids & new_ids
    old_question = Question.objects.get(page__version=old, code="gruppe")
    assert counterpart(new, old_question).code == "gruppe"
    assert counterpart(new, old_question).page.version == new


def test_editing_after_responses_keeps_old_answers_on_the_old_text():
    survey = make_survey()
    response = answer(survey)
    old_question = Question.objects.get(page__version=survey.current_version(), code="gruppe")

    version = editable_version(survey)
    question = counterpart(version, old_question)
    question.text = {"de": "Neue Frage"}
    question.save()

    response.refresh_from_db()
    stored = response.answers.get()
    assert response.version.number == 1
    assert stored.question.text == {"de": "Wer sind Sie?"}
    assert stored.choice.code == "schueler"
    assert stored.question.page.version.number == 1
    assert Question.objects.get(page__version=version, code="gruppe").text == {"de": "Neue Frage"}
    # A second edit while v2 has no responses yet stays in v2.
    assert editable_version(survey).number == 2


def test_a_survey_without_versions_gets_version_one():
    survey = Survey.objects.create(slug="leer", title={"de": "Leer"})

    assert editable_version(survey).number == 1


def test_duplicate_copies_latest_structure_as_v1_with_new_channel_tokens():
    survey = make_survey()
    Channel.objects.create(survey=survey, name="Postkarte", is_paper=True)
    answer(survey)
    v2 = editable_version(survey)
    Question.objects.filter(page__version=v2, code="gruppe").update(text={"de": "Version 2"})

    copy = duplicate_survey(survey, "wuensche-2027", title={"de": "Wünsche 2027"})

    assert copy.slug == "wuensche-2027"
    assert copy.title == {"de": "Wünsche 2027"}
    assert list(copy.versions.values_list("number", flat=True)) == [1]
    assert structure(copy.current_version()) == structure(v2)
    assert Response.objects.filter(version__survey=copy).count() == 0
    assert not copy.is_open()
    assert not copy.is_demo
    assert copy.min_cell_size == 7 and copy.requires_access_code
    assert copy.introduction == {"de": "Hallo"}
    (channel,) = copy.channels.all()
    original = survey.channels.get()
    assert (channel.name, channel.is_paper) == ("Postkarte", True)
    assert channel.token != original.token
    # The original is untouched.
    assert survey.versions.count() == 2
    assert Response.objects.filter(version__survey=survey).count() == 1

