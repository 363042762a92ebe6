"""The one navigation of the provider area in Chromium: each role's links, axe-clean and
without horizontal scrolling on a phone and on a desktop."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data():
    return factories.small_catalog()


@pytest.mark.parametrize("width", [1280, 390])
def test_office_navigation_fits_and_is_accessible(
    logged_in_page, data, width, assert_no_axe_violations
):
    page = logged_in_page(factories.user("redaktion", office=True))
    page.set_viewport_size({"width": width, "height": 900})
    for url in ("/anbieterbereich/redaktion/", "/anbieterbereich/daten/hochladen/",
                "/umfrage/verwaltung/"):
        page.goto(url)
        nav = page.get_by_role("navigation", name="Anbieterbereich")
        expect(nav.get_by_role("link", name="Meine Angebote")).to_be_visible()
        expect(nav.get_by_role("link", name="Freigaben")).to_be_visible()
        expect(nav.get_by_role("link", name="Umfragen verwalten")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url
        assert_no_axe_violations(page)


def test_provider_staff_see_only_their_links(logged_in_page, data, assert_no_axe_violations):
    page = logged_in_page(factories.user("vhs", providers=[data["vhs"]]))
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/anbieterbereich/daten/export/")
    nav = page.get_by_role("navigation", name="Anbieterbereich")
    expect(nav.get_by_role("link", name="Export und Vorlage")).to_have_attribute(
        "aria-current", "page")
    expect(nav.get_by_role("link", name="Freigaben")).to_have_count(0)
    expect(nav.get_by_role("link", name="Umfragen verwalten")).to_have_count(0)
    assert_no_axe_violations(page)
