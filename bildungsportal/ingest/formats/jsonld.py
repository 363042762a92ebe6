"""schema.org JSON-LD: Course with hasCourseInstance, and EducationEvent.

Accepts a JSON document (one object, a list, an ``@graph``, an ItemList) or an HTML page with
one or more ``<script type="application/ld+json">`` blocks (parsed with lxml, no network, no
entities). It reads the shape catalog/jsonld.py writes, so our own pages import back.
Record numbers count the Course/EducationEvent objects in document order.
"""

import hashlib
import json
import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from bildungsportal.ingest.records import (
    ImportFormat,
    OfferingRecord,
    ParseResult,
    Problem,
    RunRecord,
    VenueRecord,
)
from bildungsportal.ingest.template import Vocabularies

from . import register

BERLIN = ZoneInfo("Europe/Berlin")
MAX_DEPTH = 20
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
AVAILABILITY = {
    "instock": "open", "limitedavailability": "few", "soldout": "full",
    "discontinued": "cancelled", "outofstock": "full", "preorder": "open",
}


def type_names(node):
    """{"Course"} for "Course", "schema:Course", "https://schema.org/Course" or a list."""
    types = node.get("@type") if isinstance(node, dict) else None
    if isinstance(types, str):
        types = [types]
    if not isinstance(types, list):
        return set()
    return {re.split(r"[/:#]", t)[-1] for t in types if isinstance(t, str)}


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def text(value):
    """A plain string from a string, number, {"@value": …} or {"name": …}."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value", value.get("name", ""))
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()


def parse_datetime(value):
    """(date, time or None) in Berlin local time; raises ValueError."""
    raw = text(value)
    if not raw:
        return None, None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return date.fromisoformat(raw), None
    moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(BERLIN)
    return moment.date(), moment.time().replace(second=0, microsecond=0)


def parse_clock(value):
    raw = text(value)
    if not raw:
        return None
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2})?([+-]\d{2}:?\d{2}|Z)?", raw)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"„{raw}“ ist keine Uhrzeit.")
    return time(int(match.group(1)), int(match.group(2)))


def price_cents(offers):
    """(cents or None, free?) from an Offer or a list of them (first in EUR)."""
    for offer in as_list(offers):
        if not isinstance(offer, dict):
            continue
        currency = text(offer.get("priceCurrency")) or "EUR"
        if currency.upper() != "EUR":
            continue
        if text(offer.get("category")).lower() == "free":
            return None, True
        raw = text(offer.get("price"))
        if not raw:
            spec = offer.get("priceSpecification")
            raw = text(spec.get("price")) if isinstance(spec, dict) else ""
        if not raw:
            continue
        try:
            amount = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            raise ValueError(f"„{raw}“ ist kein Preis.") from None
        if amount < 0:
            raise ValueError(f"Der Preis darf nicht negativ sein ({raw}).")
        cents = int((amount * 100).to_integral_value())
        return (None, True) if cents == 0 else (cents, False)
    return None, False


class Reader:
    def __init__(self, vocabularies):
        self.vocabularies = vocabularies
        self.result = ParseResult()
        self.count = 0

    def problem(self, message, record=None, field="", fatal=True):
        self.result.problems.append(Problem(message, record=record, field=field, fatal=fatal))

    def walk(self, node, depth=0):
        if depth > MAX_DEPTH:
            self.problem("Das JSON-LD ist zu tief verschachtelt.")
            return
        if isinstance(node, list):
            for item in node:
                self.walk(item, depth + 1)
            return
        if not isinstance(node, dict):
            return
        types = type_names(node)
        if "Course" in types:
            self.course(node)
        elif types & {"EducationEvent", "Event", "CourseInstance"}:
            self.event(node)
        elif "ItemList" in types:
            for element in as_list(node.get("itemListElement")):
                self.walk(element.get("item", element) if isinstance(element, dict) else element,
                          depth + 1)
        elif "ListItem" in types:
            self.walk(node.get("item"), depth + 1)
        if "@graph" in node:
            self.walk(node["@graph"], depth + 1)

    def resolve(self, record, kind, values):
        slugs = []
        for value in values:
            term = text(value)
            if not term:
                continue
            slug = self.vocabularies.resolve(kind, term) if self.vocabularies else None
            if slug:
                slugs.append(slug)
            else:
                record.categories.append(term)
        return slugs

    def base(self, node, record_number):
        title = text(node.get("name"))
        if not title:
            self.problem("Der Name (name) fehlt.", record_number, "name")
            return None
        external_id = (text(node.get("@id")) or text(node.get("url"))
                       or text(node.get("identifier")) or text(node.get("courseCode")))
        provider = node.get("provider") or node.get("organizer") or {}
        provider = provider[0] if isinstance(provider, list) and provider else provider
        if not external_id:
            # No identifier: a stable hash of title and provider keeps re-imports idempotent.
            digest = hashlib.sha1(f"{title}|{text(provider)}".encode()).hexdigest()[:16]
            external_id = f"name:{digest}"
            self.problem("Keine Kennung (@id, url oder identifier); die Kennung wird aus dem "
                         "Namen gebildet.", record_number, "@id", fatal=False)
        record = OfferingRecord(record=record_number, external_id=external_id[:200], title=title)
        description = text(node.get("description"))
        if len(description) <= 500 and "<" not in description:
            record.summary = description
        else:
            record.description = description
        if isinstance(provider, dict):
            record.provider_name = text(provider.get("name"))
            record.provider_email = text(provider.get("email"))
            record.provider_website = text(provider.get("sameAs")) or text(provider.get("url"))
        elif isinstance(provider, str):
            record.provider_name = provider
        record.topics = self.resolve(record, "topics", as_list(node.get("about")))
        keywords = node.get("keywords")
        if isinstance(keywords, str):
            keywords = [k for k in re.split(r"[,;]", keywords)]
        record.categories += [text(k) for k in as_list(keywords) if text(k)]
        audiences = [a.get("audienceType") if isinstance(a, dict) else a
                     for a in as_list(node.get("audience"))]
        record.target_groups = self.resolve(record, "target_groups", audiences)
        record.languages = self.resolve(record, "languages", as_list(node.get("inLanguage")))
        record.entry_requirements = "\n".join(
            text(p) for p in as_list(node.get("coursePrerequisites")) if text(p)
        )
        record.certificate = text(node.get("educationalCredentialAwarded"))
        level = re.search(r"\bDQR\s*(\d)\b", text(node.get("educationalLevel")), re.I)
        if level and 1 <= int(level.group(1)) <= 8:
            record.dqr_level = int(level.group(1))
        if node.get("isAccessibleForFree") in (True, "true", "True"):
            record.is_free = True
        try:
            cents, free = price_cents(node.get("offers"))
        except ValueError as error:
            self.problem(str(error), record_number, "offers")
            return None
        record.is_free = record.is_free or free
        record.price_cents = None if record.is_free else cents
        own_urls = {text(node.get("@id")), text(node.get("url"))}
        for offer in as_list(node.get("offers")):
            # An offer's url is where to book, unless it just points back to the course page.
            url = text(offer.get("url")) if isinstance(offer, dict) else ""
            if url.startswith(("http:", "https:")) and url not in own_urls:
                record.registration_url = url
                break
        return record

    def course(self, node):
        self.count += 1
        number = self.count
        record = self.base(node, number)
        if record is None:
            return
        ok = True
        for index, instance in enumerate(as_list(node.get("hasCourseInstance")), start=1):
            if not isinstance(instance, dict):
                continue
            try:
                record.runs.append(self.run(instance, record))
            except ValueError as error:
                self.problem(str(error), number, f"hasCourseInstance {index}")
                ok = False
        if ok:
            self.result.records.append(record)

    def event(self, node):
        self.count += 1
        number = self.count
        record = self.base(node, number)
        if record is None:
            return
        try:
            record.runs.append(self.run(node, record))
        except ValueError as error:
            self.problem(str(error), number, "startDate")
            return
        self.result.records.append(record)

    def run(self, node, record):
        """A RunRecord from a CourseInstance or an event; ValueError with a German message."""
        run = RunRecord(external_id=text(node.get("@id")) or text(node.get("identifier")))
        try:
            run.start_date, run.start_time = parse_datetime(node.get("startDate"))
            end_date, end_time = parse_datetime(node.get("endDate"))
        except ValueError:
            raise ValueError("Beginn oder Ende ist kein Datum nach ISO 8601.") from None
        if end_date and run.start_date and end_date > run.start_date:
            run.end_date = end_date
        run.end_time = end_time if end_time and end_time != time(0, 0) else None
        schedule = node.get("courseSchedule") or node.get("eventSchedule")
        schedule = schedule[0] if isinstance(schedule, list) and schedule else schedule
        if isinstance(schedule, dict):
            self.schedule(run, schedule)
        if run.start_date and run.end_date and run.end_date < run.start_date:
            raise ValueError("Das Ende liegt vor dem Beginn.")
        if run.start_time and run.end_time and run.end_time <= run.start_time:
            run.end_time = None  # an event over midnight: keep the start only
        if run.start_date is None:
            run.recurrence = "standing"
        workload = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?", text(node.get("courseWorkload")))
        if workload and any(workload.groups()):
            minutes = int(workload.group(1) or 0) * 60 + int(workload.group(2) or 0)
            run.hours = (Decimal(minutes) / 45).quantize(Decimal("0.1"))
        capacity = text(node.get("maximumAttendeeCapacity"))
        if capacity.isdecimal() and int(capacity) < 32768:
            run.seats = int(capacity)
        mode = text(node.get("courseMode")).lower().rsplit("/", 1)[-1]
        attendance = text(node.get("eventAttendanceMode")).lower()
        run.is_online = mode in ("online", "blended") or "online" in attendance or (
            "mixed" in attendance)
        for location in as_list(node.get("location")):
            if isinstance(location, dict) and "VirtualLocation" in type_names(location):
                run.is_online = True
            elif isinstance(location, (dict, str)) and run.venue is None:
                run.venue = venue(location)
        if run.venue is None and not run.is_online:
            raise ValueError("Kein Ort (location) und nicht online (courseMode).")
        offers = node.get("offers")
        cents, free = price_cents(offers)
        if cents is not None and cents != record.price_cents:
            run.price_cents = cents
        for offer in as_list(offers):
            if isinstance(offer, dict):
                key = text(offer.get("availability")).rsplit("/", 1)[-1].lower()
                run.booking_status = AVAILABILITY.get(key, run.booking_status)
        if "cancelled" in text(node.get("eventStatus")).lower():
            run.booking_status = "cancelled"
        return run

    def schedule(self, run, schedule):
        frequency = text(schedule.get("repeatFrequency")).upper()
        days = []
        for day in as_list(schedule.get("byDay")):
            name = text(day).rsplit("/", 1)[-1].lower()
            if name in DAYS:
                days.append(DAYS.index(name))
        if frequency in ("P1W", "WEEKLY") or days:
            run.weekdays = sorted(set(days)) or (
                [run.start_date.weekday()] if run.start_date else [])
            start, _ = parse_datetime(schedule.get("startDate"))
            end, _ = parse_datetime(schedule.get("endDate"))
            run.start_date = start or run.start_date
            run.end_date = end or run.end_date
            run.start_time = parse_clock(schedule.get("startTime")) or run.start_time
            run.end_time = parse_clock(schedule.get("endTime")) or run.end_time
            count = text(schedule.get("repeatCount"))
            if count.isdecimal() and 0 < int(count) < 32768:
                run.sessions = int(count)
            if run.start_date and (run.end_date or run.sessions):
                run.recurrence = "weekly"


def venue(location):
    if isinstance(location, str):
        return VenueRecord(name=location.strip()[:200])
    address = location.get("address")
    address = address[0] if isinstance(address, list) and address else address
    record = VenueRecord(name=text(location.get("name")))
    if isinstance(address, dict):
        record.street = text(address.get("streetAddress"))
        record.postcode = text(address.get("postalCode"))
        record.town = text(address.get("addressLocality"))
    elif isinstance(address, str):
        match = re.search(r"\b(\d{5})\s+([^,]+)", address)
        if match:
            record.postcode, record.town = match.group(1), match.group(2).strip()
        record.street = address.split(",")[0].strip() if "," in address else ""
    geo = location.get("geo")
    if isinstance(geo, dict):
        try:
            latitude = float(text(geo.get("latitude")))
            longitude = float(text(geo.get("longitude")))
            if -90 <= latitude <= 90 and -180 <= longitude <= 180:
                record.latitude, record.longitude = latitude, longitude
        except ValueError:
            pass
    if not record.name:
        record.name = record.street or record.town or "Veranstaltungsort"
    return record


def script_blocks(data):
    """The JSON texts of every <script type="application/ld+json"> in an HTML page."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, huge_tree=False)
    try:
        document = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        return []
    blocks = []
    for script in document.iter("script"):
        kind = (script.get("type") or "").split(";")[0].strip().lower()
        if kind == "application/ld+json" and script.text:
            blocks.append(script.text)
    return blocks


def looks_like_html(data):
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<meta",
                            b"<!--", b"<"))


@register
class JsonLdFormat(ImportFormat):
    name = "jsonld"
    label = "schema.org JSON-LD (auch in einer Webseite)"
    source = "jsonld"

    def parse(self, data: bytes, *, filename: str = "", vocabularies=None) -> ParseResult:
        reader = Reader(vocabularies if vocabularies is not None else Vocabularies())
        if looks_like_html(data):
            blocks = script_blocks(data)
            if not blocks:
                reader.problem("Die Webseite enthält kein schema.org JSON-LD "
                               "(<script type=\"application/ld+json\">).")
                return reader.result
        else:
            blocks = [data]
        for number, block in enumerate(blocks, start=1):
            try:
                if isinstance(block, bytes):
                    block = block.decode("utf-8-sig")
                document = json.loads(block)
            except UnicodeDecodeError:
                reader.problem("Die Datei ist nicht UTF-8-kodiert.")
                continue
            except (ValueError, RecursionError) as error:
                where = f" (Block {number})" if len(blocks) > 1 else ""
                reader.problem(f"Das JSON ist fehlerhaft{where}: {error}")
                continue
            reader.walk(document)
        if reader.count == 0 and not reader.result.problems:
            reader.problem("Kein schema.org Course oder EducationEvent gefunden.")
        return reader.result
