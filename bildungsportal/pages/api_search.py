"""The JSON body of GET /api/v1/offerings, built from the search's page entries.

The search engine names the page's offerings and their matching runs (results.PageEntry);
this module reads just the columns the response needs (four queries of tuples, no model
objects) and writes the JSON directly. The vocabularies' names come from a table kept per
index (vocabulary changes rebuild the index). The shape is schemas.SearchResponse, which
tests/test_api_search_body.py checks against the schema's validation.
"""

import json
import threading
from datetime import date, time

from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse
from django.utils.translation import get_language

from bildungsportal.catalog.formatting import effective_recurrence
from bildungsportal.catalog.models import Offering, Run
from bildungsportal.catalog.selectors import vocabulary_labels
from bildungsportal.catalog.vocabularies import ALL_VOCABULARIES, WEEKDAY_CODES
from bildungsportal.core.db_router import current_read_alias
from bildungsportal.search.engine import other_regions, region_names

# Placeholders for building the page paths of offerings and providers by string replacement
# (reverse() per hit costs more than the rest of the hit); slugs are ASCII by their converter.
_PK, _SLUG = 987654321012, "slug-placeholder"
_RUN_COLUMNS = (
    "pk", "offering_id", "start_date", "end_date", "recurrence", "weekdays", "start_time",
    "end_time", "is_online", "venue_id", "venue__name", "venue__locality",
    "venue__municipality_id", "venue__municipality__slug", "venue__municipality__name",
)
_lock = threading.Lock()
_tables = {}  # "vocabularies" → (the index's vocabularies object, {language → Tables})


class _Prepared:
    """A values_list query over an `…__in` list of ids, compiled once per list length and
    thread, then executed as SQL with the ORM's converters: building the queryset costs
    about ten times running it. Falls back to the ORM when the compiled parameters are not
    just the ids (a backend that passes the list as one array)."""

    def __init__(self, build):
        self.build = build  # ids → queryset
        self.local = threading.local()

    def rows(self, ids):
        ids = list(dict.fromkeys(ids))  # unique, as the ORM's IN
        if not ids:
            return []
        compiled = self.local.__dict__.setdefault("compiled", {})
        entry = compiled.get(len(ids))
        if entry is None:
            placeholders = list(range(-len(ids), 0))  # distinct, never real ids
            compiler = self.build(placeholders).query.get_compiler(using=DEFAULT_DB_ALIAS)
            sql, params = compiler.as_sql()
            entry = (compiler, sql) if list(params) == placeholders else (None, None)
            if len(compiled) < 512:
                compiled[len(ids)] = entry
        compiler, sql = entry
        if compiler is None:
            return list(self.build(ids))
        # Compiled once for the primary's backend; run where this request reads (a replica
        # has the same engine, so the same SQL and converters hold).
        with connections[current_read_alias()].cursor() as cursor:
            cursor.execute(sql, ids)
            rows = cursor.fetchall()
        return list(compiler.results_iter(results=[rows], tuple_expected=True))


def _through_query(field):
    relation = Offering._meta.get_field(field)
    column = relation.m2m_reverse_name()
    through = relation.remote_field.through
    return _Prepared(lambda ids: through.objects.filter(offering_id__in=ids).values_list(
        "offering_id", column))


_OFFERINGS = _Prepared(lambda ids: Offering.objects.filter(pk__in=ids).values_list(
    "pk", "title", "slug", "summary", "price_cents", "is_free", "provider_id",
    "provider__name", "provider__slug", "format_id",
))
_RUNS = _Prepared(lambda ids: Run.objects.filter(pk__in=ids).values_list(*_RUN_COLUMNS))
_TERMS = {"life_phases": _through_query("life_phases"), "topics": _through_query("topics")}


class _Run:
    """The columns effective_recurrence() reads, without a model instance."""

    __slots__ = ("start_date", "end_date", "recurrence")

    def __init__(self, start_date, end_date, recurrence):
        self.start_date, self.end_date, self.recurrence = start_date, end_date, recurrence


class Tables:
    """Per index and language: term dicts by primary key, facet labels, path templates."""

    def __init__(self, language):
        self.terms = {}  # field → {pk: (position, name, {"slug", "name"})}
        for kind in ALL_VOCABULARIES:
            if kind.key not in ("format", "life_phase", "topic"):
                continue
            rows = kind.model.objects.values_list("pk", "slug", "name", "position",
                                                  "translations")
            self.terms[kind.key] = {
                pk: ((position, name),
                     {"slug": slug,
                      "name": ((translations or {}).get(language) or {}).get("name") or name})
                for pk, slug, name, position, translations in rows
            }
        self.labels = vocabulary_labels(language)
        self.offering_path = reverse("catalog:offering", kwargs={"pk": _PK, "slug": _SLUG})
        self.provider_path = reverse("catalog:provider", kwargs={"pk": _PK, "slug": _SLUG})


def tables(index):
    """The Tables of this index's vocabularies in the request's language (built once)."""
    language = get_language() or "de"
    with _lock:
        owner, by_language = _tables.get("vocabularies", (None, {}))
        if owner is not index.vocabularies:
            by_language = {}
            _tables["vocabularies"] = (index.vocabularies, by_language)
        found = by_language.get(language)
    if found is None:
        found = Tables(language)
        with _lock:
            by_language[language] = found
    return found


def _path(template, pk, slug):
    return template.replace(str(_PK), str(pk)).replace(_SLUG, slug)


def _terms_of(ids, field, table):
    """offering id → [{slug, name}] of a many-to-many field, ordered like the vocabulary."""
    found = {}
    for offering_id, term_id in _TERMS[field].rows(ids):
        found.setdefault(offering_id, []).append(table[term_id])
    return {key: [term for _, term in sorted(terms, key=lambda t: t[0])]
            for key, terms in found.items()}


def _weekdays(bits, start):
    bits = bits or (Run.WEEKDAY_BITS[start.weekday()] if start else 0)
    return [WEEKDAY_CODES[day] for day, bit in Run.WEEKDAY_BITS.items() if bits & bit]


def _run_key(row):
    """engine._run_order on a row: soonest first, standing offers without a date last."""
    start, start_time = row[2], row[6]
    return (start is None, start or date.max, start_time is None, start_time or time.min, row[0])


def _next_runs(page):
    """offering id → the JSON of its first matching run (one query)."""
    run_ids = [run_id for entry in page for run_id in entry.run_ids]
    first = {}
    if run_ids:
        for row in _RUNS.rows(run_ids):
            current = first.get(row[1])
            if current is None or _run_key(row) < _run_key(current):
                first[row[1]] = row
    runs = {}
    for offering_id, row in first.items():
        (pk, _, start, end, recurrence, weekdays, start_time, end_time, online, venue_id,
         venue_name, locality, town_id, town_slug, town_name) = row
        runs[offering_id] = {
            "id": pk,
            "start_date": start,
            "end_date": end,
            "recurrence": effective_recurrence(_Run(start, end, recurrence)).value,
            "weekdays": _weekdays(weekdays, start),
            "start_time": start_time,
            "end_time": end_time,
            "town": {"slug": town_slug, "name": town_name} if town_id else None,
            "locality": (locality or None) if venue_id and not town_id else None,
            "venue": venue_name if venue_id else None,
            "is_online": online,
        }
    return runs


def _json_default(value):
    if isinstance(value, date | time):
        return value.isoformat()
    raise TypeError(f"not serialisable: {type(value).__name__}")


def search_body(result, index):
    """The response body (UTF-8 JSON bytes) of one search result."""
    table = tables(index)
    page = result.page
    ids = [entry.offering_id for entry in page]
    offerings = {row[0]: row for row in _OFFERINGS.rows(ids)}
    life_phases = _terms_of(ids, "life_phases", table.terms["life_phase"]) if ids else {}
    topics = _terms_of(ids, "topics", table.terms["topic"]) if ids else {}
    next_runs = _next_runs(page)
    regions = region_names(page)
    formats = table.terms["format"]
    results = []
    for entry in page:
        row = offerings.get(entry.offering_id)
        if row is None:  # deleted since the index was built
            continue
        pk, title, slug, summary, price, free, provider_id, provider, provider_slug, fmt = row
        results.append({
            "id": pk,
            "title": title,
            "url": _path(table.offering_path, pk, slug),
            "summary": summary,
            "provider": {"id": provider_id, "name": provider,
                         "url": _path(table.provider_path, provider_id, provider_slug)},
            "price_cents": price,
            "is_free": free,
            "format": formats[fmt][1],
            "life_phases": life_phases.get(pk, []),
            "topics": topics.get(pk, []),
            "next_run": next_runs.get(pk),
            "distance_km": round(entry.distance_km, 2) if entry.distance_km is not None
            else None,
            "regions": other_regions(entry, regions),
        })
    facets = []
    for facet in result.facets:
        names = table.labels.get(facet.name, {})
        facets.append({
            "name": facet.name,
            "label": str(facet.label),
            "values": [{"value": v.value, "label": str(names.get(v.value, v.label)),
                        "count": v.count, "selected": v.selected} for v in facet.values],
        })
    body = {"count": result.count, "page": result.params.page,
            "page_size": result.params.page_size, "results": results, "facets": facets,
            "suggestion": result.suggestion}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"),
                      default=_json_default).encode()
