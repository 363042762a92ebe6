"""The public pages in Chromium: axe-core WCAG 2.1 A/AA, no third-party requests, reflow."""

import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data():
    data = factories.small_catalog()
    factories.demo_offering(data)  # the demo notice is on every page, so axe checks it too
    # A transactional test starts from an empty database: create the migration's pages.
    migration = importlib.import_module("bildungsportal.core.migrations.0002_default_pages")
    migration.create_pages(apps, None)
    return data


def urls(data):
    return {
        "home": "/",
        "search": "/angebote/",
        "search-filtered": "/angebote/?q=englisch&town=bensheim&town=heppenheim&time_of_day="
        "abends&date_from=2000-01-01&near=Bensheim&radius_km=20&sort=date",
        "search-errors": "/angebote/?q=%22(&page=-1&date_from=2025-13-45&topic=unbekannt",
        "search-empty": "/angebote/?q=gitarre&town=heppenheim",
        "search-paged": "/angebote/?page_size=1&page=2",
        "offering": data["english"].get_absolute_url(),
        "provider": data["vhs"].get_absolute_url(),
        "town": "/orte/bensheim/",
        "towns": "/orte/",
        "life-phase": "/lebensphasen/weiterbildung-beruf/",
        "life-phases": "/lebensphasen/",
        "imprint": "/impressum/",
        "privacy": "/datenschutz/",
        "accessibility": "/barrierefreiheit/",
        "not-found": "/gibt-es-nicht/",
        "providers": "/anbieter/?kind=vhs",
        "wish": "/angebote/wunsch/",
    }


PAGES = [
    "home", "search", "search-filtered", "search-errors", "search-empty", "search-paged",
    "offering", "provider", "town", "towns", "life-phase", "life-phases", "imprint", "privacy",
    "accessibility", "not-found", "providers", "wish",
]


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations_and_no_third_party_requests(
    page, request_log, assert_no_axe_violations, data, name
):
    response = page.goto(urls(data)[name])

    assert response is not None
    assert response.status == (404 if name == "not-found" else 200)
    expect(page.locator(".demo-notice")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert_no_axe_violations(page)
    request_log.assert_same_origin()
    # The stylesheet loaded (CSP allows it): the skip link is moved out of view.
    assert page.evaluate(
        "() => document.querySelector('.skip-link').getBoundingClientRect().bottom <= 0"
    )


@pytest.mark.parametrize("name", ["search-filtered", "offering", "home"])
def test_pages_reflow_on_a_narrow_screen(page, assert_no_axe_violations, data, name):
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(urls(data)[name])

    # WCAG 1.4.10: no horizontal scrolling at 320 CSS pixels.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(page)


def test_focus_is_clearly_visible(page, data):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    assert page.evaluate(
        "() => document.querySelector('.skip-link').getBoundingClientRect().top >= 0"
    )
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow]; }"
    )
    assert outline[0] == "solid" and outline[1] >= 2 and outline[2] != "none"


def test_skip_link_moves_focus_to_the_main_content(page, data):
    page.goto("/angebote/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "inhalt"
    page.keyboard.press("Tab")
    expect(page.locator("#q")).to_be_focused()


def test_search_works_without_javascript(browser, live_server, data):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        page.goto("/angebote/")
        page.get_by_label("Suchbegriff").fill("englisch")
        page.locator("input[name=town][value=heppenheim]").check()
        page.get_by_role("button", name="Filter anwenden").click()
        page.wait_for_url("**/angebote/?*town=heppenheim*")
        assert "q=englisch" in page.url and "date_from=" in page.url  # every field, no script
        expect(page.locator("#result-count")).to_have_text("1 Angebot")
        # Removing the filter again is a plain link.
        removal = re.compile(r"^entfernen\W+Ort: Heppenheim$")
        page.locator(".active-filters").get_by_role("link", name=removal).click()
        assert "town=" not in page.url
        page.get_by_role("link", name="Englisch für Anfänger").click()
        expect(page.locator("h1")).to_have_text("Englisch für Anfänger")
    finally:
        context.close()


def test_back_button_leaves_the_search_form_usable(page, data):
    page.goto("/angebote/")
    page.get_by_label("Suchbegriff").fill("englisch")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url("**/angebote/?q=englisch")
    page.go_back()
    expect(page.locator("#f-date-from")).to_be_enabled()
    expect(page.locator("#f-sort")).to_be_enabled()


def test_offering_page_jsonld_is_not_blocked_by_csp(page, data):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(data["english"].get_absolute_url())

    text = page.locator("script[type='application/ld+json']").text_content()
    assert '"@type":"Course"' in text
    assert not [m for m in messages if "Content Security Policy" in m]
