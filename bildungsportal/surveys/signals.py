"""Count every change of a version's structure in ``SurveyVersion.revision``.

Answering reads a version's pages, questions and choices from memory
(logic.pages_and_questions), keyed by the revision; each save or delete of a page, question or
choice bumps it in the same transaction, so a changed structure is read afresh. Bulk writes
(QuerySet.update, bulk_create) send no signals: they are only used on new versions
(versioning.copy_structure, the template, the LimeSurvey import), whose key is new anyway.
"""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Choice, Page, Question, SurveyVersion


def bump(version_id):
    if version_id is not None:
        SurveyVersion.objects.filter(pk=version_id).update(revision=F("revision") + 1)


def _version_of_page(page_id):
    return Page.objects.filter(pk=page_id).values_list("version_id", flat=True).first()


def _version_of_question(question_id):
    return (
        Question.objects.filter(pk=question_id).values_list("page__version_id", flat=True).first()
    )


@receiver([post_save, post_delete], sender=Page)
def page_changed(sender, instance, **kwargs):
    bump(instance.version_id)


@receiver([post_save, post_delete], sender=Question)
def question_changed(sender, instance, **kwargs):
    # Deleted together with its page, a question finds no page: the page's own signal counts.
    bump(_version_of_page(instance.page_id))


@receiver([post_save, post_delete], sender=Choice)
def choice_changed(sender, instance, **kwargs):
    bump(_version_of_question(instance.question_id))
