"""The public pages: home, search, offering, provider, town and life phase.

Every page works without JavaScript and keeps its whole state in the URL. Texts that
depend on the run (dates, weekdays, prices) come from catalog.formatting, in German,
independent of the browser's language, so the pages read the same for everyone.
"""

from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bildungsportal.catalog.formatting import (
    SOURCE_LABELS,
    attach_run_info,
    price_text,
)
from bildungsportal.catalog.ics import has_calendar_file, run_calendar
from bildungsportal.catalog.jsonld import course_jsonld
from bildungsportal.catalog.models import LifePhase, Offering, Provider, Run
from bildungsportal.catalog.regions import offerings_in_region
from bildungsportal.catalog.selectors import (
    offering_for_page,
    provider_offerings,
    vocabulary_labels,
)
from bildungsportal.core.formatting import euro, km
from bildungsportal.places.models import Municipality
from bildungsportal.search.demand import record_search, record_wish
from bildungsportal.search.engine import allowed_values, search
from bildungsportal.search.facet_index import get_index
from bildungsportal.search.params import (
    FILTER_LABELS,
    LIST_FILTERS,
    SORTS,
    SearchParams,
    parse,
)

from . import providers as provider_list
from . import wishes
from .filters import active_filters, filter_values, value_labels
from .selectors import entry_points, search_url
from .wishes import WishForm

FACET_ORDER = LIST_FILTERS
FACET_VISIBLE = 8  # further values of a facet fold away behind "alle anzeigen"
RADIUS_CHOICES = (5, 10, 20, 30, 50)
PER_PAGE = 20
TOWN_PAGE_HITS = 10
NEARBY_KM = 10


# -- home -----------------------------------------------------------------------------
def home(request):
    return render(request, "pages/home.html", {"entry": entry_points(), "is_home": True})


# Closed to search engines: the office and provider areas, accounts, the survey tools and
# the search with parameters (endless filter combinations of the same offerings).
ROBOTS_DISALLOW = (
    "/anbieterbereich/", "/konto/", "/admin/", "/umfrage/verwaltung/", "/umfrage/auswertung/",
    "/bildungsmonitoring/", "/angebote/?", "/anbieter/?",
)


def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), "",
             f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def search_canonical_url(request, params):
    """The search page's address without paging, sort or page size: one page per search."""
    clean = replace(params, page=1, sort="relevance", page_size=SearchParams().page_size)
    query = clean.querystring()
    return request.build_absolute_uri(reverse("catalog:search") + (query if query != "?" else ""))


# -- hits and pagination --------------------------------------------------------------
@dataclass
class HitView:
    offering: object
    next_run: object
    more_runs: int
    price: str
    distance: str
    partial: bool = False  # matches only some of the search words (soft AND)
    other_regions: list = ()  # a hit from across the border names its regions


def hit_views(hits):
    views = []
    for hit in hits:
        attach_run_info(hit.matching_runs[:1], hit.offering)
        views.append(HitView(
            offering=hit.offering,
            next_run=hit.next_run,
            more_runs=max(0, len(hit.matching_runs) - 1),
            price=price_text(hit.offering, hit.matching_runs),
            distance=km(hit.distance_km) if hit.distance_km is not None else "",
            partial=hit.partial,
            other_regions=hit.other_regions,
        ))
    return views


def page_numbers(current, total, around=2):
    """[1, None, 4, 5, 6, 7, 8, None, 20]: None marks a gap."""
    shown = {1, total, *range(max(1, current - around), min(total, current + around) + 1)}
    numbers, previous = [], 0
    for number in sorted(shown):
        if number - previous > 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers


@dataclass
class PageLink:
    number: int | None
    url: str = ""
    current: bool = False


@dataclass
class Pagination:
    pages: list
    previous_url: str = ""
    next_url: str = ""
    label: str = field(default_factory=lambda: _("Seiten"))


def pagination(current, total, url_for):
    if total <= 1:
        return None
    pages = [
        PageLink(n, url_for(n) if n else "", n == current) for n in page_numbers(current, total)
    ]
    return Pagination(
        pages,
        previous_url=url_for(current - 1) if current > 1 else "",
        next_url=url_for(current + 1) if current < total else "",
    )


# -- search page ----------------------------------------------------------------------
@dataclass
class FacetGroup:
    name: str
    label: str
    values: list
    more: list
    selected: int


def localized_values(name, values, labels):
    """Copies of facet values named in the page language (the search's results are shared)."""
    names = labels.get(name)
    if not names:
        return list(values)
    return [replace(v, label=names.get(v.value, v.label)) for v in values]


def facet_groups(result, params, labels=None):
    facets = {facet.name: facet for facet in result.facets}
    labels = vocabulary_labels() if labels is None else labels
    groups = []
    for name in FACET_ORDER:
        facet = facets.get(name)
        if facet is None or not facet.values:
            continue
        values = localized_values(name, facet.values, labels)
        for position, value in enumerate(values):
            value.input_id = f"f-{name}-{position}"
        # Selected values always stay in view; the rest fold away after the first few.
        visible = [v for i, v in enumerate(values) if i < FACET_VISIBLE or v.selected]
        more = [v for i, v in enumerate(values) if i >= FACET_VISIBLE and not v.selected]
        groups.append(
            FacetGroup(name, str(facet.label), visible, more, len(getattr(params, name)))
        )
    return groups


def relaxations(result, items):
    """The engine's "drop this filter" suggestions, named by the values they drop.

    (name, text, count, url); the search words are named as words, not as a filter.
    """
    texts = {}
    for name, text, _url in items:
        texts.setdefault(name, []).append(text)
    return [
        (r.name, ", ".join(texts.get(r.name, [])) or str(r.label), r.count, r.query)
        for r in result.relaxations
    ]


ZERO_RESULT_LINKS = 6


def related_topics(params):
    """Topics to try when nothing was found: those the words find without the filters, else
    the topics with the most offerings under the filters (without the words)."""
    for base in (SearchParams(q=params.q) if params.q else None,
                 replace(params, q="", page=1)):
        if base is None:
            continue
        result = search(replace(base, page_size=1))
        topics = next((f for f in result.facets if f.name == "topic"), None)
        values = sorted(
            (v for v in (topics.values if topics else []) if v.count and not v.selected),
            key=lambda v: -v.count,
        )[:ZERO_RESULT_LINKS]
        if values:
            names = vocabulary_labels().get("topic", {})
            return [(names.get(v.value, v.label), v.count, search_url(topic=(v.value,)))
                    for v in values]
    return []


def nearby_towns(params):
    """Towns near the chosen town(s) or place where the same search finds something."""
    chosen = list(Municipality.objects.filter(slug__in=params.town))
    if not chosen and not params.near:
        return []
    if not chosen:
        from bildungsportal.places.selectors import resolve_place

        origin = resolve_place(params.near)
        if origin is None:
            return []
        points = [(origin[1], origin[2])]
    else:
        points = [(t.latitude, t.longitude) for t in chosen]
    towns = sorted(
        (min(t.distance_km(lat, lon) for lat, lon in points), t)
        for t in Municipality.objects.exclude(slug__in=params.town)
    )
    base = replace(params, town=(), near="", radius_km=None, page=1, page_size=1)
    found = []
    for distance, town in towns[:4 * ZERO_RESULT_LINKS]:
        count = search(replace(base, town=(town.slug,))).full_count
        if count:
            found.append((town.name, km(distance), count,
                          reverse("catalog:search") + replace(base, town=(town.slug,))
                          .querystring(page_size=SearchParams().page_size)))
        if len(found) == ZERO_RESULT_LINKS:
            break
    return found


def search_page(request):
    index = get_index()
    parsed = parse(request.GET, allowed_values(index))
    result = search(parsed.params, parsed.errors, index=index)
    record_search(parsed.params, result)
    params = result.params
    errors = {**parsed.errors, **(result.errors or {})}
    labels = value_labels(result)
    items = filter_values(params, labels)
    filters = active_filters(items)
    flag_counts = {
        facet.name: facet.values[0].count
        for facet in result.facets
        if facet.name in ("free", "accessible") and facet.values
    }
    radius_choices = list(RADIUS_CHOICES)
    if params.radius_km and params.radius_km not in radius_choices:
        radius_choices = sorted({*radius_choices, params.radius_km})
    context = {
        "params": params,
        "result": result,
        "hits": hit_views(result.hits),
        "facet_groups": facet_groups(result, params),
        "active_filters": filters,
        "relaxations": relaxations(result, items),
        "flag_counts": flag_counts,
        "clear_url": SearchParams(q=params.q).querystring() if filters else "",
        "errors": [(str(FILTER_LABELS.get(k, k)), v) for k, v in errors.items()],
        "sorts": list(SORTS.items()),
        "radius_choices": [(f"{r:g}", f"{r:g}".replace(".", ",")) for r in radius_choices],
        "current_radius": f"{params.radius_km:g}" if params.radius_km else "",
        "towns": Municipality.objects.in_district().values_list("name", flat=True),
        "pagination": pagination(
            params.page, result.page_count, lambda n: params.querystring(page=n)
        ),
        # What the person typed stays in the field, even when the place was not found.
        "near_value": parsed.params.near,
        "default_page_size": SearchParams().page_size,
        "first_page_url": params.querystring(page=1),
        "canonical_url": search_canonical_url(request, params),
        "search_words": params.q,
        "related_topics": related_topics(params) if not result.full_count else [],
        "nearby_towns": nearby_towns(params) if not result.full_count else [],
        "wish_form": WishForm(initial={"search": params.querystring()}),
        "nav": "angebote",
        "nav_exact": not filters,
    }
    return render(request, "catalog/search.html", context)


def search_wish(request):
    """POST the zero-result page's wish into the demand log; GET shows the form alone."""
    form = WishForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not wishes.allow(request):
            form.add_error(None, _("Sie haben in kurzer Zeit schon viele Wünsche geschickt. "
                                   "Bitte versuchen Sie es später noch einmal."))
            status = 429
        elif form.is_valid():
            params = parse(QueryDict(form.cleaned_data["search"].lstrip("?"))).params
            record_wish(form.cleaned_data["wish"], params)
            back = params.querystring()
            return redirect(reverse("catalog:search_wish_thanks") + "?" + urlencode(
                {"suche": back}
            ))
        else:
            status = 400
    return render(request, "catalog/search_wish.html", {"form": form, "nav": "angebote"},
                  status=status)


def search_wish_thanks(request):
    params = parse(QueryDict((request.GET.get("suche") or "").lstrip("?"))).params
    return render(request, "catalog/search_wish.html", {
        "thanks": True, "back_url": reverse("catalog:search") + params.querystring(),
        "nav": "angebote",
    })


# -- offering -------------------------------------------------------------------------
def offering_detail(request, pk, slug):
    offering = offering_for_page(pk)
    if offering is None:
        raise Http404(_("Dieses Angebot gibt es nicht oder nicht mehr."))
    if slug != offering.slug:
        return redirect(offering.get_absolute_url(), permanent=True)
    runs = attach_run_info(list(offering.runs.all()), offering)
    upcoming = [r for r in runs if not r.info.is_past]
    url = request.build_absolute_uri(offering.get_absolute_url())
    provider_url = request.build_absolute_uri(offering.provider.get_absolute_url())
    context = {
        "offering": offering,
        "upcoming_runs": upcoming,
        "without_booking": without_booking(upcoming or runs),
        "past_runs": [r for r in runs if r.info.is_past],
        "price": euro(offering.price_cents) if offering.price_cents else "",
        "price_reduced": (
            euro(offering.price_reduced_cents) if offering.price_reduced_cents else ""
        ),
        "run_prices": {
            r.pk: euro(r.price_cents) for r in runs if r.price_cents is not None
        },
        "jsonld": course_jsonld(offering, runs, url, provider_url),
        "source_label": SOURCE_LABELS.get(offering.source, offering.source),
        "canonical_url": url,
        "nav": "angebote",
    }
    for run in runs:
        run.price_text = context["run_prices"].get(run.pk, "")
    return render(request, "catalog/offering_detail.html", context)


def without_booking(runs):
    """True when every run shown is "ohne Anmeldung": then no page invites to register."""
    return bool(runs) and all(r.booking_status == Run.BookingStatus.NO_BOOKING for r in runs)


def offering_short(request, pk):
    """/angebote/<id>/ → the canonical address with the slug."""
    offering = get_object_or_404(Offering.objects.published().only("pk", "slug"), pk=pk)
    return redirect(offering.get_absolute_url(), permanent=True)


def run_ics(request, pk, slug, run_id):
    offering = (
        Offering.objects.published().select_related("provider").filter(pk=pk).first()
    )
    if offering is None:
        raise Http404
    run = (
        Run.objects.select_related("venue__municipality")
        .filter(pk=run_id, offering=offering)
        .first()
    )
    if run is None or not has_calendar_file(run):
        raise Http404
    if slug != offering.slug:
        return redirect(
            "catalog:run_ics", pk=offering.pk, slug=offering.slug, run_id=run.pk,
            permanent=True,
        )
    url = request.build_absolute_uri(offering.get_absolute_url())
    body = run_calendar(run, offering, url=url, domain=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = f"{offering.slug[:60]}-termin-{run.pk}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- provider -------------------------------------------------------------------------
def provider_detail(request, pk, slug):
    provider = get_object_or_404(
        Provider.objects.select_related("municipality").prefetch_related("quality_seals"),
        pk=pk,
    )
    if slug != provider.slug:
        return redirect(provider.get_absolute_url(), permanent=True)
    # The host's region's part of the provider's offerings (catalog/regions.py).
    paginator = Paginator(offerings_in_region(request.region, provider_offerings(provider)),
                          PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    today = date.today()
    items = []
    for offering in page.object_list:
        upcoming = [r for r in offering.runs.all() if not r.is_past(today)]
        attach_run_info(upcoming[:1], offering)
        items.append(HitView(
            offering=offering,
            next_run=upcoming[0] if upcoming else None,
            more_runs=max(0, len(upcoming) - 1),
            price=price_text(offering, upcoming),
            distance="",
        ))
    context = {
        "provider": provider,
        "page": page,
        "hits": items,
        "pagination": pagination(
            page.number, paginator.num_pages, lambda n: f"?page={n}" if n > 1 else "?"
        ),
        "nav": "anbieter",
    }
    return render(request, "catalog/provider_detail.html", context)


def provider_list_page(request):
    """/anbieter/: every provider A–Z, filterable by kind, town and life phase."""
    labels = provider_list.vocabularies()
    params, errors = provider_list.parse(request.GET, labels)
    rows = provider_list.provider_rows()
    found = provider_list.filter_rows(rows, params)
    paginator = Paginator(found, PER_PAGE)
    page = paginator.get_page(params.page)
    shown = list(page.object_list)
    seals = {}
    for provider in Provider.objects.filter(pk__in=[r.pk for r in shown]).prefetch_related(
        "quality_seals"
    ):
        seals[provider.pk] = list(provider.quality_seals.all())
    for row in shown:
        row.seals = seals.get(row.pk, [])
        row.url = reverse("catalog:provider", kwargs={"pk": row.pk, "slug": row.slug})
    active = [
        (f"{provider_list.FILTER_LABELS[name]}: {labels[name][value]}",
         params.toggle_query(name, value))
        for name in provider_list.FILTERS for value in getattr(params, name)
    ]
    context = {
        "params": params,
        "rows": shown,
        "count": paginator.count,
        "total": len(rows),
        "page": page,
        "facets": provider_list.facets(rows, params, labels),
        "active_filters": active,
        "errors": [(str(provider_list.FILTER_LABELS.get(k, _("Seite"))), v)
                   for k, v in errors.items()],
        "pagination": pagination(
            page.number, paginator.num_pages, lambda n: params.querystring(page=n)
        ),
        "canonical_url": request.build_absolute_uri(
            reverse("catalog:providers") + (params.querystring() if params.active else "")
        ),
        "nav": "anbieter",
        "nav_exact": not params.active,
    }
    return render(request, "catalog/provider_list.html", context)


# -- towns ----------------------------------------------------------------------------
def municipality_list(request):
    counts = {e.slug: e.count for e in entry_points()["towns"]}
    towns = list(Municipality.objects.in_district())
    for town in towns:
        town.offering_count = counts.get(town.slug, 0)
    return render(request, "catalog/municipality_list.html", {
        "towns": towns,
        "total_population": sum(t.population for t in towns),
        "nav": "orte",
        "nav_exact": True,
    })


def municipality_detail(request, slug):
    town = get_object_or_404(Municipality, slug=slug)
    in_town = search(SearchParams(town=(town.slug,), sort="date", page_size=TOWN_PAGE_HITS))
    # "In der Nähe": the neighbouring towns within NEARBY_KM, nearest offerings first.
    neighbours = sorted(
        (
            (other.distance_km(town.latitude, town.longitude), other)
            for other in Municipality.objects.exclude(pk=town.pk)
        ),
        key=lambda pair: pair[0],
    )
    neighbours = [
        (km(distance), other) for distance, other in neighbours if distance <= NEARBY_KM
    ]
    nearby = None
    if neighbours:
        nearby = search(SearchParams(
            town=tuple(other.slug for _km, other in neighbours), near=town.name,
            sort="distance", page_size=TOWN_PAGE_HITS,
        ))
    context = {
        "town": town,
        "in_town": in_town,
        "in_town_hits": hit_views(in_town.hits),
        "in_town_url": search_url(town=(town.slug,), sort="date"),
        "neighbours": neighbours,
        "nearby": nearby,
        "nearby_hits": hit_views(nearby.hits) if nearby else [],
        "nearby_km": NEARBY_KM,
        "nearby_url": search_url(near=town.name, radius_km=NEARBY_KM, sort="distance"),
        "nav": "orte",
    }
    return render(request, "catalog/municipality_detail.html", context)


# -- life phases ----------------------------------------------------------------------
def life_phase_list(request):
    return render(request, "catalog/life_phase_list.html", {
        "life_phases": entry_points()["life_phases"],
        "nav": "lebensphasen",
        "nav_exact": True,
    })


def life_phase_detail(request, slug):
    phase = get_object_or_404(LifePhase, slug=slug)
    result = search(SearchParams(life_phase=(phase.slug,), sort="date", page_size=10))
    topics = []
    for facet in result.facets:
        if facet.name == "topic":
            topics = [
                (v.label, v.count, search_url(life_phase=(phase.slug,), topic=(v.value,)))
                for v in localized_values("topic", facet.values, vocabulary_labels())
                if v.count
            ]
    context = {
        "phase": phase,
        "result": result,
        "hits": hit_views(result.hits),
        "topics": topics,
        "search_url": search_url(life_phase=(phase.slug,)),
        "other_phases": LifePhase.objects.exclude(pk=phase.pk),
        "nav": "lebensphasen",
    }
    return render(request, "catalog/life_phase_detail.html", context)
