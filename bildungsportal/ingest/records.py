"""What every import format produces: plain records, validated before anything is written.

A format (``ingest/formats/<name>.py``) turns bytes into ``OfferingRecord``s and
``Problem``s; the pipeline (``ingest/pipeline/``) validates, maps vocabularies, geocodes and
upserts them in one transaction. Formats never touch the database.
"""

from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal


@dataclass
class Problem:
    """One thing wrong with the input, tied to a record number or line where there is one."""

    message: str
    record: int | None = None  # 1-based record number (or line number for CSV/XLSX/ICS)
    field: str = ""
    fatal: bool = True  # False: a warning; the record still imports (e.g. unknown category)

    def __str__(self):
        where = f"Datensatz {self.record}: " if self.record is not None else ""
        return f"{where}{self.field + ': ' if self.field else ''}{self.message}"


@dataclass
class VenueRecord:
    name: str = ""
    street: str = ""
    postcode: str = ""
    town: str = ""  # place name as given; matched to a Municipality, else geocoded by postcode
    latitude: float | None = None
    longitude: float | None = None
    step_free: bool | None = None
    accessibility_notes: str = ""


@dataclass
class RunRecord:
    external_id: str = ""
    recurrence: str = "once"  # catalog.Run.Recurrence values: once, weekly, standing
    start_date: date | None = None
    end_date: date | None = None
    weekdays: list[int] = field(default_factory=list)  # 0 = Monday … 6 = Sunday
    start_time: time | None = None
    end_time: time | None = None
    sessions: int | None = None
    hours: Decimal | None = None
    seats: int | None = None
    booking_status: str = "open"  # catalog.Run.BookingStatus values
    venue: VenueRecord | None = None
    is_online: bool = False
    price_cents: int | None = None
    note: str = ""


@dataclass
class OfferingRecord:
    record: int  # 1-based number in the input, for problem reports
    external_id: str
    title: str
    summary: str = ""
    description: str = ""  # may hold HTML; the pipeline cleans it with nh3
    entry_requirements: str = ""
    provider_name: str = ""  # used when the import is not for one fixed provider
    provider_email: str = ""
    provider_website: str = ""
    # Source terms as the feed has them (categories, Schlagworte, systematics, keywords); the
    # pipeline maps them to our vocabularies through the mapping tables in ingest/mappings/.
    categories: list[str] = field(default_factory=list)
    # Our own vocabulary slugs, when the source already uses them (our CSV template, JSON-LD
    # exported by us). Empty lists mean "derive from categories".
    life_phases: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    format: str = ""
    languages: list[str] = field(default_factory=list)
    price_cents: int | None = None
    price_reduced_cents: int | None = None
    is_free: bool = False
    price_note: str = ""
    certificate: str = ""
    dqr_level: int | None = None
    registration_url: str = ""
    registration_contact: str = ""
    runs: list[RunRecord] = field(default_factory=list)


@dataclass
class ParseResult:
    records: list[OfferingRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class ImportFormat:
    """One input format, declared like Django's Sitemap: a name, a label and parse().

    Subclasses live in ingest/formats/ and register in ingest/formats/__init__.py (FORMATS).
    ``parse`` gets the raw bytes (already size-checked) and must never raise for bad input:
    it reports problems instead.
    """

    name = ""  # CLI --format value: vhs, ba, jsonld, ical, csv, xlsx
    label = ""  # German label for the upload form
    source = ""  # Offering.source written for its records, e.g. "vhs", "ba"

    def parse(self, data: bytes, *, filename: str = "") -> ParseResult:
        raise NotImplementedError
