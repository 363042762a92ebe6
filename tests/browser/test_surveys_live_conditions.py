"""Live conditions on the one-page form in Chromium (surveys/conditions.js): with JavaScript the
branches that do not apply are hidden and shown while answering, a polite status says so, the
focus stays put, axe finds nothing, and submitting still stores a complete response (the
server drops the answers of hidden questions); without JavaScript every part stays visible."""

import pytest
from playwright.sync_api import expect

from bildungsportal.surveys.models import Response
from tests.browser.test_surveys_one_page import survey  # noqa: F401 — the template survey

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/umfrage/bildungsumfrage/alle/"
PUPIL_PART = "Lernen in der Schule und danach"
ADULT_PART = "Ihre Bildungswünsche"


def part(page, title):
    return page.get_by_role("heading", name=title)


def pupil_question(page):
    return page.get_by_role("group", name="In welchen Schulfächern wünschst du dir")


def adult_questions(page):
    return [
        page.get_by_role("group", name="Wie wichtig sind Ihnen Angebote zu diesen Themen?"),
        page.get_by_label("Wie viele Kurse oder Bildungsveranstaltungen"),
    ]


def test_branches_follow_the_answers_live(page, assert_no_axe_violations, survey):  # noqa: F811
    page.goto(URL)
    status = page.locator("#bedingungen-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_class("visually-hidden")
    expect(status).to_have_text("")
    # Nothing answered yet: neither branch applies; the parts for everyone are there.
    expect(part(page, PUPIL_PART)).to_be_hidden()
    expect(pupil_question(page)).to_be_hidden()
    expect(part(page, ADULT_PART)).to_be_hidden()
    for question in adult_questions(page):
        expect(question).to_be_hidden()
    expect(part(page, "Wie und wann lernen")).to_be_visible()
    expect(page.get_by_role("group", name="Was hält davon ab")).to_be_visible()
    assert_no_axe_violations(page)

    adult = page.get_by_label("Ich bin erwachsen")
    adult.check()
    expect(part(page, ADULT_PART)).to_be_visible()
    for question in adult_questions(page):
        expect(question).to_be_visible()
    expect(part(page, PUPIL_PART)).to_be_hidden()
    expect(pupil_question(page)).to_be_hidden()
    expect(status).to_have_text("5 Fragen eingeblendet, die jetzt für Sie gelten.")
    expect(adult).to_be_focused()  # the focus stays where the respondent is
    assert_no_axe_violations(page)

    pupil = page.get_by_label("Ich gehe zur Schule")
    pupil.check()
    expect(part(page, PUPIL_PART)).to_be_visible()
    expect(pupil_question(page)).to_be_visible()
    expect(part(page, ADULT_PART)).to_be_hidden()
    for question in adult_questions(page):
        expect(question).to_be_hidden()
    expect(status).to_have_text(
        "5 Fragen ausgeblendet, die für Sie nicht gelten. "
        "2 Fragen eingeblendet, die jetzt für Sie gelten."
    )
    expect(pupil).to_be_focused()
    # The `hidden` attribute (not a style): the sections are out of the accessibility tree.
    expect(page.locator('section[data-condition-id="teil-2"]')).not_to_have_attribute("hidden", "")
    expect(page.locator('section[data-condition-id="teil-3"]')).to_have_attribute("hidden", "")
    assert_no_axe_violations(page)


def test_submit_with_javascript_stores_a_complete_response(page, survey):  # noqa: F811
    page.goto(URL)
    page.get_by_label("Ich gehe zur Schule").check()
    page.get_by_label("Mathematik").check()
    page.get_by_label("Ich bin erwachsen").check()  # the pupil answer is hidden, kept, dropped
    expect(page.get_by_label("Mathematik")).to_be_hidden()
    expect(page.get_by_label("Mathematik")).to_be_checked()
    page.get_by_label("Wie viele Kurse oder Bildungsveranstaltungen").fill("3")
    page.get_by_label("unter 16 Jahre").check()
    page.get_by_role("button", name="Antworten absenden").click()
    expect(page.locator("#hinweis")).to_be_visible()  # soft-required questions left open
    # Shown again with the posted answers: the adult branch, the pupil branch hidden.
    expect(part(page, ADULT_PART)).to_be_visible()
    expect(part(page, PUPIL_PART)).to_be_hidden()
    page.get_by_role("button", name="Antworten absenden").click()
    expect(page.locator("h1")).to_have_text("Vielen Dank!")
    response = Response.objects.get()
    assert response.is_complete
    codes = set(response.answers.values_list("question__code", flat=True))
    assert {"gruppe", "anzahl_kurse", "altersgruppe"} <= codes
    assert "schulfaecher" not in codes


def test_without_javascript_every_part_is_shown(browser, live_server, survey):  # noqa: F811
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(URL)
        parts = page.locator("section.survey-part")
        expect(parts).to_have_count(survey.current_version().pages.count())
        for index in range(parts.count()):
            expect(parts.nth(index)).to_be_visible()
        expect(page.locator("[hidden]")).to_have_count(0)
        expect(page.locator("#bedingungen-status")).to_have_count(0)
        expect(pupil_question(page)).to_be_visible()
        for question in adult_questions(page):
            expect(question).to_be_visible()
        expect(page.locator(".survey-condition").first).to_contain_text("Nur ausfüllen, wenn")
        page.get_by_label("Ich bin erwachsen").check()
        expect(pupil_question(page)).to_be_visible()  # nothing changes without the script
    finally:
        context.close()


def test_question_conditions_and_a_hidden_answer_counting_as_none(page, survey):  # noqa: F811
    """A question condition on a page for everyone, typed text (`input` events), and a chain:
    "anmerkungen" needs an answer to "fehlt", which applies to adults only; switching to the
    pupil branch hides "fehlt", and its kept text no longer counts, so "anmerkungen" goes too."""
    questions = {q.code: q for q in survey.current_version().pages.get(code="ideen")
                 .questions.all()}  # fmt: skip
    questions["fehlt"].condition = {"question": "gruppe", "op": "equals", "value": "erwachsen"}
    questions["fehlt"].save()
    questions["anmerkungen"].condition = {"question": "fehlt", "op": "answered"}
    questions["anmerkungen"].save()
    page.goto(URL)
    missing = page.get_by_label("Welches Angebot fehlt im Kreis am meisten?")
    remarks = page.get_by_label("Gibt es noch etwas, das wir wissen sollten?")
    expect(part(page, "Ideen und Wünsche")).to_be_visible()
    expect(missing).to_be_hidden()
    expect(remarks).to_be_hidden()

    page.get_by_label("Ich bin erwachsen").check()
    expect(missing).to_be_visible()
    expect(remarks).to_be_hidden()
    missing.press_sequentially("Steuerkurs")
    expect(remarks).to_be_visible()
    expect(missing).to_be_focused()
    expect(page.locator("#bedingungen-status")).to_have_text(
        "1 Frage eingeblendet, die jetzt für Sie gilt."
    )

    page.get_by_label("Ich gehe zur Schule").check()
    expect(missing).to_be_hidden()
    expect(missing).to_have_value("Steuerkurs")  # kept; the server drops it
    expect(remarks).to_be_hidden()
    expect(page.locator("#bedingungen-status")).to_have_text(
        "7 Fragen ausgeblendet, die für Sie nicht gelten. "
        "2 Fragen eingeblendet, die jetzt für Sie gelten."
    )
    expect(page.locator('[data-condition-id="frage-fehlt"]')).to_have_attribute("hidden", "")
    # The note "Nur ausfüllen, wenn …" goes with its question.
    expect(page.locator('[data-condition-id="frage-anmerkungen"] .survey-condition')).to_be_hidden()

    page.get_by_label("Ich bin erwachsen").check()  # the kept text counts again
    expect(missing).to_be_visible()
    expect(remarks).to_be_visible()
