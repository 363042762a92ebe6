"""Hostile and broken input (issue 4, point 9): every case gives a clear message and leaves the
database exactly as it was — row counts and a checksum of every offering compared."""

import hashlib
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from bildungsportal.catalog.models import Offering, Provider, Run, Venue
from bildungsportal.ingest.models import ImportRun
from bildungsportal.ingest.pipeline import ImportOptions, run_import
from bildungsportal.search.models import SearchDocument
from tests.test_ingest_pipeline import course, feed

pytestmark = pytest.mark.django_db

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE veranstaltungen [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<veranstaltungen><veranstaltung><guid>1</guid><name>&xxe;</name></veranstaltung>
</veranstaltungen>"""
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<veranstaltungen><veranstaltung><guid>1</guid><name>&lol3;</name></veranstaltung>
</veranstaltungen>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE veranstaltungen SYSTEM "http://example.org/evil.dtd">
<veranstaltungen><veranstaltung><guid>1</guid><name>x</name></veranstaltung></veranstaltungen>"""


@pytest.fixture
def vhs():
    call_command("load_reference", verbosity=0, stdout=StringIO())
    provider = Provider.objects.create(name="VHS Bergstraße", kind="vhs")
    # Existing data that a failed import must leave exactly as it is.
    assert run_import(
        feed(course("1"), course("2", "Yoga", keywords=["Yoga"])),
        ImportOptions("vhs", provider=provider),
    ).written
    return provider


def database_state():
    offerings = list(Offering.objects.order_by("pk").values_list(
        "pk", "title", "description", "status", "price_cents", "updated_at", "source",
        "external_id",
    ))
    runs = list(Run.objects.order_by("pk").values_list("pk", "offering_id", "start_date"))
    checksum = hashlib.sha256(repr((offerings, runs)).encode()).hexdigest()
    counts = tuple(model.objects.count() for model in (
        Offering, Run, Venue, Provider, ImportRun, SearchDocument,
        Offering.topics.through, Offering.life_phases.through,
    ))
    return counts, checksum


def assert_rejected(report, *fragments):
    assert not report.ok and not report.written
    text = " | ".join(str(p) for p in report.errors)
    for fragment in fragments:
        assert fragment in text, text


CASES = {
    "broken-xml": (b"<veranstaltungen><veranstaltung><guid>1</guid>", "vhs",
                   ["nicht wohlgeformt", "Zeile"]),
    "xxe": (XXE, "vhs", ["verbotene Konstrukte"]),
    "billion-laughs": (BILLION_LAUGHS, "vhs", ["verbotene Konstrukte"]),
    "external-dtd": (EXTERNAL_DTD, "vhs", ["verbotene Konstrukte"]),
    "latin-1": (json.dumps([course("3", "Französisch für Anfänger")], ensure_ascii=False)
                .encode("latin-1"), "vhs", ["nicht UTF-8-kodiert (ungültiges Byte 0xf6"]),
    "broken-json": (b'{"veranstaltungen": {"veranstaltung": [', "vhs", ["JSON ist fehlerhaft"]),
    "deep-json": (b"[" * 100_000 + b"]" * 100_000, "vhs", ["zu tief verschachtelt"]),
    "wrong-root": (b"42", "vhs", ["keine Veranstaltungen gefunden"]),
    "empty": (b"   ", "vhs", ["Datei ist leer"]),
    "missing-title": (feed(course("3", "")), "vhs", ["Datensatz 1", "Titel fehlt"]),
    "missing-id": (feed(course("")), "vhs", ["externe ID fehlt"]),
    "impossible-date": (feed(course("3", start="2027-02-30")), "vhs",
                        ["Datensatz 1", "ungültiges Datum '2027-02-30'"]),
    "end-before-start": (feed(course("3", start="2027-05-01", end="2027-04-01")), "vhs",
                         ["Ende 01.04.2027 liegt vor Beginn 01.05.2027"]),
    "negative-price": (feed(course("3", price="-12.50")), "vhs",
                       ["Preis darf nicht negativ sein (-12.50 €)"]),
    "not-a-price": (feed(course("3", price="gratis")), "vhs", ["kein Betrag 'gratis'"]),
    "title-too-long": (feed(course("3", "x" * 300)), "vhs", ["Titel ist zu lang (300 Zeichen"]),
    "duplicate-id": (feed(course("3"), course("3")), "vhs", ["kommt doppelt vor"]),
    "ba-timestamp": (json.dumps({"_embedded": {"termine": [{
        "id": 1, "beginn": 10**20, "angebot": {"id": 5, "titel": "T"}}]}}).encode(), "ba",
        ["unmöglicher Zeitstempel"]),
    "ba-wrong-shape": (b'{"_embedded": {"termine": "nein"}}', "ba", ["keine Termine gefunden"]),
    "unknown-format": (b"x", "docx", ["unbekanntes Format"]),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_input_gives_a_clear_message_and_changes_nothing(vhs, name):
    data, format_name, fragments = CASES[name]
    before = database_state()
    report = run_import(data, ImportOptions(format_name, provider=vhs))
    assert_rejected(report, *fragments)
    assert database_state() == before


@pytest.mark.parametrize("name", ["latin-1", "negative-price", "xxe"])
def test_bad_input_through_the_cli_exits_nonzero(vhs, tmp_path, name):
    data, format_name, _fragments = CASES[name]
    path = tmp_path / "input"
    path.write_bytes(data)
    before = database_state()
    with pytest.raises(CommandError):
        call_command("import", str(path), format=format_name, provider=vhs.name,
                     stdout=StringIO(), stderr=StringIO())
    assert database_state() == before


def test_a_50_mb_file_is_refused_before_parsing(vhs, tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as file:
        file.write(b'{"veranstaltungen": {"veranstaltung": [')
        file.write(b" " * (50 * 1024 * 1024))
        file.write(b"]}}")
    before = database_state()
    with pytest.raises(CommandError, match="File too large"):
        call_command("import", str(path), format="vhs", provider=vhs.name)
    report = run_import(path.read_bytes(), ImportOptions("vhs", provider=vhs))
    assert_rejected(report, "Datei ist zu groß (50.0 MB, höchstens 20 MB)")
    assert database_state() == before


@override_settings(IMPORT_MAX_RECORDS=3)
def test_too_many_records_are_refused(vhs):
    before = database_state()
    report = run_import(feed(*[course(str(n)) for n in range(10, 15)]),
                            ImportOptions("vhs", provider=vhs))
    assert_rejected(report, "zu viele Datensätze (5, höchstens 3)")
    assert database_state() == before


def test_utf8_with_bom_and_utf16_are_read(vhs):
    data = json.dumps([course("3", "Französisch für Anfänger")], ensure_ascii=False).encode()
    for encoded in (b"\xef\xbb\xbf" + data, data.decode().encode("utf-16")):
        report = run_import(encoded, ImportOptions("vhs", provider=vhs))
        assert report.written, report.summary()
    assert Offering.objects.get(external_id="3").title == "Französisch für Anfänger"


def test_scripts_are_removed_and_injection_strings_stored_as_plain_text(vhs):
    hostile = course(
        "3", "'; DROP TABLE catalog_offering; -- {{ 7*7 }} <img src=x onerror=alert(1)>",
        text="<p>Gut</p><script>alert('xss')</script><a href='javascript:evil()'>Link</a>\x00",
        place="<b>Haus</b>",
    )
    report = run_import(feed(hostile), ImportOptions("vhs", provider=vhs))
    assert report.written
    offering = Offering.objects.get(external_id="3")
    assert offering.title == "'; DROP TABLE catalog_offering; -- {{ 7*7 }}"
    assert offering.description == "Gut\nLink"
    assert "script" not in offering.description and "\x00" not in offering.description
    assert Venue.objects.filter(name="Haus").exists()
    assert Offering.objects.count() == 3  # the table is still there, with all rows


def test_hostile_xml_never_reaches_the_network_or_the_file_system(vhs, monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("network access during parsing")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    for data in (XXE, EXTERNAL_DTD):
        report = run_import(data, ImportOptions("vhs", provider=vhs))
        assert not report.written
        assert "root:" not in " ".join(str(p) for p in report.problems)


def test_a_database_error_while_writing_is_reported_and_rolled_back(vhs, monkeypatch):
    from django.db import IntegrityError

    from bildungsportal.catalog import services

    def collide(plans):
        raise IntegrityError("UNIQUE constraint failed (concurrent import)")

    monkeypatch.setattr(services, "_insert_rows", collide)
    before = database_state()
    report = run_import(feed(course("3"), course("4")), ImportOptions("vhs", provider=vhs))
    assert_rejected(report, "Speichern fehlgeschlagen, nichts wurde geändert")
    assert database_state() == before


def test_odd_values_from_a_format_are_reported_not_raised(vhs, monkeypatch):
    from bildungsportal.ingest.formats import FORMATS
    from bildungsportal.ingest.records import ImportFormat, OfferingRecord, ParseResult

    class Odd(ImportFormat):
        name = source = "testodd"

        def parse(self, data, *, filename=""):
            return ParseResult(records=[
                OfferingRecord(record=1, external_id=5, title=123, categories=[["x"], None],
                               topics=[{"a": 1}], price_cents="zwölf", runs=[object()]),
            ])

    monkeypatch.setitem(FORMATS, "testodd", Odd())
    before = database_state()
    report = run_import(b"x", ImportOptions("testodd", provider=vhs))
    assert not report.written and report.errors
    assert database_state() == before
