"""The import pipeline: validation before writing, all or nothing, idempotent upserts, full
feeds, sources per provider, venues from postcodes, status by role, search index, CLI."""

import json
from datetime import date, time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bildungsportal.accounts import rules
from bildungsportal.catalog.models import Offering, Provider, Run, Venue
from bildungsportal.ingest.formats import FORMATS
from bildungsportal.ingest.models import ImportRun
from bildungsportal.ingest.pipeline import ImportOptions, plain_text, run_import
from bildungsportal.ingest.records import (
    ImportFormat,
    OfferingRecord,
    ParseResult,
    RunRecord,
    VenueRecord,
)
from bildungsportal.search.models import SearchDocument
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference():
    call_command("load_reference", verbosity=0, stdout=StringIO())


@pytest.fixture
def vhs(reference):
    return Provider.objects.create(name="VHS Bergstraße", kind="vhs")


def course(guid, title="Englisch A1", *, plz="64646", ort="Heppenheim", price="84.70",
           start="2027-02-01", end="2027-03-01", keywords=("SPRACHEN", "Englisch"),
           place="VHS-Haus", street="Am Markt 1", text="Für Anfänger.", **extra):
    data = {
        "guid": guid, "name": title, "untertitel": None, "beginn_datum": start,
        "ende_datum": end, "anzahl_termine": "10", "maximale_teilnehmerzahl": "12",
        "schlagwort": list(keywords), "zielgruppe": None,
        "text": [{"eigenschaft": "Beschreibung", "text": text}],
        "veranstaltungsort": {"name": place, "adresse": {"plz": plz, "ort": ort,
                                                         "strasse": street},
                              "barrierefrei": "true"},
        "preis": {"betrag": price, "rabatt_moeglich": "false", "zusatz": None},
        "webadresse": {"uri": f"https://vhs.example.org/kurs/{guid}"},
    }
    data.update(extra)
    return data


def feed(*courses):
    return json.dumps({"veranstaltungen": {"veranstaltung": list(courses)}}).encode()


def test_valid_feed_creates_offerings_runs_and_venues_from_postcodes(vhs):
    report = run_import(
        feed(course("1"), course("2", "Yoga", keywords=["Yoga"])),
        ImportOptions("vhs", provider=vhs),
    )
    assert report.ok and report.written and report.created == 2
    english = Offering.objects.get(source="vhs", external_id="1")
    assert english.provider == vhs and english.price_cents == 8470
    assert set(english.topics.values_list("slug", flat=True)) == {"sprachen", "englisch"}
    assert list(english.life_phases.values_list("slug", flat=True)) == ["weiterbildung-beruf"]
    assert english.format.slug == "praesenz"
    assert list(english.languages.values_list("slug", flat=True)) == ["de"]
    run = english.runs.get()
    assert (run.start_date, run.end_date, run.sessions, run.seats) == (
        date(2027, 2, 1), date(2027, 3, 1), 10, 12
    )
    # One venue for both courses: reused by (name, street, postcode) per provider.
    venue = Venue.objects.get()
    assert venue.municipality.name == "Heppenheim" and venue.provider == vhs
    assert venue.latitude == pytest.approx(49.6407) and venue.step_free is True
    assert ImportRun.objects.get().created == 2
    assert SearchDocument.objects.filter(offering=english).exists()


def test_one_bad_record_writes_nothing_and_names_the_record(vhs):
    data = feed(course("1"), course("2", start="2027-03-01", end="2027-02-01"), course("3"))
    report = run_import(data, ImportOptions("vhs", provider=vhs))
    assert not report.ok and not report.written
    assert Offering.objects.count() == 0 and ImportRun.objects.count() == 0
    (error,) = report.errors
    assert error.record == 2 and "liegt vor Beginn" in str(error)
    assert str(error).startswith("Datensatz 2: ")
    assert "nichts gespeichert" in report.summary()


def test_valid_only_writes_the_valid_records_and_lists_the_others(vhs):
    data = feed(course("1"), course("2", price="-5"), course("", "ohne ID"), course("4"))
    report = run_import(data, ImportOptions("vhs", provider=vhs, valid_only=True))
    assert report.written and report.created == 2 and report.skipped == 2
    assert report.invalid_records == {2, 3}
    assert set(Offering.objects.values_list("external_id", flat=True)) == {"1", "4"}
    assert ImportRun.objects.get().status == ImportRun.Status.PARTIAL


def test_reimport_updates_changed_and_leaves_unchanged_untouched(vhs):
    run_import(feed(course("1"), course("2")), ImportOptions("vhs", provider=vhs))
    untouched = Offering.objects.get(external_id="2")
    stamp, run_id = untouched.updated_at, untouched.runs.get().pk
    report = run_import(
        feed(course("1", "Englisch A2", price="90"), course("2")),
        ImportOptions("vhs", provider=vhs),
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    changed = Offering.objects.get(external_id="1")
    assert changed.title == "Englisch A2" and changed.price_cents == 9000
    untouched.refresh_from_db()
    assert untouched.updated_at == stamp and untouched.runs.get().pk == run_id
    assert Offering.objects.count() == 2 and Venue.objects.count() == 1


def test_full_feed_archives_what_vanished_and_revives_what_returns(vhs):
    run_import(feed(course("1"), course("2"), course("3")), ImportOptions("vhs", provider=vhs))
    report = run_import(feed(course("1"), course("3")),
                            ImportOptions("vhs", provider=vhs, full_feed=True))
    assert report.archived == 1
    assert Offering.objects.get(external_id="2").status == "archived"
    assert not SearchDocument.objects.filter(offering__external_id="2").exists()
    # Another provider's offerings and manual ones are never archived by this feed.
    other = factories.provider("Musikschule")
    Offering.objects.create(provider=other, title="Gitarre", format_id=Offering.objects.first()
                            .format_id, status="published", source="vhs", external_id="99")
    again = run_import(feed(course("1"), course("2")),
                           ImportOptions("vhs", provider=vhs, full_feed=True))
    assert again.archived == 1 and Offering.objects.get(external_id="99").status == "published"
    assert Offering.objects.get(external_id="2").status == "published"


def test_full_feed_needs_a_fixed_provider(reference):
    report = run_import(feed(course("1")), ImportOptions("vhs", full_feed=True))
    assert not report.ok and "--provider" in report.summary()


def test_provider_local_ids_get_a_source_per_provider(reference, monkeypatch):
    class LocalIds(ImportFormat):
        name = source = "testlocal"

        def parse(self, data, *, filename=""):
            venue = VenueRecord(name="Rathaus", street="Markt 1", postcode="64625")
            return ParseResult(records=[OfferingRecord(
                record=1, external_id="A-1", title=data.decode(), categories=["Musik"],
                runs=[RunRecord(start_date=date(2027, 1, 5), venue=venue)],
            )])

    monkeypatch.setitem(FORMATS, "testlocal", LocalIds())
    first, second = factories.provider("Eins"), factories.provider("Zwei")
    assert run_import(b"Gitarre", ImportOptions("testlocal", provider=first)).created == 1
    assert run_import(b"Klavier", ImportOptions("testlocal", provider=second)).created == 1
    assert set(Offering.objects.values_list("source", "title")) == {
        (f"testlocal:{first.pk}", "Gitarre"), (f"testlocal:{second.pk}", "Klavier"),
    }
    assert Venue.objects.count() == 2  # venues belong to their provider


def test_a_global_id_of_another_provider_is_not_taken_over(vhs):
    run_import(feed(course("1")), ImportOptions("vhs", provider=vhs))
    intruder = factories.provider("Fremd")
    report = run_import(feed(course("1", "Übernommen")), ImportOptions("vhs", provider=intruder))
    assert not report.written and "anderen Anbieter" in str(report.errors[0])
    assert Offering.objects.get().title == "Englisch A1"


def test_status_depends_on_role_and_approval(vhs):
    """The caller decides the status from the role (accounts.rules), not the pipeline."""
    staff = factories.user("staff", providers=[vhs])
    office = factories.user("office", office=True)

    def options(user):
        published = rules.can_publish_import(user, vhs)
        return ImportOptions("vhs", provider=vhs, actor=user,
                             status="published" if published else "pending")

    run_import(feed(course("1")), options(staff))
    assert Offering.objects.get(external_id="1").status == "pending"
    run_import(feed(course("2")), options(office))
    assert Offering.objects.get(external_id="2").status == "published"
    run_import(feed(course("3")), options(None))  # CLI: no user
    assert Offering.objects.get(external_id="3").status == "published"
    assert not SearchDocument.objects.filter(offering__external_id="1").exists()


def test_the_pipeline_writes_the_status_it_is_given_whoever_imports(vhs):
    office = factories.user("office", office=True)
    report = run_import(feed(course("1")), ImportOptions(
        "vhs", provider=vhs, actor=office, status=Offering.Status.DRAFT))
    assert report.written and Offering.objects.get(external_id="1").status == "draft"
    # No options at all: the command line's default, published.
    run_import(feed(course("2")), ImportOptions("vhs", provider=vhs))
    assert Offering.objects.get(external_id="2").status == "published"


def test_unmapped_categories_are_warnings_with_a_fallback(vhs):
    report = run_import(feed(course("1", keywords=["Unbekanntes Gebiet"])),
                            ImportOptions("vhs", provider=vhs))
    assert report.written
    assert any("Unbekanntes Gebiet" in str(w) for w in report.warnings)
    offering = Offering.objects.get()
    assert offering.topics.count() == 0
    assert list(offering.life_phases.values_list("slug", flat=True)) == ["weiterbildung-beruf"]


def test_town_outside_keeps_its_run_with_locality_without_inventing_a_town(vhs):
    report = run_import(feed(course("1", plz="10115", ort="Berlin")),
                            ImportOptions("vhs", provider=vhs))
    assert report.created == 1 and Run.objects.count() == 1
    venue = Venue.objects.get()
    assert venue.municipality is None and venue.locality == "Berlin"
    assert not [w for w in report.warnings if "Termin" in str(w) or "Ort" in str(w)]


def test_town_outside_without_name_takes_the_place_from_the_postcode(vhs):
    report = run_import(feed(course("1", plz="10117", ort="")), ImportOptions("vhs", provider=vhs))
    assert report.written and Run.objects.count() == 1
    venue = Venue.objects.get()
    assert venue.municipality is None and venue.locality == "Berlin"
    assert venue.latitude == pytest.approx(52.517, abs=0.01)


def test_unknown_postcode_without_place_name_drops_the_run_with_a_warning(vhs):
    report = run_import(feed(course("1", plz="00000", ort="")), ImportOptions("vhs", provider=vhs))
    assert report.created == 1 and Run.objects.count() == 0 and Venue.objects.count() == 0
    assert any("Ort unbekannt (00000" in str(w) for w in report.warnings)


def test_dry_run_reports_but_writes_nothing(vhs):
    report = run_import(feed(course("1")), ImportOptions("vhs", provider=vhs, dry_run=True))
    assert report.ok and not report.written and report.import_run is None
    assert Offering.objects.count() == 0 and Venue.objects.count() == 0
    assert report.records[0].topics == ["sprachen", "englisch"]


def test_dry_run_says_what_an_import_would_change(vhs):
    run_import(feed(course("1"), course("2"), course("3")), ImportOptions("vhs", provider=vhs))
    data = feed(course("1"), course("2", "Neu"), course("4"), course("5", price="-1"))
    report = run_import(data, ImportOptions("vhs", provider=vhs, dry_run=True, full_feed=True))
    assert (report.created, report.updated, report.unchanged, report.archived) == (1, 1, 1, 1)
    assert "ein Import der gültigen Datensätze ergäbe 1 neu, 1 aktualisiert" in report.summary()
    assert Offering.objects.get(external_id="2").title == "Englisch A1"
    assert Offering.objects.get(external_id="3").status == "published"
    assert Offering.objects.count() == 3


def test_html_is_cleaned_to_plain_text():
    assert plain_text("<p>Hallo <b>Welt</b></p><script>alert(1)</script>", multiline=True) == (
        "Hallo Welt"
    )
    assert plain_text("<p>Eins</p><p>Zwei &amp; Drei</p>", multiline=True) == "Eins\nZwei & Drei"
    assert plain_text("a\x00b\x07c") == "abc"


def test_times_and_prices_are_checked(reference, monkeypatch):
    class Direct(ImportFormat):
        name = source = "testdirect"

        def parse(self, data, *, filename=""):
            run = RunRecord(start_date=date(2027, 1, 5), start_time=time(18), end_time=time(17),
                            is_online=True)
            return ParseResult(records=[OfferingRecord(
                record=1, external_id="x", title="T", price_cents=500, price_reduced_cents=900,
                registration_url="javascript:alert(1)", runs=[run],
            )])

    monkeypatch.setitem(FORMATS, "testdirect", Direct())
    provider = factories.provider("P")
    report = run_import(b"x", ImportOptions("testdirect", provider=provider))
    messages = " | ".join(str(p) for p in report.errors)
    assert "Endzeit 17:00 liegt nicht nach der Startzeit 18:00" in messages
    assert "ermäßigter Preis ist höher" in messages
    assert "keine gültige http(s)-Adresse" in messages
    assert Offering.objects.count() == 0


def test_cli_imports_a_file_and_creates_the_named_provider(reference, tmp_path):
    path = tmp_path / "feed.json"
    path.write_bytes(feed(course("1"), course("2")))
    out = StringIO()
    call_command("import", str(path), format="vhs", provider="VHS Neu", stdout=out)
    assert "created (approved)" in out.getvalue() and "2 neu" in out.getvalue()
    provider = Provider.objects.get(name="VHS Neu")
    assert provider.approved_at is not None and provider.offerings.count() == 2


def test_cli_failure_exits_nonzero_lists_problems_and_keeps_the_database(reference, tmp_path):
    path = tmp_path / "feed.json"
    path.write_bytes(feed(course("1"), course("2", price="-1")))
    err = StringIO()
    with pytest.raises(CommandError, match="nichts gespeichert"):
        call_command("import", str(path), format="vhs", provider="VHS Neu", stderr=err)
    assert "Datensatz 2" in err.getvalue() and "negativ" in err.getvalue()
    assert not Provider.objects.filter(name="VHS Neu").exists()
    assert Offering.objects.count() == 0


def test_cli_dry_run_and_valid_only(reference, tmp_path):
    path = tmp_path / "feed.json"
    path.write_bytes(feed(course("1"), course("2", price="-1")))
    with pytest.raises(CommandError):
        call_command("import", str(path), format="vhs", provider="V", dry_run=True,
                     stdout=StringIO(), stderr=StringIO())
    assert Offering.objects.count() == 0 and not Provider.objects.exists()
    call_command("import", str(path), format="vhs", provider="V", valid_only=True,
                 stdout=StringIO(), stderr=StringIO())
    assert list(Offering.objects.values_list("external_id", flat=True)) == ["1"]


def test_cli_rejects_missing_files_and_other_schemes(reference, tmp_path):
    with pytest.raises(CommandError, match="Cannot read file"):
        call_command("import", str(tmp_path / "nope.json"), format="vhs")
    with pytest.raises(CommandError, match="http"):
        call_command("import", "file:///etc/passwd", format="vhs")
    with pytest.raises(CommandError, match="http"):
        call_command("import", "ftp://example.org/x.json", format="vhs")
