"""The list of the region's education actors (/anbieter/ and GET /api/v1/providers).

Every provider is listed, also one without current offerings (a Kita or counselling service
is an education actor before it publishes anything): the provider page is public for all.
Filters work like the catalog's facets: the state lives in the URL, values within one filter
combine with OR, filters with AND, and each value's count is what selecting it would give.
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from bildungsportal.catalog.models import LifePhase, Offering, Provider
from bildungsportal.places.models import Municipality

FILTERS = ("kind", "town", "life_phase")
FILTER_LABELS = {"kind": _("Art"), "town": _("Ort"), "life_phase": _("Lebensphase")}
MAX_VALUES = 50


@dataclass(frozen=True)
class ProviderParams:
    kind: tuple = ()
    town: tuple = ()
    life_phase: tuple = ()
    page: int = 1

    def as_query_list(self, page=None):
        items = [(name, value) for name in FILTERS for value in getattr(self, name)]
        page = self.page if page is None else page
        if page > 1:
            items.append(("page", str(page)))
        return items

    def querystring(self, page=1):
        return "?" + urlencode(self.as_query_list(page))

    def toggle_query(self, name, value):
        current = getattr(self, name)
        new = tuple(v for v in current if v != value) if value in current else (*current, value)
        items = [(n, v) for n in FILTERS for v in (new if n == name else getattr(self, n))]
        return "?" + urlencode(items)

    @property
    def active(self):
        return any(getattr(self, name) for name in FILTERS)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    toggle_query: str
    input_id: str = ""


@dataclass
class Facet:
    name: str
    label: str
    values: list = field(default_factory=list)


@dataclass
class ProviderRow:
    pk: int
    name: str
    slug: str
    kind: str
    kind_label: str
    town_slug: str
    town_name: str
    life_phases: frozenset
    current_offerings: int
    url: str = ""


def vocabularies():
    """filter → {value: label}, in display order."""
    return {
        "kind": {value: str(label) for value, label in Provider.Kind.choices},
        "town": dict(Municipality.objects.district_first()
                     .values_list("slug", "name")),
        "life_phase": {p.slug: p.local_name for p in LifePhase.objects.all()},
    }


def parse(query, known):
    """ProviderParams and errors ({filter: message}) from a QueryDict; never raises."""
    errors, values = {}, {}
    for name in FILTERS:
        raw = list(dict.fromkeys(v.strip() for v in query.getlist(name) if v.strip()))
        raw = raw[:MAX_VALUES]
        unknown = [v for v in raw if v not in known[name]]
        if unknown:
            errors[name] = str(_("Unbekannter Wert: %(values)s") % {
                "values": ", ".join(v[:40] for v in unknown[:5])
            })
        values[name] = tuple(v for v in raw if v in known[name])
    page = 1
    raw_page = (query.get("page") or "").strip()
    if raw_page:
        if raw_page.isascii() and raw_page.isdecimal() and 1 <= int(raw_page) <= 10_000:
            page = int(raw_page)
        else:
            errors["page"] = str(_("Die Seite muss eine Zahl zwischen 1 und 10000 sein."))
    return ProviderParams(**values, page=page), errors


def provider_rows(today=None):
    """Every provider A–Z with kind, town, life phases and number of current offerings."""
    today = today or date.today()
    current = dict(
        Offering.objects.published()
        .filter(
            Q(runs__end_date__gte=today)
            | Q(runs__end_date__isnull=True, runs__start_date__gte=today)
            | Q(runs__start_date__isnull=True)
            | Q(runs__isnull=True)
        )
        .values("provider_id").annotate(n=Count("pk", distinct=True))
        .values_list("provider_id", "n")
    )
    phases = {}
    for provider_id, slug in (
        Offering.objects.published().filter(life_phases__isnull=False)
        .values_list("provider_id", "life_phases__slug").distinct()
    ):
        phases.setdefault(provider_id, set()).add(slug)
    kinds = dict(Provider.Kind.choices)
    rows = []
    columns = ("pk", "name", "slug", "kind", "municipality__slug", "municipality__name")
    for pk, name, slug, kind, town_slug, town_name in Provider.objects.values_list(*columns):
        rows.append(ProviderRow(
            pk, name, slug, kind, str(kinds.get(kind, kind)), town_slug or "", town_name or "",
            frozenset(phases.get(pk, ())), current.get(pk, 0),
        ))
    # A–Z as a German reader expects, the same on every database: Ärztekammer under A.
    rows.sort(key=lambda row: (sort_key(row.name), row.pk))
    return rows


def sort_key(name):
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _matches(row, name, selected):
    if not selected:
        return True
    if name == "kind":
        return row.kind in selected
    if name == "town":
        return row.town_slug in selected
    return bool(row.life_phases & set(selected))


def filter_rows(rows, params, without=None):
    return [
        row for row in rows
        if all(_matches(row, n, getattr(params, n)) for n in FILTERS if n != without)
    ]


def facets(rows, params, labels):
    """Counts on the filtered set, each filter counted without its own selection."""
    result = []
    for name in FILTERS:
        counts = {}
        for row in filter_rows(rows, params, without=name):
            values = row.life_phases if name == "life_phase" else (
                (row.kind,) if name == "kind" else (row.town_slug,)
            )
            for value in values:
                if value:
                    counts[value] = counts.get(value, 0) + 1
        selected = set(getattr(params, name))
        facet = Facet(name, str(FILTER_LABELS[name]))
        for position, (value, label) in enumerate(labels[name].items()):
            count = counts.get(value, 0)
            if count or value in selected:
                facet.values.append(FacetValue(
                    value, label, count, value in selected, params.toggle_query(name, value),
                    f"p-{name}-{position}",
                ))
        result.append(facet)
    return result
