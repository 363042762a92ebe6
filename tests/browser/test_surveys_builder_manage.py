"""Managing a survey in Chromium: channel rename/delete, deleting a survey, the prize draw.

axe-core WCAG 2.1 A/AA on every new screen (also with errors and with drawn winners), and
deleting a channel and a survey with the keyboard only.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bildungsportal.surveys.models import (
    Channel,
    Page,
    PrizeDrawEntry,
    Question,
    Response,
    Survey,
    SurveyVersion,
)
from tests import factories
from tests.browser.test_surveys_builder import tab_to

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def survey():
    survey = Survey.objects.create(
        slug="wuensche", title={"de": "Wünsche <b>2027</b>", "en": "Wishes"},
        languages=["de", "en"], prize_draw={"de": "Zu gewinnen: drei Kursgutscheine."},
    )
    version = SurveyVersion.objects.create(survey=survey, number=1)
    page = Page.objects.create(version=version, position=0, code="start", title={"de": "Start"})
    Question.objects.create(page=page, position=0, code="alter", kind="number",
                            text={"de": "Wie alt?"})
    Channel.objects.create(survey=survey, name="Postkarte")
    used = Channel.objects.create(survey=survey, name="Schule")
    Response.objects.create(version=version, channel=used, submitted_on=timezone.localdate())
    for n in range(4):
        PrizeDrawEntry.objects.create(survey=survey, name=f"Person {n}",
                                      email=f"person{n}@example.org")
    return survey


@pytest.fixture
def office_page(logged_in_page):
    return logged_in_page(factories.user("buero", office=True))


def screens(survey):
    free = Channel.objects.get(name="Postkarte")
    used = Channel.objects.get(name="Schule")
    base = f"/umfrage/verwaltung/{survey.slug}"
    return {
        "channel-edit": f"{base}/kanaele/{free.pk}/",
        "channel-delete": f"{base}/kanaele/{free.pk}/loeschen/",
        "channel-delete-refused": f"{base}/kanaele/{used.pk}/loeschen/",
        "survey-delete": f"{base}/loeschen/",
        "prize-draw": f"{base}/gewinnspiel/",
        "prize-draw-delete": f"{base}/gewinnspiel/loeschen/",
    }


@pytest.mark.parametrize("name", [
    "channel-edit", "channel-delete", "channel-delete-refused", "survey-delete", "prize-draw",
    "prize-draw-delete",
])
def test_manage_screens_have_no_axe_violations(
    office_page, request_log, assert_no_axe_violations, survey, name
):
    response = office_page.goto(screens(survey)[name])

    assert response.status == 200
    expect(office_page.locator("h1")).to_be_visible()
    assert_no_axe_violations(office_page)
    request_log.assert_same_origin()


def test_manage_forms_with_errors_and_results_have_no_axe_violations(
    office_page, assert_no_axe_violations, survey
):
    page = office_page
    page.goto(screens(survey)["channel-edit"])
    page.fill("#id_name", "schule")
    page.get_by_role("button", name="Kanal speichern").click()
    expect(page.locator(".errors")).to_contain_text("gibt es schon")
    assert page.locator("#id_name").get_attribute("aria-invalid") == "true"
    assert_no_axe_violations(page)

    page.goto(screens(survey)["survey-delete"])
    page.fill("#id_confirm", "falsch")
    page.get_by_role("button", name="Umfrage endgültig löschen").click()
    expect(page.locator(".errors")).to_contain_text("nicht der Kurzname")
    assert_no_axe_violations(page)
    assert Survey.objects.filter(slug="wuensche").exists()

    page.goto(screens(survey)["prize-draw"])
    page.fill("#id_count", "9")
    page.get_by_role("button", name="Gewinner ziehen").click()
    expect(page.locator(".errors")).to_contain_text("Es gibt nur 4 Einträge")
    assert_no_axe_violations(page)

    page.fill("#id_count", "2")
    page.get_by_role("button", name="Gewinner ziehen").click()
    expect(page.locator("#gewinner + p + ol li")).to_have_count(2)
    expect(page.locator("#gewinner + p + ol")).to_contain_text("@example.org")
    assert_no_axe_violations(page)


def test_keyboard_only_delete_a_channel(office_page, survey):
    page = office_page
    page.goto(f"/umfrage/verwaltung/{survey.slug}/kanaele/")

    tab_to(page, "a:has-text('Löschen: Postkarte')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/loeschen/")
    tab_to(page, "button:has-text('Ja, Kanal löschen')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/umfrage/verwaltung/{survey.slug}/kanaele/")
    expect(page.locator(".bo-messages")).to_contain_text("ist gelöscht")

    assert list(survey.channels.values_list("name", flat=True)) == ["Schule"]


def test_keyboard_only_delete_a_survey(office_page, survey):
    other = Survey.objects.create(slug="andere", title={"de": "Andere"})
    page = office_page
    page.goto(f"/umfrage/verwaltung/{survey.slug}/")

    tab_to(page, "a:has-text('Umfrage löschen')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/umfrage/verwaltung/{survey.slug}/loeschen/")
    tab_to(page, "#id_confirm")
    page.keyboard.type(survey.slug)
    tab_to(page, "button:has-text('Umfrage endgültig löschen')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/umfrage/verwaltung/")
    expect(page.locator(".bo-messages")).to_contain_text("ist mit allen Antworten gelöscht")

    assert not Survey.objects.filter(slug="wuensche").exists()
    assert not Response.objects.exists() and not PrizeDrawEntry.objects.exists()
    assert Survey.objects.filter(pk=other.pk).exists()
