"""Issue 13 (points 5 and 7) in Chromium: the office's demand screen and LimeSurvey upload,
the provider's grouped topic form and filterable list — axe-clean at 1280 and 390 px, no
horizontal scrolling, and the offering form shorter than before on a laptop screen."""

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bildungsportal.catalog import models as catalog
from bildungsportal.search.demand import WISH_FILTER, count_search
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("SCREENSHOT_DIR")


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def data():
    data = factories.small_catalog()
    vocab = data["vocab"]
    for parent in range(8):  # a topic tree of realistic size: 8 fields, 72 subtopics
        top = catalog.Topic.objects.create(slug=f"feld-{parent}", name=f"Themenfeld {parent}",
                                           position=parent + 10)
        for child in range(9):
            catalog.Topic.objects.create(slug=f"feld-{parent}-{child}", parent=top,
                                         name=f"Unterthema {parent}.{child}")
    for number in range(25):
        factories.offering(data["vhs"], vocab, f"Yoga {number:02d}", topics=[vocab["health"]])
    today = date.today()
    count_search(today, "toepfern", [["town", "lautertal"]], 0)
    count_search(today, "gebaerdensprache", [WISH_FILTER, ["topic", "sprachen"]], 0)
    return data


@pytest.mark.parametrize("width", [1280, 390])
def test_office_demand_and_limesurvey_screens(logged_in_page, data, width,
                                              assert_no_axe_violations):
    page = logged_in_page(factories.user("redaktion", office=True))
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/anbieterbereich/redaktion/")
    page.get_by_role("navigation", name="Anbieterbereich").get_by_role(
        "link", name="Suchen ohne Treffer").click()
    expect(page.get_by_role("heading", name="Suchen ohne Treffer", level=1)).to_be_visible()
    expect(page.get_by_text("Ort: lautertal")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page)
    shot(page, f"demand-{width}")
    page.goto("/umfrage/verwaltung/")
    page.get_by_role("link", name="Aus LimeSurvey übernehmen").click()
    expect(page.get_by_label("Umfragestruktur (.lss)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page)
    shot(page, f"limesurvey-{width}")
    data_dir = Path(__file__).resolve().parent.parent / "data" / "limesurvey"
    page.get_by_label("Umfragestruktur (.lss)").set_input_files(
        str(data_dir / "bildungsumfrage_2024.lss"))
    page.get_by_label("Antworten (CSV, freiwillig)").set_input_files(
        str(data_dir / "bildungsumfrage_2024_responses.csv"))
    page.get_by_role("button", name="Prüfen und Vorschau zeigen").click()
    expect(page.get_by_role("heading", name="Vorschau des LimeSurvey-Imports")).to_be_visible()
    expect(page.get_by_text("5 vollständig, 1 unvollständig")).to_be_visible()
    assert_no_axe_violations(page)
    shot(page, f"limesurvey-preview-{width}")


@pytest.mark.parametrize("width", [1280, 390])
def test_provider_form_and_list(logged_in_page, data, width, assert_no_axe_violations):
    page = logged_in_page(factories.user("vhs", providers=[data["vhs"]]))
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/anbieterbereich/")
    page.get_by_label("Titel enthält").fill("yoga")
    page.get_by_label("Themenfeld").select_option("gesundheit")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_text("25 Angebote")).to_be_visible()
    assert "q=yoga" in page.url and "thema=gesundheit" in page.url
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page)
    shot(page, f"provider-list-{width}")

    page.goto(f"/anbieterbereich/anbieter/{data['vhs'].pk}/angebote/neu/")
    groups = page.locator("details.bo-topic-group")
    expect(groups).to_have_count(10)
    # Closed groups hide their boxes: the form is not 80 checkboxes long (only the first
    # group is open on a new offering: "Gesundheit", one box).
    assert page.locator("input[name=topics]:visible").count() == 1
    page.get_by_text("Themenfeld 3", exact=True).click()
    page.get_by_label("Themenfeld 3 – Unterthema 3.4").check()
    expect(page.locator("input[name=topics]:visible")).to_have_count(11)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page)
    if width == 1280:
        # The whole topic block fits on one laptop screen with one group open.
        block = page.locator("fieldset.bo-topics").bounding_box()
        assert block["height"] < 800
    shot(page, f"offering-form-{width}")
