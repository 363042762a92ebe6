"""Provider self-service in Chromium: axe-core WCAG 2.1 A/AA on every screen, keyboard only."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bildungsportal.catalog.models import Offering
from tests import factories
from tests.browser.keyboard import tab_to

pytestmark = pytest.mark.django_db(transaction=True)



@pytest.fixture
def data():
    data = factories.small_catalog()
    data["staff"] = factories.user("vhs", providers=[data["vhs"]])
    return data


@pytest.mark.parametrize("screen", ["home", "create", "edit", "preview", "profile"])
def test_screens_have_no_axe_violations(logged_in_page, assert_no_axe_violations, request_log,
                                        data, screen):
    page = logged_in_page(data["staff"])
    urls = {
        "home": "/anbieterbereich/",
        "create": f"/anbieterbereich/anbieter/{data['vhs'].pk}/angebote/neu/",
        "edit": f"/anbieterbereich/angebote/{data['english'].pk}/",
        "preview": f"/anbieterbereich/angebote/{data['draft'].pk}/vorschau/",
        "profile": f"/anbieterbereich/anbieter/{data['vhs'].pk}/profil/",
    }
    response = page.goto(urls[screen])
    assert response.status == 200
    expect(page.locator("h1")).to_be_visible()
    assert_no_axe_violations(page)
    request_log.assert_same_origin()


def test_form_with_errors_and_an_added_run_has_no_axe_violations(
    logged_in_page, assert_no_axe_violations, data
):
    page = logged_in_page(data["staff"])
    page.goto(f"/anbieterbereich/anbieter/{data['vhs'].pk}/angebote/neu/")
    page.get_by_role("button", name="weiteren Termin hinzufügen").click()
    expect(page.locator("#termin-2")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Beginn (Datum)").first.fill("31.02.2027")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("#fehler")).to_contain_text("Bitte ein gültiges Datum")
    expect(page.locator("#fehler")).to_contain_text("Bitte geben Sie einen Titel ein.")
    assert_no_axe_violations(page)


def test_dashboard_reflows_on_a_narrow_screen(logged_in_page, data):
    page = logged_in_page(data["staff"])
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto("/anbieterbereich/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320


def test_keyboard_only_create_weekly_offering_preview_publish(logged_in_page, request_log, data):
    data["vhs"].approved_at = timezone.now()
    data["vhs"].save()
    page = logged_in_page(data["staff"])
    page.goto("/anbieterbereich/")

    tab_to(page, "a[href$='/angebote/neu/']", 250)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/angebote/neu/$"))

    tab_to(page, "#id_title", 250)
    page.keyboard.type("Tai-Chi im Park")
    tab_to(page, "#id_description", 250)
    page.keyboard.type("Ruhige Bewegungen im Freien, für alle Altersgruppen geeignet und leicht.")
    tab_to(page, "input[name=format]", 250)
    page.keyboard.press("Space")
    for name in ("life_phases", "topics", "languages"):
        tab_to(page, f"input[name={name}]", 250)
        page.keyboard.press("Space")
    tab_to(page, "#id_is_free", 250)
    page.keyboard.press("Space")

    tab_to(page, "input[name='termine-0-recurrence']", 250)
    page.keyboard.press("ArrowDown")  # einmalig → wöchentlich
    expect(page.locator("input[name='termine-0-recurrence'][value=weekly]")).to_be_checked()
    tab_to(page, "#id_termine-0-start_date", 250)
    page.keyboard.type("06.04.2027")
    tab_to(page, "#id_termine-0-weekdays_1", 250)
    page.keyboard.press("Space")
    tab_to(page, "#id_termine-0-start_time", 250)
    page.keyboard.type("10:00")
    tab_to(page, "#id_termine-0-end_time", 250)
    page.keyboard.type("11:30")
    tab_to(page, "#id_termine-0-is_online", 250)
    page.keyboard.press("Space")
    tab_to(page, "button[name=save]", 250)
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/anbieterbereich/angebote/\d+/$"))
    expect(page.locator(".bo-messages")).to_contain_text("wurde gespeichert")
    offering = Offering.objects.get(title="Tai-Chi im Park")
    run = offering.runs.get()
    assert (run.recurrence, run.weekdays, run.is_online) == ("weekly", 2, True)

    tab_to(page, "a[href$='/vorschau/']", 250)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/vorschau/$"))
    expect(page.locator("h1")).to_have_text("Tai-Chi im Park")
    expect(page.locator(".bo-preview-banner")).to_contain_text("noch nicht öffentlich")

    tab_to(page, "form[action$='/veroeffentlichen/'] button", 250)
    expect(page.locator(":focus")).to_have_text("Veröffentlichen")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/vorschau/$"))
    expect(page.locator(".bo-messages")).to_contain_text("ist veröffentlicht")
    offering.refresh_from_db()
    assert offering.status == "published"
    request_log.assert_same_origin()
