"""schema.org JSON-LD: Course/CourseInstance, EducationEvent, @graph, HTML pages, our own pages."""

import json
from datetime import date, time
from decimal import Decimal

import pytest

from bildungsportal.ingest.formats import FORMATS
from bildungsportal.ingest.template import Vocabularies
from tests import factories

NO_VOCAB = Vocabularies({})

COURSE = {
    "@context": "https://schema.org",
    "@type": "Course",
    "@id": "https://kurse.example.org/k/17",
    "name": "Spanisch A2",
    "description": "Für Leute mit Grundkenntnissen.",
    "provider": {"@type": "Organization", "name": "Sprachschule Süd",
                 "sameAs": "https://sprachschule.example.org"},
    "about": ["Sprachen", "Reisen"],
    "inLanguage": "es",
    "coursePrerequisites": "Spanisch A1",
    "educationalCredentialAwarded": "Zertifikat A2",
    "educationalLevel": "DQR 3",
    "offers": {"@type": "Offer", "price": "149.00", "priceCurrency": "EUR",
               "url": "https://kurse.example.org/anmelden/17"},
    "hasCourseInstance": [
        {
            "@type": "CourseInstance",
            "courseMode": "onsite",
            "startDate": "2027-03-02T18:00+01:00",
            "endDate": "2027-03-02T19:30+01:00",
            "location": {"@type": "Place", "name": "Altes Rathaus",
                         "address": {"@type": "PostalAddress", "streetAddress": "Marktplatz 2",
                                     "postalCode": "64646", "addressLocality": "Heppenheim"}},
            "courseSchedule": {"@type": "Schedule", "repeatFrequency": "P1W",
                               "byDay": ["https://schema.org/Tuesday"],
                               "startDate": "2027-03-02", "endDate": "2027-05-11",
                               "startTime": "18:00", "endTime": "19:30", "repeatCount": 10},
            "maximumAttendeeCapacity": 12,
            "courseWorkload": "PT900M",
        },
        {
            "@type": "CourseInstance",
            "courseMode": "https://schema.org/online",
            "startDate": "2027-06-01T16:00:00Z",
            "location": {"@type": "VirtualLocation", "url": "https://meet.example.org"},
            "offers": {"@type": "Offer", "price": "99", "priceCurrency": "EUR",
                       "availability": "https://schema.org/SoldOut"},
        },
    ],
}


def parse(data, vocabularies=NO_VOCAB):
    if not isinstance(data, bytes):
        data = json.dumps(data).encode()
    return FORMATS["jsonld"].parse(data, vocabularies=vocabularies)


def fatal(result):
    return [p for p in result.problems if p.fatal]


def test_course_with_instances():
    result = parse(COURSE)
    assert not result.problems
    [record] = result.records
    assert record.external_id == "https://kurse.example.org/k/17"
    assert record.title == "Spanisch A2" and record.summary == "Für Leute mit Grundkenntnissen."
    assert record.provider_name == "Sprachschule Süd"
    assert record.provider_website == "https://sprachschule.example.org"
    assert record.categories == ["Sprachen", "Reisen", "es"]
    assert (record.entry_requirements, record.certificate, record.dqr_level) == (
        "Spanisch A1", "Zertifikat A2", 3)
    assert record.price_cents == 14900 and not record.is_free
    assert record.registration_url == "https://kurse.example.org/anmelden/17"
    weekly, online = record.runs
    assert weekly.recurrence == "weekly" and weekly.weekdays == [1]
    assert (weekly.start_date, weekly.end_date) == (date(2027, 3, 2), date(2027, 5, 11))
    assert (weekly.start_time, weekly.end_time) == (time(18), time(19, 30))
    assert (weekly.sessions, weekly.seats, weekly.hours) == (10, 12, Decimal("20.0"))
    assert weekly.venue.name == "Altes Rathaus" and weekly.venue.postcode == "64646"
    assert weekly.venue.town == "Heppenheim" and not weekly.is_online
    # 16:00 UTC in June is 18:00 in Berlin.
    assert online.is_online and online.venue is None
    assert (online.start_date, online.start_time) == (date(2027, 6, 1), time(18))
    assert online.price_cents == 9900 and online.booking_status == "full"


@pytest.mark.django_db
def test_vocabulary_names_and_codes_resolve_to_our_slugs():
    factories.vocabularies()
    result = parse({**COURSE, "inLanguage": ["de", "Englisch"]}, vocabularies=None)
    [record] = result.records
    assert record.topics == ["sprachen"] and record.categories == ["Reisen"]
    assert record.languages == ["de", "en"]


def test_graph_lists_and_education_events():
    event = {
        "@type": "EducationEvent", "name": "Vortrag: Pflege zu Hause",
        "url": "https://example.org/e/1", "startDate": "2027-04-10",
        "location": {"@type": "Place", "name": "Bürgerhaus",
                     "address": "Lindenstraße 4, 64653 Lorsch"},
        "isAccessibleForFree": True, "organizer": {"name": "Pflegestützpunkt"},
    }
    document = {"@context": "https://schema.org", "@graph": [COURSE, event, {"@type": "WebPage"}]}
    result = parse(document)
    assert [r.title for r in result.records] == ["Spanisch A2", "Vortrag: Pflege zu Hause"]
    talk = result.records[1]
    assert talk.is_free and talk.price_cents is None and talk.provider_name == "Pflegestützpunkt"
    [run] = talk.runs
    assert run.start_date == date(2027, 4, 10) and run.start_time is None
    assert (run.venue.name, run.venue.postcode, run.venue.town) == ("Bürgerhaus", "64653", "Lorsch")
    assert len(parse([COURSE, event]).records) == 2
    item_list = {"@type": "ItemList", "itemListElement": [
        {"@type": "ListItem", "position": 1, "item": COURSE}]}
    assert parse(item_list).records[0].title == "Spanisch A2"


def test_html_page_with_several_blocks_and_hostile_content():
    page = f"""<!DOCTYPE html><html><head>
    <script type="application/ld+json">{json.dumps(COURSE)}</script>
    <script type="application/ld+json">{{"@type": "Organization", "name": "x"}}</script>
    <script>window.evil = 1</script>
    </head><body><h1>Kurse</h1>
    <script type="application/ld+json; charset=utf-8">
    {json.dumps({**COURSE, "@id": "k18", "name": "Spanisch B1 <img src=x onerror=alert(1)>"})}
    </script>
    <script type="application/ld+json">{{ kaputt </script>
    </body></html>""".encode()
    result = parse(page)
    assert [r.external_id for r in result.records] == ["https://kurse.example.org/k/17", "k18"]
    # HTML in texts stays text here; the pipeline cleans it with nh3.
    assert result.records[1].title.startswith("Spanisch B1")
    [problem] = result.problems
    assert problem.fatal and "Block 4" in problem.message


def test_html_without_jsonld_says_so():
    result = parse(b"<html><body><p>Keine Daten</p></body></html>")
    assert result.records == [] and "kein schema.org" in fatal(result)[0].message


def test_html_entities_and_external_references_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIM")
    page = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY e SYSTEM "file://{secret}">]>'
            '<html><head><script type="application/ld+json">'
            '{"@type": "Course", "@id": "x", "name": "&e;", "hasCourseInstance": []}'
            '</script></head></html>').encode()
    result = parse(page)
    assert all("GEHEIM" not in r.title for r in result.records)


@pytest.mark.parametrize("data", [
    b"", b"{", b"[1, 2", b"\xff\xfe garbage", b"null", b'"text"',
    ("[" * 30 + "]" * 30).encode(),
    ("[" * 100_000 + "]" * 100_000).encode(),
])
def test_broken_json_gives_messages_not_exceptions(data):
    result = parse(data)
    assert result.records == [] and fatal(result)


def test_bad_values_are_reported_with_the_record_number():
    second = {**COURSE, "@id": "b", "hasCourseInstance": [
        {"@type": "CourseInstance", "startDate": "32.13.2027", "courseMode": "online"}]}
    third = {**COURSE, "@id": "c", "offers": {"price": "-5", "priceCurrency": "EUR"}}
    fourth = {**COURSE, "@id": "d", "name": ""}
    fifth = {**COURSE, "@id": "e", "hasCourseInstance": {"@type": "CourseInstance",
                                                         "startDate": "2027-01-01"}}
    result = parse([COURSE, second, third, fourth, fifth])
    assert [r.external_id for r in result.records] == ["https://kurse.example.org/k/17"]
    assert [(p.record, p.field) for p in fatal(result)] == [
        (2, "hasCourseInstance 1"), (3, "offers"), (4, "name"), (5, "hasCourseInstance 1")]


def test_missing_id_gets_a_stable_one_with_a_warning():
    course = {k: v for k, v in COURSE.items() if k != "@id"}
    course["url"] = ""
    first, second = parse(course), parse(course)
    assert first.records[0].external_id == second.records[0].external_id
    assert first.records[0].external_id.startswith("name:")
    assert not fatal(first) and first.problems[0].field == "@id"


@pytest.mark.django_db
def test_our_own_offering_page_imports_back(client):
    data = factories.small_catalog()
    english = data["english"]
    response = client.get(english.get_absolute_url())
    assert response.status_code == 200
    result = FORMATS["jsonld"].parse(response.content)
    assert not fatal(result), result.problems
    [record] = result.records
    assert record.external_id.endswith(english.get_absolute_url())
    assert record.title == english.title and record.summary == english.summary
    assert record.provider_name == "VHS Bergstraße"
    assert record.topics == ["englisch"] and sorted(record.languages) == ["de", "en"]
    assert record.target_groups == ["erwachsene"]
    assert (record.price_cents, record.dqr_level) == (12000, 4)
    assert record.entry_requirements == english.entry_requirements
    runs = {run.start_date: run for run in record.runs}
    weekly = runs[data["weekly"].start_date]
    assert weekly.recurrence == "weekly"
    assert weekly.end_date == data["weekly"].end_date
    assert (weekly.start_time, weekly.end_time) == (time(18, 30), time(20, 0))
    assert (weekly.sessions, weekly.seats) == (10, 14)
    assert weekly.weekdays == [data["weekly"].start_date.weekday()]
    assert weekly.venue.name == "Haus am Markt" and weekly.venue.town == "Bensheim"
    online = runs[data["online"].start_date]
    assert online.is_online and online.venue is None
    once = runs[data["once"].start_date]
    assert once.venue.name == "Kurfürstensaal" and once.recurrence == "once"


@pytest.mark.django_db
def test_a_page_of_ours_imports_end_to_end_into_another_provider(client):
    from bildungsportal.catalog.models import Offering
    from bildungsportal.ingest.pipeline import ImportOptions, run_import

    data = factories.small_catalog()
    page = client.get(data["english"].get_absolute_url()).content
    other = factories.provider("Anderes Portal")
    report = run_import(page, ImportOptions("jsonld", provider=other, filename="seite.html"))
    assert report.ok and report.created == 1, [str(p) for p in report.problems]
    copy = Offering.objects.get(provider=other)
    assert copy.title == "Englisch für Anfänger" and copy.price_cents == 12000
    assert copy.runs.count() == 3
    assert {t.slug for t in copy.topics.all()} == {"englisch"}
    again = run_import(page, ImportOptions("jsonld", provider=other))
    assert again.unchanged == 1 and again.created == 0
