"""Response schemas of the JSON API v1.

The views build plain dicts (explicit, no hidden queries); these schemas validate them and
describe them in the OpenAPI document. Codes (recurrence, booking status, provider kind) are
stable English identifiers; names and labels follow the request language (German default,
English with `Accept-Language: en`).
"""

from datetime import date, datetime, time
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import WithJsonSchema

# Local wall-clock time in Europe/Berlin, "18:00:00". Not `format: time`: RFC 3339 times carry
# an offset, and a course at 18:00 stays at 18:00 across the change to summer time.
LocalTime = Annotated[time, WithJsonSchema({
    "type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$",
    "description": "Local time in Europe/Berlin, HH:MM:SS, no offset.",
})]
Weekday = Literal["mo", "di", "mi", "do", "fr", "sa", "so"]
Recurrence = Literal["once", "weekly", "standing"]
BookingStatus = Literal["open", "few", "full", "waitlist", "cancelled", "none"]
ProviderKind = Literal[
    "vhs", "school", "kita", "library", "music_school", "chamber", "association", "company",
    "counselling", "public_office", "university", "church", "other",
]


# -- errors ----------------------------------------------------------------------------------
class Error(Schema):
    detail: str = Field(description="What went wrong, in plain German or English.")
    errors: dict[str, str] = Field(
        description="Per parameter: why its value was rejected. Empty when not about a field.",
    )


# -- small references ------------------------------------------------------------------------
class Term(Schema):
    """A vocabulary entry; `slug` is the value the search filters take."""

    slug: str
    name: str


class TopicTerm(Term):
    parent: str | None = Field(description="Slug of the parent topic, null for a top topic.")


class TownRef(Schema):
    slug: str
    name: str


class Town(Schema):
    ags: str = Field(description="Amtlicher Gemeindeschlüssel (8 digits).")
    slug: str
    name: str


class ProviderRef(Schema):
    id: int
    name: str
    url: str = Field(description="Absolute path of the provider's page.")


class DqrLevelRef(Schema):
    level: int = Field(ge=1, le=8)
    name: str


# -- search ----------------------------------------------------------------------------------
class NextRun(Schema):
    """The first run that matches the search's filters."""

    id: int
    start_date: date | None
    end_date: date | None
    recurrence: Recurrence
    weekdays: list[Weekday] = Field(description="Days it takes place on, Monday first.")
    start_time: LocalTime | None
    end_time: LocalTime | None
    town: TownRef | None = Field(
        description="Town of the venue; null for online-only runs and venues outside our towns."
    )
    locality: str | None = Field(
        default=None,
        description="Place of a venue outside our towns (e.g. Berlin); null otherwise.",
    )
    venue: str | None = Field(description="Name of the venue; null for online-only runs.")
    is_online: bool


class OfferingHit(Schema):
    id: int
    title: str
    url: str = Field(description="Absolute path of the offering's page.")
    summary: str
    provider: ProviderRef
    price_cents: int | None = Field(description="Full price in euro cents; null if unknown.")
    is_free: bool
    format: Term
    life_phases: list[Term]
    topics: list[Term]
    next_run: NextRun | None = Field(
        description="The first run matching the filters (soonest first), or null."
    )
    distance_km: float | None = Field(
        description="Distance from `near` to the nearest matching run; null without `near`."
    )
    regions: list[str] = Field(
        description="Every search is limited to the offerings shown in the region of the host "
        "name asked. A radius search (`near` + `radius_km`) crosses the border when the "
        "region allows it: a hit of a neighbouring region then names its regions here. "
        "Empty for the host's own offerings."
    )


class FacetValue(Schema):
    value: str = Field(description="The value to pass to the filter parameter `name`.")
    label: str
    count: int = Field(
        description="Results with this value under every other filter. Within a facet values "
        "combine with OR, so the facet's own selection is left out of its counts: the count is "
        "what the search returns with just this value selected in this facet."
    )
    selected: bool


class Facet(Schema):
    name: str = Field(description="The filter parameter this facet drives, e.g. `topic`.")
    label: str
    values: list[FacetValue]


class SearchResponse(Schema):
    count: int = Field(description="Number of matching offerings in total.")
    page: int
    page_size: int
    results: list[OfferingHit]
    facets: list[Facet]
    suggestion: str = Field(
        description="\"Did you mean\": `q` with misspelled words corrected from the index "
        "vocabulary, when a word matched nothing; the results already include the corrected "
        "words. Empty when nothing was corrected."
    )


# -- offering detail -------------------------------------------------------------------------
class VenueOut(Schema):
    id: int
    name: str
    street: str
    postcode: str
    town: Town | None = Field(description="Null when the venue lies outside our towns.")
    locality: str | None = Field(
        default=None,
        description="Place of a venue outside our towns (e.g. Berlin); null otherwise.",
    )
    latitude: float | None
    longitude: float | None
    step_free: bool | None = Field(description="Step-free access; null when not known.")
    accessibility_notes: str


class RunOut(Schema):
    id: int
    recurrence: Recurrence
    start_date: date | None
    end_date: date | None
    weekdays: list[Weekday]
    start_time: LocalTime | None
    end_time: LocalTime | None
    sessions: int | None
    hours: float | None = Field(description="Teaching hours (Unterrichtsstunden).")
    seats: int | None
    booking_status: BookingStatus
    booking_status_label: str
    venue: VenueOut | None
    is_online: bool
    price_cents: int | None = Field(
        description="Effective price of this run in euro cents (its own or the offering's)."
    )
    note: str


class FundingTerm(Term):
    url: str


class OfferingDetail(Schema):
    id: int
    title: str
    slug: str
    url: str = Field(description="Absolute path of the offering's page.")
    summary: str
    description: str
    entry_requirements: str
    provider: ProviderRef
    life_phases: list[Term]
    topics: list[TopicTerm]
    target_groups: list[Term]
    format: Term
    languages: list[Term] = Field(description="Languages of instruction; slug is ISO 639-1.")
    price_cents: int | None
    price_reduced_cents: int | None
    is_free: bool
    price_note: str
    funding_options: list[FundingTerm]
    certificate: str
    dqr_level: DqrLevelRef | None
    registration_url: str
    registration_contact: str
    source: str = Field(description="Where the data came from, e.g. manual, vhs, csv.")
    updated_at: datetime
    runs: list[RunOut] = Field(description="Every run, past ones included, soonest first.")


# -- provider --------------------------------------------------------------------------------
class OfferingLink(Schema):
    id: int
    title: str
    url: str = Field(description="Absolute path of the offering's page.")
    api_url: str = Field(description="Absolute path of the offering in this API.")


class ProviderDetail(Schema):
    id: int
    name: str
    slug: str
    url: str = Field(description="Absolute path of the provider's page.")
    kind: ProviderKind
    kind_label: str
    description: str
    street: str
    postcode: str
    town: Town | None
    email: str
    phone: str
    website: str
    quality_seals: list[Term]
    source: str
    updated_at: datetime
    offerings_count: int = Field(description="Number of its published offerings.")
    offerings: list[OfferingLink] = Field(description="Its published offerings, by title.")


class ProviderListItem(Schema):
    id: int
    name: str
    url: str = Field(description="Absolute path of the provider's page.")
    api_url: str = Field(description="Absolute path of the provider in this API.")
    kind: ProviderKind
    kind_label: str
    town: TownRef | None
    quality_seals: list[Term]
    life_phases: list[str] = Field(
        description="Slugs of the life phases of its published offerings."
    )
    current_offerings: int = Field(
        description="Published offerings with a run still to come or without fixed dates."
    )


class ProviderListResponse(Schema):
    count: int = Field(description="Number of matching providers in total.")
    page: int
    page_size: int
    results: list[ProviderListItem] = Field(description="Providers A–Z.")
    facets: list[Facet] = Field(
        description="`kind`, `town` and `life_phase`, counted like the offering search's."
    )


# -- taxonomy --------------------------------------------------------------------------------
class VocabularyTerm(Term):
    description: str


class TopicNode(VocabularyTerm):
    parent: str | None = Field(description="Slug of the parent topic, null for a top topic.")


class FundingNode(VocabularyTerm):
    url: str


class DqrLevelOut(DqrLevelRef):
    description: str


class TownOut(Town):
    official_name: str
    population: int
    in_district: bool = Field(
        description="True for the district's own towns, false for neighbour cities."
    )
    latitude: float
    longitude: float
    postcodes: list[str]


class Choice(Schema):
    value: str
    label: str


class Taxonomy(Schema):
    life_phases: list[VocabularyTerm]
    topics: list[TopicNode] = Field(description="Flat list; `parent` links it into a tree.")
    target_groups: list[VocabularyTerm]
    formats: list[VocabularyTerm]
    funding_options: list[FundingNode]
    quality_seals: list[VocabularyTerm]
    languages: list[VocabularyTerm]
    dqr_levels: list[DqrLevelOut]
    towns: list[TownOut]
    weekdays: list[Choice] = Field(description="Values of the `weekday` filter.")
    times_of_day: list[Choice] = Field(description="Values of the `time_of_day` filter.")
    sorts: list[Choice] = Field(description="Values of `sort`.")


# -- suggest ---------------------------------------------------------------------------------
class Suggestion(Schema):
    kind: Literal["topic", "title", "town"] = Field(
        description="topic: a topic filter; title: a search for an offering title; town: the "
        "town's page."
    )
    kind_label: str = Field(description="`kind` in words for display (Thema, Angebot, Ort).")
    label: str = Field(description="What to show: the topic, title or town as written.")
    url: str = Field(description="Absolute path of the page the suggestion leads to.")
    count: int = Field(description="Published offerings it leads to.")


class SuggestResponse(Schema):
    query: str = Field(description="`q` as received.")
    suggestions: list[Suggestion] = Field(
        description="At most 10: topics, then titles, then towns; empty when nothing matches."
    )
