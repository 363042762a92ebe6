"""The whole survey on one page: every page's questions in one form, one POST to submit.

For people who like to see all questions at once, for screen-reader users who prefer one
document, and as the cheapest way to submit (one request). Conditional pages and questions
are all shown, each with a plain note "Nur ausfüllen, wenn …" (as on paper); on submit the
answers are checked as the page-by-page flow checks them: the conditions are evaluated on the
posted answers, answers to hidden questions are dropped, required and soft-required count only
for the questions that remain visible. The Response and its Answers are stored in one
transaction; the form's random submission key makes a second submit store nothing.
"""

import secrets

from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import ratelimit, tickets
from .conditions import note_for_respondents
from .forms import PageForm
from .live_conditions import BrowserConditions
from .logic import answer_values, is_visible, pages_and_questions
from .models import AccessCode, Answer, Channel, Response, Survey, SurveyVersion, translate
from .public_views import (
    _anchor,
    _bound_items,
    _context,
    _error_list,
    _language,
    _thanks_redirect,
    remember_wished_topics,
    too_many_requests,
    ui_language,
)

KEY_MAX = 64


def answer_all(request, slug):
    # The survey and its current version in one query (a survey without versions in two).
    version = (
        SurveyVersion.objects.select_related("survey").filter(
            survey__slug=slug, survey__in=Survey.objects.in_region())
        .order_by("-number").first()
    )  # fmt: skip
    survey = version.survey if version else get_object_or_404(
        Survey.objects.in_region(), slug=slug)
    lang = _language(request, survey)
    with ui_language(lang):
        if version is None or not survey.is_open():
            if done := _submitted(request, survey):
                return _thanks_redirect(survey, done)
            now = timezone.now()
            not_yet = version is not None and survey.opens_at is not None and now < survey.opens_at
            return render(
                request, "surveys/answer/closed.html",
                _context(request, survey, lang, not_yet=not_yet),
            )  # fmt: skip
        return _answer_all(request, survey, version, lang)


def _submitted(request, survey):
    """The language of the response already stored with the posted key, else None.

    A double submit must end on the thank-you page, whatever the second request meets
    (a used access code, the rate limit, a closed survey). Asked only on the ways that store
    nothing, so a first submit costs no query for it; the key's unique constraint catches
    two submits at the same instant.
    """
    key = request.POST.get("submission_key", "")[:KEY_MAX] if request.method == "POST" else ""
    if not key:
        return None
    return (
        Response.objects.filter(submission_key=key, version__survey=survey)
        .values_list("language", flat=True).first()
    )  # fmt: skip


def visible_codes(pages, values):
    """The question codes that stay visible for ``values``, answers of hidden ones dropped
    until nothing changes (a hidden answer may itself open another branch)."""
    for _round in range(len(pages) + 2):
        codes = {
            q.code
            for page in pages
            if is_visible(page.condition, values)
            for q in page.questions.all()
            if is_visible(q.condition, values)
        }
        kept = {code: value for code, value in values.items() if code in codes}
        if kept == values:
            return codes
        values = kept
    return codes


def _answer_all(request, survey, version, lang):
    pages = pages_and_questions(version)
    questions = [q for p in pages for q in p.questions.all()]
    if not questions:
        raise Http404(_("Diese Umfrage hat keine Fragen."))
    posted = request.method == "POST"
    key = (request.POST.get("submission_key", "") if posted else "")[:KEY_MAX]
    key = key or secrets.token_urlsafe(24)
    channel_token = (request.POST if posted else request.GET).get("k", "")[:60]
    # The random choice order must stay the same when the page is shown again with errors.
    seed = key
    form = PageForm(questions, language=lang, seed=seed, data=request.POST if posted else None)
    code_error = ""
    soft_notice = changed = False
    code_value = request.POST.get("code", "")[:40] if posted else ""
    if posted:
        if form.is_spam():
            return _thanks_redirect(survey, lang)  # a bot: looks like success, stores nothing
        if not ratelimit.hit(request):
            if done := _submitted(request, survey):
                return _thanks_redirect(survey, done)
            return too_many_requests(request, survey, lang)
        code = None
        if survey.requires_access_code:
            if AccessCode.normalize(code_value):
                code = AccessCode.objects.filter(
                    survey=survey, code_hash=AccessCode.hash(code_value), used_on__isnull=True
                ).first()  # fmt: skip
            if code is None:
                code_error = (
                    _("Dieser Zugangscode ist ungültig oder wurde schon verwendet.")
                    if code_value.strip() else _("Bitte geben Sie Ihren Zugangscode ein.")
                )  # fmt: skip
        form.is_valid()
        answers = form.answers(Response(version=version))
        shown = visible_codes(pages, answer_values(answers))
        if _keep_visible(form, shown) and not code_error:
            soft_notice = bool(form.soft_missing) and not request.POST.get("soft_ok")
            if not soft_notice:
                kept = [a for a in answers if a.question.code in shown]
                try:
                    return _store(request, survey, version, lang, kept, key, code,
                                  channel_token)  # fmt: skip
                except _StructureChanged:
                    changed = True
        if done := _submitted(request, survey):  # e.g. the access code is used: by us
            return _thanks_redirect(survey, done)
    return _render(request, survey, lang, pages, form, key, channel_token, code_value,
                   code_error, soft_notice, changed)  # fmt: skip


def _keep_visible(form, shown):
    """Forget the errors and soft hints of questions the answers hide; True if none remain.

    PageForm checks each question on its own (required, matrix rows, ranking, "other",
    exclusive options), so what remains is exactly what the page-by-page flow would report
    on the pages it shows.
    """
    hidden = {
        name
        for item in form.items
        if item.question.code not in shown
        for name in [item.name, item.other, *(part for part, _label in item.parts)]
        if name
    }
    for name in hidden & set(form.errors):
        del form.errors[name]
    form.soft_missing = [i for i in form.soft_missing if i.question.code in shown]
    return not form.errors


def _store(request, survey, version, lang, answers, key, code, channel_token):
    channel = None
    if channel_token:
        channel = Channel.objects.filter(survey=survey, token=channel_token).first()
    try:
        with transaction.atomic():
            if code is not None:
                used = AccessCode.objects.filter(pk=code.pk, used_on__isnull=True).update(
                    used_on=timezone.localdate()
                )
                if not used:
                    raise _CodeTaken
            today = timezone.localdate()
            response = Response.objects.create(
                version=version, channel=channel, language=lang, started_on=today,
                submitted_on=today, submission_key=key,
            )  # fmt: skip
            for answer in answers:
                answer.response = response
            Answer.objects.bulk_create(answers)
    except IntegrityError:
        if done := _submitted(request, survey):  # the key is stored: a double submit
            return _thanks_redirect(survey, done)
        # An answer refers to a question or option the office removed a moment ago (the
        # builder changes a version in place until it has responses): nothing was stored.
        raise _StructureChanged from None
    except _CodeTaken:
        if done := _submitted(request, survey):  # our own double submit got there first
            return _thanks_redirect(survey, done)
        return render(request, "surveys/answer/code_used.html",
                      _context(request, survey, lang), status=409)  # fmt: skip
    return remember_wished_topics(
        tickets.grant(_thanks_redirect(survey, lang), survey), survey, response, answers)


class _CodeTaken(Exception):
    """The access code was used by someone else in the meantime."""


class _StructureChanged(Exception):
    """The survey changed between showing the form and storing it."""


def _render(request, survey, lang, pages, form, key, channel_token, code_value, code_error,
            soft_notice, changed=False):  # fmt: skip
    all_questions = {q.code: q for p in pages for q in p.questions.all()}
    bound = {b["item"].question.pk: b for b in _bound_items(form)}

    browser = BrowserConditions(all_questions, form)  # for surveys/conditions.js
    shown_pages = []
    browser_pages = []
    for number, page in enumerate(pages, start=1):
        items = []
        browser_questions = []
        for q in page.questions.all():
            entry = dict(bound[q.pk])
            entry["condition"] = note_for_respondents(q.condition, all_questions, lang)
            entry["js_condition"] = browser.translate(q.condition)
            entry["condition_id"] = f"frage-{q.code}" if entry["js_condition"] else ""
            items.append(entry)
            browser_questions.append({"code": q.code, "id": entry["condition_id"],
                                      "condition": entry["js_condition"]})  # fmt: skip
        js_condition = browser.translate(page.condition)
        condition_id = f"teil-{number}" if js_condition else ""
        shown_pages.append({
            "number": number, "title": translate(page.title, lang), "items": items,
            "condition": note_for_respondents(page.condition, all_questions, lang),
            "js_condition": js_condition, "condition_id": condition_id,
        })  # fmt: skip
        browser_pages.append({"id": condition_id, "condition": js_condition,
                              "questions": browser_questions})  # fmt: skip
    conditions = {"fields": browser.fields, "pages": browser_pages}
    errors = _error_list(form)
    if code_error:
        errors.insert(0, ("id_code", _("Zugangscode"), code_error))
    if changed:
        first = shown_pages[0]["items"][0]
        anchor = _anchor(form, first["item"].name or first["item"].parts[0][0])
        errors.insert(0, (anchor, _("Umfrage"), _(
            "Die Umfrage wurde gerade geändert. Bitte prüfen Sie Ihre Antworten und senden "
            "Sie sie noch einmal ab.")))
    return render(
        request, "surveys/answer/all.html",
        _context(request, survey, lang, form=form, pages=shown_pages, total=len(pages),
                 submission_key=key, channel_token=channel_token, code_value=code_value,
                 code_error=code_error, soft_notice=soft_notice, errors=errors,
                 introduction=translate(survey.introduction, lang), conditions=conditions),
    )  # fmt: skip
