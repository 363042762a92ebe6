"""The Bundesagentur für Arbeit Weiterbildungssuche format, with the real sample."""

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from bildungsportal.catalog.models import Offering, Provider, Venue
from bildungsportal.ingest.formats import FORMATS
from bildungsportal.ingest.pipeline import ImportOptions, run_import

SAMPLE = Path(__file__).resolve().parent / "data" / "ingest" / "ba_sample.json"
pytestmark = pytest.mark.django_db


@pytest.fixture
def reference():
    call_command("load_reference", verbosity=0, stdout=StringIO())


def test_parse_groups_termine_by_angebot_and_reads_epoch_milliseconds():
    result = FORMATS["ba"].parse(SAMPLE.read_bytes())
    assert not result.problems
    assert len(result.records) == 20
    by_id = {record.external_id: record for record in result.records}
    therapy = by_id["14222269"]
    assert therapy.title == "Consultant für Forschungsmethoden im Therapiewesen (m/w/d)"
    # 1689544800000 ms = 2023-07-17 00:00 in Berlin (22:00 UTC the day before).
    assert therapy.runs[0].start_date == date(2023, 7, 17)
    assert therapy.runs[0].external_id == "184336343"
    assert therapy.provider_name == "IU Akademie IU Internationale Hochschule"
    standing = by_id["14363439"]
    assert standing.runs[0].recurrence == "standing" and standing.runs[0].start_date is None
    assert "C 1435-10-10" in standing.categories and "Combined Learning" in standing.categories


def test_sample_imports_every_record_or_lists_it(reference):
    report = run_import(SAMPLE.read_bytes(), ImportOptions("ba", valid_only=True))
    assert report.written, report.summary()
    assert report.created + len(report.invalid_records) == 20
    assert report.created == 20  # the link with a space is encoded, not rejected
    offering = Offering.objects.get(source="ba", external_id="14363439")
    assert offering.provider.name == "alfatraining gmbh"
    assert "<" not in offering.description and "Scrum" in offering.description
    assert offering.format.slug == "hybrid"
    assert set(offering.topics.values_list("slug", flat=True)) >= {"programmieren"}
    daa = Offering.objects.get(external_id="13841979")
    assert "lexware%20zertifiziertes" in daa.registration_url
    # Darmstadt is a neighbour city of the district: the run keeps its venue.
    venue = Venue.objects.get(postcode="64283")
    assert venue.municipality.name == "Darmstadt"
    assert Offering.objects.get(external_id="14485257").runs.get().venue == venue
    # Venues elsewhere keep their runs, named by locality, with coordinates.
    leipzig = Venue.objects.filter(locality="Leipzig")
    assert leipzig.exists() and not leipzig.filter(municipality__isnull=False).exists()
    assert not leipzig.filter(latitude__isnull=True).exists()
    assert not [w for w in report.warnings if "Termin" in str(w)]
    # Providers named in the feed are created once each, not approved.
    assert Provider.objects.filter(name="COMCAVE.COLLEGE GmbH").count() == 1
    again = run_import(SAMPLE.read_bytes(), ImportOptions("ba", valid_only=True))
    assert again.unchanged == 20 and again.created == again.updated == 0


def test_cli_imports_the_ba_sample(reference):
    out = StringIO()
    call_command("import", str(SAMPLE), format="ba", stdout=out)
    assert "20 neu" in out.getvalue()


def test_javascript_links_are_still_rejected(reference):
    payload = json.loads(SAMPLE.read_text(encoding="utf-8"))
    payload["_embedded"]["termine"] = payload["_embedded"]["termine"][:1]
    payload["_embedded"]["termine"][0]["angebot"]["link"] = "javascript:alert(1)"
    report = run_import(json.dumps(payload).encode(), ImportOptions("ba"))
    assert not report.written and "keine gültige http(s)-Adresse" in str(report.errors[0])


def test_long_notes_are_shortened_not_rejected(reference):
    payload = json.loads(SAMPLE.read_text(encoding="utf-8"))
    termin = payload["_embedded"]["termine"][1]
    termin["kostenBemerkung"] = "<p>" + "Förderung möglich. " * 100 + "</p>"
    termin["angebot"]["abschlussart"] = "<ul>" + "<li>Zertifikat des Trägers</li>" * 40 + "</ul>"
    payload["_embedded"]["termine"] = [termin]
    report = run_import(json.dumps(payload).encode(), ImportOptions("ba"))
    assert report.written, report.summary()
    offering = Offering.objects.get()
    assert len(offering.price_note) <= 300 and offering.price_note.endswith("…")
    assert len(offering.certificate) <= 250 and "<" not in offering.certificate
