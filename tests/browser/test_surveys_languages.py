"""The survey in its six languages in Chromium: axe-core with zero violations on the first page,
a validation error page, the soft-required notice and the thank-you page (with the prize draw
form) in de, en, tr, ar, uk and ru, at 1280 and 390 px, without horizontal scrolling; Arabic is
right to left and mirrored; the whole page flow answered by keyboard alone in Arabic.

Set SCREENSHOT_DIR (e.g. var/screens/langsurvey) to keep a full-page screenshot of each page.
Not named test_surveys_languages.py: pytest imports test files by their basename, and
tests/test_surveys_languages.py has that name already.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bildungsportal.surveys.models import Response
from bildungsportal.surveys.template import load_template
from tests import factories
from tests.browser.test_surveys_answering import tab_to

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/umfrage/bildungsumfrage/"
SHOTS = os.environ.get("SCREENSHOT_DIR")
LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru")
# (start button, submit button, required message, thank-you heading, prize draw button)
UI = {
    "de": ("Umfrage starten", "Antworten absenden", "Bitte beantworten Sie diese Frage.",
           "Vielen Dank!", "Am Gewinnspiel teilnehmen"),
    "en": ("Start the survey", "Submit answers", "Please answer this question.", "Thank you!",
           "Take part in the prize draw"),
    "tr": ("Ankete başla", "Yanıtları gönder", "Lütfen bu soruyu yanıtlayın.",
           "Çok teşekkürler!", "Çekilişe katıl"),
    "ar": ("ابدأ الاستبيان", "إرسال الإجابات", "يُرجى الإجابة عن هذا السؤال.", "شكرًا جزيلًا!",
           "شارك في السحب على الجوائز"),
    "uk": ("Почати опитування", "Надіслати відповіді",
           "Будь ласка, дайте відповідь на це запитання.", "Щиро дякуємо!",
           "Узяти участь у розіграші"),
    "ru": ("Начать опрос", "Отправить ответы", "Пожалуйста, ответьте на этот вопрос.",
           "Большое спасибо!", "Участвовать в розыгрыше"),
}  # fmt: skip


@pytest.fixture
def survey():
    factories.vocabularies()
    factories.town()
    factories.town("Heppenheim", ags="06431011", postcodes=("64646",))
    return load_template()[0]


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def check(page, assert_no_axe_violations, lang, width, name):
    expect(page.locator("html")).to_have_attribute("lang", lang)
    direction = page.evaluate("() => getComputedStyle(document.body).direction")
    assert direction == ("rtl" if lang == "ar" else "ltr")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width, name
    assert_no_axe_violations(page)
    shot(page, f"{lang}-{width}-{name}")


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.usefixtures("survey")
def test_start_error_notice_and_thanks_in_every_language(page, assert_no_axe_violations,
                                                         request_log, lang, width):
    start, submit, required, thanks, prize = UI[lang]
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{URL}?lang={lang}")
    expect(page.get_by_role("button", name=start)).to_be_visible()
    expect(page.locator(f'.survey-languages a[lang="{lang}"]')).to_have_attribute(
        "aria-current", "true")  # fmt: skip
    check(page, assert_no_axe_violations, lang, width, "1-start")

    page.goto(f"{URL}alle/?lang={lang}")
    page.get_by_role("button", name=submit).click()  # nothing chosen: the required error
    expect(page.locator("#fehler")).to_contain_text(required)
    check(page, assert_no_axe_violations, lang, width, "2-error")

    page.locator("input[name=q_gruppe]").nth(1).check()  # adult
    page.get_by_role("button", name=submit).click()
    expect(page.locator("#hinweis")).to_be_visible()  # soft-required questions, asked once
    check(page, assert_no_axe_violations, lang, width, "3-notice")

    page.get_by_role("button", name=submit).click()
    expect(page.locator("h1")).to_have_text(thanks)
    expect(page.get_by_role("button", name=prize)).to_be_visible()
    check(page, assert_no_axe_violations, lang, width, "4-thanks")
    request_log.assert_same_origin()
    assert Response.objects.get().language == lang


@pytest.mark.parametrize("width", [1280, 390])
def test_arabic_survey_is_mirrored(page, survey, width):
    page.set_viewport_size({"width": width, "height": 900})
    gaps = {}
    for lang in ("de", "ar"):
        page.goto(f"{URL}alle/?lang={lang}")
        legend = page.locator("#frage-gruppe legend").bounding_box()
        radio = page.locator("input[name=q_gruppe]").first.bounding_box()
        gaps[lang] = (legend["x"], width - legend["x"] - legend["width"], radio["x"])
    # German starts at the left, Arabic at the right, the same distance from its edge.
    assert abs(gaps["de"][0] - gaps["ar"][1]) <= 24, gaps
    assert gaps["ar"][2] > width / 2 > gaps["de"][2], gaps  # the radio buttons sit at the start


def press_next(page, key_on="button[value=next]"):
    """Submit by keyboard; a soft-required notice asks once, "next" again continues."""
    tab_to(page, key_on)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if page.locator("#hinweis").count():
        tab_to(page, "button[value=next]")
        with page.expect_navigation():
            page.keyboard.press("Enter")


def test_keyboard_only_in_arabic(page, survey):
    page.goto(f"{URL}?lang=ar")
    tab_to(page, "button[value=start]")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("عنك")
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")  # nothing chosen: the error summary, in Arabic
    expect(page.locator("#fehler")).to_contain_text("يُرجى الإجابة عن هذا السؤال.")
    tab_to(page, "input[name=q_gruppe]")
    page.keyboard.press("ArrowDown")  # the second option: adult (arrow keys follow the order)
    expect(page.get_by_label("أنا شخص بالغ")).to_be_checked()
    press_next(page)

    expect(page.locator("h1")).to_contain_text("رغباتك في التعلّم")
    selects = page.locator(".ranking-row select")
    for index in range(selects.count()):
        tab_to(page, f"#{selects.nth(index).get_attribute('id')}")
        page.keyboard.type(str(index + 1))
    tab_to(page, "input[name=q_anzahl_kurse]")
    page.keyboard.type("4")
    press_next(page, "input[name=q_anzahl_kurse]")  # Enter in a text field: the first button
    for heading in ("كيف ومتى تتعلّم", "ما الذي يمنعك؟", "أفكارك"):
        expect(page.locator("h1")).to_contain_text(heading)
        press_next(page)
    expect(page.locator("h1")).to_contain_text("بيانات إحصائية")
    tab_to(page, "input[name=q_altersgruppe]")
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    press_next(page)

    expect(page.locator("h1")).to_have_text("شكرًا جزيلًا!")
    response = Response.objects.get()
    assert response.is_complete and response.language == "ar"
    assert response.answers.get(question__code="altersgruppe").choice.code == "40-64"
    assert response.answers.get(question__code="anzahl_kurse").number == 4
    ranks = dict(response.answers.filter(question__code="kriterien")
                 .values_list("choice__code", "rank"))  # fmt: skip
    assert sorted(ranks.values()) == [1, 2, 3, 4, 5]
