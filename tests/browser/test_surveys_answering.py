"""The survey in Chromium: every page type of the template with zero axe violations, a
keyboard-only run through the adult branch, answering with JavaScript turned off, reflow.

Not named test_surveys_answer.py: pytest imports test files by their basename, and
tests/test_surveys_answer.py has that name already.
"""

import pytest
from playwright.sync_api import expect

from bildungsportal.surveys.models import Response
from bildungsportal.surveys.template import load_template
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/umfrage/bildungsumfrage/"


@pytest.fixture
def survey():
    factories.vocabularies()
    factories.town()
    factories.town("Heppenheim", ags="06431011", postcodes=("64646",))
    return load_template()[0]


def next_page(page):
    page.get_by_role("button", name="Weiter", exact=True).click()


def check_page(page, assert_no_axe_violations, heading):
    expect(page.locator("h1")).to_contain_text(heading)
    expect(page.locator(".survey-demo")).to_be_visible()
    expect(page.locator(".survey-privacy a")).to_be_visible()
    assert_no_axe_violations(page)


def test_every_page_type_has_no_axe_violations(page, assert_no_axe_violations, request_log,
                                               survey):  # fmt: skip
    page.goto(URL)
    check_page(page, assert_no_axe_violations, "Bildungsumfrage Kreis Bergstraße")
    page.get_by_role("button", name="Umfrage starten").click()
    check_page(page, assert_no_axe_violations, "Über Sie")  # the branch page

    next_page(page)  # nothing chosen: required error with summary
    expect(page.locator("#fehler")).to_contain_text("Bitte beantworten Sie diese Frage.")
    assert_no_axe_violations(page)
    page.locator("#fehler a").first.click()
    expect(page.get_by_label("Ich bin erwachsen")).to_be_visible()

    page.get_by_label("Ich bin erwachsen").check()
    next_page(page)
    check_page(page, assert_no_axe_violations, "Ihre Bildungswünsche")  # matrix + ranking
    matrix_row = page.get_by_role("radiogroup", name="Sprachen")
    expect(matrix_row).to_be_visible()
    matrix_row.get_by_role("radio", name="sehr wichtig").check()
    page.get_by_label("ein niedriger Preis").select_option("1")
    page.get_by_label("Nähe zum Wohnort").select_option("1")  # twice 1: not a permutation
    next_page(page)
    expect(page.locator("#fehler")).to_contain_text("Jeder Platz darf nur einmal vorkommen.")
    assert_no_axe_violations(page)
    for rank, label in enumerate(["ein niedriger Preis", "Nähe zum Wohnort",
                                  "eine passende Uhrzeit", "gute Lehrkräfte",
                                  "ein Zertifikat oder Abschluss"], start=1):  # fmt: skip
        page.get_by_label(label).select_option(str(rank))
    next_page(page)  # topics left out: the soft-required notice
    expect(page.locator("#hinweis")).to_contain_text("Einige Fragen sind noch offen")
    assert_no_axe_violations(page)
    next_page(page)

    check_page(page, assert_no_axe_violations, "Wie und wann lernen")  # catalog questions
    page.get_by_label("Online live").check()
    next_page(page)
    check_page(page, assert_no_axe_violations, "Was hält vom Lernen ab?")
    page.get_by_label("keine Kinderbetreuung").check()
    next_page(page)
    check_page(page, assert_no_axe_violations, "Ideen und Wünsche")  # short and long text
    page.get_by_label("Welches Angebot fehlt").fill("Steuerkurs")
    page.get_by_role("button", name="Später weitermachen").click()
    expect(page.locator("h1")).to_have_text("Später weitermachen")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Jetzt doch weitermachen").click()
    next_page(page)
    check_page(page, assert_no_axe_violations, "Angaben zur Statistik")  # demographics
    page.get_by_label("40 bis 64 Jahre").check()
    page.get_by_role("button", name="Antworten absenden").click()

    check_page(page, assert_no_axe_violations, "Vielen Dank!")  # thanks + prize draw form
    page.get_by_role("button", name="Am Gewinnspiel teilnehmen").click()
    expect(page.locator("#fehler")).to_be_visible()
    assert_no_axe_violations(page)
    assert Response.objects.get().is_complete

    page.goto(URL + "datenschutz/")
    check_page(page, assert_no_axe_violations, "Datenschutzhinweis")
    page.goto(URL + "druck/")
    check_page(page, assert_no_axe_violations, "Bildungsumfrage Kreis Bergstraße")
    page.goto(URL + "?lang=en")
    check_page(page, assert_no_axe_violations, "Education survey")
    expect(page.get_by_role("link", name="Privacy notice for this survey")).to_be_visible()
    page.get_by_role("button", name="Start the survey").click()
    check_page(page, assert_no_axe_violations, "About you")
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.locator("#fehler")).to_contain_text("Please answer this question.")
    assert_no_axe_violations(page)
    page.goto(URL + "weiter/unbekannt/")
    check_page(page, assert_no_axe_violations, "Dieser Link gilt nicht mehr")
    request_log.assert_same_origin()


def test_closed_survey_and_paper_entry_pages(page, logged_in_page, assert_no_axe_violations,
                                             survey):  # fmt: skip
    logged_in_page(factories.user("buero", office=True))
    page.goto(URL + "erfassen/")
    check_page(page, assert_no_axe_violations, "Papierfragebogen erfassen")
    page.get_by_label("Ich gehe zur Schule").check()
    page.get_by_role("button", name="Fragebogen speichern").click()
    expect(page.locator(".notice")).to_contain_text("gespeichert")
    assert_no_axe_violations(page)
    assert Response.objects.get().source == "paper"
    survey.closes_at = survey.created_at
    survey.save()
    page.goto(URL)
    check_page(page, assert_no_axe_violations, "Bildungsumfrage")
    expect(page.locator(".notice")).to_contain_text("beendet")


def tab_to(page, selector, limit=250):
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)",
                         selector):  # fmt: skip
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the keyboard focus")


def test_keyboard_only_through_the_adult_branch(page, survey):
    page.goto(URL)
    tab_to(page, "button[value=start]")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Über Sie")
    tab_to(page, "input[name=q_gruppe]")
    page.keyboard.press("ArrowDown")  # the second option: adult
    expect(page.get_by_label("Ich bin erwachsen")).to_be_checked()
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_contain_text("Ihre Bildungswünsche")
    tab_to(page, "input[name=q_themen][value=sprachen]")
    page.keyboard.press("Space")
    row = page.get_by_role("radiogroup", name="Sprachen")
    tab_to(page, f"input[name={row.locator('input').first.get_attribute('name')}]")
    page.keyboard.press("Space")
    expect(row.locator("input").first).to_be_checked()
    selects = page.locator(".ranking-row select")
    for index in range(selects.count()):
        tab_to(page, f"#{selects.nth(index).get_attribute('id')}")
        page.keyboard.type(str(index + 1))
    tab_to(page, "input[name=q_anzahl_kurse]")
    page.keyboard.type("2")
    page.keyboard.press("Enter")  # Enter in a text field submits with the first button: Weiter

    expect(page.locator("h1")).to_contain_text("Wie und wann lernen")
    tab_to(page, "input[name=q_tageszeit][value=abends]")
    page.keyboard.press("Space")
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Was hält vom Lernen ab?")
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Ideen und Wünsche")
    tab_to(page, "textarea")
    page.keyboard.type("Mehr Kurse am Abend.")
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Angaben zur Statistik")
    tab_to(page, "input[name=q_altersgruppe]")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Vielen Dank!")
    response = Response.objects.get()
    assert response.is_complete
    codes = set(response.answers.values_list("question__code", flat=True))
    assert {"gruppe", "themen", "wichtigkeit", "kriterien", "anzahl_kurse", "tageszeit",
            "anmerkungen", "altersgruppe"} <= codes  # fmt: skip
    assert response.answers.get(question__code="altersgruppe").choice.code == "25-39"


def test_answering_with_javascript_disabled(browser, live_server, survey):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(URL)
        page.get_by_role("button", name="Umfrage starten").click()
        page.get_by_label("Ich gehe zur Schule").check()
        next_page(page)
        expect(page.locator("h1")).to_contain_text("Lernen in der Schule")
        page.get_by_label("Mathematik").check()
        page.get_by_label("Sonstiges, und zwar:").check()
        page.get_by_label("Sonstiges (bitte beschreiben)").fill("Latein")
        next_page(page)
        next_page(page)  # soft notice for the topics, then on
        for _ in range(3):
            expect(page.locator("h1")).not_to_contain_text("Angaben zur Statistik")
            next_page(page)
        page.get_by_label("unter 16 Jahre").check()
        page.get_by_role("button", name="Antworten absenden").click()
        expect(page.locator("h1")).to_have_text("Vielen Dank!")
    finally:
        context.close()
    response = Response.objects.get()
    assert response.is_complete
    assert response.answers.get(question__code="schulfaecher", choice=None).text == "Latein"


def test_matrix_page_reflows_on_a_narrow_screen(page, assert_no_axe_violations, survey):
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(URL)
    page.get_by_role("button", name="Umfrage starten").click()
    page.get_by_label("Ich bin erwachsen").check()
    next_page(page)
    expect(page.get_by_role("radiogroup", name="Sprachen")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(page)


def test_access_code_error_and_rate_limit_pages(page, assert_no_axe_violations, settings,
                                                survey):  # fmt: skip
    survey.requires_access_code = True
    survey.save()
    page.goto(URL)
    page.get_by_label("Zugangscode").fill("FALSCH")
    page.get_by_role("button", name="Umfrage starten").click()
    expect(page.locator("#fehler")).to_contain_text("ungültig oder wurde schon verwendet")
    expect(page.get_by_label("Zugangscode")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)
    settings.SURVEY_RATE_LIMIT = 0
    page.get_by_role("button", name="Umfrage starten").click()
    expect(page.locator("h1")).to_have_text("Zu viele Anfragen")
    assert_no_axe_violations(page)
