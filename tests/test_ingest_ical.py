"""iCalendar: VEVENTs → runs, grouping into offerings, time zones, RRULE, our own .ics files."""

from datetime import date, time, timedelta

import pytest

from bildungsportal.catalog.ics import run_calendar
from bildungsportal.ingest.formats import FORMATS
from bildungsportal.ingest.formats.ical import venue_from_location
from tests import factories

BERLIN_TZ = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def calendar(*events, timezone=True):
    body = "".join(f"BEGIN:VEVENT\n{event.strip()}\nEND:VEVENT\n" for event in events)
    text = ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//DE\n"
            + (BERLIN_TZ if timezone else "") + body + "END:VCALENDAR\n")
    return text.replace("\n", "\r\n").encode()


def parse(data):
    return FORMATS["ical"].parse(data)


def fatal(result):
    return [p for p in result.problems if p.fatal]


def test_weekly_event_with_tzid_until_and_location():
    result = parse(calendar("""
UID:yoga-1@example.org
SUMMARY:Yoga am Abend
DESCRIPTION:Sanftes Yoga für alle.
URL:https://example.org/yoga
DTSTART;TZID=Europe/Berlin:20270302T183000
DTEND;TZID=Europe/Berlin:20270302T200000
RRULE:FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270511T215959Z
LOCATION:Turnhalle Nord\\, Schulstraße 5\\, 64625 Bensheim
GEO:49.68;8.62
"""))
    assert not result.problems
    [record] = result.records
    assert (record.title, record.external_id) == ("Yoga am Abend", "https://example.org/yoga")
    assert record.description == "Sanftes Yoga für alle."
    [run] = record.runs
    assert run.external_id == "yoga-1@example.org"
    assert run.recurrence == "weekly" and run.weekdays == [1, 3]
    assert (run.start_date, run.end_date) == (date(2027, 3, 2), date(2027, 5, 11))
    assert (run.start_time, run.end_time) == (time(18, 30), time(20, 0))
    assert (run.venue.name, run.venue.street, run.venue.postcode, run.venue.town) == (
        "Turnhalle Nord", "Schulstraße 5", "64625", "Bensheim")
    assert (run.venue.latitude, run.venue.longitude) == (49.68, 8.62)
    assert not run.is_online


def test_count_ends_a_weekly_run_after_its_sessions():
    result = parse(calendar("""
UID:c1
SUMMARY:Nähkurs
DTSTART;TZID=Europe/Berlin:20270301T100000
DTEND;TZID=Europe/Berlin:20270301T120000
RRULE:FREQ=WEEKLY;COUNT=6
LOCATION:Online
"""))
    [run] = result.records[0].runs
    assert run.recurrence == "weekly" and run.weekdays == [0] and run.sessions == 6
    assert run.end_date == date(2027, 3, 1) + timedelta(weeks=5)
    assert run.is_online and run.venue is None


def test_utc_and_floating_times_become_berlin_local_time():
    result = parse(calendar("""
UID:u1
SUMMARY:Sommerkurs
DTSTART:20270701T160000Z
DTEND:20270701T173000Z
LOCATION:Online
""", """
UID:u2
SUMMARY:Winterkurs
DTSTART:20270105T090000
DTEND:20270105T100000
LOCATION:Online
"""))
    summer, winter = result.records
    assert (summer.runs[0].start_time, summer.runs[0].end_time) == (time(18), time(19, 30))
    assert winter.runs[0].start_time == time(9)


def test_all_day_events_have_an_exclusive_end():
    result = parse(calendar("""
UID:d1
SUMMARY:Ferienspiele
DTSTART;VALUE=DATE:20270719
DTEND;VALUE=DATE:20270724
LOCATION:Jugendzentrum\\, 64653 Lorsch
""", """
UID:d2
SUMMARY:Tag der offenen Tür
DTSTART;VALUE=DATE:20270501
DTEND;VALUE=DATE:20270502
LOCATION:Rathaus
"""))
    camp, open_day = result.records
    run = camp.runs[0]
    assert (run.start_date, run.end_date) == (date(2027, 7, 19), date(2027, 7, 23))
    assert run.start_time is None
    assert (run.venue.name, run.venue.postcode, run.venue.town) == (
        "Jugendzentrum", "64653", "Lorsch")
    assert open_day.runs[0].end_date is None
    assert open_day.runs[0].venue.name == "Rathaus"


def test_same_uid_or_same_summary_form_one_offering():
    result = parse(calendar(
        "UID:a\nSUMMARY:Englisch A1\nDTSTART:20270301T180000\nLOCATION:Online",
        "UID:b\nSUMMARY:englisch  a1\nDTSTART:20270601T180000\nLOCATION:Online",
        "UID:c\nSUMMARY:Französisch\nDTSTART:20270302T180000\nLOCATION:Online",
        # a moved date of series a: same UID, another summary → still the same offering
        "UID:a\nRECURRENCE-ID:20270308T180000\nSUMMARY:Englisch A1 (verlegt)\n"
        "DTSTART:20270309T180000\nLOCATION:Online",
    ))
    english, french = result.records
    assert english.title == "Englisch A1" and english.external_id == "summary:Englisch A1"
    assert [r.external_id for r in english.runs] == ["a", "b"]
    assert french.title == "Französisch" and len(french.runs) == 1


def test_cancelled_events_and_daily_rules():
    result = parse(calendar("""
UID:w1
SUMMARY:Wochenendseminar
DTSTART;TZID=Europe/Berlin:20270904T090000
DTEND;TZID=Europe/Berlin:20270904T170000
RRULE:FREQ=DAILY;COUNT=2
STATUS:CANCELLED
LOCATION:Online
"""))
    [run] = result.records[0].runs
    assert (run.start_date, run.end_date) == (date(2027, 9, 4), date(2027, 9, 5))
    assert run.booking_status == "cancelled" and run.recurrence == "once"


@pytest.mark.parametrize("data", [
    b"", b"not a calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\n",
    b"\x00\x01\x02\xff",
])
def test_broken_files_give_messages_not_exceptions(data):
    result = parse(data)
    assert result.records == [] and fatal(result)


def test_event_without_start_or_summary_is_reported_with_its_number():
    result = parse(calendar(
        "UID:ok\nSUMMARY:Gut\nDTSTART:20270301T180000\nLOCATION:Online",
        "UID:x\nSUMMARY:Ohne Beginn\nLOCATION:Online",
        "UID:y\nDTSTART:20270301T180000\nLOCATION:Online",
        "UID:z\nSUMMARY:Rückwärts\nDTSTART:20270301T180000\nDTEND:20270201T180000",
    ))
    assert [r.title for r in result.records] == ["Gut"]
    assert [(p.record, p.field) for p in fatal(result)] == [
        (2, "DTSTART"), (3, "SUMMARY"), (4, "DTSTART")]


def test_location_text_shapes():
    assert venue_from_location("Online") is None
    assert venue_from_location("") is None
    venue = venue_from_location("Haus am Markt, Marktplatz 1, 64625 Bensheim (auch online)")
    assert (venue.name, venue.street, venue.postcode, venue.town) == (
        "Haus am Markt", "Marktplatz 1", "64625", "Bensheim")
    assert venue_from_location("Raum 3").name == "Raum 3"


@pytest.mark.django_db
@pytest.mark.parametrize("run_key", ["weekly", "once", "online"])
def test_our_own_ics_files_import_back(run_key):
    data = factories.small_catalog()
    original = data[run_key]
    english = data["english"]
    result = parse(run_calendar(original, english, url="https://portal.example/angebote/1/"))
    assert not fatal(result), result.problems
    [record] = result.records
    assert record.title == english.title
    assert record.external_id == "https://portal.example/angebote/1/"
    [run] = record.runs
    assert run.start_date == original.start_date
    assert (run.start_time, run.end_time) == (original.start_time, original.end_time)
    assert run.is_online == original.is_online
    if original.venue:
        assert run.venue.name == original.venue.name
        assert run.venue.postcode == original.venue.postcode
        assert run.venue.town == original.venue.municipality.name
    else:
        assert run.venue is None
    if run_key == "weekly":
        assert run.recurrence == "weekly" and run.end_date == original.end_date
        assert run.weekdays == original.weekday_numbers


@pytest.mark.django_db
def test_ics_import_end_to_end_is_idempotent():
    from bildungsportal.catalog.models import Offering
    from bildungsportal.ingest.pipeline import ImportOptions, run_import

    factories.vocabularies()
    factories.town()
    provider = factories.provider()
    data = calendar("""
UID:yoga-1@example.org
SUMMARY:Yoga am Abend
DTSTART;TZID=Europe/Berlin:20270302T183000
DTEND;TZID=Europe/Berlin:20270302T200000
RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=8
LOCATION:Turnhalle\\, Schulstraße 5\\, 64625 Bensheim
""")
    report = run_import(data, ImportOptions("ical", provider=provider, filename="kurse.ics"))
    assert report.ok and report.created == 1, [str(p) for p in report.problems]
    run = Offering.objects.get().runs.get()
    assert run.recurrence == "weekly" and run.sessions == 8 and run.weekdays == 2
    assert run.venue.street == "Schulstraße 5"
    assert run_import(data, ImportOptions("ical", provider=provider)).unchanged == 1


def test_hostile_recurrence_values_are_bounded():
    result = parse(calendar("""
UID:h1
SUMMARY:Endlos
DTSTART:20270301T100000
RRULE:FREQ=WEEKLY;COUNT=999999999;INTERVAL=1000000;BYDAY=MO
LOCATION:Online
"""))
    [run] = result.records[0].runs
    assert run.sessions == 1000 and run.note == "alle 52 Wochen"
    assert run.end_date.year < 3100
