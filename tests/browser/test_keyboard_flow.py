"""Search, filter, open an offering and download its calendar file: keyboard only, no mouse."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.keyboard import tab_to

pytestmark = pytest.mark.django_db(transaction=True)



def test_keyboard_only_search_filter_offering_and_calendar_download(page, request_log):
    data = factories.small_catalog()
    english = data["english"]
    page.goto("/")

    tab_to(page, "input[type=search]", 150)
    page.keyboard.type("englisch")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/angebote/\?q=englisch$"))
    expect(page.locator("#result-count")).to_have_text("1 Angebot")

    tab_to(page, "input[name=town][value=bensheim]", 150)
    page.keyboard.press("Space")
    # With JavaScript a ticked box sends the form at once (site.js): let that page arrive
    # before tabbing on, or the Tab presses race the navigation.
    page.wait_for_url(re.compile(r"town=bensheim"))
    expect(page.locator("input[name=town][value=bensheim]")).to_be_checked()
    tab_to(page, "button[form=suche]:not(.search-row button)", 150)
    expect(page.locator(":focus")).to_have_text("Filter anwenden")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"town=bensheim"))
    # site.js leaves the empty and default fields out of the address.
    assert page.url.endswith("/angebote/?q=englisch&town=bensheim")
    expect(page.locator("input[name=town][value=bensheim]")).to_be_checked()

    tab_to(page, ".hits > li:first-child h3 a", 150)
    expect(page.locator(":focus")).to_have_text("Englisch für Anfänger")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(english.get_absolute_url()) + "$"))
    expect(page.locator("h1")).to_have_text("Englisch für Anfänger")

    tab_to(page, "a.ics-link", 150)
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    with open(download.path(), "rb") as ics:
        content = ics.read()
    assert content.startswith(b"BEGIN:VCALENDAR")
    assert b"SUMMARY:Englisch f\xc3\xbcr Anf\xc3\xa4nger" in content
    request_log.assert_same_origin()
