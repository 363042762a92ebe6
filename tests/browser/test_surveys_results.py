"""Results pages in Chromium: charts and a cross-tab with zero axe violations, by keyboard."""

import pytest

from tests import factories
from tests import survey_factories as sf
from tests.test_surveys_results import ADULT, OLDER, PUPIL

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def survey():
    item = sf.full_survey()
    postcard = sf.channel(item, "Postkarte")
    sf.respond(item, ADULT, n=20, channel=postcard)
    sf.respond(item, OLDER, n=8)
    sf.respond(item, PUPIL, n=3)
    return item


@pytest.mark.parametrize("path", [
    "/umfrage/auswertung/",
    "/umfrage/auswertung/bildung-test/",
    "/umfrage/auswertung/bildung-test/?filter=alter:3",
    "/umfrage/auswertung/bildung-test/?filter=alter:1",
    "/umfrage/auswertung/bildung-test/kreuztabelle/?frage=bewertung&merkmal=alter",
    "/umfrage/auswertung/bildung-test/freitexte/?q=kurse",
])
def test_results_pages_have_no_axe_violations(logged_in_page, request_log,
                                              assert_no_axe_violations, survey, path):
    page = logged_in_page(factories.user("buero", office=True))
    response = page.goto(path)
    assert response is not None and response.status == 200
    assert_no_axe_violations(page)
    request_log.assert_same_origin()


def test_charts_and_crosstab_render(logged_in_page, survey):
    page = logged_in_page(factories.user("buero", office=True))
    page.goto("/umfrage/auswertung/bildung-test/")
    charts = page.locator("svg.bar-chart[role=img]")
    assert charts.count() >= 10
    first = charts.first
    labelled = first.get_attribute("aria-labelledby").split()
    assert page.locator(f"#{labelled[0]}").count() == 1
    # keyboard: pick the cross-tab form and submit it without a mouse
    page.goto("/umfrage/auswertung/bildung-test/kreuztabelle/")
    page.locator("#frage").select_option("interesse")
    page.locator("#merkmal").select_option("_kanal")
    page.locator("#merkmal").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**merkmal=_kanal**")
    table = page.locator("table.crosstab")
    assert table.count() == 1 and "Postkarte" in table.inner_text()
