"""Monitoring endpoints of the JSON API v1: /api/v1/insights/…

Indicators per town, the ranked gaps and the towns' profiles. Query parameters are parsed by
the same ``Filters.from_query`` as the pages (German names: indikator, lebensphase, thema,
format, tageszeit, preis, stufenlos), so an invalid value is a 400 with a message per
parameter. Survey figures are suppressed exactly as on the pages: a hidden value is ``null``
with ``"suppressed": true``, ``"n": null`` and ``"display": "zu wenige Antworten"``.
"""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from bildungsportal.pages.schemas import Error
from bildungsportal.places.models import Municipality

from . import population
from .definitions import INDICATORS
from .indicators import Filters, indicator_table, ranked_gaps, town_profile, valid_slug

router = Router(tags=["insights"])
MAX_GAPS = 100


def error_body(detail, errors=None):
    return {"detail": str(detail), "errors": {k: str(v) for k, v in (errors or {}).items()}}


class IndicatorOut(Schema):
    key: str
    label: str
    unit: str
    source: str
    description: str
    higher_is_better: bool


class TownValueOut(Schema):
    slug: str
    name: str
    ags: str
    value: float | None
    display: str
    n: int | None
    suppressed: bool


class IndicatorTableOut(Schema):
    indicator: IndicatorOut
    filters: dict[str, str]
    towns: list[TownValueOut]
    district: TownValueOut
    online_count: int
    notes: list[str]
    as_of: date


class GapProviderRef(Schema):
    name: str
    url: str


class GapOut(Schema):
    town_slug: str
    town_name: str
    topic_slug: str
    topic_name: str
    life_phase_slug: str | None
    wish_share: float
    ci_low: float
    ci_high: float
    n: int
    district_wish_share: float
    supply_per_1000: float
    district_supply_per_1000: float
    score: float
    sentence: str
    providers: list[GapProviderRef]


class MonitoringTownOut(Schema):
    slug: str
    name: str
    ags: str
    population: int
    population_date: date
    url: str


class ProfileRowOut(Schema):
    indicator: str
    life_phase: str | None
    topic: str | None
    town: TownValueOut
    district: TownValueOut


class BandOut(Schema):
    band: str
    label: str
    estimate: int


class TownProfileOut(Schema):
    town: MonitoringTownOut
    age_bands: list[BandOut]
    age_bands_date: date
    population_note: str
    indicators: list[ProfileRowOut]
    gaps: list[GapOut]
    k: int


def _indicator(item):
    return {"key": item.key, "label": str(item.label), "unit": str(item.unit),
            "source": item.source, "description": str(item.description),
            "higher_is_better": item.higher_is_better}


def _value(item):
    return {"slug": item.slug, "name": str(item.name), "ags": item.ags,
            "value": None if item.suppressed else item.value, "display": str(item.display),
            "n": item.n, "suppressed": item.suppressed}


def _table(table):
    return {"indicator": _indicator(table.indicator), "filters": table.filters.as_query(),
            "towns": [_value(t) for t in table.towns], "district": _value(table.district),
            "online_count": table.online_count, "notes": [str(n) for n in table.notes],
            "as_of": table.as_of}


def _gap(gap):
    return {**{name: getattr(gap, name) for name in GapOut.model_fields if name != "providers"},
            "providers": [{"name": name, "url": url} for name, url in gap.providers]}


def _town(town):
    return {"slug": town.slug, "name": town.name, "ags": town.ags,
            "population": town.population, "population_date": population.TOTALS_DATE,
            "url": town.get_absolute_url()}


@router.get("/insights/indicators", response=list[IndicatorOut],
            operation_id="insights_indicators", url_name="insights_indicators",
            summary="Monitoring indicators")
def list_indicators(request):
    """Every indicator of the education monitoring with its German label and unit."""
    return [_indicator(item) for item in INDICATORS.values()]


@router.get(
    "/insights/indicators/{key}", response={200: IndicatorTableOut, 400: Error, 404: Error},
    operation_id="insights_indicator_table", url_name="insights_indicator_table",
    summary="One indicator for every town",
    description=(
        "The indicator for the 22 towns (AGS order) and the district (`kreis`). Optional "
        "query parameters: `lebensphase`, `thema`, `format` (slugs, see /taxonomy), "
        "`tageszeit` (vormittags, nachmittags, abends), `preis` (kostenfrei, bis-50, bis-100, "
        "bis-250, ueber-250), `stufenlos=1`. Survey figures (`wish_share`) below the "
        "survey's smallest cell size are null with `suppressed: true` and `n: null`."
    ),
)
def get_indicator_table(request, key: str):
    if key not in INDICATORS:
        return Status(404, error_body(_("Unbekannter Indikator."), {"key": key[:80]}))
    query = request.GET.copy()
    query["indikator"] = key
    filters, errors = Filters.from_query(query)
    if errors:
        return Status(400, error_body(_("Ungültige Parameter."), errors))
    return _table(indicator_table(filters))


@router.get(
    "/insights/gaps", response={200: list[GapOut], 400: Error},
    operation_id="insights_gaps", url_name="insights_gaps", summary="Ranked gaps",
    description=(
        "Towns where respondents wish a topic clearly more than the district (Wilson 95 % "
        "lower bound) while the distance-weighted supply is lower; largest first. Optional: "
        "`lebensphase`, `thema`, `ort` (town slug), `limit` (1–100, default 20)."
    ),
)
def get_gaps(request):
    filters, errors = Filters.from_query(request.GET)
    town = (request.GET.get("ort") or "").strip() or None
    if town and not (valid_slug(town)
                     and Municipality.objects.in_district().filter(slug=town).exists()):
        errors["ort"] = _("Unbekannter Ort.")
    raw_limit = request.GET.get("limit") or "20"
    limit = int(raw_limit) if raw_limit.isdecimal() and 1 <= int(raw_limit) <= MAX_GAPS else None
    if limit is None:
        errors["limit"] = _("Eine Zahl von 1 bis %(max)s.") % {"max": MAX_GAPS}
    errors.pop("indikator", None)
    if errors:
        return Status(400, error_body(_("Ungültige Parameter."), errors))
    gaps = ranked_gaps(life_phase=filters.life_phase, topic=filters.topic, town=town,
                       limit=limit)
    return [_gap(gap) for gap in gaps]


@router.get("/insights/towns", response=list[MonitoringTownOut], operation_id="insights_towns",
            url_name="insights_towns", summary="Towns of the district")
def list_towns(request):
    """The 22 towns with their Zensus 2022 population."""
    return [_town(t) for t in Municipality.objects.in_district().order_by("ags")]


@router.get("/insights/towns/{slug}", response={200: TownProfileOut, 404: Error},
            operation_id="insights_town", url_name="insights_town",
            summary="A town's monitoring profile")
def get_town(request, slug: str):
    """Population by age band (estimate), every indicator against the district, the gaps."""
    profile = town_profile(slug) if valid_slug(slug) else None
    if profile is None:
        return Status(404, error_body(_("Unbekannter Ort."), {"slug": slug[:80]}))
    people = profile["population"]
    return {
        "town": _town(profile["town"]),
        "age_bands": [{"band": band.code, "label": band.label, "estimate": estimate}
                      for band, estimate in people["bands"]],
        "age_bands_date": people["bands_date"],
        "population_note": str(people["note"]),
        "indicators": [{"indicator": row["indicator"].key, "life_phase": row["life_phase"],
                        "topic": row["topic"], "town": _value(row["town"]),
                        "district": _value(row["district"])} for row in profile["indicators"]],
        "gaps": [_gap(gap) for gap in profile["gaps"]],
        "k": profile["k"],
    }
