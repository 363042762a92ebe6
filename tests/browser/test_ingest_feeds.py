"""Feeds, exports and template in Chromium: axe-core WCAG 2.1 AA, keyboard, no third parties."""

import pytest
from playwright.sync_api import expect

from bildungsportal.ingest.models import Feed
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data():
    return factories.small_catalog()


def test_feed_page_register_by_keyboard_with_errors_first(
    logged_in_page, data, request_log, assert_no_axe_violations
):
    Feed.objects.create(provider=data["vhs"], url="https://vhs.example.org/alt.csv",
                        format="csv", last_status="error",
                        last_error="Abruf fehlgeschlagen: Server antwortet mit Fehler 500")
    page = logged_in_page(factories.user("vhs", providers=[data["vhs"]]))
    page.goto("/anbieterbereich/daten/feeds/")
    assert page.get_by_role("heading", name="Feeds", exact=True).is_visible()
    assert_no_axe_violations(page)

    # A wrong address first: the error summary names the field, the page stays accessible.
    page.get_by_label("Adresse des Feeds (URL)").fill("ftp://vhs.example.org/kurse.csv")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Bitte korrigieren Sie die markierten Angaben")).to_be_visible()
    assert page.get_by_role("link", name="Adresse des Feeds (URL):").is_visible()
    assert_no_axe_violations(page)

    field = page.get_by_label("Adresse des Feeds (URL)")
    field.fill("https://vhs.example.org/kurse.csv")
    page.get_by_label("Format").select_option("csv")
    field.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Der Feed wurde eingetragen.")).to_be_visible()
    expect(page.locator(".bo-url", has_text="https://vhs.example.org/kurse.csv")).to_be_visible()
    # The last error of the old feed opens by keyboard.
    summary = page.locator("summary", has_text="Letzter Fehler")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Server antwortet mit Fehler 500")).to_be_visible()
    assert_no_axe_violations(page)
    request_log.assert_same_origin()


def test_office_feed_overview_is_accessible(
    logged_in_page, data, request_log, assert_no_axe_violations
):
    Feed.objects.create(provider=data["music"], url="https://musik.example/f.csv", format="csv",
                        last_status="error", last_error="Import abgelehnt, nichts geändert.")
    Feed.objects.create(provider=data["vhs"], url="https://vhs.example.org/k.xml", format="vhs",
                        last_status="ok")
    page = logged_in_page(factories.user("buero", office=True))
    page.goto("/anbieterbereich/daten/feeds/alle/")
    assert page.get_by_role("heading", name="Alle Feeds").is_visible()
    expect(page.locator(".bo-url", has_text="https://musik.example/f.csv")).to_be_visible()
    assert_no_axe_violations(page)
    request_log.assert_same_origin()


def test_export_page_is_accessible_and_downloads(
    logged_in_page, data, request_log, assert_no_axe_violations
):
    page = logged_in_page(factories.user("vhs", providers=[data["vhs"]]))
    page.goto("/anbieterbereich/daten/export/")
    assert page.get_by_role("heading", name="Angebote exportieren").is_visible()
    page.get_by_text("Alle Spalten der Vorlage").click()
    assert page.get_by_role("rowheader", name="Angebots-ID").is_visible()
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tabelle (CSV, für Excel)").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(3) == b"\xef\xbb\xbf"
    request_log.assert_same_origin()
