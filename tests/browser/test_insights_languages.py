"""Bildung in Zahlen and the static pages in six languages in Chromium: axe-core at 1280 and
390 px, the Arabic page mirrored with a readable chart, keyboard from the map to the table.

Screenshots go to $SCREENSHOT_DIR (e.g. var/screens/langinsights) when it is set.
"""

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from tests import insights_world as world

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SHOTS = os.environ.get("SCREENSHOT_DIR")
SIZES = {"desktop": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}


def localized(path, code):
    return path if code == "de" else f"/{code}{path}"


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def data():
    data = world.build()
    # transaction=True flushes the migrations' rows: the default pages and their translations
    for name, function in (("0002_default_pages", "create_pages"),
                           ("0004_default_page_translations", "add_translations")):
        migration = importlib.import_module(f"bildungsportal.core.migrations.{name}")
        getattr(migration, function)(apps, None)
    return data


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("path", ["/bildung-in-zahlen/", "/bildung-in-zahlen/bericht/",
                                  "/impressum/"])
def test_no_axe_violations_in_every_language(page, request_log, assert_no_axe_violations,
                                             data, path, code, size):
    page.set_viewport_size(SIZES[size])
    response = page.goto(localized(path, code))
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == code
    assert_no_axe_violations(page)
    request_log.assert_same_origin()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= SIZES[size]["width"], f"{path} in {code} is {width} px wide"
    name = path.strip("/").replace("/", "-")
    shot(page, f"{name}-{code}-{size}")


def test_arabic_page_is_mirrored_and_its_chart_readable(page, data):
    page.set_viewport_size(SIZES["desktop"])
    page.goto("/ar/bildung-in-zahlen/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    heading = page.locator("h1").bounding_box()
    assert heading is not None and heading["x"] + heading["width"] > 1280 / 2  # at the right
    page.locator("details.chart-details summary").first.click()
    chart = page.locator("svg.bar-chart").first
    box = chart.bounding_box()
    label = chart.locator("text", has_text="Abtsteinach").bounding_box()
    bar = chart.locator("rect").first.bounding_box()
    assert box and label and bar
    # names at the right-hand end, inside the chart; bars grow leftwards from them
    assert label["x"] > bar["x"] + bar["width"] - 1
    assert label["x"] + label["width"] <= box["x"] + box["width"] + 1
    assert label["x"] >= box["x"]


def test_keyboard_from_a_town_on_the_map_to_its_row_in_arabic(page, data):
    page.goto("/ar/bildung-in-zahlen/")
    label = ""
    for _press in range(200):
        page.keyboard.press("Tab")
        label = page.evaluate(
            "() => document.activeElement.closest('svg') ? "
            "document.activeElement.getAttribute('aria-label') || '' : ''")
        if label.startswith("Bensheim:"):
            break
    assert label.startswith("Bensheim: "), "Tab never reached Bensheim on the map"
    assert "لكل 1000 نسمة" in label
    page.keyboard.press("Enter")
    page.wait_for_url("**#zahl-1-bensheim")
    assert page.locator("#zahl-1-bensheim").is_visible()


@pytest.mark.parametrize("size", list(SIZES))
def test_german_only_static_page_in_arabic_has_no_axe_violations(page, assert_no_axe_violations,
                                                                 data, size):
    from bildungsportal.core.models import Page

    privacy = Page.objects.get(slug="datenschutz")
    privacy.body += "<p>Ergänzt vom Bildungsbüro.</p>"
    privacy.save()  # the German text changed: its translations are outdated
    page.set_viewport_size(SIZES[size])
    page.goto("/ar/datenschutz/")
    note = page.locator(".page-language-note")
    assert note.inner_text() == "هذا النص متوفر باللغة الألمانية فقط."
    assert page.locator(".page-body").get_attribute("lang") == "de"
    assert_no_axe_violations(page)
    shot(page, f"datenschutz-german-only-ar-{size}")
