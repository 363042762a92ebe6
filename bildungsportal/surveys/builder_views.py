"""The survey builder for the education office (/umfrage/verwaltung/…).

Every view asks ``rules.can_manage_surveys``: anonymous users go to the log-in page, everyone
else without the right gets 403. Pages and questions are looked up inside the survey's current
version only, so an id from another survey (or an old version) gives 404.

Every change of pages, questions and choices goes through ``versioning.editable_version`` and
is checked with ``structure_problems`` before it is committed, so conditions never point at
later questions or unknown codes, and answers already given are never changed.
"""

import secrets

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count, ProtectedError, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from bildungsportal.accounts.decorators import require
from bildungsportal.accounts.rules import can_manage_surveys

from .builder_forms import (
    AccessCodeForm,
    ChannelForm,
    DrawForm,
    DuplicateForm,
    KindForm,
    PageForm,
    QuestionForm,
    SurveyCreateForm,
    SurveyDeleteForm,
    SurveySettingsForm,
    language_name,
    survey_languages,
)
from .conditions import CHOICE_KINDS, describe_condition, ordered_questions, structure_problems
from .models import (
    AccessCode,
    Answer,
    Channel,
    Page,
    PrizeDrawEntry,
    Question,
    Response,
    Survey,
    SurveyVersion,
    translate,
)
from .template import TEMPLATES, load_template
from .versioning import counterpart, duplicate_survey, editable_version


# -- access ----------------------------------------------------------------------------
def get_survey(slug):
    return get_object_or_404(Survey.objects.in_region(), slug=slug)


def get_channel(survey, channel_id):
    """A channel of this survey; 404 for a channel of any other survey."""
    return get_object_or_404(Channel, pk=channel_id, survey=survey)


def get_page(survey, page_id):
    """A page of the survey's current version; 404 for any other id."""
    version = survey.current_version()
    return get_object_or_404(Page, pk=page_id, version=version)


def get_question(survey, question_id):
    version = survey.current_version()
    return get_object_or_404(
        Question.objects.select_related("page"), pk=question_id, page__version=version
    )


# -- helpers ---------------------------------------------------------------------------
class StructureError(Exception):
    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


def write(request, survey, change):
    """Run ``change(version)`` on the editable version in one transaction.

    Rolls everything back (including a version copy) when the result has broken
    conditions, and tells the user when a new version was started.
    """
    with transaction.atomic():
        version = editable_version(survey)
        result = change(version)
        problems = structure_problems(version)
        if problems:
            raise StructureError(problems)
    if version.copied is not None:
        messages.info(request, _(
            "Die Umfrage hat schon Antworten. Deshalb ist die Änderung in der neuen Version "
            "%(new)d gespeichert; die bisherigen Antworten bleiben bei Version %(old)d."
        ) % {"new": version.number, "old": version.number - 1})
    survey.save(update_fields=["updated_at"])
    return result


def write_form(request, survey, form, change):
    """write(); structure problems become the form's errors. True when saved."""
    try:
        write(request, survey, change)
    except StructureError as error:
        for problem in error.problems:
            form.add_error(None, problem)
        return False
    return True


def path_exists(path):
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def public_path(survey):
    """The answering page, once the public part of the app serves it; else None."""
    try:
        return reverse("surveys:answer", kwargs={"slug": survey.slug})
    except NoReverseMatch:
        return None


def qr_path(survey, channel):
    path = f"/umfrage/{survey.slug}/qr/{channel.token}.svg"
    return path if path_exists(path) else None


def survey_state(survey, has_responses, now=None):
    now = now or timezone.now()
    if survey.is_open(now):
        return "open", _("offen")
    if survey.opens_at and survey.opens_at > now and (
        survey.closes_at is None or survey.closes_at > survey.opens_at
    ):
        return "planned", _("geplant")
    if not has_responses:
        return "draft", _("Entwurf")
    return "closed", _("geschlossen")


def move_in(items, obj, direction):
    """Swap ``obj`` with its neighbour in ``items`` (ordered) and renumber positions."""
    items = list(items)
    index = next(i for i, item in enumerate(items) if item.pk == obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


def structure(version):
    """[(page, [questions])] of a version in answering order."""
    if version is None:
        return []
    questions = ordered_questions(version)
    pages = list(version.pages.order_by("position", "id"))
    return [(page, [q for q in questions if q.page_id == page.pk]) for page in pages]


def has_prize_draw(survey):
    return bool(translate(survey.prize_draw))


def survey_context(survey, section):
    return {"survey": survey, "section": section, "public_path": public_path(survey)}


# -- surveys ---------------------------------------------------------------------------
@require(can_manage_surveys)
def survey_list(request):
    surveys = Survey.objects.in_region().annotate(
        complete=Count("versions__responses",
                       filter=Q(versions__responses__submitted_on__isnull=False)),
        unfinished=Count("versions__responses",
                         filter=Q(versions__responses__submitted_on__isnull=True)),
    ).order_by("-created_at")
    now = timezone.now()
    rows = []
    for survey in surveys:
        state, label = survey_state(survey, survey.complete + survey.unfinished > 0, now)
        rows.append({"survey": survey, "state": state, "state_label": label})
    return render(request, "surveys/builder/survey_list.html", {"rows": rows})


@require(can_manage_surveys)
def survey_create(request):
    form = SurveyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        template = form.cleaned_data["template"]
        if template:
            # New surveys start closed, so nobody answers a half-built survey.
            survey, _created = load_template(
                TEMPLATES[template], slug=form.cleaned_data["slug"], title=form.texts("title"),
                is_demo=False, closes_at=timezone.now(),
            )
            messages.success(request, _("Die Umfrage ist angelegt. Sie ist noch geschlossen."))
            return redirect("surveys:builder_survey", slug=survey.slug)
        with transaction.atomic():
            # New surveys start closed, so nobody answers a half-built survey.
            survey = Survey.objects.create(
                slug=form.cleaned_data["slug"], title=form.texts("title"),
                languages=list(form.languages), closes_at=timezone.now(),
            )
            version = SurveyVersion.objects.create(survey=survey, number=1)
            Page.objects.create(version=version, position=0, code="seite-1",
                                title={"de": "Seite 1", "en": "Page 1"})
        messages.success(request, _("Die Umfrage ist angelegt. Sie ist noch geschlossen."))
        return redirect("surveys:builder_survey", slug=survey.slug)
    return render(request, "surveys/builder/survey_create.html", {"form": form})


@require(can_manage_surveys)
def survey_detail(request, slug):
    survey = get_survey(slug)
    version = survey.current_version()
    responses = Response.objects.filter(version__survey=survey)
    complete = responses.filter(submitted_on__isnull=False).count()
    unfinished = responses.filter(submitted_on__isnull=True).count()
    state, state_label = survey_state(survey, complete + unfinished > 0)
    pages = structure(version)
    context = survey_context(survey, "structure") | {
        "version": version,
        "frozen": version is not None and version.is_frozen(),
        "pages": [
            (page, describe_condition(page.condition),
             [(q, describe_condition(q.condition)) for q in questions])
            for page, questions in pages
        ],
        "complete": complete, "unfinished": unfinished,
        "state": state, "state_label": state_label,
        "problems": structure_problems(version) if version else [],
        "has_prize_draw": has_prize_draw(survey),
        "prize_entries": survey.prize_entries.count(),
    }
    return render(request, "surveys/builder/survey_detail.html", context)


@require(can_manage_surveys)
def survey_settings(request, slug):
    survey = get_survey(slug)
    form = SurveySettingsForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Einstellungen sind gespeichert."))
        return redirect("surveys:builder_settings", slug=survey.slug)
    context = survey_context(survey, "settings") | {
        "form": form,
        "languages": [(code, language_name(code)) for code in survey_languages(survey)],
    }
    return render(request, "surveys/builder/survey_settings.html", context)


@require(can_manage_surveys)
@require_POST
def survey_open(request, slug):
    survey = get_survey(slug)
    now = timezone.now()
    if survey.opens_at is None or survey.opens_at > now:
        survey.opens_at = now
    if survey.closes_at is not None and survey.closes_at <= now:
        survey.closes_at = None
    survey.save(update_fields=["opens_at", "closes_at", "updated_at"])
    messages.success(request, _("Die Umfrage ist jetzt geöffnet."))
    return redirect("surveys:builder_survey", slug=survey.slug)


@require(can_manage_surveys)
@require_POST
def survey_close(request, slug):
    survey = get_survey(slug)
    survey.closes_at = timezone.now()
    survey.save(update_fields=["closes_at", "updated_at"])
    messages.success(request, _("Die Umfrage ist jetzt geschlossen."))
    return redirect("surveys:builder_survey", slug=survey.slug)


@require(can_manage_surveys)
def survey_duplicate(request, slug):
    survey = get_survey(slug)
    form = DuplicateForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        copy = duplicate_survey(survey, form.cleaned_data["slug"], title=form.texts("title"))
        messages.success(request, _("Die Kopie ist angelegt. Sie ist noch geschlossen."))
        return redirect("surveys:builder_survey", slug=copy.slug)
    context = survey_context(survey, "duplicate") | {"form": form}
    return render(request, "surveys/builder/survey_duplicate.html", context)


def deletion_counts(survey):
    """What deleting the survey removes, for the confirmation page."""
    responses = Response.objects.filter(version__survey=survey)
    return {
        "versions": survey.versions.count(),
        "complete": responses.filter(submitted_on__isnull=False).count(),
        "unfinished": responses.filter(submitted_on__isnull=True).count(),
        "answers": Answer.objects.filter(response__version__survey=survey).count(),
        "prize_entries": survey.prize_entries.count(),
        "access_codes": survey.access_codes.count(),
        "channels": survey.channels.count(),
    }


@require(can_manage_surveys)
def survey_delete(request, slug):
    """Delete a survey with everything of it (DSGVO: answers go after the retention period)."""
    survey = get_survey(slug)
    form = SurveyDeleteForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        title = str(survey)
        try:
            with transaction.atomic():
                # Responses first: Response.version is PROTECT, so the survey's cascade to its
                # versions would refuse while any response is left. Answers go with them.
                Response.objects.filter(version__survey=survey).delete()
                survey.delete()
        except (ProtectedError, IntegrityError):
            # A response came in between the two deletes (the survey was still open).
            form.add_error(None, _(
                "Gerade ist eine neue Antwort eingegangen. Es wurde nichts gelöscht; bitte "
                "schließen Sie die Umfrage und versuchen Sie es noch einmal."
            ))
        else:
            messages.success(request, _("Die Umfrage „%(title)s“ ist mit allen Antworten "
                                        "gelöscht.") % {"title": title})
            return redirect("surveys:builder")
    context = survey_context(survey, "delete") | {
        "form": form, "counts": deletion_counts(survey), "is_open": survey.is_open(),
    }
    return render(request, "surveys/builder/survey_delete.html", context)


@require(can_manage_surveys)
def survey_preview(request, slug):
    survey = get_survey(slug)
    version = survey.current_version()
    languages = survey_languages(survey)
    language = request.GET.get("sprache", "de")
    if language not in languages:
        language = "de"
    pages = []
    for page, questions in structure(version):
        items = []
        for question in questions:
            choices = [c for c in question.choices.all() if not c.is_row]
            rows = [c for c in question.choices.all() if c.is_row]
            items.append({
                "question": question,
                "text": translate(question.text, language),
                "help": translate(question.help_text, language),
                "condition": describe_condition(question.condition),
                "choices": [(c, translate(c.label, language)) for c in choices],
                "rows": [(r, translate(r.label, language)) for r in rows],
                "has_choices": question.kind in CHOICE_KINDS,
            })
        pages.append({"page": page, "title": translate(page.title, language),
                      "condition": describe_condition(page.condition), "questions": items})
    context = survey_context(survey, "preview") | {
        "version": version, "pages": pages, "language": language,
        "languages": [(code, language_name(code)) for code in languages],
        "title": translate(survey.title, language),
        "introduction": translate(survey.introduction, language),
        "privacy_notice": translate(survey.privacy_notice, language),
        "thank_you": translate(survey.thank_you, language),
        "prize_draw": translate(survey.prize_draw, language),
    }
    return render(request, "surveys/builder/survey_preview.html", context)


@require(can_manage_surveys)
def channels(request, slug):
    survey = get_survey(slug)
    form = ChannelForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        channel = form.save(commit=False)
        channel.survey = survey
        channel.save()
        messages.success(request, _("Der Kanal „%(name)s“ ist angelegt.") % {"name": channel})
        return redirect("surveys:builder_channels", slug=survey.slug)
    base = request.build_absolute_uri(public_path(survey) or f"/umfrage/{survey.slug}/")
    rows = [
        {"channel": channel, "link": f"{base}?k={channel.token}",
         "qr": qr_path(survey, channel), "responses": channel.response_count}
        for channel in survey.channels.annotate(response_count=Count("responses"))
    ]
    context = survey_context(survey, "channels") | {"form": form, "rows": rows}
    return render(request, "surveys/builder/channels.html", context)


@require(can_manage_surveys)
def channel_edit(request, slug, channel_id):
    """Rename a channel; the token stays, so printed links and QR codes keep working."""
    survey = get_survey(slug)
    channel = get_channel(survey, channel_id)
    form = ChannelForm(request.POST or None, instance=channel, survey=survey)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Der Kanal „%(name)s“ ist gespeichert.") % {"name": channel})
        return redirect("surveys:builder_channels", slug=survey.slug)
    context = survey_context(survey, "channels") | {"form": form, "channel": channel}
    return render(request, "surveys/builder/channel_form.html", context)


@require(can_manage_surveys)
def channel_delete(request, slug, channel_id):
    """Delete a channel nobody answered through; with responses only renaming is offered.

    Response.channel is SET_NULL: deleting a used channel would silently lose where its
    answers came from, so that is refused.
    """
    survey = get_survey(slug)
    channel = get_channel(survey, channel_id)
    if request.method == "POST":
        with transaction.atomic():
            # Counted and deleted under the row lock. A response being stored this instant
            # checks its (deferred) foreign key at commit: it either committed before and is
            # counted here, or fails then and the respondent gets the form back (one_page.py).
            locked = Channel.objects.select_for_update().get(pk=channel.pk)
            used = locked.responses.exists()
            if not used:
                locked.delete()
        if not used:
            messages.success(request, _("Der Kanal „%(name)s“ ist gelöscht.") % {"name": channel})
            return redirect("surveys:builder_channels", slug=survey.slug)
    context = survey_context(survey, "channels") | {
        "channel": channel, "responses": channel.responses.count(),
        "refused": request.method == "POST",
    }
    return render(request, "surveys/builder/channel_delete.html", context)


@require(can_manage_surveys)
@never_cache
def access_codes(request, slug):
    """One-time codes for closed groups; the plain codes are shown once, only hashes stay."""
    survey = get_survey(slug)
    form = AccessCodeForm(request.POST or None)
    new_codes = []
    if request.method == "POST" and form.is_valid():
        new_codes = AccessCode.generate(
            survey, form.cleaned_data["count"], group=form.cleaned_data["group"]
        )
    groups = (
        AccessCode.objects.filter(survey=survey).values("group")
        .annotate(total=Count("id"), used=Count("id", filter=Q(used_on__isnull=False)))
        .order_by("group")
    )
    context = survey_context(survey, "codes") | {
        "form": form if not new_codes else AccessCodeForm(),
        "groups": groups, "new_codes": new_codes,
        "new_group": form.cleaned_data["group"] if new_codes else "",
    }
    return render(request, "surveys/builder/access_codes.html", context)


# -- pages -----------------------------------------------------------------------------
@require(can_manage_surveys)
def page_create(request, slug):
    survey = get_survey(slug)
    version = survey.current_version()
    if version is None:
        raise Http404
    form = PageForm(request.POST or None, survey=survey, version=version)
    if request.method == "POST" and form.is_valid():
        def change(target):
            last = target.pages.order_by("-position").values_list("position", flat=True).first()
            page = Page(version=target, position=0 if last is None else last + 1)
            return form.apply(page)

        if write_form(request, survey, form, change):
            messages.success(request, _("Die Seite ist angelegt."))
            return redirect("surveys:builder_survey", slug=survey.slug)
    context = survey_context(survey, "structure") | {"form": form, "page": None}
    return render(request, "surveys/builder/page_form.html", context)


@require(can_manage_surveys)
def page_edit(request, slug, page_id):
    survey = get_survey(slug)
    page = get_page(survey, page_id)
    form = PageForm(request.POST or None, survey=survey, version=page.version, page=page)
    saved = request.method == "POST" and form.is_valid() and write_form(
        request, survey, form, lambda target: form.apply(counterpart(target, page))
    )
    if saved:
        messages.success(request, _("Die Seite ist gespeichert."))
        return redirect("surveys:builder_survey", slug=survey.slug)
    context = survey_context(survey, "structure") | {"form": form, "page": page}
    return render(request, "surveys/builder/page_form.html", context)


@require(can_manage_surveys)
def page_delete(request, slug, page_id):
    survey = get_survey(slug)
    page = get_page(survey, page_id)
    return confirm_delete(
        request, survey, page, "page", _("Die Seite ist gelöscht."),
        questions=list(page.questions.order_by("position", "id")),
    )


def confirm_delete(request, survey, obj, kind, done, **context):
    """GET asks; POST deletes a page or question unless the structure would break."""
    problems = []
    if request.method == "POST":
        try:
            write(request, survey, lambda target: counterpart(target, obj).delete())
        except StructureError as error:
            problems = error.problems
        else:
            messages.success(request, done)
            return redirect("surveys:builder_survey", slug=survey.slug)
    context = survey_context(survey, "structure") | context | {
        "object": obj, "kind": kind, "problems": problems,
    }
    return render(request, "surveys/builder/confirm_delete.html", context)


@require(can_manage_surveys)
@require_POST
def page_move(request, slug, page_id):
    survey = get_survey(slug)
    page = get_page(survey, page_id)
    return move(request, survey, page, lambda moved: moved.version.pages,
                _("Die Seite kann nicht verschoben werden: %(why)s"), f"seite-{page.code}")


def move(request, survey, obj, siblings, failed, anchor):
    """One step up or down among ``siblings(obj)``, back to the overview at ``#anchor``."""
    direction = "up" if request.POST.get("richtung") == "hoch" else "down"

    def change(target):
        moved = counterpart(target, obj)
        move_in(siblings(moved).order_by("position", "id"), moved, direction)

    try:
        write(request, survey, change)
    except StructureError as error:
        messages.error(request, failed % {"why": " ".join(error.problems)})
    return redirect(reverse("surveys:builder_survey", kwargs={"slug": survey.slug})
                    + f"#{anchor}")


# -- questions -------------------------------------------------------------------------
@require(can_manage_surveys)
def question_create(request, slug, page_id):
    survey = get_survey(slug)
    page = get_page(survey, page_id)
    kind_form = KindForm(request.GET if "art" in request.GET else None)
    if not kind_form.is_bound or not kind_form.is_valid():
        context = survey_context(survey, "structure") | {"kind_form": kind_form, "page": page}
        return render(request, "surveys/builder/question_kind.html", context)
    kind = kind_form.cleaned_data["art"]
    form = QuestionForm(request.POST or None, survey=survey, version=page.version, kind=kind,
                        page=page)
    if request.method == "POST" and form.is_valid():
        def change(target):
            chosen = page.version.pages.get(pk=form.cleaned_data["page"])
            return form.apply(Question(), counterpart(target, chosen))

        if write_form(request, survey, form, change):
            messages.success(request, _("Die Frage ist angelegt."))
            return redirect("surveys:builder_survey", slug=survey.slug)
    context = survey_context(survey, "structure") | {
        "form": form, "page": page, "question": None, "kind": kind,
        "kind_label": Question.Kind(kind).label,
    }
    return render(request, "surveys/builder/question_form.html", context)


@require(can_manage_surveys)
def question_edit(request, slug, question_id):
    survey = get_survey(slug)
    question = get_question(survey, question_id)
    version = question.page.version
    form = QuestionForm(request.POST or None, survey=survey, version=version,
                        kind=question.kind, question=question)
    if request.method == "POST" and form.is_valid():
        def change(target):
            chosen = version.pages.get(pk=form.cleaned_data["page"])
            return form.apply(counterpart(target, question), counterpart(target, chosen))

        if write_form(request, survey, form, change):
            messages.success(request, _("Die Frage ist gespeichert."))
            return redirect(reverse("surveys:builder_survey", kwargs={"slug": survey.slug})
                            + f"#frage-{form.cleaned_data['code']}")
    context = survey_context(survey, "structure") | {
        "form": form, "page": question.page, "question": question, "kind": question.kind,
        "kind_label": question.get_kind_display(),
    }
    return render(request, "surveys/builder/question_form.html", context)


@require(can_manage_surveys)
def question_delete(request, slug, question_id):
    survey = get_survey(slug)
    question = get_question(survey, question_id)
    return confirm_delete(request, survey, question, "question", _("Die Frage ist gelöscht."))


@require(can_manage_surveys)
@require_POST
def question_move(request, slug, question_id):
    survey = get_survey(slug)
    question = get_question(survey, question_id)
    return move(request, survey, question, lambda moved: moved.page.questions,
                _("Die Frage kann nicht verschoben werden: %(why)s"), f"frage-{question.code}")


# -- prize draw ------------------------------------------------------------------------
@require(can_manage_surveys)
@never_cache
def prize_draw(request, slug):
    """Draw winners among the entries. Winners are only shown, never stored or logged."""
    survey = get_survey(slug)
    entries = survey.prize_entries.all()
    total = entries.count()
    form = DrawForm(request.POST or None, entries=total)
    winners = []
    if request.method == "POST" and form.is_valid():
        ids = list(entries.values_list("pk", flat=True))
        # SystemRandom draws from the operating system, so nobody can predict or replay it.
        count = min(form.cleaned_data["count"], len(ids))  # entries deleted meanwhile
        chosen = secrets.SystemRandom().sample(ids, count)
        by_id = PrizeDrawEntry.objects.in_bulk(chosen)
        winners = [by_id[pk] for pk in chosen]
    context = survey_context(survey, "prize_draw") | {
        "form": form, "total": total, "winners": winners,
        "has_prize_draw": has_prize_draw(survey),
    }
    return render(request, "surveys/builder/prize_draw.html", context)


@require(can_manage_surveys)
def prize_draw_delete(request, slug):
    """Delete all contact data of the draw: the consent text promises it after the draw."""
    survey = get_survey(slug)
    entries = PrizeDrawEntry.objects.filter(survey=survey)
    if request.method == "POST":
        deleted, _rows = entries.delete()
        messages.success(request, _("%(n)d Kontaktdaten des Gewinnspiels sind gelöscht.")
                         % {"n": deleted})
        return redirect("surveys:builder_prize_draw", slug=survey.slug)
    context = survey_context(survey, "prize_draw") | {"total": entries.count()}
    return render(request, "surveys/builder/prize_draw_delete.html", context)
