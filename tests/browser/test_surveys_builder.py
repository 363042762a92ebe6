"""The survey builder in Chromium: axe-core WCAG 2.1 A/AA on every screen, keyboard only."""

import pytest
from playwright.sync_api import expect

from bildungsportal.surveys.models import (
    Channel,
    Choice,
    Page,
    Question,
    Survey,
    SurveyVersion,
)
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def survey():
    survey = Survey.objects.create(
        slug="wuensche", title={"de": "Wünsche <b>2027</b>", "en": "Wishes"},
        languages=["de", "en"], introduction={"de": "Bitte mitmachen."},
    )
    version = SurveyVersion.objects.create(survey=survey, number=1)
    start = Page.objects.create(version=version, position=0, code="start",
                                title={"de": "Start"})
    branch = Page.objects.create(version=version, position=1, code="schule",
                                 title={"de": "Schule"},
                                 condition={"question": "gruppe", "op": "equals",
                                            "value": "schueler"})
    group = Question.objects.create(page=start, position=0, code="gruppe", kind="single",
                                    text={"de": "Wer sind Sie?"}, requirement="required")
    Choice.objects.create(question=group, position=0, code="schueler", label={"de": "Schüler"})
    Choice.objects.create(question=group, position=1, code="erwachsen",
                          label={"de": "Erwachsen"})
    Question.objects.create(page=start, position=1, code="alter", kind="number",
                            text={"de": "Wie alt?"}, min_value=6, max_value=120)
    matrix = Question.objects.create(page=branch, position=0, code="faecher", kind="matrix",
                                     text={"de": "Wie gern?"})
    Choice.objects.create(question=matrix, position=0, code="1", label={"de": "gern"})
    Choice.objects.create(question=matrix, position=1, code="2", label={"de": "ungern"})
    Choice.objects.create(question=matrix, position=0, code="mathe", label={"de": "Mathe"},
                          is_row=True)
    Channel.objects.create(survey=survey, name="Postkarte")
    return survey


@pytest.fixture
def office_page(logged_in_page):
    return logged_in_page(factories.user("buero", office=True))


def screens(survey):
    group = Question.objects.get(code="gruppe")
    page = Page.objects.get(code="start")
    base = f"/umfrage/verwaltung/{survey.slug}"
    return {
        "list": "/umfrage/verwaltung/",
        "create": "/umfrage/verwaltung/neu/",
        "structure": f"{base}/",
        "settings": f"{base}/einstellungen/",
        "channels": f"{base}/kanaele/",
        "codes": f"{base}/zugangscodes/",
        "preview": f"{base}/vorschau/",
        "duplicate": f"{base}/duplizieren/",
        "kind": f"{base}/seiten/{page.pk}/fragen/neu/",
        "new-matrix": f"{base}/seiten/{page.pk}/fragen/neu/?art=matrix",
        "question": f"{base}/fragen/{group.pk}/",
        "page": f"{base}/seiten/{page.pk}/",
        "delete": f"{base}/fragen/{group.pk}/loeschen/",
    }


@pytest.mark.parametrize("name", [
    "list", "create", "structure", "settings", "channels", "codes", "preview", "duplicate", "kind",
    "new-matrix", "question", "page", "delete",
])
def test_builder_screens_have_no_axe_violations(
    office_page, request_log, assert_no_axe_violations, survey, name
):
    response = office_page.goto(screens(survey)[name])

    assert response.status == 200
    expect(office_page.locator("h1")).to_be_visible()
    assert_no_axe_violations(office_page)
    request_log.assert_same_origin()


def test_forms_with_errors_have_no_axe_violations(office_page, assert_no_axe_violations,
                                                  survey):
    office_page.goto(screens(survey)["question"])
    office_page.fill("#id_choices_text", "1 = a\n1 = b")
    office_page.get_by_role("button", name="Frage speichern").click()

    expect(office_page.locator(".errors")).to_contain_text("kommt doppelt vor")
    assert office_page.locator("#id_choices_text").get_attribute("aria-invalid") == "true"
    assert_no_axe_violations(office_page)

    office_page.goto(screens(survey)["settings"])
    office_page.fill("#id_min_cell_size", "0")
    office_page.fill("#id_opens_at", "31.02.2027")
    office_page.get_by_role("button", name="Einstellungen speichern").click()
    expect(office_page.locator(".errors")).to_be_visible()
    assert_no_axe_violations(office_page)


def test_new_access_codes_have_no_axe_violations(office_page, assert_no_axe_violations,
                                                 survey):
    office_page.goto(screens(survey)["codes"])
    office_page.fill("#id_group", "Klasse 8b")
    office_page.fill("#id_count", "20")
    office_page.get_by_role("button", name="Codes erzeugen").click()

    expect(office_page.locator(".code-list li")).to_have_count(20)
    assert_no_axe_violations(office_page)


def test_builder_reflows_on_a_narrow_screen(office_page, survey):
    office_page.set_viewport_size({"width": 320, "height": 720})
    for name in ("list", "structure", "preview", "channels"):
        office_page.goto(screens(survey)[name])
        assert office_page.evaluate("() => document.documentElement.scrollWidth") <= 320, name


def tab_to(page, selector, limit=120):
    """Press Tab until the element matching ``selector`` has the focus."""
    target = page.locator(selector).first
    target.wait_for()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} not reachable with Tab")


def test_keyboard_only_create_a_survey_with_one_single_choice_question(office_page):
    page = office_page
    page.goto("/umfrage/verwaltung/")

    tab_to(page, "a:has-text('Neue Umfrage anlegen')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/umfrage/verwaltung/neu/")
    tab_to(page, "#id_slug")
    page.keyboard.type("tastatur")
    tab_to(page, "#id_title_de")
    page.keyboard.type("Umfrage per Tastatur")
    tab_to(page, "button:has-text('Umfrage anlegen')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/umfrage/verwaltung/tastatur/")

    tab_to(page, "a:has-text('Frage hinzufügen')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/fragen/neu/")
    tab_to(page, "#id_art_0")  # Einfachauswahl
    page.keyboard.press("Space")
    tab_to(page, "button:has-text('Weiter')")
    page.keyboard.press("Enter")
    page.wait_for_url("**art=single")

    tab_to(page, "#id_code")
    page.keyboard.type("zufrieden")
    tab_to(page, "#id_text_de")
    page.keyboard.type("Wie zufrieden sind Sie?")
    tab_to(page, "#id_choices_text")
    page.keyboard.type("1 = sehr | very\n2 = kaum | hardly")
    tab_to(page, "button:has-text('Frage speichern')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/umfrage/verwaltung/tastatur/")
    expect(page.locator(".bo-messages")).to_contain_text("Die Frage ist angelegt")

    question = Question.objects.get(page__version__survey__slug="tastatur")
    assert (question.code, question.kind, question.text) == (
        "zufrieden", "single", {"de": "Wie zufrieden sind Sie?"})
    assert [(c.code, c.label) for c in question.choices.all()] == [
        ("1", {"de": "sehr", "en": "very"}), ("2", {"de": "kaum", "en": "hardly"}),
    ]
    assert not Survey.objects.get(slug="tastatur").is_open()
