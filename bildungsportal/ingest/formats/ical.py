"""iCalendar (RFC 5545): every VEVENT becomes a run.

Grouping rule (docs/feeds-exports.md): events that share a UID, or whose SUMMARY is the same
(ignoring case and spaces), belong to one offering; the group's first event (in file order)
gives title, description and link. The offering's external id is the URL the events share,
otherwise "summary:" + the SUMMARY. A run's external id is its UID (plus RECURRENCE-ID).

- DTSTART/DTEND as dates (all-day; DTEND is exclusive) or date-times (UTC, TZID or floating,
  all turned into Europe/Berlin local time); DURATION instead of DTEND works too;
- RRULE FREQ=WEEKLY → a weekly run with BYDAY (or DTSTART's weekday), ending at UNTIL or
  after COUNT sessions; FREQ=DAILY → one run from the first to the last day; other rules
  keep the first date and say so;
- LOCATION "Name, Straße 1, 64625 Ort" → venue; "Online" → online; GEO → coordinates;
- STATUS:CANCELLED → the run is "abgesagt".
Record numbers are the VEVENT's position in the file (1 = first event).
"""

import contextlib
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bildungsportal.ingest.records import (
    ImportFormat,
    OfferingRecord,
    ParseResult,
    Problem,
    RunRecord,
    VenueRecord,
)

from . import register

BERLIN = ZoneInfo("Europe/Berlin")
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_COUNT = 1000
MAX_INTERVAL = 52


def local(value):
    """(date, time or None) in Berlin time for a date or (aware or floating) datetime."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(BERLIN)
        return value.date(), value.time().replace(second=0, microsecond=0)
    if isinstance(value, date):
        return value, None
    return None, None


def _value(component, name):
    prop = component.get(name)
    if prop is None:
        return None
    if isinstance(prop, list):
        prop = prop[0]
    return getattr(prop, "dt", prop)


def _text(component, name):
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value).strip() if value is not None else ""


def group_key(summary):
    return re.sub(r"\s+", " ", summary).strip().casefold()


def venue_from_location(text):
    """'Haus am Markt, Marktplatz 1, 64625 Bensheim' → VenueRecord; '' or 'Online' → None."""
    text = re.sub(r"\s*\(auch online\)\s*$", "", text.strip(), flags=re.I)
    if not text or text.casefold() in ("online", "virtuell", "internet"):
        return None
    parts = [part.strip() for part in text.split(",") if part.strip()]
    record = VenueRecord()
    rest = []
    for part in parts:
        match = re.fullmatch(r"(?:D-)?(\d{5})\s+(.+)", part)
        if match and not record.postcode:
            record.postcode, record.town = match.group(1), match.group(2)
        elif re.search(r"\d", part) and not record.street and rest:
            record.street = part
        else:
            rest.append(part)
    record.name = ", ".join(rest)[:200] or record.street or record.town
    if not record.town and len(rest) > 1 and not record.street:
        record.town = rest[-1]
    return record


def last_weekly_date(start, weekdays, count, interval=1):
    """The date of the count-th session of a weekly rule starting at start."""
    day, seen = start, 0
    week_start = start - timedelta(days=start.weekday())
    for _ in range(count * 7 * interval + 7):
        week = (day - week_start).days // 7
        if day.weekday() in weekdays and week % interval == 0:
            seen += 1
            if seen == count:
                return day
        day += timedelta(days=1)
    return day


@register
class ICalFormat(ImportFormat):
    name = "ical"
    label = "iCalendar (.ics)"
    source = "ical"

    def parse(self, data: bytes, *, filename: str = "") -> ParseResult:
        from icalendar import Calendar

        result = ParseResult()
        try:
            calendars = Calendar.from_ical(data, multiple=True)
        except Exception as error:  # icalendar raises ValueError and friends for broken input
            result.problems.append(Problem(f"Die iCalendar-Datei ist fehlerhaft: {error}"[:500]))
            return result
        events = [c for calendar in calendars for c in calendar.walk("VEVENT")]
        if not events:
            result.problems.append(Problem("Die Datei enthält keine Termine (VEVENT)."))
            return result
        # Union-find over events: same UID or same SUMMARY → one offering.
        parent = list(range(len(events)))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        first_by = {}
        for index, event in enumerate(events):
            for key in (("uid", _text(event, "UID")),
                        ("summary", group_key(_text(event, "SUMMARY")))):
                if not key[1]:
                    continue
                if key in first_by:
                    parent[find(index)] = find(first_by[key])
                else:
                    first_by[key] = index
        groups = {}
        for index in range(len(events)):
            groups.setdefault(find(index), []).append(index)

        for members in groups.values():
            self.offering(events, members, result)
        result.records.sort(key=lambda record: record.record)
        return result

    def offering(self, events, members, result):
        masters = [i for i in members if events[i].get("RECURRENCE-ID") is None] or members
        first = events[masters[0]]
        number = masters[0] + 1
        title = _text(first, "SUMMARY")
        if not title:
            result.problems.append(Problem("Der Titel (SUMMARY) fehlt.", number, "SUMMARY"))
            return
        urls = {_text(events[i], "URL") for i in members} - {""}
        external_id = urls.pop() if len(urls) == 1 else f"summary:{title}"
        record = OfferingRecord(record=number, external_id=external_id[:200], title=title[:250],
                                description=_text(first, "DESCRIPTION"))
        if len(urls) == 0 and _text(first, "URL").startswith(("http:", "https:")):
            record.registration_url = _text(first, "URL")
        record.categories = [str(c) for c in (first.get("CATEGORIES").cats if hasattr(
            first.get("CATEGORIES"), "cats") else [])]
        ok = True
        for index in members:
            event = events[index]
            if event.get("RECURRENCE-ID") is not None:
                continue  # a moved single date of a series: the series run covers it
            try:
                record.runs.append(self.run(event))
            except ValueError as error:
                result.problems.append(Problem(str(error), index + 1, "DTSTART"))
                ok = False
        if ok:
            result.records.append(record)

    def run(self, event):
        start_value = _value(event, "DTSTART")
        start_date, start_time = local(start_value)
        if start_date is None:
            raise ValueError("Der Beginn (DTSTART) fehlt oder ist kein Datum.")
        uid = _text(event, "UID")
        recurrence_id = _value(event, "RECURRENCE-ID")
        run = RunRecord(external_id=(uid + (f"/{recurrence_id}" if recurrence_id else ""))[:200],
                        start_date=start_date, start_time=start_time)
        end_value = _value(event, "DTEND")
        if end_value is None and event.get("DURATION") is not None:
            end_value = start_value + _value(event, "DURATION")
        end_date, end_time = local(end_value)
        if end_date is not None:
            if start_time is None and end_time is None:
                end_date -= timedelta(days=1)  # DTEND of an all-day event is exclusive
            if end_date < start_date:
                raise ValueError("Das Ende (DTEND) liegt vor dem Beginn.")
            if end_date > start_date:
                run.end_date = end_date
            if end_time and start_time and end_time > start_time:
                run.end_time = end_time
        rule = event.get("RRULE")
        if rule:
            self.recurrence(run, rule, start_date)
        location = _text(event, "LOCATION")
        run.venue = venue_from_location(location)
        run.is_online = run.venue is None or "online" in location.casefold()
        geo = event.get("GEO")
        if run.venue is not None and geo is not None:
            with contextlib.suppress(AttributeError, TypeError, ValueError):
                run.venue.latitude = float(geo.latitude)
                run.venue.longitude = float(geo.longitude)
        if _text(event, "STATUS").upper() == "CANCELLED":
            run.booking_status = "cancelled"
        return run

    def recurrence(self, run, rule, start_date):
        frequency = (rule.get("FREQ") or [""])[0]
        until = (rule.get("UNTIL") or [None])[0]
        count = (rule.get("COUNT") or [None])[0]
        # Bounded: a hostile INTERVAL must not make last_weekly_date loop for ever.
        interval = min(max(int((rule.get("INTERVAL") or [1])[0] or 1), 1), MAX_INTERVAL)
        until_date = local(until)[0] if until is not None else None
        if frequency == "WEEKLY":
            days = sorted({BYDAY.index(str(d)[-2:]) for d in rule.get("BYDAY", [])
                           if str(d)[-2:] in BYDAY}) or [start_date.weekday()]
            run.weekdays = days
            run.recurrence = "weekly"
            if until_date:
                run.end_date = max(until_date, start_date)
            elif count:
                run.sessions = min(int(count), MAX_COUNT)
                run.end_date = last_weekly_date(start_date, days, run.sessions, interval)
            if interval > 1:
                run.note = f"alle {interval} Wochen"
        elif frequency == "DAILY":
            if until_date:
                run.end_date = max(until_date, start_date)
            elif count:
                run.sessions = min(int(count), MAX_COUNT)
                run.end_date = start_date + timedelta(days=(run.sessions - 1) * interval)
        else:
            run.note = "Wiederholung laut Kalender (nur der erste Termin übernommen)"
        if run.end_date is not None and run.end_date <= start_date:
            run.end_date = None
            if run.recurrence == "weekly" and not run.sessions:
                run.recurrence = "once"
