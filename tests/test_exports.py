"""Exports: CSV/XLSX in the import template (round trip), JSON-LD, iCalendar; pages and CLI."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from bildungsportal.catalog.models import Offering
from bildungsportal.ingest import exports, template
from bildungsportal.ingest.formats import FORMATS
from bildungsportal.ingest.pipeline import ImportOptions, run_import
from tests import factories

pytestmark = pytest.mark.django_db
STATIC = Path(__file__).resolve().parent.parent / "bildungsportal" / "ingest" / "static" / "ingest"


@pytest.fixture
def data():
    return factories.small_catalog()


def csv_rows(content):
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(content):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def test_csv_export_is_the_template_for_german_excel(data):
    rows = csv_rows(exports.export_csv(data["vhs"]))
    assert rows[0] == template.HEADERS
    # One row per run of the published offerings; drafts and other providers left out.
    titles = [row[1] for row in rows[1:]]
    assert titles.count("Englisch für Anfänger") == 3
    assert titles.count("Erste Hilfe am Kind") == 1
    assert "Geheimer Entwurf" not in titles and "Gitarre für Erwachsene" not in titles
    first = dict(zip(template.HEADERS, rows[1], strict=True))
    assert first["Preis"] == "120,00 €" and first["ermäßigter Preis"] == "80,00 €"
    assert first["Rhythmus"] == "wöchentlich" and first["von"] == "18:30"
    assert first["Beginn"] == data["weekly"].start_date.strftime("%d.%m.%Y")
    assert first["Sprachen"] == "Deutsch; Englisch"


def test_archived_offerings_are_not_exported(data):
    Offering.objects.filter(pk=data["first_aid"].pk).update(status="archived")
    titles = [row[1] for row in csv_rows(exports.export_csv(data["vhs"]))[1:]]
    assert "Erste Hilfe am Kind" not in titles


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_imports_back_into_another_provider(data, fmt):
    content = exports.export(data["vhs"], fmt)[0]
    other = factories.provider("VHS Nachbarkreis")
    report = run_import(content, ImportOptions(fmt, provider=other, filename=f"export.{fmt}"))
    assert report.ok, [str(p) for p in report.problems]
    assert report.created == 2
    copy = Offering.objects.get(provider=other, title="Englisch für Anfänger")
    original = data["english"]
    for name in ("summary", "entry_requirements", "price_cents", "price_reduced_cents",
                 "price_note", "certificate", "dqr_level_id", "registration_url",
                 "registration_contact", "format_id"):
        assert getattr(copy, name) == getattr(original, name), name
    for relation in ("topics", "life_phases", "target_groups", "languages"):
        assert set(getattr(copy, relation).all()) == set(getattr(original, relation).all())

    def runs(offering):
        return sorted(
            (r.recurrence, r.start_date, r.end_date, r.start_time, r.end_time, r.sessions,
             r.hours, r.seats, r.is_online, r.venue.name if r.venue else None,
             r.venue.municipality_id if r.venue else None)
            for r in offering.runs.all()
        )

    assert runs(copy) == runs(original)
    assert Offering.objects.get(provider=other, title="Erste Hilfe am Kind").is_free


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_reimporting_an_export_changes_nothing(data, fmt):
    provider = factories.provider("Tabellen-Anbieter")
    first = run_import(exports.export(data["vhs"], fmt)[0], ImportOptions(fmt, provider=provider))
    assert first.created == 2
    again = run_import(exports.export(provider, fmt)[0], ImportOptions(fmt, provider=provider))
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_formula_injection_is_guarded_and_reads_back(data):
    english = data["english"]
    english.title = '=HYPERLINK("http://evil.example","klick")'
    english.summary = "+49 6251 1234"
    english.price_note = "@SUM(A1)"
    english.registration_contact = "-2+3"
    english.save()
    rows = csv_rows(exports.export_csv(data["vhs"]))
    row = dict(zip(template.HEADERS, rows[1], strict=True))
    assert row["Titel"] == "'" + english.title
    assert row["Kurzbeschreibung"] == "'+49 6251 1234"
    assert row["Hinweis zum Preis"] == "'@SUM(A1)"
    assert row["Anmeldung Kontakt"] == "'-2+3"
    sheet = xlsx_rows(exports.export_xlsx(data["vhs"]))
    cells = [cell for row in sheet for cell in row if isinstance(cell, str)]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    # The apostrophe is the export's guard, not part of the data: the import drops it.
    [record] = [r for r in FORMATS["csv"].parse(exports.export_csv(data["vhs"])).records
                if r.title.startswith("=")]
    assert record.title == english.title and record.summary == "+49 6251 1234"


def test_jsonld_export_is_a_list_of_courses_that_imports_back(data):
    content, content_type, filename = exports.export(
        data["vhs"], "jsonld", base_url="https://portal.example")
    courses = json.loads(content)
    assert content_type.startswith("application/ld+json") and filename.endswith(".jsonld")
    assert sorted(c["name"] for c in courses) == ["Englisch für Anfänger", "Erste Hilfe am Kind"]
    assert all(c["@type"] == "Course" and c["url"].startswith("https://portal.example/")
               for c in courses)
    result = FORMATS["jsonld"].parse(content)
    assert not [p for p in result.problems if p.fatal]
    english = next(r for r in result.records if r.title == "Englisch für Anfänger")
    assert len(english.runs) == 3 and english.price_cents == 12000


def test_ical_export_holds_every_dated_run_and_imports_back(data):
    content, content_type, _ = exports.export(data["vhs"], "ical", base_url="https://p.example")
    assert content_type.startswith("text/calendar")
    assert content.count(b"BEGIN:VEVENT") == 4
    result = FORMATS["ical"].parse(content)
    by_title = {r.title: r for r in result.records}
    assert set(by_title) == {"Englisch für Anfänger", "Erste Hilfe am Kind"}
    assert len(by_title["Englisch für Anfänger"].runs) == 3


def test_static_template_files_match_the_column_spec(db):
    assert (STATIC / "bildungsportal-vorlage.csv").read_bytes() == template.template_csv()
    assert xlsx_rows((STATIC / "bildungsportal-vorlage.xlsx").read_bytes()) == [
        template.HEADERS, template.example_row()]


# -- pages -----------------------------------------------------------------------------------
def test_export_download_for_own_provider(client, data):
    client.force_login(factories.user("vhs", providers=[data["vhs"]]))
    url = reverse("backoffice:export-download", args=["csv"])
    response = client.get(url)  # one provider: no need to choose
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    assert csv_rows(response.content)[0] == template.HEADERS
    response = client.get(url + f"?anbieter={data['vhs'].pk}")
    assert response.status_code == 200
    for fmt in ("xlsx", "jsonld", "ical"):
        response = client.get(reverse("backoffice:export-download", args=[fmt]))
        assert response.status_code == 200, fmt
    assert b"http://testserver/angebote/" in response.content


@pytest.mark.parametrize("anbieter", ["other", "999999", "abc", "-1"])
def test_someone_elses_or_bad_provider_id_gives_404(client, data, anbieter):
    client.force_login(factories.user("vhs", providers=[data["vhs"]]))
    value = data["music"].pk if anbieter == "other" else anbieter
    for name, args in (("backoffice:export-download", ["csv"]), ("backoffice:export", [])):
        response = client.get(reverse(name, args=args) + f"?anbieter={value}")
        assert response.status_code == 404
        assert "Gitarre" not in response.content.decode("utf-8", "replace")


def test_office_exports_any_provider_and_chooses_on_the_page(client, data):
    client.force_login(factories.user("buero", office=True))
    response = client.get(reverse("backoffice:export-download", args=["csv"]))
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:export")
    page = client.get(reverse("backoffice:export")).content.decode()
    assert "Musikschule Bergstraße" in page and "VHS Bergstraße" in page
    response = client.get(reverse("backoffice:export-download", args=["csv"])
                          + f"?anbieter={data['music'].pk}")
    assert "Gitarre für Erwachsene" in response.content.decode("utf-8-sig")


def test_export_pages_need_a_login_and_a_role(client, data):
    url = reverse("backoffice:export-download", args=["csv"])
    response = client.get(url)
    assert response.status_code == 302 and "/konto/anmelden/" in response["Location"]
    client.force_login(factories.user("niemand"))
    assert client.get(url).status_code == 403
    assert client.get(reverse("backoffice:template", args=["csv"])).status_code == 403


def test_unknown_export_format_is_404(client, data):
    client.force_login(factories.user("vhs", providers=[data["vhs"]]))
    assert client.get(reverse("backoffice:export-download", args=["pdf"])).status_code == 404
    assert client.get(reverse("backoffice:template", args=["exe"])).status_code == 404


def test_template_downloads(client, data):
    client.force_login(factories.user("vhs", providers=[data["vhs"]]))
    response = client.get(reverse("backoffice:template", args=["csv"]))
    assert response.status_code == 200 and response.content == template.template_csv()
    response = client.get(reverse("backoffice:template", args=["xlsx"]))
    assert xlsx_rows(response.content)[0] == template.HEADERS
    page = client.get(reverse("backoffice:export")).content.decode()
    assert reverse("backoffice:template", args=["xlsx"]) in page
    assert "Angebots-ID" in page


# -- CLI -------------------------------------------------------------------------------------
def test_export_command_writes_a_file(data, tmp_path):
    target = tmp_path / "vhs.xlsx"
    call_command("export", provider=str(data["vhs"].pk), format="xlsx", output=str(target),
                 stderr=io.StringIO())
    assert xlsx_rows(target.read_bytes())[0] == template.HEADERS
    out = io.StringIO()
    call_command("export", provider="vhs bergstraße", format="csv", stdout=out)
    assert out.getvalue().lstrip("\ufeff").startswith("Angebots-ID;Titel")


def test_export_command_refuses_unknown_providers(data):
    with pytest.raises(CommandError, match="not found"):
        call_command("export", provider="Gibt es nicht", format="csv")
    factories.provider("VHS Bergstraße")
    with pytest.raises(CommandError, match="Several providers"):
        call_command("export", provider="VHS Bergstraße", format="csv")
