"""The published catalog for the dump as plain rows, one keyset range of offerings at a time.

Per range a handful of `values_list()` queries (offerings with provider, runs with venue, the
five term links) joined in Python by dicts — no model instances (the prefetching version built
about 18 per offering and spent most of its time doing so). The records quack like the models
where the files' code reads them (`offering.runs.all()`, `run.weekday_numbers`,
`venue.town_name` …), so `catalog.jsonld.course_data` builds the same JSON-LD as for a page.
Orders are the database's, as before: runs by (start date, start time, id), terms by
(position, name). Memory is bounded by one range (`chunk` offerings).
"""

from urllib.parse import quote

from django.urls import reverse

from bildungsportal.catalog.models import (
    Format,
    FundingOption,
    Language,
    LifePhase,
    Offering,
    Run,
    TargetGroup,
    Topic,
    Venue,
)
from bildungsportal.catalog.regions import offerings_in_region
from bildungsportal.places.models import Municipality, Region
from bildungsportal.places.regions import current_region

CHUNK = 2000
OFFERING_FIELDS = (
    "id", "slug", "title", "summary", "description", "entry_requirements", "provider_id",
    "format_id", "price_cents", "price_reduced_cents", "is_free", "price_note", "certificate",
    "dqr_level_id", "registration_url", "registration_contact", "updated_at",
)
PROVIDER_FIELDS = ("provider__name", "provider__slug", "provider__website")
RUN_FIELDS = (
    "offering_id", "recurrence", "start_date", "end_date", "weekdays", "start_time", "end_time",
    "sessions", "hours", "seats", "booking_status", "venue_id", "is_online", "price_cents",
)
VENUE_FIELDS = ("name", "street", "postcode", "locality", "latitude", "longitude",
                "municipality_id")
# Offering attribute → (term model, the link table's column).
TERMS = {
    "topics": (Topic, "topic_id"),
    "life_phases": (LifePhase, "lifephase_id"),
    "target_groups": (TargetGroup, "targetgroup_id"),
    "languages": (Language, "language_id"),
    "funding_options": (FundingOption, "fundingoption_id"),
}
# What reverse() puts in place of these tells where an id and a slug go in a URL.
_PK, _SLUG = 918273645, "slugmarker"


class Record:
    """Attributes over a dict of column values (no model machinery)."""

    def __init__(self, values):
        self.__dict__ = values


class Items(list):
    """A prefetched list that answers `.all()` like a related manager."""

    def all(self):
        return self


class Reloading(dict):
    """A small table read once and read again when asked for a key it lacks (a term, format
    or town created while a build runs)."""

    def __init__(self, load):
        super().__init__(load())
        self.load = load

    def __missing__(self, key):
        self.update(self.load())
        if not dict.__contains__(self, key):
            raise KeyError(key)
        return dict.__getitem__(self, key)


class RunRecord(Record):
    WEEKDAY_BITS = Run.WEEKDAY_BITS
    weekday_numbers = Run.weekday_numbers
    effective_price_cents = Run.effective_price_cents


class VenueRecord(Record):
    town_name = Venue.town_name
    coordinates = Venue.coordinates


class UrlPattern:
    """reverse() once, then id and slug filled in by string joins (reverse per row was a
    quarter of the old dump's time)."""

    def __init__(self, name):
        url = reverse(name, kwargs={"pk": _PK, "slug": _SLUG})
        self.head, rest = url.split(str(_PK), 1)
        self.middle, self.tail = rest.split(_SLUG, 1)

    def __call__(self, pk, slug):
        return f"{self.head}{pk}{self.middle}{quote(slug, safe='-_')}{self.tail}"


def _terms(model):
    """id → (rank, term) in the order the prefetch used: the model's (position, name)."""
    def load():
        ordered = model.objects.order_by("position", "name", "id").values_list(
            "id", "slug", "name")
        return {pk: (rank, Record({"slug": slug, "name": name}))
                for rank, (pk, slug, name) in enumerate(ordered)}
    return Reloading(load)


def _links(model_field, column, terms, low, high):
    """offering id → its terms (ordered) for the offerings low…high."""
    through = getattr(Offering, model_field).through
    grouped = {}
    for offering_id, term_id in through.objects.filter(
            offering_id__gte=low, offering_id__lte=high).values_list("offering_id", column):
        grouped.setdefault(offering_id, []).append(terms[term_id])
    # By rank alone: ranks are unique, the records are never compared.
    return {pk: Items(term for _, term in sorted(items)) for pk, items in grouped.items()}


def _runs(low, high, municipalities):
    """offering id → its runs (ordered, venue attached) for the offerings low…high."""
    venue_columns = tuple(f"venue__{name}" for name in VENUE_FIELDS)
    query = (Run.objects.filter(offering_id__gte=low, offering_id__lte=high)
             .order_by("offering_id", "start_date", "start_time", "id")
             .values_list(*RUN_FIELDS, *venue_columns))
    width, venues, grouped = len(RUN_FIELDS), {}, {}
    for values in query:
        run = RunRecord(dict(zip(RUN_FIELDS, values[:width], strict=True)))
        venue_id = run.venue_id
        if venue_id is None:
            run.venue = None
        else:
            venue = venues.get(venue_id)
            if venue is None:
                venue = VenueRecord(dict(zip(VENUE_FIELDS, values[width:], strict=True)))
                venue.municipality = (municipalities[venue.municipality_id]
                                      if venue.municipality_id else None)
                venues[venue_id] = venue
            run.venue = venue
        grouped.setdefault(run.offering_id, Items()).append(run)
    return grouped


def published_offerings():
    """The published offerings of the current region (all of them on a one-region instance,
    without the region rule's subqueries)."""
    published = Offering.objects.published()
    if Region.objects.count() < 2:
        return published
    return offerings_in_region(current_region(), published)


def offerings(chunk=CHUNK):
    """Every published offering as a Record, in id order, `chunk` offerings per range.

    Attributes: the OFFERING_FIELDS, `pk`, `provider` (name, website, `url`), `format` (name),
    `runs` and the TERMS lists (each with `.all()`), `path` (the offering page's URL path).
    """
    formats = Reloading(lambda: {pk: Record({"name": name}) for pk, name in
                                 Format.objects.values_list("id", "name")})
    municipalities = Reloading(lambda: {
        pk: Record({"name": name, "latitude": latitude, "longitude": longitude})
        for pk, name, latitude, longitude in Municipality.objects.values_list(
            "id", "name", "latitude", "longitude")})
    terms = {name: _terms(model) for name, (model, _) in TERMS.items()}
    offering_url, provider_url = UrlPattern("catalog:offering"), UrlPattern("catalog:provider")
    base = (published_offerings().order_by("pk")
            .values_list(*OFFERING_FIELDS, *PROVIDER_FIELDS))
    width, last = len(OFFERING_FIELDS), 0
    while True:
        batch = list(base.filter(pk__gt=last)[:chunk])
        if not batch:
            return
        low, high = batch[0][0], batch[-1][0]
        runs = _runs(low, high, municipalities)
        links = {name: _links(name, column, terms[name], low, high)
                 for name, (_, column) in TERMS.items()}
        providers = {}
        empty = Items()
        for values in batch:
            offering = Record(dict(zip(OFFERING_FIELDS, values[:width], strict=True)))
            pk = offering.pk = offering.id
            provider = providers.get(offering.provider_id)
            if provider is None:
                name, slug, website = values[width:]
                provider = providers[offering.provider_id] = Record({
                    "name": name, "website": website,
                    "url": provider_url(offering.provider_id, slug)})
            offering.provider = provider
            offering.format = formats[offering.format_id]
            offering.path = offering_url(pk, offering.slug)
            offering.runs = runs.get(pk, empty)
            for run in offering.runs:
                run.offering = offering  # effective_price_cents falls back to its price
            for name, grouped in links.items():
                setattr(offering, name, grouped.get(pk, empty))
            yield offering
        last = high
