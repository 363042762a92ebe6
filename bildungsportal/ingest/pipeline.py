"""One import pipeline for every format: parse → validate → map → upsert.

``run_import`` checks the size, lets the format parse the bytes, validates every record before
anything is written, maps source categories to our vocabularies (ingest/mapping.py), resolves
venues offline from postcodes, and writes all records in one transaction — or none. With
``valid_only`` only the records without problems are written. Offerings are keyed by
(source, external_id): a re-import updates what changed and leaves the rest untouched;
``full_feed`` archives the offerings of that source and provider that vanished from the feed.

``source``: formats whose ids are global (VHS guids, BA ids) set ``global_ids = True`` and write
their own ``source`` ("vhs", "ba"); every other format's ids are only unique per provider, so the
source is "<format source>:<provider id>" (e.g. "csv:12") and two providers' ids never collide.
"""

import html
import logging
import re
import time as clock
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import quote

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import DataError, IntegrityError, transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.text import slugify

from bildungsportal.accounts.rules import is_office
from bildungsportal.catalog import models as catalog
from bildungsportal.places.models import Municipality, PostalCode
from bildungsportal.places.selectors import clean_input
from bildungsportal.search.indexing import bump_version, index_offerings
from bildungsportal.search.signals import indexing_suspended

from .formats import FORMATS
from .mapping import load_table
from .models import ImportRun
from .records import OfferingRecord, Problem, RunRecord, VenueRecord

logger = logging.getLogger(__name__)
MAX_STORED_PROBLEMS = 1000
INDEX_CHUNK = 2000
# Control characters (PostgreSQL rejects NUL in text) except tab and newline.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BLOCK_TAGS = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h[1-6]|/tr|/ul|/ol)\b[^>]*>")
LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!]")
URL_VALIDATOR = URLValidator(schemes=["http", "https"])
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
MIN_YEAR, MAX_YEAR = 1900, 2200
RECURRENCES = frozenset(catalog.Run.Recurrence.values)
BOOKING_STATUSES = frozenset(catalog.Run.BookingStatus.values)

OFFERING_FIELDS = (
    "title", "summary", "description", "entry_requirements", "price_cents",
    "price_reduced_cents", "is_free", "price_note", "certificate", "dqr_level_id",
    "registration_url", "registration_contact", "format_id", "status",
)
RUN_FIELDS = (
    "external_id", "recurrence", "start_date", "end_date", "weekdays", "start_time",
    "end_time", "sessions", "hours", "seats", "booking_status", "venue_id", "is_online",
    "price_cents", "note",
)
M2M = {
    "life_phases": (catalog.Offering.life_phases.through, "lifephase_id"),
    "topics": (catalog.Offering.topics.through, "topic_id"),
    "target_groups": (catalog.Offering.target_groups.through, "targetgroup_id"),
    "languages": (catalog.Offering.languages.through, "language_id"),
}


class ImportFailed(Exception):
    """Raised inside the transaction to roll everything back."""


@dataclass
class ImportReport:
    format_name: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    records: list[OfferingRecord] = field(default_factory=list)
    import_run: ImportRun | None = None
    dry_run: bool = False
    written: bool = False
    # Record numbers with at least one fatal problem (they are not written).
    invalid_records: set = field(default_factory=set)
    seconds: float = 0.0

    @property
    def errors(self):
        return [problem for problem in self.problems if problem.fatal]

    @property
    def warnings(self):
        return [problem for problem in self.problems if not problem.fatal]

    @property
    def file_errors(self):
        """Problems of the whole file (unreadable, too large …): nothing can be imported."""
        return [problem for problem in self.errors if problem.record is None]

    @property
    def valid_records(self):
        return [r for r in self.records if r.record not in self.invalid_records]

    @property
    def ok(self):
        """True when the import (or, for a dry run, an import of all records) succeeds."""
        return not self.errors

    def summary(self):
        if self.file_errors:
            return "Import nicht möglich: " + "; ".join(str(p) for p in self.file_errors[:3])
        counts = (
            f"{len(self.records)} Datensätze gelesen, {len(self.invalid_records)} fehlerhaft, "
            f"{len(self.warnings)} Hinweise"
        )
        if self.dry_run:
            which = " der gültigen Datensätze" if self.invalid_records else ""
            verdict = (
                f"Probelauf, nichts gespeichert – ein Import{which} ergäbe {self.created} neu, "
                f"{self.updated} aktualisiert, {self.unchanged} unverändert, "
                f"{self.archived} archiviert"
            )
        elif self.written:
            verdict = (
                f"{self.created} neu, {self.updated} aktualisiert, {self.unchanged} unverändert, "
                f"{self.archived} archiviert, {self.skipped} übersprungen"
            )
        else:
            verdict = "nichts gespeichert (alles oder nichts: bitte Fehler beheben)"
        return f"{counts}. {verdict}."


# --- text helpers -------------------------------------------------------------------------


def plain_text(value, *, multiline=False):
    """Plain text from whatever a feed sends: HTML cleaned with nh3 (scripts dropped with
    their content), entities decoded, control characters removed. Templates escape it again.
    """
    if value is None:
        return ""
    text = CONTROL_CHARS.sub("", str(value))
    if LOOKS_LIKE_HTML.search(text) or "&" in text:
        if multiline:
            text = BLOCK_TAGS.sub(lambda m: m.group(0) + "\n", text)
        text = html.unescape(nh3.clean(text, tags=set()))
        text = CONTROL_CHARS.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if multiline:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return " ".join(text.split())


def _max_length(model, name):
    return model._meta.get_field(name).max_length


# --- validation ---------------------------------------------------------------------------


class Validator:
    """Normalises one record in place and reports its problems."""

    def __init__(self, report):
        self.report = report

    def problem(self, record, field_name, message, *, fatal=True):
        # The message names the field in German; the field name itself stays out of the UI.
        self.report.problems.append(Problem(message, record.record, "", fatal))
        if fatal:
            self.report.invalid_records.add(record.record)

    def text(self, record, name, model=catalog.Offering, *, multiline=False, required=False,
             label=""):
        value = plain_text(getattr(record, name), multiline=multiline)
        setattr(record, name, value)
        if required and not value:
            self.problem(record, name, f"{label or name} fehlt")
        limit = _max_length(model, name) if model is not None else None
        if limit and len(value) > limit:
            self.problem(
                record, name,
                f"{label or name} ist zu lang ({len(value)} Zeichen, höchstens {limit})",
            )
        return value

    def cents(self, record, value, name, label):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
            self.problem(record, name, f"{label} ist keine Zahl: {value!r}")
            return None
        if value < 0:
            self.problem(record, name, f"{label} darf nicht negativ sein ({value / 100:.2f} €)")
            return None
        if value > 10_000_000_00:
            self.problem(record, name, f"{label} ist unplausibel hoch")
            return None
        return int(value)

    def check_date(self, record, value, name, label):
        if value is None:
            return None
        if not isinstance(value, date) or not MIN_YEAR <= value.year <= MAX_YEAR:
            self.problem(record, name, f"{label} ist kein gültiges Datum: {value!r}")
            return None
        return value

    def url(self, record, name, label):
        # Spaces and umlauts as browsers send them (%20, %C3%BC); the scheme is still checked.
        value = quote(plain_text(getattr(record, name)), safe=URL_SAFE)
        setattr(record, name, value)
        if not value:
            return
        try:
            URL_VALIDATOR(value)
        except ValidationError:
            self.problem(record, name, f"{label} ist keine gültige http(s)-Adresse: {value[:80]}")
            return
        limit = _max_length(catalog.Offering, name)
        if limit and len(value) > limit:
            self.problem(record, name, f"{label} ist zu lang (höchstens {limit} Zeichen)")

    def small_int(self, record, value, name, label, *, maximum=32767):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            self.problem(record, name, f"{label} muss eine Zahl zwischen 0 und {maximum} sein")
            return None
        return value

    def validate(self, record):
        r = record
        r.external_id = plain_text(r.external_id)
        if not r.external_id:
            self.problem(r, "external_id", "externe ID fehlt")
        elif len(r.external_id) > 200:
            self.problem(r, "external_id", "externe ID ist zu lang (höchstens 200 Zeichen)")
        self.text(r, "title", required=True, label="Titel")
        self.text(r, "summary", label="Kurzbeschreibung")
        self.text(r, "description", multiline=True, label="Beschreibung")
        self.text(r, "entry_requirements", multiline=True, label="Zugangsvoraussetzungen")
        self.text(r, "price_note", label="Hinweis zum Preis")
        self.text(r, "certificate", label="Abschluss")
        self.text(r, "registration_contact", label="Anmeldung (Kontakt)")
        self.url(r, "registration_url", "Anmeldelink")
        r.provider_name = plain_text(r.provider_name)
        r.provider_email = plain_text(r.provider_email)
        if r.provider_email:
            try:
                validate_email(r.provider_email)
            except ValidationError:
                r.provider_email = ""
        r.provider_website = plain_text(r.provider_website)
        if r.provider_website:
            try:
                URL_VALIDATOR(r.provider_website)
            except ValidationError:
                r.provider_website = ""
        r.categories = [t for t in (plain_text(c) for c in r.categories or []) if t][:200]
        r.price_cents = self.cents(r, r.price_cents, "price_cents", "Preis")
        r.price_reduced_cents = self.cents(
            r, r.price_reduced_cents, "price_reduced_cents", "ermäßigter Preis"
        )
        if r.price_reduced_cents is not None:
            if r.price_cents is None:
                self.problem(r, "price_reduced_cents", "ermäßigter Preis ohne regulären Preis")
            elif r.price_reduced_cents > r.price_cents:
                self.problem(
                    r, "price_reduced_cents",
                    "ermäßigter Preis ist höher als der reguläre Preis",
                )
        if r.is_free and r.price_cents:
            self.problem(r, "is_free", "kostenfrei, aber mit Preis angegeben")
        if r.is_free:
            r.price_cents = None if r.price_cents is None else 0
        if r.dqr_level is not None and (
            isinstance(r.dqr_level, bool) or r.dqr_level not in range(1, 9)
        ):
            self.problem(r, "dqr_level", "DQR-Niveau muss zwischen 1 und 8 liegen")
        runs = r.runs if isinstance(r.runs, list | tuple) else []
        r.runs = [run for run in runs if isinstance(run, RunRecord)]
        if len(r.runs) != len(runs):
            self.problem(r, "runs", "Termine in unerwarteter Form")
        for number, run in enumerate(r.runs, start=1):
            if not isinstance(run.venue, VenueRecord | None):
                run.venue = None
            self.validate_run(r, run, number)

    def validate_run(self, r, run, number):
        label = f"Termin {number}"
        run.start_date = self.check_date(r, run.start_date, "start_date", f"{label}: Beginn")
        run.end_date = self.check_date(r, run.end_date, "end_date", f"{label}: Ende")
        if run.recurrence not in RECURRENCES:
            self.problem(r, "recurrence", f"{label}: unbekannter Rhythmus {run.recurrence!r}")
        if run.booking_status not in BOOKING_STATUSES:
            self.problem(r, "booking_status", f"{label}: unbekannter Buchungsstatus")
        if run.recurrence == "once" and run.start_date is None:
            self.problem(r, "start_date", f"{label}: Beginn fehlt")
        if run.start_date and run.end_date and run.end_date < run.start_date:
            self.problem(
                r, "end_date",
                f"{label}: Ende {run.end_date:%d.%m.%Y} liegt vor Beginn {run.start_date:%d.%m.%Y}",
            )
        if run.start_time and run.end_time and run.end_time <= run.start_time:
            self.problem(
                r, "end_time",
                f"{label}: Endzeit {run.end_time:%H:%M} liegt nicht nach der Startzeit "
                f"{run.start_time:%H:%M}",
            )
        if any(not isinstance(d, int) or not 0 <= d <= 6 for d in run.weekdays or []):
            self.problem(r, "weekdays", f"{label}: Wochentage müssen 0 (Mo) bis 6 (So) sein")
        run.sessions = self.small_int(r, run.sessions, "sessions", f"{label}: Anzahl Termine")
        run.seats = self.small_int(r, run.seats, "seats", f"{label}: Plätze")
        if run.hours is not None:
            try:
                hours = Decimal(str(run.hours)).quantize(Decimal("0.1"))
                if not 0 <= hours < 100000:
                    raise ValueError
                run.hours = hours
            except Exception:  # noqa: BLE001 — any unparseable number is reported, not raised
                self.problem(r, "hours", f"{label}: Unterrichtsstunden ungültig")
                run.hours = None
        run.price_cents = self.cents(r, run.price_cents, "price_cents", f"{label}: Preis")
        run.note = plain_text(run.note)[:300]
        run.external_id = plain_text(run.external_id)[:200]
        venue = run.venue
        if venue is not None:
            for name in ("name", "street", "town", "accessibility_notes"):
                setattr(venue, name, plain_text(getattr(venue, name)))
            venue.name = venue.name[:200]
            venue.street = venue.street[:200]
            venue.postcode = plain_text(venue.postcode).replace(" ", "")
            if venue.postcode and not re.fullmatch(r"\d{5}", venue.postcode):
                self.problem(r, "postcode", f"{label}: PLZ {venue.postcode[:20]!r} ungültig",
                             fatal=False)
                venue.postcode = ""
            for name, bound in (("latitude", 90), ("longitude", 180)):
                value = getattr(venue, name)
                if value is not None and (
                    not isinstance(value, int | float) or not -bound <= value <= bound
                ):
                    setattr(venue, name, None)


# --- mapping, venues, providers -----------------------------------------------------------


class Vocabularies:
    """Slug → id for each kind, loaded once per import."""

    def __init__(self):
        self.ids = {
            "topic": dict(catalog.Topic.objects.values_list("slug", "pk")),
            "life_phase": dict(catalog.LifePhase.objects.values_list("slug", "pk")),
            "format": dict(catalog.Format.objects.values_list("slug", "pk")),
            "target_group": dict(catalog.TargetGroup.objects.values_list("slug", "pk")),
            "language": dict(catalog.Language.objects.values_list("slug", "pk")),
        }
        self.dqr_levels = set(catalog.DqrLevel.objects.values_list("level", flat=True))


def map_categories(records, source, vocab, report):
    """Fill topics, life phases, target groups, format and languages of every record."""
    table = load_table()
    unmapped = Counter()
    unknown_slugs = set()
    fallback_used = defaultdict(list)
    record_kinds = {
        "topic": "topics", "life_phase": "life_phases", "target_group": "target_groups",
        "language": "languages",
    }
    for record in records:
        found = defaultdict(list)
        for kind, attribute in record_kinds.items():
            values = getattr(record, attribute) or []
            for slug in values if isinstance(values, list | tuple) else [values]:
                found[kind].append(str(slug)[:80])
        if record.format:
            found["format"].append(str(record.format)[:80])
        categories = record.categories if isinstance(record.categories, list | tuple) else []
        for term in (str(term) for term in categories):
            hits = table.lookup(source, term)
            if not hits and not table.is_ignored(source, term):
                unmapped[term] += 1
            for kind, slug in hits:
                found[kind].append(slug)
        if record.runs and all(run.is_online for run in record.runs) and not found["format"]:
            found["format"].append("online")
        for kind in ("topic", "life_phase", "format", "target_group", "language"):
            slugs = []
            for slug in found[kind]:
                if slug not in vocab.ids[kind]:
                    unknown_slugs.add((kind, slug))
                elif slug not in slugs:
                    slugs.append(slug)
            if not slugs and kind != "target_group":
                slug = table.fallback(source, kind)
                if slug and slug in vocab.ids[kind]:
                    slugs = [slug]
                    if kind != "language":
                        fallback_used[(kind, slug)].append(record.record)
            if kind == "format":
                record.format = slugs[0] if slugs else ""
            else:
                setattr(record, record_kinds[kind], slugs)
        if record.dqr_level is not None and record.dqr_level not in vocab.dqr_levels:
            report.problems.append(Problem(
                f"DQR-Niveau {record.dqr_level} ist nicht angelegt und wird weggelassen",
                record.record, fatal=False,
            ))
            record.dqr_level = None
        if not record.format:
            report.problems.append(Problem(
                "kein Format zuordenbar und kein Ersatzformat vorhanden "
                "(Vokabulare geladen? bildungsportal load_reference)",
                record.record,
            ))
            report.invalid_records.add(record.record)
    for term, count in sorted(unmapped.items(), key=lambda item: (-item[1], item[0]))[:200]:
        report.problems.append(Problem(
            f"Kategorie {term!r} ({count} Datensätze) ist keinem Begriff zugeordnet "
            "(Zuordnungstabelle ingest/mappings/categories.csv)",
            fatal=False,
        ))
    for kind, slug in sorted(unknown_slugs):
        report.problems.append(Problem(
            f"Zuordnungstabelle verweist auf unbekannten Begriff {slug!r} ({kind})", fatal=False
        ))
    labels = {"topic": "Thema", "life_phase": "Lebensphase", "format": "Format"}
    for (kind, slug), numbers in sorted(fallback_used.items()):
        shown = ", ".join(str(n) for n in numbers[:20]) + (" …" if len(numbers) > 20 else "")
        report.problems.append(Problem(
            f"{len(numbers)} Datensätze ohne zuordenbares {labels.get(kind, kind)}: "
            f"Ersatz {slug!r} verwendet (Datensätze {shown})",
            fatal=False,
        ))


class VenueResolver:
    """Venues reused per provider by (name, street, postcode); towns from postcodes, offline.

    A venue in one of our municipalities (the district's towns and the neighbour cities in
    places) is linked to it. A place outside them (e.g. Berlin) is not invented as a town: the
    venue keeps its place name as `locality` (as given, else from the postcode table) and the
    coordinates of its postcode, so its runs have dates and a distance but no town facet.
    """

    def __init__(self, provider_ids):
        self.by_postcode = {}
        self.by_name = {}
        for municipality in Municipality.objects.all():
            for code in municipality.postcodes or []:
                self.by_postcode.setdefault(code, municipality)
            self.by_name[municipality.name.casefold()] = municipality
        self.existing = {
            (v.provider_id, v.name, v.street, v.postcode): v
            for v in catalog.Venue.objects.filter(provider_id__in=provider_ids)
        }
        self.new = {}
        self.postcodes = {}  # code -> (latitude, longitude, place) or None
        self.places = {}  # casefolded place name -> (latitude, longitude)

    def municipality(self, venue):
        if venue.postcode in self.by_postcode:
            return self.by_postcode[venue.postcode]
        town = venue.town.casefold()
        if not venue.postcode and town in self.by_name:
            return self.by_name[town]
        return None

    def locality(self, venue):
        """The place name of a venue outside our municipalities ("" when there is none)."""
        town = clean_input(venue.town)[:100]
        if town:
            return town
        found = self._postcode(venue.postcode)
        return found[2][:100] if found else ""

    def key(self, provider_id, venue):
        name = venue.name or venue.street or venue.town
        return (provider_id, name, venue.street, venue.postcode)

    def check(self, record, run, number, report):
        """True when the run's venue can be stored; a warning otherwise."""
        if run.venue is None:
            if run.is_online:
                return True
            report.problems.append(Problem(
                f"Termin {number}: weder Veranstaltungsort noch online – Termin nicht übernommen",
                record.record, fatal=False,
            ))
            return False
        if self.municipality(run.venue) is None and not self.locality(run.venue):
            where = run.venue.postcode or "ohne Postleitzahl"
            report.problems.append(Problem(
                f"Termin {number}: Ort unbekannt ({where}, kein Ortsname) – Termin nicht "
                "übernommen",
                record.record, fatal=False,
            ))
            return False
        return True

    def get(self, provider_id, venue):
        """The Venue for this record (existing, or new and unsaved)."""
        key = self.key(provider_id, venue)
        if key in self.existing:
            return self.existing[key]
        if key not in self.new:
            municipality = self.municipality(venue)
            locality = "" if municipality else self.locality(venue)
            latitude, longitude = venue.latitude, venue.longitude
            if latitude is None or longitude is None:
                found = self._postcode(venue.postcode)
                latitude, longitude = found[:2] if found else (None, None)
            if (latitude is None or longitude is None) and locality:
                # No postcode: the centre of the place's postcode areas, if it is German.
                latitude, longitude = self._place_centre(locality)
            self.new[key] = catalog.Venue(
                provider_id=provider_id, name=key[1][:200] or "Veranstaltungsort",
                street=venue.street, postcode=venue.postcode,
                municipality=municipality, locality=locality,
                latitude=latitude, longitude=longitude,
                step_free=venue.step_free, accessibility_notes=venue.accessibility_notes,
            )
        return self.new[key]

    def _postcode(self, code):
        if not code:
            return None
        if code not in self.postcodes:
            self.postcodes[code] = PostalCode.objects.filter(code=code).values_list(
                "latitude", "longitude", "place"
            ).first()
        return self.postcodes[code]

    def _place_centre(self, place):
        folded = place.casefold()
        if folded not in self.places:
            centre = PostalCode.objects.filter(place__iexact=place).aggregate(
                latitude=Avg("latitude"), longitude=Avg("longitude")
            )
            self.places[folded] = (centre["latitude"], centre["longitude"])
        return self.places[folded]

    def save_new(self):
        created = catalog.Venue.objects.bulk_create(list(self.new.values()), batch_size=500)
        self.existing.update(self.new)
        self.new = {}
        return created


def resolve_providers(records, provider, report, *, create):
    """Provider per record number: the fixed one, else by the record's provider name."""
    if provider is not None:
        return {record.record: provider for record in records}
    names = {r.provider_name for r in records if r.provider_name}
    existing = {p.name: p for p in catalog.Provider.objects.filter(name__in=names)}
    result = {}
    for record in records:
        name = record.provider_name[:200]
        if not name:
            report.problems.append(Problem(
                "Anbieter fehlt (beim Import einen Anbieter wählen, z. B. --provider NAME)",
                record.record,
            ))
            report.invalid_records.add(record.record)
            continue
        if name not in existing:
            existing[name] = catalog.Provider(
                name=name, kind=catalog.Provider.Kind.OTHER, source="import",
                email=record.provider_email[:254],
                website=record.provider_website if len(record.provider_website) <= 200 else "",
            )
            if create:
                existing[name].save()
        result[record.record] = existing[name]
    return result


def source_for(format_object, provider):
    if getattr(format_object, "global_ids", False):
        return format_object.source or format_object.name
    return f"{format_object.source or format_object.name}:{provider.pk or 'neu'}"


def initial_status(user, provider):
    """Published for the office and the CLI (no user) or an approved provider, else pending."""
    if user is None or is_office(user) or provider.approved_at is not None:
        return catalog.Offering.Status.PUBLISHED
    return catalog.Offering.Status.PENDING


# --- the pipeline -------------------------------------------------------------------------


def parse(data, format_name, filename, report):
    """Size limit, then the format's parser; problems instead of exceptions."""
    format_object = FORMATS.get(format_name)
    if format_object is None:
        known = ", ".join(sorted(FORMATS)) or "keine"
        report.problems.append(Problem(f"unbekanntes Format {format_name!r} (bekannt: {known})"))
        return None, []
    if len(data) > settings.IMPORT_MAX_BYTES:
        report.problems.append(Problem(
            f"Datei ist zu groß ({len(data) / 1_048_576:.1f} MB, höchstens "
            f"{settings.IMPORT_MAX_BYTES / 1_048_576:.0f} MB)"
        ))
        return format_object, []
    if not data.strip():
        report.problems.append(Problem("Datei ist leer"))
        return format_object, []
    try:
        result = format_object.parse(data, filename=filename)
    except Exception as error:  # noqa: BLE001 — a parser bug must not become a 500
        report.problems.append(Problem(
            f"Datei konnte nicht gelesen werden ({type(error).__name__})"
        ))
        return format_object, []
    report.problems.extend(result.problems)
    for problem in result.problems:
        if problem.fatal and problem.record is not None:
            report.invalid_records.add(problem.record)
    if len(result.records) > settings.IMPORT_MAX_RECORDS:
        report.problems.append(Problem(
            f"zu viele Datensätze ({len(result.records)}, höchstens "
            f"{settings.IMPORT_MAX_RECORDS})"
        ))
        return format_object, []
    return format_object, result.records


def run_import(data: bytes, format_name: str, *, provider=None, user=None, filename="",
               dry_run=False, valid_only=False, full_feed=False, origin=ImportRun.Origin.CLI,
               feed=None) -> ImportReport:
    """Import ``data`` in ``format_name``; see the module docstring. Never raises for bad input."""
    started = clock.perf_counter()
    report = ImportReport(format_name=format_name, dry_run=dry_run)
    if isinstance(data, str):
        data = data.encode("utf-8")
    format_object, records = parse(data, format_name, filename, report)
    report.records = records
    if report.file_errors:
        report.seconds = clock.perf_counter() - started
        return report
    if full_feed and provider is None:
        report.problems.append(Problem(
            "ein vollständiger Feed (--full-feed) braucht einen festen Anbieter (--provider)"
        ))
        return report

    validator = Validator(report)
    seen = {}
    for record in records:
        try:
            validator.validate(record)
        except Exception as error:  # noqa: BLE001 — odd values from a format: report, go on
            logger.warning("import: record %s could not be validated", record.record,
                           exc_info=True)
            validator.problem(record, "", f"Datensatz nicht lesbar ({type(error).__name__})")
            record.runs, record.categories = [], []
            continue
        if record.external_id:
            if record.external_id in seen:
                validator.problem(
                    record, "external_id",
                    f"externe ID {record.external_id!r} kommt doppelt vor "
                    f"(auch Datensatz {seen[record.external_id]})",
                )
            else:
                seen[record.external_id] = record.record
    vocab = Vocabularies()
    source_name = format_object.source or format_object.name
    map_categories(records, source_name, vocab, report)

    try:
        with transaction.atomic():
            providers = resolve_providers(records, provider, report, create=not dry_run)
            _upsert(report, format_object, records, providers, vocab, user, valid_only,
                    full_feed, provider, write=not dry_run,
                    history_note=f"Import ({format_name}) {filename}"[:500]
                    if origin == ImportRun.Origin.UPLOAD else None)
            if dry_run:
                raise ImportFailed
            if report.errors and not valid_only:
                raise ImportFailed
            if valid_only and not report.valid_records:
                raise ImportFailed
            report.written = True
            report.import_run = ImportRun.objects.create(
                provider=provider, user=user if user is not None and user.pk else None,
                feed=feed, origin=origin, format=format_name,
                source=source_for(format_object, provider) if provider else source_name,
                filename=filename[:500],
                status=ImportRun.Status.PARTIAL if report.errors else ImportRun.Status.SUCCESS,
                records=len({r.record for r in records} | report.invalid_records),
                created=report.created, updated=report.updated,
                unchanged=report.unchanged, archived=report.archived, skipped=report.skipped,
                problems=[str(p) for p in report.problems[:MAX_STORED_PROBLEMS]],
                finished_at=timezone.now(),
            )
    except (IntegrityError, DataError) as error:
        # Validation should have caught it; a concurrent import of the same ids can still
        # collide. Rolled back, reported, never a 500.
        report.problems.append(Problem(
            f"Speichern fehlgeschlagen, nichts wurde geändert ({type(error).__name__}: "
            f"{str(error)[:200]})"
        ))
        report.written = False
        report.import_run = None
        report.created = report.updated = report.unchanged = report.archived = 0
        report.skipped = 0
    except ImportFailed:
        if not dry_run:
            report.created = report.updated = report.unchanged = report.archived = 0
            report.skipped = 0
    report.seconds = clock.perf_counter() - started
    return report


def _offering_values(record, status, vocab):
    return {
        "title": record.title,
        "summary": record.summary,
        "description": record.description,
        "entry_requirements": record.entry_requirements,
        "price_cents": record.price_cents,
        "price_reduced_cents": record.price_reduced_cents,
        "is_free": bool(record.is_free),
        "price_note": record.price_note,
        "certificate": record.certificate,
        "dqr_level_id": record.dqr_level,
        "registration_url": record.registration_url,
        "registration_contact": record.registration_contact,
        "format_id": vocab.ids["format"][record.format],
        "status": status,
    }


def _weekday_bits(weekdays):
    bits = 0
    for day in weekdays or []:
        bits |= catalog.Run.WEEKDAY_BITS[day]
    return bits


def _run_values(run, venue_id):
    return {
        "external_id": run.external_id,
        "recurrence": run.recurrence,
        "start_date": run.start_date,
        "end_date": run.end_date,
        "weekdays": _weekday_bits(run.weekdays),
        "start_time": run.start_time,
        "end_time": run.end_time,
        "sessions": run.sessions,
        "hours": run.hours,
        "seats": run.seats,
        "booking_status": run.booking_status,
        "venue_id": venue_id,
        "is_online": run.is_online,
        "price_cents": run.price_cents,
        "note": run.note,
    }


def _signature(values, relations, runs):
    """Comparable state of one offering: fields, related ids, runs (in a stable order)."""
    run_rows = sorted(tuple(str(run[name]) for name in RUN_FIELDS) for run in runs)
    return (
        tuple(values[name] for name in OFFERING_FIELDS),
        tuple(tuple(sorted(relations.get(name, ()))) for name in M2M),
        tuple(run_rows),
    )


def _existing_state(offering_ids):
    """Signatures of existing offerings, in a handful of queries per chunk."""
    state = {}
    for start in range(0, len(offering_ids), INDEX_CHUNK):
        chunk = offering_ids[start:start + INDEX_CHUNK]
        values = {
            row["pk"]: row
            for row in catalog.Offering.objects.filter(pk__in=chunk).values("pk", *OFFERING_FIELDS)
        }
        relations = defaultdict(lambda: defaultdict(list))
        for name, (through, column) in M2M.items():
            for offering_id, term_id in through.objects.filter(offering_id__in=chunk).values_list(
                "offering_id", column
            ):
                relations[offering_id][name].append(term_id)
        runs = defaultdict(list)
        for row in catalog.Run.objects.filter(offering_id__in=chunk).values(
            "offering_id", *RUN_FIELDS
        ):
            runs[row["offering_id"]].append(row)
        for pk, row in values.items():
            state[pk] = _signature(row, relations[pk], runs[pk])
    return state


def _insert_pairs(through_rows):
    """Insert (offering id, term id) rows into the M2M tables with plain executemany:
    two integers per row need none of the ORM's per-object work (the bulk of import time)."""
    connection = transaction.get_connection()
    quote_name = connection.ops.quote_name
    with connection.cursor() as cursor:
        for name, (through, column) in M2M.items():
            rows = through_rows.get(name)
            if not rows:
                continue
            sql = (
                f"INSERT INTO {quote_name(through._meta.db_table)} "
                f"({quote_name('offering_id')}, {quote_name(column)}) VALUES (%s, %s)"
            )
            for start in range(0, len(rows), 5000):
                cursor.executemany(sql, rows[start:start + 5000])


def _vanished(format_object, provider, plans, records, report):
    """Ids of the provider's offerings of this source that are missing from a full feed.

    Faulty records count as present: a typo in a feed never archives an offering.
    """
    source = source_for(format_object, provider)
    in_feed = {record.external_id for record, *_ in plans} | {
        r.external_id for r in records if r.record in report.invalid_records
    }
    candidates = (
        catalog.Offering.objects.filter(source=source, provider=provider)
        .exclude(status=catalog.Offering.Status.ARCHIVED)
        .exclude(external_id="")
    )
    if len(in_feed) < 30000:
        return list(candidates.exclude(external_id__in=in_feed).values_list("pk", flat=True))
    return [
        pk for pk, external_id in candidates.values_list("pk", "external_id")
        if external_id not in in_feed
    ]


def _upsert(report, format_object, records, providers, vocab, user, valid_only, full_feed,
            fixed_provider, *, write, history_note=None):
    """Create, update or leave each valid record; archive what vanished from a full feed."""
    sources = {}
    for record in records:
        if record.record in providers:
            sources[record.record] = source_for(format_object, providers[record.record])
    keys = {(sources[r.record], r.external_id) for r in records if r.record in sources}
    existing = {}
    by_source = defaultdict(list)
    for source, external_id in keys:
        by_source[source].append(external_id)
    for source, ids in by_source.items():
        for start in range(0, len(ids), INDEX_CHUNK):
            for pk, external_id, provider_id in catalog.Offering.objects.filter(
                source=source, external_id__in=ids[start:start + INDEX_CHUNK]
            ).values_list("pk", "external_id", "provider_id"):
                existing[(source, external_id)] = (pk, provider_id)

    venues = VenueResolver({p.pk for p in providers.values() if p.pk})
    plans = []
    for record in records:
        provider = providers.get(record.record)
        if provider is None:
            continue
        key = (sources[record.record], record.external_id)
        if key in existing and existing[key][1] != provider.pk:
            report.problems.append(Problem(
                f"externe ID {record.external_id!r} gehört bereits einem anderen Anbieter",
                record.record,
            ))
            report.invalid_records.add(record.record)
            continue
        runs = [
            run for number, run in enumerate(record.runs, start=1)
            if venues.check(record, run, number, report)
        ]
        plans.append((record, provider, key, runs))

    if write and report.errors and not valid_only:
        return
    # A dry run goes on without writing, so that the preview can say what an import of the
    # valid records would create, update, leave unchanged and archive.
    plans = [plan for plan in plans if plan[0].record not in report.invalid_records]
    report.skipped = len({r.record for r in records} & report.invalid_records)

    for _record, provider, _key, runs in plans:
        for run in runs:
            if run.venue is not None:
                venues.get(provider.pk, run.venue)
    if write:
        venues.save_new()

    old_state = _existing_state([existing[plan[2]][0] for plan in plans if plan[2] in existing])
    to_create, to_update, changed_ids = [], [], []
    related = {}  # record number -> (values, relations, run values)
    for record, provider, key, runs in plans:
        status = initial_status(user, provider)
        values = _offering_values(record, status, vocab)
        relations = {
            "life_phases": [vocab.ids["life_phase"][s] for s in record.life_phases],
            "topics": [vocab.ids["topic"][s] for s in record.topics],
            "target_groups": [vocab.ids["target_group"][s] for s in record.target_groups],
            "languages": [vocab.ids["language"][s] for s in record.languages],
        }
        run_values = [
            _run_values(run, venues.get(provider.pk, run.venue).pk if run.venue else None)
            for run in runs
        ]
        for run in run_values:
            if run["venue_id"] is None:
                run["is_online"] = True
        related[record.record] = (relations, run_values)
        if key in existing:
            pk = existing[key][0]
            if old_state.get(pk) == _signature(values, relations, run_values):
                report.unchanged += 1
                continue
            offering = catalog.Offering(pk=pk, provider=provider, source=key[0],
                                        external_id=key[1], **values)
            offering.slug = slugify(record.title)[:250] or "angebot"
            to_update.append((record, offering))
            report.updated += 1
        else:
            offering = catalog.Offering(provider=provider, source=key[0], external_id=key[1],
                                        **values)
            offering.slug = slugify(record.title)[:250] or "angebot"
            to_create.append((record, offering))
            report.created += 1

    vanished = []
    if full_feed and fixed_provider is not None:
        vanished = _vanished(format_object, fixed_provider, plans, records, report)
        report.archived = len(vanished)
    if not write:
        return

    # Uploads are changes through the UI: each changed offering gets a history entry (with the
    # diff for updates). CLI and feed imports are logged by their ImportRun instead, which
    # keeps large imports fast.
    before = {}
    if history_note is not None and to_update:
        from bildungsportal.backoffice import history

        for pk, old in catalog.Offering.objects.in_bulk(
            [offering.pk for _, offering in to_update]
        ).items():
            before[pk] = history.snapshot(old)

    now = timezone.now()
    new_objects = [offering for _, offering in to_create]
    for offering in new_objects:
        offering.created_at = offering.updated_at = now
    catalog.Offering.objects.bulk_create(new_objects, batch_size=500)
    if to_update:
        for _, offering in to_update:
            offering.updated_at = now
        catalog.Offering.objects.bulk_update(
            [offering for _, offering in to_update],
            ["slug", *OFFERING_FIELDS, "updated_at"], batch_size=500,
        )
    touched = [(record, offering) for record, offering in (*to_create, *to_update)]
    touched_ids = [offering.pk for _, offering in touched]
    changed_ids.extend(touched_ids)
    updated_ids = [offering.pk for _, offering in to_update]
    for start in range(0, len(updated_ids), INDEX_CHUNK):
        chunk = updated_ids[start:start + INDEX_CHUNK]
        with indexing_suspended():  # indexed once below
            catalog.Run.objects.filter(offering_id__in=chunk).delete()
        for through, _column in M2M.values():
            through.objects.filter(offering_id__in=chunk).delete()
    through_rows = defaultdict(list)
    new_runs = []
    for record, offering in touched:
        relations, run_values = related[record.record]
        for name in M2M:
            through_rows[name].extend(
                (offering.pk, term_id) for term_id in dict.fromkeys(relations[name])
            )
        new_runs.extend(catalog.Run(offering_id=offering.pk, **values) for values in run_values)
    _insert_pairs(through_rows)
    catalog.Run.objects.bulk_create(new_runs, batch_size=1000)

    if history_note is not None:
        from bildungsportal.backoffice import history
        from bildungsportal.backoffice.models import OfferingChange

        for _record, offering in touched:
            history.record(offering, user, OfferingChange.Action.IMPORTED,
                           before=before.get(offering.pk), note=history_note)

    for start in range(0, len(vanished), INDEX_CHUNK):
        catalog.Offering.objects.filter(pk__in=vanished[start:start + INDEX_CHUNK]).update(
            status=catalog.Offering.Status.ARCHIVED, updated_at=now
        )
    changed_ids.extend(vanished)

    # Bulk writes bypass the search signals: index the changed offerings once, in chunks.
    for start in range(0, len(changed_ids), INDEX_CHUNK):
        index_offerings(changed_ids[start:start + INDEX_CHUNK])
    if not changed_ids:
        return
    bump_version()
