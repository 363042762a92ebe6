"""Calendar files per run and the schema.org Course markup on the offering page."""

import json
import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from bildungsportal.catalog.ics import run_calendar
from bildungsportal.catalog.jsonld import course_data, dumps_for_script
from bildungsportal.catalog.models import Run
from tests import factories

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def data():
    return factories.small_catalog()


def fetch_event(client, offering, run):
    url = reverse(
        "catalog:run_ics", kwargs={"pk": offering.pk, "slug": offering.slug, "run_id": run.pk}
    )
    response = client.get(url)
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return calendar, events[0]


def test_weekly_run_repeats_until_its_end_date(client, data):
    weekly = data["weekly"]
    calendar, event = fetch_event(client, data["english"], weekly)

    start = event.decoded("dtstart")
    assert start == datetime.combine(weekly.start_date, time(18, 30), tzinfo=BERLIN)
    assert start.tzinfo.key == "Europe/Berlin"
    assert event.decoded("dtend") == datetime.combine(weekly.start_date, time(20), tzinfo=BERLIN)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    byday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[weekly.start_date.weekday()]
    assert rule["BYDAY"] == [byday]
    until = rule["UNTIL"][0]
    assert until.tzinfo is not None and until.utcoffset() == timedelta(0)
    assert until.astimezone(BERLIN).date() == weekly.end_date
    assert str(event["LOCATION"]) == "Haus am Markt, Marktplatz 1, 64625 Bensheim"
    assert str(event["SUMMARY"]) == "Englisch für Anfänger"
    assert data["english"].get_absolute_url() in str(event["URL"])
    assert event["UID"].startswith(f"run-{weekly.pk}@")
    # The time zone travels with the file.
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_weekly_run_on_given_weekdays_starts_on_the_first_matching_day(data):
    start = factories.TODAY + timedelta(days=(7 - factories.TODAY.weekday()) % 7 or 7)  # a Monday
    run = factories.run(
        data["english"], data["haus"], start_date=start, end_date=start + timedelta(days=27),
        recurrence=Run.Recurrence.WEEKLY, weekdays=2 | 8,  # Tuesday and Thursday
        start_time=time(9), end_time=time(10, 30),
    )
    event = Calendar.from_ical(run_calendar(run, data["english"])).walk("VEVENT")[0]

    assert event.decoded("dtstart").date() == start + timedelta(days=1)  # Tuesday
    assert event["RRULE"]["BYDAY"] == ["TU", "TH"]


def test_one_day_run(client, data):
    once = data["once"]
    _, event = fetch_event(client, data["english"], once)

    assert event.decoded("dtstart") == datetime.combine(once.start_date, time(9), tzinfo=BERLIN)
    assert event.decoded("dtend") == datetime.combine(once.start_date, time(11), tzinfo=BERLIN)
    assert "RRULE" not in event
    assert str(event["LOCATION"]).startswith("Kurfürstensaal")
    assert "Heppenheim" in str(event["LOCATION"])


def test_online_run_and_all_day_run(client, data):
    _, event = fetch_event(client, data["english"], data["online"])
    assert str(event["LOCATION"]) == "Online"

    seminar = factories.run(
        data["english"], data["haus"], days=30, end_date=factories.TODAY + timedelta(days=31)
    )
    _, event = fetch_event(client, data["english"], seminar)
    assert event.decoded("dtstart") == seminar.start_date  # a date: all day
    assert event["RRULE"]["FREQ"] == ["DAILY"]
    assert event["RRULE"]["UNTIL"][0] == seminar.end_date


def test_weekly_run_without_end_date_uses_the_number_of_sessions(data):
    run = factories.run(
        data["english"], data["haus"], days=3, recurrence=Run.Recurrence.WEEKLY, sessions=6,
        start_time=time(19), end_time=time(20),
    )
    event = Calendar.from_ical(run_calendar(run, data["english"])).walk("VEVENT")[0]
    assert event["RRULE"]["COUNT"] == [6]


def test_cancelled_run_is_marked(data):
    run = factories.run(data["english"], data["haus"], days=3, booking_status="cancelled")
    event = Calendar.from_ical(run_calendar(run, data["english"])).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"


def test_dtstamp_is_utc(data):
    event = Calendar.from_ical(run_calendar(data["once"], data["english"])).walk("VEVENT")[0]
    stamp = event.decoded("dtstamp")
    assert stamp.tzinfo is not None and abs(datetime.now(UTC) - stamp) < timedelta(minutes=5)


# -- JSON-LD --------------------------------------------------------------------------
def page_jsonld(client, offering):
    html = client.get(offering.get_absolute_url()).content.decode()
    blocks = re.findall(
        r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, flags=re.S
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_offering_page_has_course_jsonld(client, data):
    english = data["english"]
    course = page_jsonld(client, english)

    assert course["@context"] == "https://schema.org"
    assert course["@type"] == "Course"
    assert course["name"] == "Englisch für Anfänger"
    assert course["description"] == "Sprechen lernen ab der ersten Stunde."
    assert course["url"].endswith(english.get_absolute_url())
    assert course["provider"]["@type"] == "Organization"
    assert course["provider"]["name"] == "VHS Bergstraße"
    assert course["inLanguage"] == ["de", "en"]
    assert course["offers"][0]["price"] == "120.00"
    assert course["offers"][0]["priceCurrency"] == "EUR"

    instances = course["hasCourseInstance"]
    assert len(instances) == 3
    assert all(i["@type"] == "CourseInstance" for i in instances)
    by_mode = {i["courseMode"]: i for i in instances}
    assert set(by_mode) == {"onsite", "online"}
    weekly = next(i for i in instances if "courseSchedule" in i)
    assert weekly["startDate"] == f"{data['weekly'].start_date.isoformat()}T18:30"
    assert weekly["endDate"] == f"{data['weekly'].end_date.isoformat()}T20:00"
    assert weekly["courseSchedule"]["repeatFrequency"] == "P1W"
    location = weekly["location"]
    assert location["@type"] == "Place" and location["name"] == "Haus am Markt"
    assert location["address"] == {
        "@type": "PostalAddress", "streetAddress": "Marktplatz 1", "postalCode": "64625",
        "addressLocality": "Bensheim", "addressCountry": "DE",
    }
    assert weekly["offers"] == {
        "@type": "Offer", "priceCurrency": "EUR", "url": course["url"], "category": "Paid",
        "price": "120.00", "availability": "https://schema.org/InStock",
    }
    assert by_mode["online"]["location"]["@type"] == "VirtualLocation"


def test_free_offering_jsonld(client, data):
    course = page_jsonld(client, data["first_aid"])
    assert course["isAccessibleForFree"] is True
    assert course["hasCourseInstance"][0]["offers"]["price"] == "0.00"


def test_jsonld_cannot_break_out_of_its_script_element(data):
    english = data["english"]
    english.summary = "</script><script>alert(1)</script> & <!--"
    text = dumps_for_script(course_data(english, [], "https://example.org/x/"))

    assert "</script>" not in text and "<!--" not in text and "<" not in text
    assert json.loads(text)["description"] == english.summary
