"""The whole survey on one page in Chromium: zero axe violations (form, errors, soft notice),
submitting with JavaScript turned off, reached from the start page."""

import pytest
from playwright.sync_api import expect

from bildungsportal.surveys.models import Response
from bildungsportal.surveys.template import load_template
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/umfrage/bildungsumfrage/alle/"


@pytest.fixture
def survey():
    factories.vocabularies()
    factories.town()
    factories.town("Heppenheim", ags="06431011", postcodes=("64646",))
    return load_template()[0]


def test_one_page_has_no_axe_violations_with_errors_and_notice(page, assert_no_axe_violations,
                                                               survey):  # fmt: skip
    page.goto("/umfrage/bildungsumfrage/")
    page.get_by_role("link", name="Alle Fragen auf einer Seite").click()
    expect(page.locator("h1")).to_contain_text("alle Fragen auf einer Seite")
    expect(page.locator(".survey-privacy a")).to_be_visible()
    expect(page.locator("#teil-2")).to_be_attached()  # the pupil part, hidden until chosen
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Antworten absenden").click()
    expect(page.locator("#fehler")).to_contain_text("Bitte beantworten Sie diese Frage.")
    assert_no_axe_violations(page)
    page.locator("#fehler a").first.click()
    page.get_by_label("Ich bin erwachsen").check()
    page.get_by_role("button", name="Antworten absenden").click()
    expect(page.locator("#hinweis")).to_contain_text("Einige Fragen sind noch offen")
    assert_no_axe_violations(page)
    assert not Response.objects.exists()


def test_one_page_without_javascript(browser, live_server, survey):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(URL)
        page.get_by_label("Ich gehe zur Schule").check()
        page.get_by_label("Mathematik").check()
        page.get_by_label("unter 16 Jahre").check()
        page.get_by_role("button", name="Antworten absenden").click()
        expect(page.locator("#hinweis")).to_be_visible()  # soft-required questions left open
        page.get_by_role("button", name="Antworten absenden").click()
        expect(page.locator("h1")).to_have_text("Vielen Dank!")
    finally:
        context.close()
    response = Response.objects.get()
    assert response.is_complete
    codes = set(response.answers.values_list("question__code", flat=True))
    assert {"gruppe", "schulfaecher", "altersgruppe"} <= codes


def test_english_pages_have_no_axe_violations(page, assert_no_axe_violations, survey):
    """In English the page says lang="en" and header, form, errors and thanks are English."""
    page.goto("/umfrage/bildungsumfrage/?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="All questions on one page").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Submit answers").click()
    expect(page.locator("#fehler")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto("/umfrage/bildungsumfrage/datenschutz/?lang=en")
    assert_no_axe_violations(page)
    page.goto("/umfrage/bildungsumfrage/danke/?lang=en")
    assert_no_axe_violations(page)
