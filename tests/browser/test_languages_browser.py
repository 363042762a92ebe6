"""The six languages in Chromium: axe-core on the public pages in every language, the Arabic
layout mirrored, the search page's weight budget and no third-party request in every language.

Not named test_languages.py: pytest imports test files by their basename, and
tests/test_languages.py has that name already.
"""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from bildungsportal.catalog.management.commands.load_vocabularies import load_vocabularies
from bildungsportal.surveys.template import load_template
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "de"]
ALL_LANGUAGES = [code for code, _name in settings.LANGUAGES]
BUDGET = 60 * 1024  # bytes transferred for the search page, everything included


@pytest.fixture
def data():
    data = factories.small_catalog()
    factories.demo_offering(data)  # the demo notice is on every page, so axe checks it too
    migration = importlib.import_module("bildungsportal.core.migrations.0002_default_pages")
    migration.create_pages(apps, None)
    load_vocabularies()  # the reference terms with their translations
    return data


def localized(path, code):
    return path if code == "de" else f"/{code}{path}"


def paths(data):
    with translation.override("de"):
        return {
            "home": "/",
            "search": "/angebote/?q=englisch&language=de",
            "offering": data["english"].get_absolute_url(),
            "providers": "/anbieter/",
            "provider": data["vhs"].get_absolute_url(),
            "town": "/orte/bensheim/",
            "life-phase": "/lebensphasen/weiterbildung-beruf/",
            "not-found": "/gibt-es-nicht/",
        }


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
@pytest.mark.parametrize(
    "name", ["home", "search", "offering", "providers", "provider", "town", "life-phase",
             "not-found"],
)
def test_page_in_every_language_has_no_axe_violations(
    page, request_log, assert_no_axe_violations, data, name, code
):
    response = page.goto(localized(paths(data)[name], code))

    assert response.status == (404 if name == "not-found" else 200)
    expect(page.locator("html")).to_have_attribute("lang", code)
    if code == "ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(f'.language-nav a[lang="{code}"]')).to_have_attribute(
        "aria-current", "true"
    )
    assert_no_axe_violations(page)
    request_log.assert_same_origin()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_survey_start_page_has_no_axe_violations(page, assert_no_axe_violations, lang):
    factories.vocabularies()
    factories.town()
    load_template()
    page.goto(f"/umfrage/bildungsumfrage/?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_no_axe_violations(page)


def box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("width", [1280, 390])
def test_arabic_layout_is_mirrored(page, data, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/angebote/")
    german = {sel: box(page, sel) for sel in (".site-name", ".main-nav li", "#q")}
    assert page.evaluate("() => getComputedStyle(document.body).direction") == "ltr"
    page.goto("/ar/angebote/")
    assert page.evaluate("() => getComputedStyle(document.body).direction") == "rtl"
    arabic = {sel: box(page, sel) for sel in german}
    # The site name and the first menu entry start at the left in German, at the right in
    # Arabic: each one's distance from its starting edge is (about) the same, mirrored.
    for selector in (".site-name", ".main-nav li"):
        left_gap = german[selector]["x"]
        right_gap = width - (arabic[selector]["x"] + arabic[selector]["width"])
        assert left_gap < width / 3, selector
        assert right_gap < width / 3, selector
        assert abs(left_gap - right_gap) <= 24, (selector, left_gap, right_gap)
    # No horizontal scrolling in either direction.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_arabic_text_input_and_numbers(page, data):
    page.goto("/ar/angebote/?q=englisch")
    expect(page.locator("#result-count")).to_be_visible()
    # The provider's German title keeps its language inside the Arabic page.
    title = page.locator(".hit h3[lang='de']").first
    expect(title).to_have_text("Englisch für Anfänger")
    assert title.evaluate("(el) => getComputedStyle(el).direction") == "ltr"
    assert page.evaluate("() => getComputedStyle(document.body).direction") == "rtl"
    # The public catalogs win over the admin's for shared msgids ("Filter").
    expect(page.locator("#filter-heading")).to_contain_text("عوامل التصفية")


@pytest.mark.parametrize("code", ALL_LANGUAGES)
def test_search_page_weight_budget_in_every_language(browser, live_server, data, code):
    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        log = []
        page.on("request", lambda request: log.append(request.url))
        page.goto(localized("/angebote/", code))
        page.wait_for_load_state("load")
        transferred = page.evaluate(
            "() => performance.getEntriesByType('navigation')[0].transferSize"
            " + performance.getEntriesByType('resource')"
            "     .reduce((sum, entry) => sum + entry.transferSize, 0)"
        )
        assert 0 < transferred <= BUDGET, f"{code}: {transferred} bytes"
        assert all(url.startswith(live_server.url) or url.startswith("data:") for url in log)
    finally:
        context.close()
