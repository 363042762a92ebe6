"""Paper: the whole survey as a printable questionnaire, and the staff form to type it in."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bildungsportal.accounts import rules
from bildungsportal.accounts.decorators import require

from .catalog_choices import catalog_choices
from .conditions import condition_leaves, note_for_respondents
from .forms import PageForm
from .logic import ordered_choices, pages_and_questions, rows
from .models import Channel, Question, Response, Survey, translate
from .public_views import _bound_items, _context, _error_list, _language, ui_language

K = Question.Kind


def print_version(request, slug):
    """Every page and question, all branches, with "wenn … weiter mit" notes."""
    survey = get_object_or_404(Survey.objects.in_region(), slug=slug)
    version = survey.current_version()
    if version is None:
        raise Http404
    lang = _language(request, survey)
    with ui_language(lang):
        return _print_version(request, survey, version, lang)


def _print_version(request, survey, version, lang):
    pages = pages_and_questions(version)
    questions = {q.code: q for p in pages for q in p.questions.all()}
    # Branches: a page shown only for some options gets a "weiter mit" note at those options.
    jumps = {}
    for number, page in enumerate(pages, start=1):
        for code, op, values in condition_leaves(page.condition):
            if op in ("equals", "in"):
                for value in values:
                    jumps.setdefault((code, str(value)), []).append(
                        _("weiter mit Teil %(n)s") % {"n": number}
                    )
    printed = []
    for number, page in enumerate(pages, start=1):
        items = []
        for q in page.questions.all():
            if q.kind == K.CATALOG:
                options = [(label, []) for _value, label in catalog_choices(q)]
            else:
                options = [
                    (translate(c.label, lang), jumps.get((q.code, c.code), []))
                    for c in ordered_choices(q)
                ]
            if q.allow_other and q.kind in (K.SINGLE, K.MULTIPLE):
                options.append((_("Sonstiges, und zwar: ____________________"), []))
            items.append({
                "question": q, "text": translate(q.text, lang),
                "help": translate(q.help_text, lang), "options": options,
                "rows": [translate(r.label, lang) for r in rows(q)],
                "condition": note_for_respondents(q.condition, questions, lang),
                "multiple": q.kind == K.MULTIPLE or (q.kind == K.CATALOG and q.catalog_multiple),
                "required": q.requirement == Question.Requirement.REQUIRED,
            })  # fmt: skip
        printed.append({
            "number": number, "title": translate(page.title, lang), "items": items,
            "condition": note_for_respondents(page.condition, questions, lang),
        })  # fmt: skip
    return render(
        request, "surveys/paper/print.html",
        _context(request, survey, lang, pages=printed,
                 introduction=translate(survey.introduction, lang)),
    )  # fmt: skip


def paper_channel(survey):
    channel = Channel.objects.filter(survey=survey, is_paper=True).first()
    return channel or Channel.objects.create(survey=survey, name="Papier", is_paper=True)


@require(rules.can_manage_surveys, otherwise=Http404)
def paper_entry(request, slug):
    """Staff type in one paper questionnaire per submit (source=paper, channel Papier)."""
    survey = get_object_or_404(Survey.objects.in_region(), slug=slug)
    version = survey.current_version()
    if version is None:
        raise Http404
    questions = [q for p in pages_and_questions(version) for q in p.questions.all()]
    form = PageForm(questions, enforce_required=False, prefix="p")
    if request.method == "POST":
        form = PageForm(questions, enforce_required=False, prefix="p", data=request.POST)
        if form.is_valid():
            with transaction.atomic():
                response = Response.objects.create(
                    version=version, channel=paper_channel(survey),
                    source=Response.Source.PAPER, submitted_on=timezone.localdate(),
                )  # fmt: skip
                response.answers.bulk_create(form.answers(response))
            messages.success(request, _("Der Papierfragebogen wurde gespeichert."))
            return redirect("surveys:paper_entry", slug=survey.slug)
    count = Response.objects.filter(version__survey=survey, source=Response.Source.PAPER).count()
    return render(
        request, "surveys/paper/entry.html",
        _context(request, survey, "de", form=form, errors=_error_list(form),
                 bound_items=_bound_items(form), paper_count=count),
    )  # fmt: skip
