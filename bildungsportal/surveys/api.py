"""Survey results in the JSON API: /api/v1/surveys/{slug}/… for the education office.

Session-authenticated (the office's log-in; 401 without it) and only for users with
``can_view_survey_results`` (403 otherwise). The numbers come from ``results`` like the pages,
so they are suppressed the same way: a hidden count is ``null`` with ``"suppressed": true`` and
``"display": "< k"``; a hidden table has ``"hidden": true`` and no cells.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from bildungsportal.accounts.rules import can_view_survey_results

from .models import Survey, translate
from .results import Dataset, crosstab, live_counts, question_results
from .results_views import parse_filter

router = Router(tags=["surveys"], auth=django_auth)


class CellOut(Schema):
    code: str
    label: str
    count: int | None
    percent: float | None
    suppressed: bool
    display: str


class SurveyTableOut(Schema):
    title: str
    base: int | None
    hidden: bool
    cells: list[CellOut]


class RankOut(Schema):
    label: str
    mean_rank: float | None
    count: int | None


class QuestionOut(Schema):
    code: str
    kind: str
    text: str
    tables: list[SurveyTableOut]
    mean_ranks: list[RankOut]
    median: float | None


class ResultsOut(Schema):
    slug: str
    title: str
    k: int
    filter: str
    filter_message: str
    counts: dict[str, SurveyTableOut]
    questions: list[QuestionOut]


class CrossRowOut(Schema):
    label: str
    cells: list[CellOut]
    total: CellOut


class CrossTabOut(Schema):
    title: str
    hidden: bool
    columns: list[str]
    rows: list[CrossRowOut]
    column_totals: list[CellOut]
    total: CellOut


class CrossTabsOut(Schema):
    slug: str
    k: int
    tables: list[CrossTabOut]


def _survey(request, slug):
    if not can_view_survey_results(request.user):
        raise HttpError(403, _("Keine Berechtigung für die Auswertung."))
    return get_object_or_404(Survey.objects.in_region(), slug=slug)


def _cell(cell, k, code=""):
    return {
        "code": cell.code or code, "label": str(cell.label), "count": cell.count,
        "percent": cell.percent, "suppressed": cell.count is None,
        "display": f"< {k}" if cell.count is None else str(cell.count),
    }


def _table(table):
    return {"title": table.title, "base": table.base, "hidden": table.hidden,
            "cells": [_cell(cell, table.k) for cell in table.cells]}


@router.get("/surveys/{slug}/results", response=ResultsOut, url_name="survey_results")
def survey_results(request, slug: str, filter: str = ""):
    """Live counts and every question's frequencies; `filter=band:value` narrows to a group."""
    survey = _survey(request, slug)
    data = Dataset(survey)
    band, value, group, message = parse_filter(data, filter)
    questions = []
    if band is None or group is not None:
        rids = group if group is not None else data.rids
        for result in question_results(data, rids, band=band if group else None, value=value):
            questions.append({
                "code": result.question.code, "kind": result.question.kind,
                "text": result.question.text,
                "tables": [_table(table) for table in result.tables],
                "mean_ranks": [{"label": label, "mean_rank": mean, "count": n}
                               for label, mean, n in result.mean_ranks],
                "median": result.median,
            })
    counts = {key: _table(table) for key, table in live_counts(survey).items()}
    return {"slug": survey.slug, "title": translate(survey.title), "k": data.k,
            "filter": filter if band is not None else "", "filter_message": message,
            "counts": counts, "questions": questions}


@router.get("/surveys/{slug}/crosstab", response=CrossTabsOut, url_name="survey_crosstab")
def survey_crosstab(request, slug: str, question: str, band: str):
    """The cross-tab(s) of one question by a band (is_band question code or `_kanal`)."""
    survey = _survey(request, slug)
    data = Dataset(survey)
    q = data.by_code.get(question)
    variable_band = data.band_variable(band)
    if q is None or variable_band is None:
        raise HttpError(400, _("Unbekannte Frage oder unbekanntes Merkmal."))
    tables = []
    for variable in data.variables(q):
        table = crosstab(variable, variable_band, data.rids, data.k)
        tables.append({
            "title": table.title, "hidden": table.hidden,
            "columns": [str(label) for _code, label in table.columns],
            "rows": [{"label": str(label), "cells": [_cell(c, data.k) for c in cells],
                      "total": _cell(total, data.k)} for label, cells, total in table.rows],
            "column_totals": [_cell(c, data.k) for c in table.col_totals],
            "total": _cell(table.grand_total, data.k),
        })
    return {"slug": survey.slug, "k": data.k, "tables": tables}
