"""The privacy notice with its new sections (core migration 0005) in six languages in Chromium:
axe-core at 1280 and 390 px, no horizontal scrolling, headings reachable in order.

Screenshots go to $SCREENSHOT_DIR (e.g. var/screens/privacy) when it is set.
"""

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SHOTS = os.environ.get("SCREENSHOT_DIR")
SIZES = {"desktop": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}
# The heading of the Merkliste section and of the last section, per language.
HEADINGS = {"de": ("Merkliste", "Ihre Rechte"), "en": ("Saved offers", "Your rights"),
            "tr": ("Kaydedilenler", "Haklarınız"), "ar": ("المفضلة", "حقوقك"),
            "uk": ("Обране", "Ваші права"), "ru": ("Избранное", "Ваши права")}


@pytest.fixture
def pages():
    # transaction=True flushes the migrations' rows: run the three page migrations again
    for name, function in (("0002_default_pages", "create_pages"),
                           ("0004_default_page_translations", "add_translations"),
                           ("0005_privacy_notice_new_features", "add_sections")):
        migration = importlib.import_module(f"bildungsportal.core.migrations.{name}")
        getattr(migration, function)(apps, None)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("code", LANGUAGES)
def test_privacy_page_in_every_language(page, request_log, assert_no_axe_violations, pages,
                                        code, size):
    page.set_viewport_size(SIZES[size])
    response = page.goto("/datenschutz/" if code == "de" else f"/{code}/datenschutz/")

    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == code
    headings = page.locator("main h2").all_inner_texts()
    first, last = HEADINGS[code]
    assert first in headings and headings[-1] == last
    assert headings.index(first) < len(headings) - 1
    assert page.get_by_text("merkliste", exact=False).count() >= 1
    assert_no_axe_violations(page)
    request_log.assert_same_origin()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= SIZES[size]["width"], f"/datenschutz/ in {code} is {width} px wide"
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/datenschutz-{code}-{size}.png", full_page=True)
