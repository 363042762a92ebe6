"""Survey versions: the builder never changes a version that already has responses.

``editable_version(survey)`` is the single door for every builder write: it returns the
current version while nobody has answered it, and otherwise a deep copy (pages, questions,
choices, conditions) numbered one higher. Codes are copied unchanged, so results can combine
the versions; old responses keep pointing at the old version with its old texts.

``duplicate_survey`` copies a survey's latest structure into a new survey as version 1.
"""

from django.db import transaction
from django.utils import timezone

from .models import Channel, Choice, Page, Question, Survey, SurveyVersion


def copy_structure(source, target):
    """Copy every page, question and choice of ``source`` into the empty version ``target``.

    Returns {"pages": {old id: new Page}, "questions": {…}, "choices": {…}} so that a view
    holding an object of the old version can find its counterpart.
    """
    mapping = {"pages": {}, "questions": {}, "choices": {}}
    pages = list(source.pages.order_by("position", "id"))
    questions = list(
        Question.objects.filter(page__version=source).order_by("page_id", "position", "id")
    )
    choices = list(
        Choice.objects.filter(question__page__version=source).order_by("question_id", "id")
    )
    for page in pages:
        old_id = page.pk
        page.pk = page.id = None
        page.version = target
        page._state.adding = True
        mapping["pages"][old_id] = page
    Page.objects.bulk_create(pages)
    for question in questions:
        old_id = question.pk
        question.pk = question.id = None
        question.page = mapping["pages"][question.page_id]
        question._state.adding = True
        mapping["questions"][old_id] = question
    Question.objects.bulk_create(questions)
    for choice in choices:
        old_id = choice.pk
        choice.pk = choice.id = None
        choice.question = mapping["questions"][choice.question_id]
        choice._state.adding = True
        mapping["choices"][old_id] = choice
    Choice.objects.bulk_create(choices)
    return mapping


@transaction.atomic
def editable_version(survey):
    """The version the builder may change now: the current one, or a fresh copy of it.

    The survey row is locked so that two editors saving at once make one new version, not
    two with the same number. A survey without any version gets version 1. The returned
    version carries ``copied`` (the mapping of ``copy_structure``) when it is a new copy,
    else None; ``counterpart`` uses it.
    """
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    current = survey.versions.order_by("-number").first()
    if current is None:
        version = SurveyVersion.objects.create(survey=survey, number=1)
        version.copied = None
        return version
    if not current.is_frozen():
        current.copied = None
        return current
    version = SurveyVersion.objects.create(survey=survey, number=current.number + 1)
    version.copied = copy_structure(current, version)
    return version


def counterpart(version, obj):
    """``obj`` (a Page, Question or Choice of the previous version) inside ``version``."""
    mapping = getattr(version, "copied", None)
    if not mapping or obj is None:
        return obj
    key = {Page: "pages", Question: "questions", Choice: "choices"}[type(obj)]
    return mapping[key][obj.pk]


@transaction.atomic
def duplicate_survey(survey, slug, title=None):
    """A new, closed survey with the latest structure of ``survey`` as version 1.

    Settings and texts are copied; responses, access codes and prize-draw entries are not.
    Channels are copied with new tokens, so the old links and QR codes keep counting for the
    old survey. The copy is never a demo survey.
    """
    source_version = survey.current_version()
    copy = Survey.objects.create(
        slug=slug,
        title=title if title is not None else dict(survey.title),
        introduction=dict(survey.introduction or {}),
        privacy_notice=dict(survey.privacy_notice or {}),
        thank_you=dict(survey.thank_you or {}),
        languages=list(survey.languages or []),
        opens_at=None,
        closes_at=timezone.now(),
        is_demo=False,
        requires_access_code=survey.requires_access_code,
        prize_draw=dict(survey.prize_draw or {}),
        min_cell_size=survey.min_cell_size,
        unfinished_retention_days=survey.unfinished_retention_days,
    )
    version = SurveyVersion.objects.create(survey=copy, number=1)
    if source_version is not None:
        copy_structure(source_version, version)
    Channel.objects.bulk_create(
        Channel(survey=copy, name=channel.name, is_paper=channel.is_paper)
        for channel in survey.channels.all()
    )
    return copy
