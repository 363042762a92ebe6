"""Issue 13 in Chromium: the phone layout of the search, filters that apply on change, the
zero-result wish and the provider list; axe-core finds nothing on any of them."""

import importlib

import pytest
from django.apps import apps
from playwright.sync_api import expect

from bildungsportal.search.models import SearchDemand
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def data():
    data = factories.small_catalog()
    migration = importlib.import_module("bildungsportal.core.migrations.0002_default_pages")
    migration.create_pages(apps, None)
    return data


def top_of(page, selector):
    return page.evaluate(
        "(s) => document.querySelector(s).getBoundingClientRect().top", selector
    )


def test_phone_shows_the_first_results_before_the_filters(page, assert_no_axe_violations, data):
    page.set_viewport_size(PHONE)
    page.goto("/angebote/?topic=sprachen")

    drawer = page.locator("details.filter-drawer")
    expect(drawer).not_to_have_attribute("open", "")
    first_hit = page.locator(".hits .hit").first
    expect(first_hit).to_be_visible()
    assert top_of(page, ".hits .hit") < PHONE["height"]  # in view without scrolling
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)

    # Keyboard: the filter heading is a disclosure button that opens the filters.
    summary = drawer.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(drawer).to_have_attribute("open", "")
    expect(page.locator("#f-free")).to_be_visible()
    assert page.evaluate(
        "() => document.querySelector('details.filter-drawer > summary').matches(':focus')"
    )
    assert_no_axe_violations(page)


def test_wide_screen_shows_the_filters_open(page, data):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/angebote/")
    expect(page.locator("details.filter-drawer")).to_have_attribute("open", "")
    expect(page.locator("#f-free")).to_be_visible()


def test_filters_apply_on_change_with_javascript(page, data):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/angebote/?q=englisch")
    page.locator("input[name=town][value=heppenheim]").check()
    page.wait_for_url("**/angebote/?*town=heppenheim*")
    assert "q=englisch" in page.url and "date_from" not in page.url
    expect(page.locator("#result-count")).to_have_text("1 Angebot")
    page.locator("#f-sort").select_option("date")
    page.wait_for_url("**sort=date*")
    # The button stays for typed fields and for everyone without JavaScript.
    expect(page.get_by_role("button", name="Filter anwenden")).to_be_visible()


@pytest.mark.parametrize("width", [390, 1280])
def test_zero_result_wish_reaches_the_office(page, assert_no_axe_violations, data, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/angebote/?q=t%C3%B6pfern&town=bensheim")

    expect(page.locator(".zero-result")).to_contain_text("Gesucht haben Sie nach den Wörtern")
    assert_no_axe_violations(page)
    page.get_by_label("Was haben Sie gesucht?").fill("Töpferkurs am Wochenende")
    page.get_by_role("button", name="Wunsch senden").click()
    expect(page.locator("h1")).to_have_text("Danke für Ihren Hinweis")
    confirmation = page.locator(".confirmation[role=status]")
    expect(confirmation).to_contain_text("beim Bildungsbüro angekommen")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Zurück zur Suche").click()
    page.wait_for_url("**/angebote/?q=t%C3%B6pfern&town=bensheim")
    wish = SearchDemand.objects.get(filters__0=["wish", "1"])
    assert wish.query == "toepferkurs am wochenende"


def test_wish_with_a_phone_number_is_refused_in_german(page, assert_no_axe_violations, data):
    page.goto("/angebote/?q=zzzz")
    page.get_by_label("Was haben Sie gesucht?").fill("Bitte rufen Sie an: 06251 123456")
    page.get_by_role("button", name="Wunsch senden").click()
    expect(page.locator(".errors")).to_contain_text("keine persönlichen Daten")
    expect(page.get_by_label("Was haben Sie gesucht?")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)
    assert not SearchDemand.objects.filter(filters__0=["wish", "1"]).exists()


@pytest.mark.parametrize("width", [390, 1280])
def test_provider_list(page, assert_no_axe_violations, data, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    page.get_by_role("link", name="Alle Anbieter von A bis Z").click()
    expect(page.locator("#result-count")).to_have_text("2 Anbieter")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert_no_axe_violations(page)
    if width < 800:
        page.locator("details.filter-drawer > summary").click()
    page.locator("input[name=kind][value=music_school]").check()
    page.wait_for_url("**/anbieter/?kind=music_school")
    expect(page.locator("#result-count")).to_have_text("1 Anbieter")
    expect(page.locator(".provider-list")).to_contain_text("Musikschule Bergstraße")
    assert_no_axe_violations(page)
