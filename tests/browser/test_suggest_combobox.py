"""The search box as a WAI-ARIA combobox (suggest.js): keyboard, mouse, screen reader, no JS."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data():
    return factories.small_catalog()


def suggest_requests(request_log):
    return [url for url in request_log.urls if "/api/v1/suggest?" in url]


def test_header_box_suggests_and_arrow_down_enter_opens_a_suggestion(
    page, request_log, data, assert_no_axe_violations
):
    page.goto("/orte/")
    box = page.locator("#header-q")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_attribute("aria-autocomplete", "list")
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    expect(listbox).to_have_attribute("role", "listbox")
    expect(listbox).to_be_hidden()

    box.click()
    page.keyboard.type("eng")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(options.nth(0)).to_have_text("Englisch Thema")
    expect(options.nth(1)).to_have_text("Englisch für Anfänger Angebot")
    expect(page.locator("#header-q ~ [role=status]")).to_have_text("2 Vorschläge")
    assert box.get_attribute("aria-activedescendant") is None
    assert_no_axe_violations(page)

    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(0).get_attribute("id"))
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
    expect(options.nth(0)).to_have_attribute("aria-selected", "false")
    assert_no_axe_violations(page)  # with an option active, too
    expect(box).to_be_focused()

    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/angebote/\?q=Englisch\+f%C3%BCr\+Anf%C3%A4nger$"))
    expect(page.locator("#result-count")).to_have_text("1 Angebot")
    request_log.assert_same_origin()


def test_escape_closes_and_keeps_the_text_arrow_down_reopens_click_chooses(
    page, request_log, data, assert_no_axe_violations
):
    page.goto("/angebote/")
    box = page.locator("#q")
    listbox = page.locator("#q-vorschlaege")
    box.click()
    page.keyboard.type("bens")
    expect(listbox.get_by_role("option")).to_have_text(["Bensheim Ort"])
    expect(page.locator("#q ~ [role=status]")).to_have_text("1 Vorschlag")
    assert_no_axe_violations(page)

    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("bens")
    assert box.get_attribute("aria-activedescendant") is None

    page.keyboard.press("ArrowDown")  # reopens with the first option active
    expect(listbox).to_be_visible()
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")

    listbox.get_by_role("option", name=re.compile("Bensheim")).click()
    page.wait_for_url(re.compile(r"/orte/bensheim/$"))
    expect(page.locator("h1")).to_contain_text("Bensheim")
    request_log.assert_same_origin()


def test_enter_without_a_chosen_suggestion_submits_the_form(page, data):
    page.goto("/angebote/")
    page.locator("#q").click()
    page.keyboard.type("englisch")
    expect(page.locator("#q-vorschlaege [role=option]")).to_have_count(2)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/angebote/\?q=englisch$"))
    expect(page.locator("#result-count")).to_have_text("1 Angebot")
    expect(page.locator("#q-vorschlaege")).to_be_hidden()


def test_requests_are_debounced_and_short_input_asks_nothing(page, request_log, data):
    page.clock.install()
    page.goto("/angebote/")
    page.locator("#q").click()
    page.keyboard.type("e")
    page.clock.run_for(1000)
    assert suggest_requests(request_log) == []  # one character: no request

    page.keyboard.type("nglisch")  # the timer restarts with every key
    assert suggest_requests(request_log) == []
    page.clock.run_for(1000)
    expect(page.locator("#q-vorschlaege [role=option]")).to_have_count(2)
    assert suggest_requests(request_log) == [
        request_log.origin + "/api/v1/suggest?q=englisch"
    ]

    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")  # "e": too short, the popup closes
    page.clock.run_for(1000)
    expect(page.locator("#q-vorschlaege")).to_be_hidden()
    expect(page.locator("#q")).to_have_attribute("aria-expanded", "false")
    assert len(suggest_requests(request_log)) == 1


def test_nothing_found_closes_the_popup(page, data):
    page.goto("/angebote/")
    page.locator("#q").click()
    page.keyboard.type("eng")
    expect(page.locator("#q-vorschlaege")).to_be_visible()
    with page.expect_response(re.compile(r"/api/v1/suggest\?q=engxyz$")):
        page.keyboard.type("xyz")
    expect(page.locator("#q-vorschlaege")).to_be_hidden()
    expect(page.locator("#q")).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#q ~ [role=status]")).to_have_text("")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#q-vorschlaege")).to_be_hidden()


def test_without_javascript_the_form_works_as_before(browser, live_server, data):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/orte/")
        box = page.locator("#header-q")
        assert box.get_attribute("role") is None
        assert page.locator("[role=listbox]").count() == 0
        box.fill("englisch")
        box.press("Enter")
        page.wait_for_url(re.compile(r"/angebote/\?q=englisch$"))
        expect(page.locator("#result-count")).to_have_text("1 Angebot")
    finally:
        context.close()
