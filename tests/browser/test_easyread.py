"""Leichte Sprache, glossary, QR code and print in Chromium: keyboard only, axe-core, print.

Screenshots go to var/screens/easyread/ (desktop, 390 px, print emulation) for a look by eye.
"""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from bildungsportal.catalog.management.commands.load_vocabularies import load_vocabularies
from bildungsportal.catalog.models import Provider
from bildungsportal.search.indexing import rebuild_index
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = Path(settings.BASE_DIR) / "var" / "screens" / "easyread"
ALL_LANGUAGES = [code for code, _name in settings.LANGUAGES]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def data():
    data = factories.small_catalog()
    factories.demo_offering(data)
    migration = importlib.import_module("bildungsportal.core.migrations.0002_default_pages")
    migration.create_pages(apps, None)
    load_vocabularies()
    counselling = factories.provider(
        "Bildungsberatung Bergstraße", municipality=data["bensheim"],
        kind=Provider.Kind.COUNSELLING, phone="06251 5555",
    )
    factories.offering(counselling, data["vocab"], "Bildungsberatung: Ihr Weg zum Kurs",
                       is_free=True)
    rebuild_index()
    return data


def screenshot(page, name, **options):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True, **options)


def offering_path(data, code="de"):
    with translation.override("de"):
        path = data["english"].get_absolute_url()
    return path if code == "de" else f"/{code}{path}"


def tab_to(page, predicate, limit=80):
    """Press Tab until the focused element satisfies ``predicate`` (a JS function body)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return {predicate}; }}"):
            return
    pytest.fail(f"no focusable element with {predicate}")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_home_to_course_list_in_three_keyboard_steps(page, data, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    page.goto("/")
    presses = 0
    tab_to(page, "el.textContent.trim() === 'Leichte Sprache'")
    page.keyboard.press("Enter")
    presses += 1
    page.wait_for_url("**/leichte-sprache/")
    expect(page.locator("h1")).to_have_text("Leichte Sprache")
    tab_to(page, "(el.getAttribute('href') || '').includes('life_phase=')")
    page.keyboard.press("Enter")
    presses += 1
    page.wait_for_url("**/angebote/?life_phase=*")
    expect(page.locator(".hit").first).to_be_visible()
    assert presses <= 3


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_easy_page_has_no_axe_violations(page, request_log, assert_no_axe_violations, data,
                                         viewport):
    if viewport:
        page.set_viewport_size(viewport)
    page.goto("/leichte-sprache/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator(".language-nav")).to_have_count(0)
    # Large type: at least 1.25rem (20 px) on desktop, 1.2rem on a phone.
    size = page.evaluate("getComputedStyle(document.querySelector('.easy p')).fontSize")
    assert float(size.removesuffix("px")) >= (19.2 if viewport else 20)
    assert_no_axe_violations(page)
    request_log.assert_same_origin()
    screenshot(page, "leichte-sprache-" + ("390" if viewport else "desktop"))


@pytest.mark.parametrize("code", ALL_LANGUAGES)
def test_offering_page_with_glossary_and_qr_has_no_axe_violations(
    page, request_log, assert_no_axe_violations, data, code
):
    page.goto(offering_path(data, code))
    glossary = page.locator(".glossary details")
    expect(glossary).to_be_visible()
    expect(page.locator(".glossary dd").first).to_be_hidden()
    page.locator(".glossary summary").focus()
    page.keyboard.press("Enter")  # opens the box by keyboard
    expect(page.locator(".glossary dd").first).to_be_visible()
    qr = page.locator(".offering-qr img")
    expect(qr).to_be_visible()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", qr.element_handle())
    expect(page.locator(".easyread-bar a")).to_have_attribute("lang", "de")
    assert_no_axe_violations(page)
    request_log.assert_same_origin()
    if code in ("de", "ar"):
        screenshot(page, f"angebot-{code}-desktop")
        page.set_viewport_size(PHONE)
        assert_no_axe_violations(page)
        screenshot(page, f"angebot-{code}-390")


def test_print_view_of_offering_and_search(page, data):
    page.goto(offering_path(data))
    page.emulate_media(media="print")
    for hidden in (".main-nav", ".easyread-bar", ".language-nav", ".header-search",
                   ".offering-qr a[download]"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".offering-qr img")).to_be_visible()
    expect(page.locator(".short-url")).to_be_visible()
    # The glossary prints open although it is closed on screen.
    expect(page.locator(".glossary dd").first).to_be_visible()
    background = page.evaluate("getComputedStyle(document.querySelector('.box')).backgroundColor")
    assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    external = page.evaluate(
        "getComputedStyle(document.querySelector('.detail-side a[href^=\"http\"]'), '::after')"
        ".content"
    )
    assert "https://vhs.example.org" in external
    screenshot(page, "angebot-druck")

    page.goto("/angebote/?q=englisch&town=bensheim")
    page.emulate_media(media="print")
    for hidden in (".filter-drawer", ".search-query button", ".main-nav", ".header-bar form"):
        expect(page.locator(hidden).first).to_be_hidden()
    # What was searched stays on paper.
    expect(page.locator(".search-query input")).to_have_value("englisch")
    expect(page.locator(".search-query input")).to_be_visible()
    expect(page.locator(".hit").first).to_be_visible()
    expect(page.locator(".active-filters li").first).to_contain_text("Bensheim")
    expect(page.locator(".active-filters a").first).to_be_hidden()
    assert page.evaluate("getComputedStyle(document.querySelector('.hit')).breakInside") \
        == "avoid"
    screenshot(page, "suche-druck")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
