"""The office's results pages under /umfrage/auswertung/: overview, cross-tabs, free texts,
exports. Only users with ``can_view_survey_results`` see them (anonymous users are sent to the
log-in, everyone else gets 403). Every number comes suppressed from ``results``.
"""

from django.contrib.staticfiles import finders
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from bildungsportal.accounts.decorators import require
from bildungsportal.accounts.rules import can_view_survey_results
from bildungsportal.core.pagination import PAGE_PARAMETER, old_page_parameter, page_of
from bildungsportal.core.pdf import html_to_pdf

from . import exports
from .charts import bar_chart
from .models import Survey, translate
from .results import (
    Dataset,
    crosstab,
    filter_allowed,
    free_texts,
    live_counts,
    question_results,
    text_questions,
)

TEXTS_PER_PAGE = 50
MAX_SEARCH = 200


def parse_filter(data, raw):
    """"band:value" from the URL → (band variable, value, group) or an error message."""
    if not raw:
        return None, None, None, ""
    band_code, _sep, value = str(raw)[:200].partition(":")
    band, group = data.group(band_code, value)
    if band is None or value not in {code for code, _label in band.categories}:
        return None, None, None, _("Unbekannter Filter – es werden alle Antworten gezeigt.")
    if not filter_allowed(data, group):
        return band, value, None, _(
            "Diese Gruppe oder alle übrigen umfassen weniger als %(k)s Antworten: "
            "der Filter würde einzelne Personen erkennbar machen, es wird nichts gezeigt."
        ) % {"k": data.k}
    return band, value, group, ""


def filter_options(data, current):
    """[(band title, [("band:value", label, selected)])] for the filter select."""
    return [
        (title, [(f"{code}:{value}", label, f"{code}:{value}" == current)
                 for value, label in categories])
        for code, title, categories in data.band_choices()
    ]


def _filter_label(band, value):
    label = dict(band.categories).get(value, value)
    return f"{band.title}: {label}"


@require(can_view_survey_results)
def survey_list(request):
    surveys = Survey.objects.in_region().annotate(
        complete=Count("versions__responses", filter=Q(
            versions__responses__submitted_on__isnull=False))
    ).order_by("-created_at")
    rows = [(s, s.complete if s.complete >= s.min_cell_size else None) for s in surveys]
    return render(request, "surveys/results/index.html", {"rows": rows})


COMPACT = "kompakt"


def _overview_context(request, survey, *, only=None):
    """The overview's data: live counts and each question's tables (with charts).

    ``only`` (a question code) keeps one question: the compact view shows one at a time.
    """
    data = Dataset(survey)
    band, value, group, filter_error = parse_filter(data, request.GET.get("filter"))
    counts = live_counts(survey)
    charts = []
    for key in ("status", "channels", "days"):
        charts.append((counts[key], bar_chart(counts[key], f"zahlen-{key}")))
    results = []
    if band is None or group is not None:
        rids = group if group is not None else data.rids
        for result in question_results(data, rids, band=band if group else None,
                                       value=value):
            if only is not None and result.question.code != only:
                continue
            tables = [(table, bar_chart(table, f"chart-{result.question.code}-{index}"))
                      for index, table in enumerate(result.tables)]
            results.append((result, tables))
    return {
        "survey": survey,
        "title": translate(survey.title),
        "k": data.k,
        "counts": charts,
        "results": results,
        "questions": data.questions,
        "filter": request.GET.get("filter", ""),
        "filter_options": filter_options(data, request.GET.get("filter", "")),
        "filter_label": _filter_label(band, value) if band is not None else "",
        "filter_error": filter_error,
        "exports": exports.FORMATS,
        "has_texts": bool(text_questions(data)),
    }


def _compact_question(request, questions):
    """The question the compact view shows (the first one for a missing or unknown code),
    with the previous and next codes for paging through them."""
    codes = [q.code for q in questions]
    if not codes:
        return None, None, None
    code = request.GET.get("frage", "")
    index = codes.index(code) if code in codes else 0
    previous = codes[index - 1] if index > 0 else None
    following = codes[index + 1] if index + 1 < len(codes) else None
    return codes[index], previous, following


@require(can_view_survey_results)
def overview(request, slug):
    survey = get_object_or_404(Survey.objects.in_region(), slug=slug)
    if request.GET.get("ansicht") == COMPACT:
        questions = Dataset(survey).questions
        code, previous, following = _compact_question(request, questions)
        context = _overview_context(request, survey, only=code or "")
        context.update(compact=True, question_code=code, previous=previous, following=following,
                       question_number=[q.code for q in questions].index(code) + 1 if code
                       else 0)
        return render(request, "surveys/results/compact.html", context)
    return render(request, "surveys/results/overview.html", _overview_context(request, survey))


@require(can_view_survey_results)
def overview_pdf(request, slug):
    """The overview as a PDF (same suppressed numbers; charts stay vectors)."""
    survey = get_object_or_404(Survey.objects.in_region(), slug=slug)
    context = _overview_context(request, survey)
    context["created"] = timezone.localdate()
    html = render_to_string("surveys/results/document.html", context, request=request)
    with open(finders.find("surveys/results.css"), encoding="utf-8") as handle:
        css = handle.read()
    pdf = html_to_pdf(html, css=css + PDF_CSS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="auswertung-{survey.slug}.pdf"'
    return response


PDF_CSS = """
@page { size: A4; margin: 18mm 16mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; } }
body { font-family: sans-serif; font-size: 10pt; color: #111; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 1.2em; } h3 { font-size: 11pt; }
.question-result, .result-figure { break-inside: avoid; }
table { border-collapse: collapse; }
th, td { padding: 2px 6px; border-bottom: 1px solid #ccc; text-align: left; }
svg { max-width: 100%; height: auto; }
"""


@require(can_view_survey_results)
def crosstab_view(request, slug):
    survey = get_object_or_404(Survey.objects.in_region(), slug=slug)
    data = Dataset(survey)
    question_code = request.GET.get("frage", "")
    band_code = request.GET.get("merkmal", "")
    error = ""
    tables = []
    question = data.by_code.get(question_code)
    band = data.band_variable(band_code) if band_code else None
    if question_code or band_code:
        if question is None:
            error = _("Bitte eine Frage auswählen.")
        elif band is None:
            error = _("Bitte ein Merkmal auswählen.")
        else:
            tables = [(f"kreuztabelle-{index}", crosstab(variable, band, data.rids, data.k))
                      for index, variable in enumerate(data.variables(question), start=1)]
    context = {
        "survey": survey, "title": translate(survey.title), "k": data.k,
        "questions": data.questions, "bands": data.band_choices(), "tables": tables,
        "question_code": question_code, "band_code": band_code, "error": error,
    }
    return render(request, "surveys/results/crosstab.html", context)


@require(can_view_survey_results)
@old_page_parameter
def texts_view(request, slug):
    survey = get_object_or_404(Survey.objects.in_region(), slug=slug)
    data = Dataset(survey)
    question_code = request.GET.get("frage", "")
    search = request.GET.get("q", "")[:MAX_SEARCH]
    band, value, group, filter_error = parse_filter(data, request.GET.get("filter"))
    items = []
    if band is None or group is not None:
        rids = group if group is not None else data.rids
        items = free_texts(data, rids, question=question_code or None, search=search)
    page = page_of(request, items, TEXTS_PER_PAGE)
    params = {key: val for key, val in (("frage", question_code), ("q", search),
                                         ("filter", request.GET.get("filter", ""))) if val}

    def page_url(number):
        return "?" + urlencode({**params, PAGE_PARAMETER: number})

    context = {
        "survey": survey, "title": translate(survey.title), "k": data.k, "page": page,
        "questions": text_questions(data), "question_code": question_code, "search": search,
        "filter_options": filter_options(data, request.GET.get("filter", "")),
        "filter_error": filter_error,
        "previous_url": page_url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": page_url(page.next_page_number()) if page.has_next() else "",
    }
    return render(request, "surveys/results/texts.html", context)


@require(can_view_survey_results)
def export_view(request, slug, fmt):
    survey = get_object_or_404(Survey.objects.in_region(), slug=slug)
    if fmt not in exports.FORMATS:
        raise Http404
    content, content_type, filename = exports.export(survey, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def overview_url(survey, **params):
    url = reverse("surveys:results", kwargs={"slug": survey.slug})
    return url + ("?" + urlencode(params) if params else "")
