"""Catalog endpoints of the JSON API v1: search, offering, provider, taxonomy.

The search endpoint builds its parameters with the same `parse()` as the search page and
calls the same `search()`; its query parameters are declared in the OpenAPI document by hand
(SEARCH_PARAMETERS) so that ninja never rejects a value before `parse()` has seen it and every
client error is answered the same way: 400 with `detail` and `errors`.
"""

from django.conf import settings
from django.db.models import F, Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from ninja import Path, Router, Status

from bildungsportal.catalog.formatting import effective_recurrence
from bildungsportal.catalog.models import (
    DqrLevel,
    Offering,
    Provider,
    Run,
    Topic,
)
from bildungsportal.catalog.vocabularies import (
    ALL_VOCABULARIES,
    OFFERING_RELATIONS,
    TIMES_OF_DAY,
    WEEKDAY_CODES,
    WEEKDAYS,
)
from bildungsportal.places.models import Municipality
from bildungsportal.search.demand import record_search
from bildungsportal.search.engine import allowed_values, search
from bildungsportal.search.facet_index import get_index
from bildungsportal.search.params import FIXED_VALUES, LIST_FILTERS, SORTS, parse
from bildungsportal.search.suggest import suggest

from . import providers as provider_list
from . import schemas
from .api_search import search_body

# Largest id the databases store (signed 64 bit); larger ones are rejected, not looked up.
MAX_ID = 2**63 - 1

router = Router()


def error_body(detail, errors=None):
    return {"detail": str(detail), "errors": {k: str(v) for k, v in (errors or {}).items()}}


def not_found(what):
    return Status(404, error_body(_("%(what)s nicht gefunden.") % {"what": what}))


# -- serialisation helpers -------------------------------------------------------------------
def _term(obj):
    """A vocabulary term, named in the request's language (Accept-Language) where translated."""
    return {"slug": obj.slug, "name": obj.local_name}


def _provider_ref(provider):
    return {"id": provider.pk, "name": provider.name, "url": provider.get_absolute_url()}


def _town(municipality):
    return {"ags": municipality.ags, "slug": municipality.slug, "name": municipality.name}


def _locality(venue):
    """The place of a venue outside our towns; None for our towns and online-only runs."""
    if venue is None or venue.municipality_id:
        return None
    return venue.locality or None


def _weekdays(run):
    return [WEEKDAY_CODES[day] for day in run.weekday_numbers]


# -- search ----------------------------------------------------------------------------------
# An empty value is the same as none (the search form sends empty fields); the document says so.
EMPTY = {"type": "string", "maxLength": 0}


def _empty_allowed(schema):
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], ""]}
    if schema.get("type") == "string":
        return schema
    return {"anyOf": [schema, EMPTY]}


def _query_param(name, schema, description, *, array=False):
    schema = _empty_allowed(schema)
    if array:
        schema = {"type": "array", "items": schema}
    param = {
        "in": "query",
        "name": name,
        "required": False,
        "schema": schema,
        "description": description,
    }
    if array:
        param.update(style="form", explode=True)
    return param


_VOCAB = {"type": "string", "maxLength": 80}
# The search form sends empty fields: "" means "not given".
_DAY = {"type": "string", "anyOf": [{"format": "date"}, EMPTY]}
# A vocabulary parameter's values live in the database (the office can add a topic), so the
# OpenAPI document lists them when it is asked for, not when this module is imported: the mark
# names where `vocabulary_enums` finds them. The server accepts exactly these values.
VOCABULARY_MARK = "x-vocabulary"
# The English description of each list filter of the search (params.LIST_FILTERS, which follow
# the vocabulary registry): a filter without one fails here, so the OpenAPI document stays whole.
LIST_FILTER_DESCRIPTIONS = {
    "life_phase": "Life phase slugs (see /taxonomy).",
    "topic": "Topic slugs (see /taxonomy).",
    "town": "Town slugs of the venue (see /taxonomy).",
    "format": "Format slugs (see /taxonomy).",
    "language": "Language codes, ISO 639-1 (see /taxonomy).",
    "funding": "Funding option slugs (see /taxonomy).",
    "seal": "Quality seal slugs of the provider (see /taxonomy, quality_seals).",
    "weekday": "Runs on one of these days.",
    "time_of_day": "vormittags (before 12:00), nachmittags (12–17), abends (from 17:00).",
}


def _list_filter_param(name):
    """A repeatable filter: slugs of a vocabulary, or one of the fixed codes (weekday …)."""
    schema = {**_VOCAB, VOCABULARY_MARK: f"search:{name}"}
    if name in FIXED_VALUES:
        schema = {"type": "string", "enum": list(FIXED_VALUES[name])}
    return _query_param(name, schema, LIST_FILTER_DESCRIPTIONS[name], array=True)



def vocabulary_enums(schema):
    """Replace each marked parameter's free string by the enum of the values the server knows."""
    known = {
        **{f"search:{name}": values for name, values in allowed_values().items()},
        **{f"providers:{name}": values for name, values in provider_list.vocabularies().items()},
    }
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for param in operation.get("parameters", []):
                items = param["schema"].get("items", param["schema"])
                if (mark := items.get(VOCABULARY_MARK)) and known.get(mark):
                    items.pop("maxLength", None)
                    items["enum"] = [*sorted(known[mark]), ""]
    return schema


SEARCH_PARAMETERS = [
    _query_param(
        "q", {"type": "string"},
        "Search words. Every string is accepted: operators and control characters are "
        f"ignored, text beyond {settings.SEARCH_MAX_QUERY_LENGTH} characters is cut off.",
    ),
    *(_list_filter_param(name) for name in LIST_FILTERS),
    _query_param("free", {"type": "boolean"}, "Only offerings free of charge (1/0, true/false)."),
    _query_param("accessible", {"type": "boolean"}, "Only runs at step-free venues or online."),
    _query_param(
        "near", {"type": "string", "maxLength": 100},
        "A postcode or town name; enables `radius_km`, `distance_km` and sort=distance.",
    ),
    _query_param(
        "radius_km",
        {"type": "number", "exclusiveMinimum": 0, "maximum": settings.SEARCH_MAX_RADIUS_KM},
        "Only runs within this distance of `near`.",
    ),
    _query_param(
        "date_from", _DAY,
        "Runs on or after this day (YYYY-MM-DD; DD.MM.YYYY is accepted too; empty: today).",
    ),
    _query_param(
        "date_to", _DAY,
        "Runs on or before this day (YYYY-MM-DD; DD.MM.YYYY is accepted too; empty: no end). "
        "A period ending before it starts finds nothing.",
    ),
    _query_param(
        "sort", {"type": "string", "enum": list(SORTS), "default": "relevance"}, "Order of results."
    ),
    _query_param(
        "page", {"type": "integer", "minimum": 1, "maximum": 10_000, "default": 1}, "Page number."
    ),
    _query_param(
        "page_size",
        {
            "type": "integer", "minimum": 1, "maximum": settings.SEARCH_MAX_PAGE_SIZE,
            "default": settings.SEARCH_PAGE_SIZE,
        },
        "Results per page.",
    ),
]


@router.get(
    "/offerings",
    response={200: schemas.SearchResponse, 400: schemas.Error, 404: schemas.Error},
    tags=["offerings"],
    operation_id="search_offerings",
    url_name="offering_search",
    summary="Search offerings",
    description=(
        "The same search as the page /angebote/, with the same parameters. List filters are "
        "repeatable (`topic=a&topic=b` means a OR b); different filters combine with AND. "
        "Facets are counted on the filtered set, disjunctively within a facet: a value's "
        "`count` is the number of results you get when you select it. Unknown or invalid "
        "values are answered with 400 and a message per parameter; unknown parameters are "
        "ignored. A `near` that names no known place (postcode or town) is answered with 404."
    ),
    openapi_extra={"parameters": SEARCH_PARAMETERS},
)
def search_offerings(request):
    index = get_index()
    parsed = parse(request.GET, allowed_values(index), empty_range_ok=True)
    if parsed.errors:
        return Status(400, error_body(_("Ungültige Suchparameter."), parsed.errors))
    result = search(parsed.params, dict(parsed.errors), index=index)
    if set(result.errors) == {"near"}:
        # Any string may name a place (the postcode table, town names in any spelling), so
        # the parameter is valid; the place it names does not exist: 404, not 400.
        return Status(404, error_body(_("Ort nicht gefunden."), result.errors))
    if result.errors:
        return Status(400, error_body(_("Ungültige Suchparameter."), result.errors))
    record_search(parsed.params, result)
    # The JSON is built once per (cached) result and language (labels and term names follow
    # Accept-Language) from the page's ids, without model objects (api_search.py).
    key = f"api-{get_language()}"
    body = result.renderings.get(key)
    if body is None:
        body = result.renderings.setdefault(key, search_body(result, index))
    return HttpResponse(body, content_type="application/json; charset=utf-8")


# -- offering --------------------------------------------------------------------------------
def _venue(venue):
    return {
        "id": venue.pk,
        "name": venue.name,
        "street": venue.street,
        "postcode": venue.postcode,
        "town": _town(venue.municipality) if venue.municipality_id else None,
        "locality": _locality(venue),
        "latitude": venue.latitude,
        "longitude": venue.longitude,
        "step_free": venue.step_free,
        "accessibility_notes": venue.accessibility_notes,
    }


def _run(run):
    return {
        "id": run.pk,
        "recurrence": effective_recurrence(run).value,
        "start_date": run.start_date,
        "end_date": run.end_date,
        "weekdays": _weekdays(run),
        "start_time": run.start_time,
        "end_time": run.end_time,
        "sessions": run.sessions,
        "hours": float(run.hours) if run.hours is not None else None,
        "seats": run.seats,
        "booking_status": run.booking_status,
        "booking_status_label": str(run.get_booking_status_display()),
        "venue": _venue(run.venue) if run.venue else None,
        "is_online": run.is_online,
        "price_cents": run.effective_price_cents,
        "note": run.note,
    }


@router.get(
    "/offerings/{id}",
    response={200: schemas.OfferingDetail, 404: schemas.Error, 400: schemas.Error},
    tags=["offerings"],
    operation_id="get_offering",
    url_name="offering_detail",
    summary="One offering with every run",
    description="Every public fact of a published offering, with all runs, their venues, "
    "towns and effective prices. Drafts and archived offerings answer 404.",
)
def get_offering(request, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)):
    offering = offering_detail_queryset().filter(pk=id).first()
    if offering is None:
        return not_found(_("Angebot"))
    response["Last-Modified"] = http_date(
        max(offering.updated_at, offering.provider.updated_at).timestamp()
    )
    return Status(200, offering_detail(offering))


def offering_detail_queryset():
    """Published offerings with everything `offering_detail` reads (also the change feed's)."""
    runs = Run.objects.select_related("venue__municipality").order_by(
        F("start_date").asc(nulls_last=True), F("start_time").asc(nulls_last=True), "id"
    )
    return (
        Offering.objects.published()
        .select_related("provider", "format", "dqr_level")
        .prefetch_related(
            *(kind.field for kind in OFFERING_RELATIONS if kind.key != "topic"),
            Prefetch("topics", queryset=Topic.objects.select_related("parent")),
            Prefetch("runs", queryset=runs),
        )
    )


def offering_detail(offering):
    """The public representation of one offering (schemas.OfferingDetail) as a dict."""
    return {
        "id": offering.pk,
        "title": offering.title,
        "slug": offering.slug,
        "url": offering.get_absolute_url(),
        "summary": offering.summary,
        "description": offering.description,
        "entry_requirements": offering.entry_requirements,
        "provider": _provider_ref(offering.provider),
        "life_phases": [_term(p) for p in offering.life_phases.all()],
        "topics": [
            {**_term(t), "parent": t.parent.slug if t.parent else None}
            for t in offering.topics.all()
        ],
        "target_groups": [_term(g) for g in offering.target_groups.all()],
        "format": _term(offering.format),
        "languages": [_term(lang) for lang in offering.languages.all()],
        "price_cents": offering.price_cents,
        "price_reduced_cents": offering.price_reduced_cents,
        "is_free": offering.is_free,
        "price_note": offering.price_note,
        "funding_options": [
            {**_term(f), "url": f.url} for f in offering.funding_options.all()
        ],
        "certificate": offering.certificate,
        "dqr_level": {"level": offering.dqr_level.level, "name": offering.dqr_level.name}
        if offering.dqr_level
        else None,
        "registration_url": offering.registration_url,
        "registration_contact": offering.registration_contact,
        "source": offering.source,
        "updated_at": offering.updated_at,
        "runs": [_run(run) for run in offering.runs.all()],
    }


# -- provider --------------------------------------------------------------------------------
@router.get(
    "/providers/{id}",
    response={200: schemas.ProviderDetail, 404: schemas.Error, 400: schemas.Error},
    tags=["providers"],
    operation_id="get_provider",
    url_name="provider_detail",
    summary="One provider with links to its published offerings",
)
def get_provider(request, id: int = Path(..., ge=1, le=MAX_ID)):
    provider = (
        Provider.objects.select_related("municipality")
        .prefetch_related("quality_seals")
        .filter(pk=id)
        .first()
    )
    if provider is None:
        return not_found(pgettext("ein Anbieter", "Anbieter"))
    offerings = list(
        provider.offerings.published().order_by("title", "id").values_list("pk", "slug", "title")
    )
    body = {
        "id": provider.pk,
        "name": provider.name,
        "slug": provider.slug,
        "url": provider.get_absolute_url(),
        "kind": provider.kind,
        "kind_label": str(provider.get_kind_display()),
        "description": provider.description,
        "street": provider.street,
        "postcode": provider.postcode,
        "town": _town(provider.municipality) if provider.municipality else None,
        "email": provider.email,
        "phone": provider.phone,
        "website": provider.website,
        "quality_seals": [_term(s) for s in provider.quality_seals.all()],
        "source": provider.source,
        "updated_at": provider.updated_at,
        "offerings_count": len(offerings),
        "offerings": [
            {
                "id": pk,
                "title": title,
                "url": reverse("catalog:offering", kwargs={"pk": pk, "slug": slug}),
                "api_url": reverse("api-v1:offering_detail", kwargs={"id": pk}),
            }
            for pk, slug, title in offerings
        ],
    }
    return Status(200, body)


PROVIDER_PAGE_SIZE = 50
PROVIDER_LIST_PARAMETERS = [
    _query_param("kind", {"type": "string", "enum": list(Provider.Kind.values)},
                 "Kind of provider.", array=True),
    _query_param("town", {**_VOCAB, VOCABULARY_MARK: "providers:town"},
                 "Town slugs of the provider's seat (see /taxonomy).", array=True),
    _query_param("life_phase", {**_VOCAB, VOCABULARY_MARK: "providers:life_phase"},
                 "Life phase slugs of its published offerings (see /taxonomy).", array=True),
    _query_param("page", {"type": "integer", "minimum": 1, "maximum": 10_000, "default": 1},
                 f"Page number ({PROVIDER_PAGE_SIZE} providers per page)."),
]


@router.get(
    "/providers",
    response={200: schemas.ProviderListResponse, 400: schemas.Error},
    tags=["providers"],
    operation_id="list_providers",
    url_name="provider_list",
    summary="Every provider A–Z, filterable like the page /anbieter/",
    description=(
        "The education actors of the region: every provider, also those without current "
        "offerings. Filters are repeatable (`kind=vhs&kind=school` means either); different "
        "filters combine with AND; facets are counted like the offering search's."
    ),
    openapi_extra={"parameters": PROVIDER_LIST_PARAMETERS},
)
def list_providers(request):
    labels = provider_list.vocabularies()
    params, errors = provider_list.parse(request.GET, labels)
    if errors:
        return Status(400, error_body(_("Ungültige Parameter."), errors))
    rows = provider_list.provider_rows()
    found = provider_list.filter_rows(rows, params)
    start = (params.page - 1) * PROVIDER_PAGE_SIZE
    shown = found[start:start + PROVIDER_PAGE_SIZE]
    seals = {
        p.pk: [_term(s) for s in p.quality_seals.all()]
        for p in Provider.objects.filter(pk__in=[r.pk for r in shown])
        .prefetch_related("quality_seals")
    }
    results = [
        {
            "id": row.pk,
            "name": row.name,
            "url": reverse("catalog:provider", kwargs={"pk": row.pk, "slug": row.slug}),
            "api_url": reverse("api-v1:provider_detail", kwargs={"id": row.pk}),
            "kind": row.kind,
            "kind_label": row.kind_label,
            "town": {"slug": row.town_slug, "name": row.town_name} if row.town_slug else None,
            "quality_seals": seals.get(row.pk, []),
            "life_phases": sorted(row.life_phases),
            "current_offerings": row.current_offerings,
        }
        for row in shown
    ]
    facets = [
        {"name": f.name, "label": f.label, "values": [
            {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
            for v in f.values
        ]}
        for f in provider_list.facets(rows, params, labels)
    ]
    return Status(200, {
        "count": len(found), "page": params.page, "page_size": PROVIDER_PAGE_SIZE,
        "results": results, "facets": facets,
    })


# -- taxonomy --------------------------------------------------------------------------------
def _vocabulary(kind):
    """Every term of a registry vocabulary; a topic names its parent, a funding option its URL."""
    terms = kind.model.objects.all()
    if kind.key == "topic":
        terms = terms.select_related("parent")
    rows = []
    for term in terms:
        row = {"slug": term.slug, "name": term.local_name, "description": term.local_description}
        if kind.key == "topic":
            row["parent"] = term.parent.slug if term.parent else None
        elif kind.key == "funding":
            row["url"] = term.url
        rows.append(row)
    return rows


@router.get(
    "/taxonomy",
    response=schemas.Taxonomy,
    tags=["taxonomy"],
    operation_id="get_taxonomy",
    url_name="taxonomy",
    summary="Every vocabulary the catalog and the search filters use",
)
def get_taxonomy(request):
    towns = Municipality.objects.district_first()
    return {
        # life_phases, topics, target_groups, formats, languages, funding_options, quality_seals
        **{kind.plural: _vocabulary(kind) for kind in ALL_VOCABULARIES},
        "dqr_levels": [
            {"level": d.level, "name": d.name, "description": d.description}
            for d in DqrLevel.objects.all()
        ],
        "towns": [
            {
                "ags": m.ags, "slug": m.slug, "name": m.name, "official_name": m.official_name,
                "population": m.population, "in_district": m.in_district,
                "latitude": m.latitude, "longitude": m.longitude,
                "postcodes": [str(p) for p in m.postcodes],
            }
            for m in towns
        ],
        "weekdays": [{"value": k, "label": str(v)} for k, v in WEEKDAYS.items()],
        "times_of_day": [{"value": k, "label": str(v)} for k, v in TIMES_OF_DAY.items()],
        "sorts": [{"value": k, "label": str(v)} for k, v in SORTS.items()],
    }


# -- suggest ---------------------------------------------------------------------------------
SUGGEST_MAX_QUERY_LENGTH = settings.SEARCH_MAX_QUERY_LENGTH


@router.get(
    "/suggest",
    response={200: schemas.SuggestResponse, 400: schemas.Error},
    tags=["offerings"],
    operation_id="suggest",
    url_name="suggest",
    summary="Autocomplete for the search box",
    description=(
        "Topics, offering titles and towns that begin with `q` (or, for topics and towns, one "
        "of whose words does), compared case-insensitively with umlauts folded: `fuehr` finds "
        "„Führerschein“. At most 10. Any `q` up to "
        f"{SUGGEST_MAX_QUERY_LENGTH} characters is answered with 200 (an empty or "
        "punctuation-only `q` with an empty list); a longer one with 400."
    ),
    openapi_extra={
        "parameters": [
            _query_param(
                "q", {"type": "string", "maxLength": SUGGEST_MAX_QUERY_LENGTH},
                "What has been typed so far.",
            )
        ]
    },
)
def suggest_view(request):
    query = request.GET.get("q", "")
    if len(query) > SUGGEST_MAX_QUERY_LENGTH:
        message = _("Höchstens %(max)d Zeichen.") % {"max": SUGGEST_MAX_QUERY_LENGTH}
        return Status(400, error_body(_("Suchbegriff zu lang für Vorschläge."), {"q": message}))
    suggestions = [
        {"kind": s.kind, "kind_label": s.kind_label, "label": s.label, "url": s.url,
         "count": s.count}
        for s in suggest(query)
    ]
    return Status(200, {"query": query, "suggestions": suggestions})
