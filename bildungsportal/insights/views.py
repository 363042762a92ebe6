"""Pages of the monitoring: the office's /bildungsmonitoring/ and the public /bildung-in-zahlen/.

Every page works like the catalog's facets: the state (indicator, life phase, topic) is in the
URL and each option is a plain link, so the pages need no JavaScript. One function builds a
page's data (`*_data`), the template shows it, and `?format=csv|xlsx` returns its table.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from bildungsportal.accounts.rules import is_office
from bildungsportal.catalog.models import LifePhase, Topic

from . import report, tables
from .charts import bar_chart
from .choropleth import build_map
from .indicators import INDICATORS, Filters, indicator_table, published_indicators, ranked_gaps

GAPS_ON_OVERVIEW = 5
GAPS_ON_LIST = 50
SWITCHED_INDICATORS = (
    "offerings_per_1000", "access_e2sfca", "runs_next_12m", "share_free", "share_low_cost",
    "share_evening_weekend", "share_step_free", "wish_share", "searches_empty",
)


def office_only(view):
    """Log-in for anonymous users, 403 for everyone who isn't the education office.

    The office pages are German only: they share the public pages' URL namespace, which lives in
    i18n_patterns, so /en/bildungsmonitoring/… resolves and is sent to the German address.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if translation.get_language() != settings.LANGUAGE_CODE:
            return redirect(translate_url(request.get_full_path(), settings.LANGUAGE_CODE))
        request.single_language = True  # no language switcher (core.context_processors)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_office(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def optional_url(name, *args):
    """The URL of a page another part of the app provides, or "" while it doesn't exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def town_url(town):
    return reverse("insights:town", args=[town.slug])


def wanted_format(request):
    fmt = request.GET.get("format", "")
    return fmt if fmt in tables.FORMATS else ""


# --- URL state -------------------------------------------------------------------------------


def _with(query, **changes):
    """The query string with some parameters set (None removes one)."""
    merged = dict(query)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    merged.pop("format", None)
    return "?" + urlencode(sorted(merged.items())) if merged else "?"


def switches(filters, *, fixed=()):
    """The link lists that switch indicator, life phase and topic (a fixed dimension is left out).

    Each option: label, url (relative query), current.
    """
    query = filters.as_query()
    groups = []
    options = [
        {
            "label": INDICATORS[key].label,
            "url": _with(query, indikator=None if key == "offerings_per_1000" else key),
            "current": filters.indicator == key,
        }
        for key in SWITCHED_INDICATORS
        if key in INDICATORS
    ]
    groups.append({"id": "indikator", "label": _("Kennzahl"), "options": options})
    if "life_phase" not in fixed:
        options = [{"label": _("alle"), "url": _with(query, lebensphase=None),
                    "current": not filters.life_phase}]
        options += [
            {"label": phase.name, "slug": phase.slug, "url": _with(query, lebensphase=phase.slug),
             "current": filters.life_phase == phase.slug}
            for phase in LifePhase.objects.all()
        ]
        groups.append({"id": "lebensphase", "label": _("Lebensphase"), "options": options})
    if "topic" not in fixed:
        options = [{"label": _("alle"), "url": _with(query, thema=None),
                    "current": not filters.topic}]
        options += [
            {"label": topic.name, "slug": topic.slug, "url": _with(query, thema=topic.slug),
             "current": filters.topic == topic.slug}
            for topic in Topic.objects.filter(parent=None)
        ]
        groups.append({"id": "thema", "label": _("Thema"), "options": options})
    return groups


def parse_filters(request, **fixed):
    filters, errors = Filters.from_query(request.GET)
    if fixed:
        values = {name: getattr(filters, name) for name in Filters.PARAMS.values()}
        values.update(fixed)
        filters = Filters(**values)
    return filters, errors


def scope_title(filters):
    parts = [str(INDICATORS[filters.indicator].label)]
    if filters.life_phase:
        phase = LifePhase.objects.filter(slug=filters.life_phase).first()
        parts.append(phase.name if phase else filters.life_phase)
    if filters.topic:
        topic = Topic.objects.filter(slug=filters.topic).first()
        parts.append(topic.name if topic else filters.topic)
    return " – ".join(parts)


def indicator_view_data(filters, *, map_id="karte", link=town_url, highlight=None):
    """The map, chart and table of one indicator for the 22 towns."""
    table = indicator_table(filters)
    indicator = table.indicator
    title = scope_title(filters)
    chart = build_map(table.towns, title=title, unit=str(indicator.unit), url_for=link,
                      percent=getattr(indicator, "percent", False), highlight=highlight)
    return {
        "table": table,
        "indicator": indicator,
        "title": title,
        "map": chart,
        "map_id": map_id,
        "map_svg": chart.svg(map_id),
        "data_table": tables.indicator_table(table, url_for=link),
    }


def error_list(errors):
    labels = {"indikator": _("Kennzahl"), "lebensphase": _("Lebensphase"), "thema": _("Thema")}
    return [(labels.get(key, key), message) for key, message in errors.items()]


# --- office pages ------------------------------------------------------------------------------


def gap_url(gap):
    return reverse("insights:town", args=[gap.town_slug])


def _scope_page(request, template, *, fixed=None, heading, extra=None, nav):
    fixed = fixed or {}
    filters, errors = parse_filters(request, **fixed)
    data = indicator_view_data(filters)
    fmt = wanted_format(request)
    if fmt:
        return tables.download(data["data_table"], fmt)
    gaps = ranked_gaps(life_phase=filters.life_phase, topic=filters.topic,
                       limit=GAPS_ON_OVERVIEW)
    context = {
        **data,
        "heading": heading,
        "filters": filters,
        "errors": error_list(errors),
        "switches": switches(filters, fixed=tuple(fixed)),
        "gaps": gaps,
        "gap_list_url": reverse("insights:gaps") + _with(filters.as_query(), indikator=None),
        "query": _with(filters.as_query()),
        "strategy_links": strategy_links(),
        "measure_url": optional_url("insights_strategy:measure_new"),
        "monitoring_nav": nav,
        **(extra or {}),
    }
    return render(request, template, context)


def strategy_links():
    """Goals and measures live in the strategy pages; link to them where they exist."""
    links = [
        (_("Ziele und Handlungsfelder"), optional_url("insights_strategy:goals")),
        (_("Maßnahmen"), optional_url("insights_strategy:measures")),
    ]
    return [(label, url) for label, url in links if url]


@office_only
def overview(request):
    return _scope_page(request, "insights/overview.html", heading=_("Bildungsmonitoring"),
                       nav="overview")


@office_only
def life_phase(request, slug):
    phase = LifePhase.objects.filter(slug=slug).first()
    if phase is None:
        raise Http404(_("Diese Lebensphase gibt es nicht."))
    return _scope_page(request, "insights/scope.html", fixed={"life_phase": slug},
                       heading=_("Lebensphase: %(name)s") % {"name": phase.name},
                       extra={"scope": phase}, nav="life_phase")


@office_only
def topic(request, slug):
    item = Topic.objects.filter(slug=slug).first()
    if item is None:
        raise Http404(_("Dieses Thema gibt es nicht."))
    return _scope_page(request, "insights/scope.html", fixed={"topic": slug},
                       heading=_("Thema: %(name)s") % {"name": item.name},
                       extra={"scope": item}, nav="topic")


def gaps_data(filters, town=None):
    gaps = ranked_gaps(life_phase=filters.life_phase, topic=filters.topic, town=town,
                       limit=GAPS_ON_LIST)
    return {"gaps": gaps, "gap_table": tables.gap_table(gaps, url_for=gap_url)}


@office_only
def gaps(request):
    filters, errors = parse_filters(request)
    data = gaps_data(filters)
    fmt = wanted_format(request)
    if fmt:
        return tables.download(data["gap_table"], fmt)
    groups = [g for g in switches(filters) if g["id"] != "indikator"]
    return render(request, "insights/gaps.html", {
        **data,
        "filters": filters,
        "errors": error_list(errors),
        "switches": groups,
        "query": _with(filters.as_query()),
        "strategy_links": strategy_links(),
        "measure_url": optional_url("insights_strategy:measure_new"),
        "monitoring_nav": "gaps",
    })


@office_only
def town(request, slug):
    data = report.town_data(slug)
    if data is None:
        raise Http404(_("Diesen Ort gibt es im Kreis nicht."))
    fmt = wanted_format(request)
    if fmt:
        key = request.GET.get("tabelle", "")
        chosen = next((t for t in data["tables"] if t.key == key), data["tables"][0])
        return tables.download(chosen, fmt)
    return render(request, "insights/town.html", {
        **data,
        "strategy_links": strategy_links(),
        "monitoring_nav": "town",
        "measure_url": optional_url("insights_strategy:measure_new"),
    })


@office_only
def report_view(request, slug=None):
    """The Bildungsbericht: print view (HTML) or ?format=pdf."""
    data = report.report_data(slug)
    if data is None:
        raise Http404(_("Diesen Ort gibt es im Kreis nicht."))
    return _report_response(request, data)


def public_report(request):
    """The public Bildungsbericht: only what the office published (print view or PDF)."""
    return _report_response(request, report.public_report_data())


def _report_response(request, data):
    if request.GET.get("format") == "pdf":
        pdf = report.render_pdf(data)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{data["filename"]}.pdf"'
        return response
    return render(request, "insights/report.html", data)


# --- public pages --------------------------------------------------------------------------


def public_data():
    """What the office published: one map, chart and table per published indicator."""
    sections = []
    for i, table in enumerate(published_indicators(), 1):
        indicator = table.indicator
        title = scope_title(table.filters)
        chart = build_map(table.towns, title=title, unit=str(indicator.unit),
                          url_for=lambda town, i=i: f"#zahl-{i}-{town.slug}",
                          percent=getattr(indicator, "percent", False))
        map_id = f"karte-{i}"
        sections.append({
            "number": i,
            "table": table,
            "indicator": indicator,
            "title": title,
            "map": chart,
            "map_id": map_id,
            "map_svg": chart.svg(map_id),
            "data_table": tables.indicator_table(table),
            "table_id": f"tabelle-{i}",
            "anchor_prefix": f"zahl-{i}-",
            "downloads": f"?tabelle={i}&",
            "chart": bar_chart(table, chart_id=f"diagramm-{i}", title=title),
        })
    return sections


def public(request):
    sections = public_data()
    fmt = wanted_format(request)
    if fmt:
        try:
            number = int(request.GET.get("tabelle", "1"))
        except ValueError:
            number = 1
        chosen = next((s for s in sections if s["number"] == number), None)
        if chosen is None:
            raise Http404(_("Diese Tabelle gibt es nicht."))
        return tables.download(chosen["data_table"], fmt)
    return render(request, "insights/public.html", {"sections": sections})
