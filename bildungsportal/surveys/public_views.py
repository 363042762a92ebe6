"""Answering a survey without an account: start, one page at a time, submit, thanks.

State between requests: the session holds the id of the unfinished response, a random
submission key and (for closed groups) the access code's id — nothing after the submit.
Answers are stored page by page on the unfinished response, so "continue later" works from
any device through a private link whose token is only stored as a SHA-256 hash.
"""

import hashlib
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bildungsportal.accounts import rules
from bildungsportal.catalog import vocabularies
from bildungsportal.catalog.models import Topic
from bildungsportal.core.qr import qr_svg

from . import ratelimit, tickets
from .forms import HONEYPOT, PageForm, PrizeDrawForm, StartForm, initial_from_answers
from .logic import (
    answer_values,
    is_answered,
    is_visible,
    pages_and_questions,
    response_answers,
    visible_pages,
    visible_questions,
)
from .models import (
    AccessCode,
    Answer,
    Channel,
    PrizeDrawEntry,
    Question,
    Response,
    Survey,
    translate,
)

LANGUAGE_NAMES = {"de": "Deutsch", "en": "English", "tr": "Türkçe", "ar": "العربية",
                  "uk": "Українська", "ru": "Русский", "fr": "Français"}  # fmt: skip


# Languages with a catalog for the buttons and messages (surveys/locale): the site's six; survey
# texts may come in more languages, their pages then keep the German interface.
UI_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def ui_language(lang):
    """Activate the interface language for a survey page (German unless translated)."""
    return translation.override(lang if lang in UI_LANGUAGES else "de")


class CodeAlreadyUsed(Exception):
    """The access code was used by someone else between start and submit."""


def session_key(survey):
    return f"surveys:{survey.pk}"


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _language(request, survey, response=None):
    languages = survey.languages or ["de"]
    wanted = request.GET.get("lang") or request.POST.get("lang")
    if wanted in languages:
        return wanted
    if response is not None and response.language in languages:
        return response.language
    return "de" if "de" in languages else languages[0]


def _context(request, survey, lang, **extra):
    path = request.path
    return {
        "survey": survey,
        "lang": lang,
        "ui_lang": lang if lang in UI_LANGUAGES else "de",
        "survey_title": translate(survey.title, lang),
        "languages": [
            (code, LANGUAGE_NAMES.get(code, code), f"{path}?lang={code}")
            for code in survey.languages or []
        ] if len(survey.languages or []) > 1 else [],
        **extra,
    }  # fmt: skip


def too_many_requests(request, survey, lang="de"):
    return render(
        request, "surveys/answer/too_many.html", _context(request, survey, lang), status=429
    )


MAX_WISHED_TOPICS = 10
WISHED_KEY = "survey-wished-topics"


def wished_topics(response, answers=None):
    """The topic slugs a response wished for (answers to topic-bound catalog questions).

    ``answers`` just stored, with their questions in memory, spare the one-page submit a query.
    """
    if answers is not None:
        values = {
            answer.value for answer in answers
            if answer.value and answer.question.kind == Question.Kind.CATALOG
            and answer.question.catalog_vocabulary == Question.CatalogVocabulary.TOPIC
        }
    else:
        values = set(Answer.objects.filter(
            response=response, question__kind=Question.Kind.CATALOG,
            question__catalog_vocabulary=Question.CatalogVocabulary.TOPIC,
        ).exclude(value="").values_list("value", flat=True))
    return sorted(values)[:MAX_WISHED_TOPICS]


def _thanks_redirect(survey, lang="de"):
    url = reverse("surveys:thanks", kwargs={"slug": survey.slug})
    return redirect(url if lang == "de" else f"{url}?lang={lang}")


def remember_wished_topics(http_response, survey, response, answers=None):
    """Hand the response's wished topics to its thank-you page in a signed browser cookie
    (an hour, this survey's path): the page links to a search for them. Nothing is stored
    on our side and no session row is written."""
    topics = wished_topics(response, answers)
    if topics:
        http_response.set_signed_cookie(
            f"{WISHED_KEY}-{survey.pk}", ",".join(topics), salt=WISHED_KEY, max_age=3600,
            path=reverse("surveys:answer", kwargs={"slug": survey.slug}),
            secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
        )
    return http_response


def _wished_from_cookie(request, survey):
    value = request.get_signed_cookie(f"{WISHED_KEY}-{survey.pk}", default="", salt=WISHED_KEY,
                                      max_age=3600)
    return value.split(",") if value else []


def offerings_search_url(slugs):
    """A search of the catalog for the given topic slugs (unknown ones are dropped), in the
    active language: the search page's address and the topics' names."""
    slugs = [slug for slug in slugs[:MAX_WISHED_TOPICS] if isinstance(slug, str)]
    known = list(Topic.objects.filter(slug__in=slugs).order_by("position", "name")
                 .only("slug", "name", "translations"))
    if not known:
        return "", []
    param = vocabularies.get("topic").url_param
    url = reverse("catalog:search") + "?" + urlencode([(param, t.slug) for t in known])
    return url, [t.local_name for t in known]


# -- the answer page ------------------------------------------------------------------------
def answer(request, slug):
    survey = get_object_or_404(Survey.objects.in_region(), slug=slug)
    if request.method == "POST":
        key = request.POST.get("submission_key", "")[:64]
        done = Response.objects.filter(submission_key=key, version__survey=survey).first()
        if key and done is not None:
            return _thanks_redirect(survey, done.language)  # a double submit stores nothing
    version = survey.current_version()
    if version is None or not survey.is_open():
        lang = _language(request, survey)
        now = timezone.now()
        not_yet = version is not None and survey.opens_at is not None and now < survey.opens_at
        with ui_language(lang):
            return render(
                request, "surveys/answer/closed.html",
                _context(request, survey, lang, not_yet=not_yet),
            )  # fmt: skip
    state = request.session.get(session_key(survey)) or {}
    response = None
    if state.get("r"):
        response = Response.objects.filter(
            pk=state["r"], version__survey=survey, submitted_on__isnull=True
        ).select_related("version").first()
    if response is None:
        with ui_language(_language(request, survey)):
            return _start(request, survey, version)
    with ui_language(_language(request, survey, response)):
        return _page(request, survey, response, state)


def _start(request, survey, version):
    lang = _language(request, survey)
    form = StartForm(initial={"k": request.GET.get("k", "")[:60], "lang": lang})
    if request.method == "POST" and request.POST.get("action") == "start":
        form = StartForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if data[HONEYPOT]:
                return _thanks_redirect(survey, lang)  # a bot: looks like success, stores nothing
            if not ratelimit.hit(request):
                return too_many_requests(request, survey, lang)
            code = None
            if survey.requires_access_code:
                if AccessCode.normalize(data["code"]):
                    code = AccessCode.objects.filter(
                        survey=survey, code_hash=AccessCode.hash(data["code"]),
                        used_on__isnull=True,
                    ).first()  # fmt: skip
                if code is None:
                    form.add_error(
                        "code",
                        _("Dieser Zugangscode ist ungültig oder wurde schon verwendet.")
                        if data["code"] else _("Bitte geben Sie Ihren Zugangscode ein."),
                    )  # fmt: skip
            if not form.errors:
                channel = None
                if data["k"]:
                    channel = Channel.objects.filter(survey=survey, token=data["k"]).first()
                response = Response.objects.create(version=version, channel=channel,
                                                   language=lang)  # fmt: skip
                request.session[session_key(survey)] = {
                    "r": response.pk,
                    "key": secrets.token_urlsafe(24),
                    "code": code.pk if code else None,
                }
                return redirect("surveys:answer", slug=survey.slug)
    return render(
        request, "surveys/answer/start.html",
        _context(request, survey, lang, form=form,
                 introduction=translate(survey.introduction, lang),
                 errors=_error_list(form, {"code": _("Zugangscode")})),
    )  # fmt: skip


def _current_index(pages, visible, wanted):
    """The index (in ``pages``) of the visible page at or after ``wanted``."""
    indexes = [pages.index(p) for p in visible]
    for index in indexes:
        if index >= wanted:
            return index
    return indexes[-1] if indexes else 0


def _page(request, survey, response, state):
    lang = _language(request, survey, response)
    if lang != response.language:
        response.language = lang
        response.save(update_fields=["language"])
    pages = pages_and_questions(response.version)
    values = answer_values(response_answers(response))
    visible = visible_pages(pages, values)
    if not visible:
        raise Http404(_("Diese Umfrage hat keine Fragen."))
    index = _current_index(pages, visible, response.current_page)
    soft_notice = False
    if request.method == "POST" and request.POST.get("action") in ("next", "back", "later"):
        action = request.POST["action"]
        try:
            posted = int(request.POST.get("page", index))
        except ValueError:
            posted = index
        if 0 <= posted < len(pages) and pages[posted] in visible:
            index = posted  # the form of a page shown earlier (browser back) still counts
        page = pages[index]
        questions = visible_questions(page, values)
        form = PageForm(questions, language=lang, seed=response.pk,
                        enforce_required=action == "next", data=request.POST)  # fmt: skip
        if form.is_spam():
            response.delete()
            request.session.pop(session_key(survey), None)
            return _thanks_redirect(survey, lang)
        if form.is_valid():
            soft_notice = (
                action == "next" and form.soft_missing and not request.POST.get("soft_ok")
            )
            if not soft_notice:
                return _advance(request, survey, response, state, pages, index, form, action)
        elif action == "back":
            return _move(response, _neighbour(pages, visible, index, -1))
    else:
        page = pages[index]
        questions = visible_questions(page, values)
        initial = initial_from_answers(questions, response_answers(response))
        form = PageForm(questions, language=lang, seed=response.pk, initial=initial)
    number = visible.index(page) + 1
    # The bar measures the position among all pages, a total that never changes: conditions
    # that reveal or skip pages make it jump ahead, never back (a "von N" label would change).
    progress = round(100 * pages.index(page) / len(pages))
    return render(
        request, "surveys/answer/page.html",
        _context(
            request, survey, lang, form=form, page=page, page_index=index,
            page_title=translate(page.title, lang), number=number, progress=progress,
            is_first=number == 1, is_last=number == len(visible),
            submission_key=state.get("key", ""), soft_notice=soft_notice,
            errors=_error_list(form), bound_items=_bound_items(form),
        ),
    )  # fmt: skip


def _neighbour(pages, visible, index, step):
    """Index of the next (step=1) or previous (-1) visible page, or None."""
    indexes = [pages.index(p) for p in visible]
    candidates = [i for i in indexes if (i > index if step > 0 else i < index)]
    if not candidates:
        return None
    return candidates[0] if step > 0 else candidates[-1]


def _move(response, index):
    if index is not None and index != response.current_page:
        response.current_page = index
        response.save(update_fields=["current_page"])
    return redirect("surveys:answer", slug=response.version.survey.slug)


def _save_page(response, page, form):
    Answer.objects.filter(response=response, question__page=page).delete()
    Answer.objects.bulk_create(form.answers(response))


def _advance(request, survey, response, state, pages, index, form, action):
    page = pages[index]
    if action != "next" or _neighbour_after_save(response, pages, index, form) is not None:
        with transaction.atomic():
            _save_page(response, page, form)
        values = answer_values(response_answers(response))
        visible = visible_pages(pages, values)
        if action == "later":
            return _later(request, survey, response)
        step = -1 if action == "back" else 1
        target = _neighbour(pages, visible, index, step)
        if action == "next":
            missing = _first_incomplete(pages, visible, values, before=target)
            target = missing if missing is not None else target
        return _move(response, target if target is not None else index)
    return _finalize(request, survey, response, state, pages, index, form)


def _neighbour_after_save(response, pages, index, form):
    """The next visible page once this page's answers count (they may open a branch)."""
    values = answer_values(response_answers(response))
    page_codes = {q.code for q in pages[index].questions.all()}
    values = {code: v for code, v in values.items() if code not in page_codes}
    # Unsaved Answer rows already carry their question, choice and row objects.
    values.update(answer_values(form.answers(response)))
    return _neighbour(pages, visible_pages(pages, values), index, 1)


def _first_incomplete(pages, visible, values, before=None):
    """The first visible page before ``before`` with an unanswered required question."""
    for page in visible:
        index = pages.index(page)
        if before is not None and index >= before:
            return None
        for q in visible_questions(page, values):
            if q.requirement == q.Requirement.REQUIRED and not is_answered(values.get(q.code)):
                return index
    return None


def _prune_hidden(response, pages):
    """Delete answers on pages or questions that the final answers hide (other branch)."""
    for _round in range(len(pages) + 1):
        values = answer_values(response_answers(response))
        hidden = [
            q.pk
            for page in pages
            for q in page.questions.all()
            if not (is_visible(page.condition, values) and is_visible(q.condition, values))
        ]
        if not Answer.objects.filter(response=response, question_id__in=hidden).delete()[0]:
            return


def _finalize(request, survey, response, state, pages, index, form):
    """Store the last page and submit, all in one transaction; idempotent by its key."""
    key = (request.POST.get("submission_key") or state.get("key") or "")[:64]
    key = key or secrets.token_urlsafe(24)
    try:
        with transaction.atomic():
            locked = Response.objects.select_for_update().get(pk=response.pk)
            if locked.submitted_on is not None:
                return _thanks_redirect(survey, response.language)
            _save_page(locked, pages[index], form)
            values = answer_values(response_answers(locked))
            missing = _first_incomplete(pages, visible_pages(pages, values), values)
            if missing is not None:
                locked.current_page = missing
                locked.save(update_fields=["current_page"])
                return redirect("surveys:answer", slug=survey.slug)
            _prune_hidden(locked, pages)
            if state.get("code"):
                used = AccessCode.objects.filter(
                    pk=state["code"], survey=survey, used_on__isnull=True
                ).update(used_on=timezone.localdate())
                if not used:
                    raise CodeAlreadyUsed
            locked.submitted_on = timezone.localdate()
            locked.submission_key = key
            locked.resume_token_hash = None
            locked.save(update_fields=["submitted_on", "submission_key", "resume_token_hash"])
    except IntegrityError:  # the same key was stored by a parallel submit
        return _thanks_redirect(survey, response.language)
    except CodeAlreadyUsed:
        request.session.pop(session_key(survey), None)
        return render(
            request, "surveys/answer/code_used.html",
            _context(request, survey, response.language), status=409,
        )  # fmt: skip
    request.session.pop(session_key(survey), None)
    return remember_wished_topics(
        tickets.grant(_thanks_redirect(survey, response.language), survey), survey, response)


def _later(request, survey, response):
    token = secrets.token_urlsafe(24)
    response.resume_token_hash = token_hash(token)  # a new link replaces the old one
    response.save(update_fields=["resume_token_hash"])
    path = reverse("surveys:resume", kwargs={"slug": survey.slug, "token": token})
    if response.language != "de":  # an expired link still explains itself in this language
        path += f"?lang={response.language}"
    link = request.build_absolute_uri(path)
    return render(
        request, "surveys/answer/later.html",
        _context(request, survey, response.language, link=link,
                 days=survey.unfinished_retention_days),
    )  # fmt: skip


def _bound_items(form):
    """(item, bound main field, [(bound part field, label)]) for the template."""
    result = []
    for item in form.items:
        main = form[item.name] if item.name else None
        other = form[item.other] if item.other else None
        parts = [(form[name], label) for name, label in item.parts]
        result.append({"item": item, "field": main, "other": other, "parts": parts})
    return result


def _anchor(form, name):
    bound = form[name]
    widget = bound.field.widget
    suffix = "_0" if getattr(widget, "allow_multiple_selected", False) or getattr(
        widget, "input_type", "") in ("radio", "checkbox") else ""  # fmt: skip
    return f"{bound.auto_id}{suffix}"


def _error_list(form, labels=None):
    """[(anchor id, label, message)] for the error summary at the top of the page."""
    labels = dict(labels or {})
    if hasattr(form, "items"):
        for item in form.items:
            for name in filter(None, [item.name, item.other]):
                labels[name] = item.text
            for name, part_label in item.parts:
                labels[name] = f"{item.text} – {part_label}"
    errors = []
    for name, messages in form.errors.items():
        if name not in form.fields or name == HONEYPOT:
            continue
        for message in messages:
            errors.append((_anchor(form, name), labels.get(name, name), message))
    return errors


# -- around the answer page -------------------------------------------------------------
def resume(request, slug, token):
    survey = get_object_or_404(Survey.objects.in_region(), slug=slug)
    response = Response.objects.filter(
        version__survey=survey, submitted_on__isnull=True, resume_token_hash=token_hash(token)
    ).first()
    if response is None:
        lang = _language(request, survey)
        with ui_language(lang):
            return render(
                request, "surveys/answer/resume_invalid.html", _context(request, survey, lang),
                status=404,
            )  # fmt: skip
    request.session[session_key(survey)] = {
        "r": response.pk, "key": secrets.token_urlsafe(24), "code": None
    }
    return redirect("surveys:answer", slug=survey.slug)


def thanks(request, slug):
    survey = get_object_or_404(Survey.objects.in_region(), slug=slug)
    lang = _language(request, survey)
    with ui_language(lang):
        return _thanks(request, survey, lang)


def _thanks(request, survey, lang):
    ticket = tickets.ticket(request, survey) if survey.prize_draw else None
    can_enter = ticket is not None and not PrizeDrawEntry.objects.filter(
        ticket_hash=tickets.ticket_hash(ticket)
    ).exists()  # fmt: skip
    form = PrizeDrawForm()
    entered = False
    search_url, wished = offerings_search_url(_wished_from_cookie(request, survey))
    if request.method == "POST" and can_enter:
        form = PrizeDrawForm(request.POST)
        if form.is_valid():
            if not form.cleaned_data[HONEYPOT]:
                if not ratelimit.hit(request):
                    return too_many_requests(request, survey, lang)
                try:
                    with transaction.atomic():
                        PrizeDrawEntry.objects.create(
                            survey=survey, name=form.cleaned_data["name"],
                            email=form.cleaned_data["email"],
                            ticket_hash=tickets.ticket_hash(ticket),
                        )  # fmt: skip
                except IntegrityError:  # the same ticket in a parallel request: entered once
                    pass
            entered, can_enter = True, False
    page = render(
        request, "surveys/answer/thanks.html",
        _context(request, survey, lang, thank_you=translate(survey.thank_you, lang),
                 prize_text=translate(survey.prize_draw, lang), can_enter=can_enter,
                 offerings_url=search_url, wished=wished,
                 form=form, entered=entered,
                 errors=_error_list(form, {"name": _("Name"), "email": _("E-Mail-Adresse"),
                                           "consent": _("Einverständnis")})),
    )  # fmt: skip
    return tickets.revoke(page, survey) if entered else page


def privacy_notice(request, slug):
    survey = get_object_or_404(Survey.objects.in_region(), slug=slug)
    lang = _language(request, survey)
    with ui_language(lang):
        return render(
            request, "surveys/answer/privacy.html",
            _context(request, survey, lang, notice=translate(survey.privacy_notice, lang)),
        )


def channel_qr(request, slug, token):
    """The QR code of a channel's link, for the office (the builder shows it)."""
    if not rules.can_manage_surveys(request.user):
        raise Http404
    channel = get_object_or_404(Channel, survey__slug=slug, token=token)
    url = request.build_absolute_uri(reverse("surveys:answer", kwargs={"slug": slug}))
    svg = qr_svg(f"{url}?k={channel.token}", title=f"{channel.survey} – {channel.name}")
    return HttpResponse(svg, content_type="image/svg+xml")
