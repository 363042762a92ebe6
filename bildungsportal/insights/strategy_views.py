"""The office's strategy pages: fields of action with goals, measures, a goal's line over time
and the comparison of two snapshot dates. Office only (accounts.rules.is_office)."""

from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bildungsportal.accounts import rules
from bildungsportal.catalog.models import Topic
from bildungsportal.places.models import Municipality

from . import snapshots
from .chart import line_svg
from .definitions import INDICATORS
from .district import district_name
from .indicators import format_value, valid_slug
from .models import DISTRICT, FieldOfAction, Goal, Measure
from .strategy_forms import CompareForm, FieldOfActionForm, GoalForm, MeasureForm


def _goals():
    """The goals of the current region's fields of action (another region's id: 404)."""
    return Goal.objects.filter(field__in=FieldOfAction.objects.in_region())


def office_only(view):
    """Logged in and an education office editor (403 otherwise)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not rules.is_office(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _page(request, template, context):
    context.setdefault("is_office", True)
    return render(request, f"insights/strategy/{template}", context)


def _latest(goal):
    line = snapshots.series(goal.indicator, *goal.scope)
    return line[-1] if line else None


@office_only
def goal_list(request):
    fields = FieldOfAction.objects.in_region().prefetch_related(
        "goals__town", "goals__life_phase",
                                                    "goals__topic")
    rows = []
    for field in fields:
        goals = []
        for goal in field.goals.all():
            indicator = INDICATORS[goal.indicator]
            latest = _latest(goal)
            goals.append({"goal": goal, "indicator": indicator,
                          "current": format_value(indicator, latest[1]) if latest else "–",
                          "current_date": latest[0] if latest else None,
                          "target": format_value(indicator, goal.target_value)})
        rows.append({"field": field, "goals": goals})
    return _page(request, "goal_list.html", {"fields": rows, "dates": snapshots.snapshot_dates()})


@office_only
def goal_detail(request, pk):
    goal = get_object_or_404(_goals().select_related("field", "town", "life_phase", "topic"),
                             pk=pk)
    indicator = INDICATORS[goal.indicator]
    line = snapshots.series(goal.indicator, *goal.scope)

    def display(value):
        return format_value(indicator, value)

    def shown(value):
        if value is None and indicator.source == "survey":
            return _("zu wenige Antworten")
        return display(value)

    chart = line_svg([(d, v) for d, v, _n in line], target=goal.target_value,
                     title=_("%(goal)s: Verlauf von „%(indicator)s“ und Zielwert")
                     % {"goal": goal.title, "indicator": indicator.label}, display=display)
    table = [{"date": d, "value": shown(v), "n": n} for d, v, n in line]
    return _page(request, "goal_detail.html", {
        "goal": goal, "indicator": indicator, "chart": chart, "table": table,
        "target": display(goal.target_value), "measures": goal.measures.all(),
    })


@office_only
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk=None):
    goal = get_object_or_404(_goals(), pk=pk) if pk else None
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        goal = form.save()
        messages.success(request, _("Ziel gespeichert."))
        return redirect(goal.get_absolute_url())
    return _page(request, "form.html", {
        "form": form, "title": _("Ziel bearbeiten") if pk else _("Neues Ziel"),
        "back": "insights_strategy:goals",
        "no_fields": not FieldOfAction.objects.in_region().exists(),
    })


@office_only
@require_http_methods(["GET", "POST"])
def field_edit(request, pk=None):
    field = get_object_or_404(FieldOfAction.objects.in_region(), pk=pk) if pk else None
    form = FieldOfActionForm(request.POST or None, instance=field)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Handlungsfeld gespeichert."))
        return redirect("insights_strategy:goals")
    return _page(request, "form.html", {
        "form": form, "back": "insights_strategy:goals",
        "title": _("Handlungsfeld bearbeiten") if pk else _("Neues Handlungsfeld"),
    })


@office_only
def measure_list(request):
    measures = Measure.objects.in_region().select_related("goal", "gap_town", "gap_topic")
    status = request.GET.get("status", "")
    if status in Measure.Status.values:
        measures = measures.filter(status=status)
    return _page(request, "measure_list.html", {
        "measures": measures, "statuses": Measure.Status.choices, "status": status,
    })


@office_only
@require_http_methods(["GET", "POST"])
def measure_edit(request, pk=None):
    measure = get_object_or_404(Measure.objects.in_region(), pk=pk) if pk else None
    initial = {}
    if not pk:  # "Maßnahme zu dieser Lücke" links carry ?ort=…&thema=…
        town, topic = request.GET.get("ort", ""), request.GET.get("thema", "")
        if valid_slug(town):
            initial["gap_town"] = Municipality.objects.filter(slug=town).first()
        if valid_slug(topic):
            initial["gap_topic"] = Topic.objects.filter(slug=topic).first()
        goal = request.GET.get("ziel", "")
        if goal.isdecimal() and len(goal) <= 9:
            initial["goal"] = _goals().filter(pk=int(goal)).first()
    form = MeasureForm(request.POST or None, instance=measure, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Maßnahme gespeichert."))
        return redirect("insights_strategy:measures")
    return _page(request, "form.html", {
        "form": form, "back": "insights_strategy:measures",
        "title": _("Maßnahme bearbeiten") if pk else _("Neue Maßnahme"),
    })


@office_only
def compare(request):
    """Every indicator of the district and the towns at two snapshot dates."""
    dates = snapshots.snapshot_dates()
    form = CompareForm(request.GET or None, dates=dates)
    changes, first, second = [], None, None
    indicator = request.GET.get("indikator", "offerings_per_1000")
    if indicator not in INDICATORS:
        indicator = "offerings_per_1000"
    if form.is_valid():
        first = date.fromisoformat(form.cleaned_data["von"])
        second = date.fromisoformat(form.cleaned_data["bis"])
        item = INDICATORS[indicator]
        names = dict(Municipality.objects.values_list("slug", "name"))
        for change in snapshots.compare(first, second, indicator=indicator):
            diff = change.difference
            changes.append({
                "town": names.get(change.town, change.town), "is_district": change.town == DISTRICT,
                "before": format_value(item, change.before),
                "after": format_value(item, change.after),
                "difference": "–" if diff is None else
                ("+" if diff > 0 else "") + format_value(item, diff),
            })
    return _page(request, "compare.html", {
        "form": form, "changes": changes, "first": first, "second": second,
        "indicators": INDICATORS, "indicator": indicator, "dates": dates,
        "district_name": district_name(),
    })
