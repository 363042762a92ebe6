"""Issue 13 (point 6) in Chromium: the compact results view, the answering page's progress
bar and the thank-you page's link to offerings — axe-clean at 1280 and 390 px."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests import survey_factories as sf
from tests.browser.test_issue13_office_provider import shot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_compact_results(logged_in_page, width, assert_no_axe_violations):
    item = sf.survey("kompakt", k=5)
    sf.question(item, "eins", "single", "Erste Frage?", (("a", "Ja"), ("b", "Nein")))
    sf.question(item, "zwei", "single", "Zweite Frage?", (("a", "Ja"), ("b", "Nein")))
    sf.respond(item, {"eins": "a", "zwei": "b"}, n=12)
    page = logged_in_page(factories.user("buero", office=True))
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/umfrage/auswertung/kompakt/")
    page.get_by_role("link", name="Kompakte Ansicht: eine Frage nach der anderen").click()
    expect(page.get_by_text("Frage 1 von 2")).to_be_visible()
    page.get_by_role("link", name="nächste Frage").click()
    expect(page.get_by_role("heading", name="Zweite Frage?", exact=False)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page)
    shot(page, f"results-compact-{width}")


@pytest.mark.parametrize("width", [1280, 390])
def test_answering_progress_and_thanks_link(page, width, assert_no_axe_violations):
    from bildungsportal.surveys.template import load_template

    factories.vocabularies()
    factories.town()
    load_template()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/umfrage/bildungsumfrage/")
    page.get_by_role("button", name="Umfrage starten").click()
    expect(page.get_by_text("Teil 1:")).to_be_visible()
    expect(page.get_by_label("Fortschritt")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page)
    shot(page, f"survey-page-{width}")
