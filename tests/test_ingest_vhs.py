"""The VHS open-data format: the real Berlin sample (JSON, 2020 and 2026 shape) and XML."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from bildungsportal.catalog.models import Offering, Provider, Run, Venue
from bildungsportal.ingest.formats import FORMATS
from bildungsportal.ingest.pipeline import ImportOptions, run_import

DATA = Path(__file__).resolve().parent / "data" / "ingest"
pytestmark = pytest.mark.django_db


@pytest.fixture
def reference():
    call_command("load_reference", verbosity=0, stdout=StringIO())


@pytest.fixture
def vhs(reference):
    return Provider.objects.create(name="VHS Berlin", kind="vhs")


def test_all_1878_berlin_courses_are_imported_or_listed_with_a_reason(vhs):
    data = (DATA / "vhs_berlin_2020.json").read_bytes()
    report = run_import(data, ImportOptions("vhs", provider=vhs, valid_only=True))
    assert report.written, report.summary()
    listed = report.invalid_records
    assert report.created + len(listed) == 1878
    assert Offering.objects.filter(source="vhs").count() == report.created
    assert report.created > 1800
    for number in listed:
        assert any(p.record == number and p.fatal for p in report.problems)


def test_parse_2020_record_fields():
    result = FORMATS["vhs"].parse((DATA / "vhs_berlin_2020.json").read_bytes())
    first = result.records[0]
    assert first.external_id == "531327"
    assert first.title == "EDV - Lohn- und Gehaltsabrechnung mit DATEV"
    assert first.price_cents == 12620 and first.price_reduced_cents == 6560
    assert "Grundkenntnisse der Lohn" in first.entry_requirements
    assert "ARBEIT-BERUF-EDV" in first.categories
    run = first.runs[0]
    assert str(run.start_date) == "2020-05-11" and str(run.end_date) == "2020-05-15"
    assert run.venue.postcode == "10781" and run.venue.step_free is True


def test_2026_shape_becomes_one_weekly_run():
    result = FORMATS["vhs"].parse((DATA / "vhs_sample_2026.json").read_bytes())
    assert not result.problems
    (record,) = result.records
    assert record.provider_name == "Volkshochschule Berlin Mitte"
    (run,) = record.runs
    assert run.recurrence == "weekly" and run.weekdays == [2]
    assert run.sessions == 13 and str(run.start_time) == "16:00:00"
    assert run.venue.latitude == pytest.approx(52.528086)
    assert record.price_cents == 8470 and record.price_reduced_cents == 4700


def test_xml_gives_the_same_records_as_json():
    xml = FORMATS["vhs"].parse((DATA / "vhs_subset.xml").read_bytes())
    json_records = FORMATS["vhs"].parse((DATA / "vhs_berlin_2020.json").read_bytes()).records
    assert len(xml.records) == 41 and not [p for p in xml.problems if p.fatal]
    for from_xml, from_json in zip(xml.records[:40], json_records[:40], strict=True):
        assert from_xml.external_id == from_json.external_id
        assert from_xml.title == from_json.title
        assert from_xml.price_cents == from_json.price_cents
        assert from_xml.categories == from_json.categories
        assert from_xml.runs[0].start_date == from_json.runs[0].start_date
    assert xml.records[40].runs[0].recurrence == "weekly"


def test_xml_import_maps_topics_and_is_idempotent(vhs):
    data = (DATA / "vhs_subset.xml").read_bytes()
    first = run_import(data, ImportOptions("vhs", provider=vhs, valid_only=True))
    assert first.created == 41 - len(first.invalid_records)
    offering = Offering.objects.get(source="vhs", external_id="531327")
    assert {"arbeit-beruf", "edv-office", "buchhaltung"} <= set(
        offering.topics.values_list("slug", flat=True)
    )
    assert offering.status == "published"
    again = run_import(data, ImportOptions("vhs", provider=vhs, valid_only=True))
    assert again.created == 0 and again.updated == 0
    assert again.unchanged == first.created


def test_berlin_venues_keep_their_runs_with_locality_and_coordinates(vhs):
    data = (DATA / "vhs_sample_2026.json").read_bytes()
    report = run_import(data, ImportOptions("vhs", provider=vhs))
    assert report.created == 1
    run = Run.objects.get()
    assert run.start_date is not None
    venue = Venue.objects.get()
    # Berlin is not one of our municipalities and is not invented as one.
    assert venue.municipality is None and venue.locality == "Berlin"
    assert venue.postcode == "10115"
    assert venue.latitude == pytest.approx(52.528086)
    assert not [p for p in report.warnings if "Termin" in str(p)]


def test_all_berlin_courses_import_with_their_runs(vhs):
    data = (DATA / "vhs_berlin_2020.json").read_bytes()
    report = run_import(data, ImportOptions("vhs", provider=vhs, valid_only=True))
    with_runs = Offering.objects.filter(source="vhs", runs__isnull=False).distinct().count()
    assert with_runs > 1800, report.summary()
    assert not Venue.objects.filter(municipality__isnull=False).exists()
    assert not Venue.objects.filter(locality="").exists()
    # Every Berlin postcode is in the offline table: no venue lacks coordinates.
    assert not Venue.objects.filter(latitude__isnull=True).exists()
    assert Venue.objects.filter(locality="Berlin-Lichterfelde").exists()
    assert not [p for p in report.warnings if "außerhalb" in str(p)]


def test_venue_without_place_name_or_known_postcode_drops_only_the_run(vhs):
    data = (DATA / "vhs_sample_2026.json").read_bytes().replace(
        b'"ort": "Berlin"', b'"ort": ""'
    ).replace(b'"plz": "10115"', b'"plz": "00000"')
    report = run_import(data, ImportOptions("vhs", provider=vhs))
    assert report.created == 1
    assert Run.objects.count() == 0 and Venue.objects.count() == 0
    assert any("Ort unbekannt" in str(p) for p in report.warnings)
