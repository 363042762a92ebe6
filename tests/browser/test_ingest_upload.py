"""Upload with preview in Chromium: by keyboard, without JavaScript-only controls, axe-clean."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from bildungsportal.catalog.models import Offering, Provider
from tests import factories
from tests.test_ingest_pipeline import course, feed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff(tmp_path, settings):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    call_command("load_reference", verbosity=0, stdout=StringIO())
    migration = importlib.import_module("bildungsportal.core.migrations.0002_default_pages")
    migration.create_pages(apps, None)
    provider = Provider.objects.create(name="VHS Bergstraße", kind="vhs")
    return factories.user("staff", providers=[provider])


def test_upload_preview_and_import_by_keyboard(logged_in_page, staff, tmp_path,
                                              assert_no_axe_violations, request_log):
    page = logged_in_page(staff)
    path = tmp_path / "kurse.json"
    path.write_bytes(feed(course("1"), course("2", "Yoga am Morgen", price="-4")))

    page.goto("/anbieterbereich/daten/hochladen/")
    assert_no_axe_violations(page)
    page.get_by_label("Format").select_option("vhs")
    page.get_by_label("Datei").set_input_files(str(path))
    page.get_by_role("button", name="Prüfen und Vorschau zeigen").focus()
    page.keyboard.press("Enter")

    page.wait_for_url("**/hochladen/*/")
    assert page.get_by_role("heading", name="Vorschau des Imports").is_visible()
    assert page.get_by_role("cell", name="01.02.2027").first.is_visible()
    assert page.get_by_text("Datensatz 2: Preis darf nicht negativ").is_visible()
    assert_no_axe_violations(page)

    button = page.get_by_role("button", name="Nur den gültigen Datensatz importieren")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/ergebnis/*/")
    assert page.get_by_role("heading", name="Import abgeschlossen").is_visible()
    assert_no_axe_violations(page)
    assert list(Offering.objects.values_list("external_id", flat=True)) == ["1"]
    request_log.assert_same_origin()


def test_upload_form_errors_are_accessible(logged_in_page, staff, assert_no_axe_violations):
    page = logged_in_page(staff)
    page.goto("/anbieterbereich/daten/hochladen/")
    page.get_by_role("button", name="Prüfen und Vorschau zeigen").click()
    assert page.get_by_role("alert").is_visible()
    assert_no_axe_violations(page)


def test_preview_of_a_hostile_file_is_accessible_and_can_be_discarded(
    logged_in_page, staff, tmp_path, assert_no_axe_violations
):
    from tests.test_ingest_hostile import XXE

    page = logged_in_page(staff)
    path = tmp_path / "evil.xml"
    path.write_bytes(XXE)
    page.goto("/anbieterbereich/daten/hochladen/")
    page.get_by_label("Format").select_option("vhs")
    page.get_by_label("Datei").set_input_files(str(path))
    page.get_by_role("button", name="Prüfen und Vorschau zeigen").click()
    page.wait_for_url("**/hochladen/*/")
    assert page.get_by_text("verbotene Konstrukte").is_visible()
    assert page.get_by_role("button", name="Importieren").count() == 0
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Verwerfen").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/hochladen/")
    assert not Offering.objects.exists()
    assert not any((tmp_path / "uploads" / "catalog").iterdir())
