"""Monitoring pages in Chromium: axe, keyboard on the map, no JavaScript, 390 px."""

import pytest
from django.conf import settings
from django.test import Client

from tests import insights_world as world

pytestmark = pytest.mark.django_db(transaction=True)

OFFICE_PATHS = [
    "/bildungsmonitoring/",
    "/bildungsmonitoring/?indikator=wish_share&thema=sprachen",
    "/bildungsmonitoring/luecken/",
    "/bildungsmonitoring/orte/lindenfels/",
    "/bildungsmonitoring/themen/sprachen/",
    "/bildungsmonitoring/lebensphasen/weiterbildung-beruf/",
    "/bildungsmonitoring/bericht/",
    "/bildungsmonitoring/bericht/lindenfels/",
]


@pytest.fixture
def data():
    return world.build()


@pytest.mark.parametrize("path", OFFICE_PATHS)
def test_office_pages_have_no_axe_violations(logged_in_page, request_log,
                                             assert_no_axe_violations, data, path):
    page = logged_in_page(data["office"])
    response = page.goto(path)
    assert response is not None and response.status == 200
    assert_no_axe_violations(page)
    request_log.assert_same_origin()


def test_public_page_without_account_has_no_axe_violations(page, request_log,
                                                           assert_no_axe_violations, data):
    response = page.goto("/bildung-in-zahlen/")
    assert response is not None and response.status == 200
    assert page.locator("svg.choropleth").count() == 3
    assert_no_axe_violations(page)
    request_log.assert_same_origin()
    response = page.goto("/bildung-in-zahlen/bericht/")
    assert response is not None and response.status == 200
    assert page.locator("svg.choropleth").count() == 2
    assert_no_axe_violations(page)
    request_log.assert_same_origin()


def test_keyboard_reaches_a_town_on_the_map_and_enter_follows_it(logged_in_page, data):
    page = logged_in_page(data["office"])
    page.goto("/bildungsmonitoring/")
    label = ""
    for _press in range(200):
        page.keyboard.press("Tab")
        label = page.evaluate(
            "() => document.activeElement.closest('svg') ? "
            "document.activeElement.getAttribute('aria-label') || '' : ''")
        if label.startswith("Bensheim:"):
            break
    assert label.startswith("Bensheim: "), "Tab never reached Bensheim on the map"
    page.keyboard.press("Enter")
    page.wait_for_url("**/bildungsmonitoring/orte/bensheim/")
    assert page.locator("h1").inner_text() == "Bensheim"


def test_pages_work_without_javascript(browser, live_server, data):
    client = Client()
    client.force_login(data["office"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False,
                                  locale="de-DE")
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto("/bildungsmonitoring/")
        page.get_by_role("link", name="Anteil kostenfrei", exact=True).click()
        page.wait_for_url("**indikator=share_free**")
        current = page.locator(".switch-list a[aria-current]").all_inner_texts()
        assert "Anteil kostenfrei" in current
        page.get_by_role("link", name="Sprachen", exact=True).first.click()
        page.wait_for_url("**thema=sprachen**")
        assert "indikator=share_free" in page.url  # the other choice stays
        page.locator("svg.choropleth a[aria-label^='Heppenheim:']").click()
        page.wait_for_url("**/orte/heppenheim/")
        download = page.locator("a[href*='format=csv']").first.get_attribute("href")
        assert "tabelle=" in download
        page.goto("/bildung-in-zahlen/")
        assert page.locator("table.data-table").count() == 3
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/bildungsmonitoring/", "/bildungsmonitoring/orte/bensheim/",
                                  "/bildung-in-zahlen/", "/bildungsmonitoring/bericht/"])
def test_pages_fit_390_px(logged_in_page, data, path):
    page = logged_in_page(data["office"])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(path)
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= 390, f"{path} is {overflow} px wide"
    box = page.locator("svg.choropleth").first.bounding_box()
    assert box is not None and box["width"] <= 390


@pytest.mark.parametrize("path", ["/bildungsmonitoring/", "/bildungsmonitoring/themen/sprachen/"])
def test_skip_link_past_the_switches_to_the_map(logged_in_page, data, path):
    """On a phone the switches come first: a link, shown when it has focus, leads past them."""
    page = logged_in_page(data["office"])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(path)
    link = page.get_by_role("link", name="Direkt zu Karte und Tabelle")
    before = link.bounding_box()
    assert before is None or before["x"] + before["width"] <= 0  # out of sight
    # It comes before the switches in keyboard order.
    order = page.evaluate("""() => {
        const link = document.querySelector('a.skip-to-map');
        const nav = document.querySelector('nav.switches');
        return link.compareDocumentPosition(nav) & Node.DOCUMENT_POSITION_FOLLOWING; }""")
    assert order
    link.focus()
    box = link.bounding_box()
    assert box is not None and 0 <= box["x"] < 390 and box["width"] > 0
    page.keyboard.press("Enter")
    assert page.url.endswith("#karte-figur")
    assert page.locator("#karte-figur").is_visible()
