"""One run as an iCalendar file (RFC 5545), so people can put it into their own calendar.

- a run on one day: one event with start and end time (or an all-day event without times);
- a weekly run: the first date on one of its weekdays, repeated with RRULE FREQ=WEEKLY,
  BYDAY and UNTIL (the end date) – or COUNT (the number of sessions) if no end date is known;
- a run over a few days without weekdays (a weekend seminar): daily until the end date;
- a long run with neither weekdays nor times: one all-day event over the whole period.
Times are local to Europe/Berlin; the file carries the VTIMEZONE definition.
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vRecur

from .models import Run

BERLIN = ZoneInfo("Europe/Berlin")
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAILY_MAX_DAYS = 14


def _local(day, clock):
    return datetime.combine(day, clock, tzinfo=BERLIN)


def _first_matching_day(start, weekdays):
    for offset in range(7):
        day = start + timedelta(days=offset)
        if day.weekday() in weekdays:
            return day
    return start


def location_text(run):
    if run.venue_id is None:
        return _("Online")
    venue = run.venue
    town = " ".join(part for part in (venue.postcode, venue.town_name) if part)
    parts = [venue.name, venue.street, town]
    text = ", ".join(part for part in parts if part)
    return _("%(place)s (auch online)") % {"place": text} if run.is_online else text


def run_event(run, offering, url="", domain="bildungsportal"):
    """The VEVENT for one run with a start date (callers check `run.start_date`)."""
    event = Event()
    event.add("uid", f"run-{run.pk}@{domain}")
    event.add("dtstamp", datetime.now(UTC).replace(microsecond=0))
    event.add("summary", offering.title)
    description = [offering.summary, _("Anbieter: %(name)s") % {"name": offering.provider.name}]
    if run.note:
        description.append(run.note)
    if url:
        description.append(url)
        event.add("url", url)
    event.add("description", "\n\n".join(part for part in description if part))
    event.add("location", location_text(run))
    if run.venue_id:
        latitude, longitude = run.venue.coordinates
        if latitude is not None and longitude is not None:
            event.add("geo", (latitude, longitude))
    if run.booking_status == Run.BookingStatus.CANCELLED:
        event.add("status", "CANCELLED")

    start = run.start_date
    end = run.end_date or start
    weekdays = sorted(run.weekday_numbers)
    is_weekly = run.recurrence == Run.Recurrence.WEEKLY or (
        run.weekdays and end > start
    )
    has_time = run.start_time is not None

    if is_weekly and weekdays:
        first = _first_matching_day(start, weekdays)
        _add_times(event, first, run)
        rule = {"FREQ": "WEEKLY", "BYDAY": [BYDAY[d] for d in weekdays]}
        if run.end_date:
            rule["UNTIL"] = _until(run.end_date, has_time)
        elif run.sessions:
            rule["COUNT"] = run.sessions
        event.add("rrule", vRecur(rule))
    elif end > start and (end - start).days < DAILY_MAX_DAYS:
        _add_times(event, start, run)
        event.add("rrule", vRecur({"FREQ": "DAILY", "UNTIL": _until(end, has_time)}))
    elif end > start and not has_time:
        event.add("dtstart", start)
        event.add("dtend", end + timedelta(days=1))
    else:
        _add_times(event, start, run)
    return event


def _add_times(event, day, run):
    if run.start_time is None:
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        return
    event.add("dtstart", _local(day, run.start_time))
    if run.end_time is not None:
        event.add("dtend", _local(day, run.end_time))
    else:
        event.add("duration", timedelta(hours=1, minutes=30))


def _until(day, has_time):
    """UNTIL must be UTC when DTSTART carries a time zone, and a date when it is a date."""
    if not has_time:
        return day
    return _local(day, time(23, 59, 59)).astimezone(UTC)


def run_calendar(run, offering, url="", domain="bildungsportal"):
    """The whole .ics file for one run, as bytes."""
    calendar = Calendar()
    calendar.add("prodid", "-//Bildungsportal//Termine//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(run_event(run, offering, url=url, domain=domain))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def has_calendar_file(run):
    """A run without any date (a standing offer) has nothing to put into a calendar."""
    return run.start_date is not None

