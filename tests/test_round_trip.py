"""Issue 13, point 1: an exported file, edited and uploaded again, updates the same offerings.

Offerings are matched by their stable identity whatever format carried them ("portal-<id>"
in tables, the offering page's address in JSON-LD and iCalendar, or the external id of the
first import), and only within the uploading provider.
"""

import csv
import io
import json

import pytest
from django.urls import reverse

from bildungsportal.catalog.models import Offering
from bildungsportal.ingest import exports, template
from bildungsportal.ingest.pipeline import ImportOptions, run_import
from tests import factories

pytestmark = pytest.mark.django_db
BASE = "https://portal.example"
NEW_SUMMARY = "Neu: mit Konversationsrunde am Ende."


@pytest.fixture
def data():
    return factories.small_catalog()


def edit_csv(content):
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    column = template.HEADERS.index("Kurzbeschreibung")
    for row in rows[1:]:
        if row[1] == "Englisch für Anfänger":
            row[column] = NEW_SUMMARY
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def edit_xlsx(content):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    column = template.HEADERS.index("Kurzbeschreibung") + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 2).value == "Englisch für Anfänger":
            sheet.cell(row, column).value = NEW_SUMMARY
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def edit_jsonld(content):
    courses = json.loads(content)
    for course in courses:
        if course["name"] == "Englisch für Anfänger":
            course["description"] = NEW_SUMMARY
    return json.dumps(courses, ensure_ascii=False).encode("utf-8")


def edit_ical(content):
    from icalendar import Calendar

    calendar = Calendar.from_ical(content)
    for event in calendar.walk("VEVENT"):
        if str(event["SUMMARY"]) == "Erste Hilfe am Kind":
            event["SUMMARY"] = "Erste Hilfe am Kind (Auffrischung)"
    return calendar.to_ical()


EDITS = {"csv": edit_csv, "xlsx": edit_xlsx, "jsonld": edit_jsonld, "ical": edit_ical}


def edited(offering, fmt):
    if fmt == "ical":
        return offering.title == "Erste Hilfe am Kind (Auffrischung)"
    return NEW_SUMMARY in (offering.summary + offering.description)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonld", "ical"])
def test_export_edit_import_updates_and_never_copies(data, fmt):
    vhs = data["vhs"]
    before = set(Offering.objects.values_list("pk", flat=True))
    content = exports.export(vhs, fmt, base_url=BASE)[0]

    report = run_import(EDITS[fmt](content), ImportOptions(fmt, provider=vhs,
                                                            filename=f"export.{fmt}"))

    assert report.ok, [str(p) for p in report.problems]
    assert report.created == 0 and report.updated >= 1
    assert set(Offering.objects.values_list("pk", flat=True)) == before
    changed = data["first_aid"] if fmt == "ical" else data["english"]
    topics = set(changed.topics.all())
    phases = set(changed.life_phases.all())
    changed.refresh_from_db()
    assert edited(changed, fmt)
    # What a format does not carry (iCalendar has no topics) stays as it was.
    assert set(changed.topics.all()) == topics and set(changed.life_phases.all()) == phases
    # The next export of the same offerings still carries the same identity.
    again = run_import(exports.export(vhs, fmt, base_url=BASE)[0],
                       ImportOptions(fmt, provider=vhs))
    assert again.ok and again.created == 0
    assert set(Offering.objects.values_list("pk", flat=True)) == before


def test_identity_survives_a_change_of_format(data):
    """Imported as JSON-LD with the provider's own ids, edited and uploaded back as CSV."""
    provider = factories.provider("Familienzentrum")
    feed = json.dumps([{
        "@context": "https://schema.org", "@type": "Course", "@id": "https://fz.example/k/7",
        "name": "Babymassage", "description": "Sanft.",
        "provider": {"@type": "Organization", "name": "Familienzentrum"},
        "hasCourseInstance": [{"@type": "CourseInstance", "courseMode": "online",
                               "startDate": str(factories.TODAY)}],
    }]).encode()
    first = run_import(feed, ImportOptions("jsonld", provider=provider))
    assert first.ok and first.created == 1, [str(p) for p in first.problems]
    offering = Offering.objects.get(provider=provider)

    content = exports.export(provider, "csv")[0].decode("utf-8-sig")
    assert "https://fz.example/k/7" in content
    report = run_import(content.replace("Babymassage", "Babymassage für Väter").encode(),
                        ImportOptions("csv", provider=provider))

    assert report.ok and (report.created, report.updated) == (0, 1)
    offering.refresh_from_db()
    assert offering.title == "Babymassage für Väter"
    assert offering.external_id == "https://fz.example/k/7"  # the feed still finds it


@pytest.mark.parametrize("fmt", ["csv", "jsonld", "ical"])
def test_someone_elses_ids_never_update_their_offerings(data, fmt):
    """A provider uploads another provider's export: copies of its own, theirs untouched."""
    vhs_offerings = {o.pk: (o.title, o.summary, o.updated_at)
                     for o in Offering.objects.filter(provider=data["vhs"])}
    content = EDITS[fmt](exports.export(data["vhs"], fmt, base_url=BASE)[0])

    report = run_import(content, ImportOptions(fmt, provider=data["music"]))

    assert report.ok and report.updated == 0 and report.created == 2
    assert {o.pk: (o.title, o.summary, o.updated_at)
            for o in Offering.objects.filter(provider=data["vhs"])} == vhs_offerings


def test_two_rows_for_one_offering_are_refused(data):
    content = exports.export(data["vhs"], "jsonld", base_url=BASE)[0]
    courses = json.loads(content)
    english = data["english"]
    courses[0]["@id"] = f"portal-{english.pk}"
    courses[1]["@id"] = f"{BASE}{english.get_absolute_url()}"
    report = run_import(json.dumps(courses).encode(), ImportOptions("jsonld",
                                                                    provider=data["vhs"]))
    assert not report.ok
    assert any("dasselbe Angebot" in str(p) for p in report.problems)
    assert Offering.objects.filter(provider=data["vhs"]).count() == 3


def test_upload_screen_reports_updated_not_created(client, data):
    vhs = data["vhs"]
    client.force_login(factories.user("vhs", providers=[vhs]))
    content = edit_csv(client.get(reverse("backoffice:export-download", args=["csv"])).content)
    count = Offering.objects.count()
    upload = io.BytesIO(content)
    upload.name = "angebote.csv"
    response = client.post(reverse("backoffice:upload"), {"file": upload, "format": "csv",
                                                          "provider": vhs.pk}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    # (Both count as changed: a provider's upload goes to review, which changes the status.)
    assert "Ein Import ergäbe 0 neue, 2 geänderte und 0 unveränderte Angebote." in " ".join(
        page.split())
    assert Offering.objects.count() == count
