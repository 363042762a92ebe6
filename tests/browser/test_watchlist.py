"""The Merkliste in Chromium: keyboard only, with and without JavaScript; axe-core on its pages
in all six languages; screenshots (var/screens/watchlist/) at desktop width and 390 px."""

import importlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone, translation
from playwright.sync_api import expect

from bildungsportal.catalog.management.commands.load_vocabularies import load_vocabularies
from bildungsportal.catalog.models import Offering, Run
from tests import factories
from tests.browser.keyboard import tab_to

pytestmark = pytest.mark.django_db(transaction=True)

ALL_LANGUAGES = [code for code, _name in settings.LANGUAGES]
SCREENS = Path(settings.BASE_DIR) / "var" / "screens" / "watchlist"


@pytest.fixture
def data():
    data = factories.small_catalog()
    migration = importlib.import_module("bildungsportal.core.migrations.0002_default_pages")
    migration.create_pages(apps, None)
    load_vocabularies()
    return data


def localized(path, code):
    return path if code == "de" else f"/{code}{path}"



def keep_and_remove_by_keyboard(page, data, with_js):
    english = data["english"]
    button = f"#merken-{english.pk}"
    page.goto("/angebote/?q=englisch")
    tab_to(page, button)
    expect(page.locator(button)).to_contain_text("Merken")
    page.keyboard.press("Enter")

    expect(page.locator(button)).to_contain_text("Gemerkt – entfernen")
    expect(page.locator("[data-watch-count]")).to_have_text("(1)")
    if with_js:
        # Changed in place: the focus stays on the button, the change is announced.
        assert page.evaluate("(s) => document.activeElement.matches(s)", button)
        expect(page.locator("[data-watch-status]")).to_contain_text(
            "1 Angebot auf der Merkliste")
    else:
        # Back on the same search, scrolled to the button that was pressed.
        assert page.url.endswith(f"/angebote/?q=englisch#merken-{english.pk}")

    page.goto("/merkliste/")
    expect(page.locator(".watch-item h2")).to_have_text("Englisch für Anfänger")
    tab_to(page, ".watch-remove button")
    page.keyboard.press("Enter")
    expect(page.locator(".watch-empty")).to_contain_text("Ihre Merkliste ist leer")
    # Back at the heading: the next Tab goes on from there, not from the top of the page.
    assert page.url.endswith("/merkliste/#merkliste")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('.watch-empty') !== null")
    expect(page.locator("[data-watch-count]")).to_have_text("(0)")


def test_keep_and_remove_with_the_keyboard(page, data):
    keep_and_remove_by_keyboard(page, data, with_js=True)


def test_keep_and_remove_with_the_keyboard_without_javascript(browser, live_server, data):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        keep_and_remove_by_keyboard(context.new_page(), data, with_js=False)
    finally:
        context.close()


def test_print_button_appears_with_javascript_only(browser, live_server, page, data):
    page.goto(data["english"].get_absolute_url())
    page.locator(f"#merken-{data['english'].pk}").click()
    # The toggle is a request in the background: wait for its answer before leaving.
    expect(page.locator(f"#merken-{data['english'].pk}.is-kept")).to_be_visible()
    page.goto("/merkliste/")
    expect(page.locator("[data-watch-print]")).to_be_visible()

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(data["english"].get_absolute_url())
        plain.locator(f"#merken-{data['english'].pk}").click()
        expect(plain.locator(f"#merken-{data['english'].pk}.is-kept")).to_be_visible()
        plain.goto("/merkliste/")
        expect(plain.locator(".watch-item")).to_have_count(1)
        expect(plain.locator("[data-watch-print]")).to_be_hidden()
    finally:
        context.close()


def fill_list(page, data):
    """Keep three offerings, then change one and cancel another: every mark is on the page."""
    for offering in (data["english"], data["guitar"], data["first_aid"]):
        page.goto(offering.get_absolute_url())
        page.locator(f"#merken-{offering.pk}").click()
        expect(page.locator(f"#merken-{offering.pk}.is-kept")).to_be_visible()
    # Changed after it was kept (the time kept is rounded up to the next second).
    Offering.objects.filter(pk=data["english"].pk).update(
        updated_at=timezone.now() + timedelta(seconds=5))
    Run.objects.filter(offering=data["guitar"]).update(booking_status="cancelled")
    Offering.objects.filter(pk=data["first_aid"].pk).update(status="archived")


@pytest.mark.parametrize("code", ALL_LANGUAGES)
def test_pages_have_no_axe_violations_in_every_language(
    page, request_log, assert_no_axe_violations, data, code
):
    fill_list(page, data)

    page.goto(localized("/merkliste/", code))
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator(".watch-item")).to_have_count(3)
    expect(page.locator(".mark-changed")).to_have_count(1)
    expect(page.locator(".mark-gone")).to_have_count(2)
    assert_no_axe_violations(page)
    share = page.locator("#share-url").input_value()

    with translation.override("de"):
        page.goto(localized("/angebote/?q=englisch", code))
    expect(page.locator(".watch-button.is-kept")).to_have_count(1)
    assert_no_axe_violations(page)

    page.goto(localized(data["guitar"].get_absolute_url(), code))
    assert_no_axe_violations(page)

    assert f"/{code}/merkliste/teilen/" in share if code != "de" else "/merkliste/teilen/" in share
    page.goto(share)
    expect(page.locator(".watch-item")).to_have_count(2)  # the archived one is not shared
    assert_no_axe_violations(page)

    page.goto(localized("/merkliste/", code))
    page.locator(".watch-clear button").click()
    expect(page.locator(".watch-empty")).to_be_visible()
    assert_no_axe_violations(page)
    request_log.assert_same_origin()


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots(page, data, width):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/merkliste/")
    page.screenshot(path=SCREENS / f"empty-{width}.png", full_page=True)
    fill_list(page, data)
    page.goto("/merkliste/")
    # No horizontal scrolling on a phone.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    page.screenshot(path=SCREENS / f"list-{width}.png", full_page=True)
    page.goto("/ar/merkliste/")
    page.screenshot(path=SCREENS / f"list-ar-{width}.png", full_page=True)
    page.goto("/angebote/?q=englisch")
    page.screenshot(path=SCREENS / f"search-{width}.png", full_page=True)
    page.goto(data["guitar"].get_absolute_url())
    page.screenshot(path=SCREENS / f"offering-{width}.png", full_page=True)
    page.goto("/merkliste/")
    page.emulate_media(media="print")
    page.screenshot(path=SCREENS / f"print-{width}.png", full_page=True)


def test_arabic_on_a_phone_keeps_two_offerings(
    browser, live_server, data, assert_no_axe_violations
):
    """The issue's "done when": in Arabic, on a phone, two offerings kept from the results."""
    context = browser.new_context(base_url=live_server.url, locale="ar",
                                  viewport={"width": 390, "height": 844}, has_touch=True)
    try:
        page = context.new_page()
        page.goto("/ar/angebote/")
        buttons = page.locator(".hit .watch-button")
        expect(buttons).to_have_count(3)
        buttons.nth(0).click()
        expect(buttons.nth(0)).to_have_class("watch-button is-kept")
        buttons.nth(1).click()
        expect(buttons.nth(1)).to_contain_text("في المفضلة – إزالة")
        expect(page.locator("[data-watch-count]")).to_have_text("(2)")
        assert_no_axe_violations(page)

        page.locator(".watch-nav a").click()
        expect(page).to_have_url(f"{live_server.url}/ar/merkliste/")
        expect(page.locator(".watch-item")).to_have_count(2)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        assert_no_axe_violations(page)
    finally:
        context.close()


def test_two_quick_clicks_keep_both(page, data):
    """Each answer rewrites the list's cookie: a second click sent before the first answer
    arrived must not drop the first offering (the script sends one request at a time)."""
    page.goto("/angebote/")
    expect(page.locator(".hit form[data-watch]")).to_have_count(3)
    # Both forms sent in the same task: no answer can arrive in between.
    page.evaluate("""() => {
        const forms = document.querySelectorAll('.hit form[data-watch]');
        forms[0].requestSubmit();
        forms[1].requestSubmit();
    }""")
    expect(page.locator(".hit .watch-button.is-kept")).to_have_count(2)
    expect(page.locator("[data-watch-count]")).to_have_text("(2)")
    page.goto("/merkliste/")
    expect(page.locator(".watch-item")).to_have_count(2)
