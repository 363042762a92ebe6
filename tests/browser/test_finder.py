"""The guided finder in Chromium: keyboard only through the form to the results, without
JavaScript, axe-core in all six languages at 1280 and 390 px, and the journey of issue 14 — in
Arabic on a phone, a German course near Heppenheim in the evening, each answer saying why.

Screenshots: SCREENSHOT_DIR=var/screens/finder pytest tests/browser/test_finder.py
"""

import os
from datetime import time, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from bildungsportal.catalog import models as catalog
from bildungsportal.catalog.management.commands.load_vocabularies import load_vocabularies
from bildungsportal.search.indexing import rebuild_index
from tests import factories
from tests.browser.keyboard import tab_to
from tests.factories import TODAY

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("SCREENSHOT_DIR")
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PHONE = {"width": 390, "height": 844}


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def data():
    """The reference vocabularies (with their translations), three towns, a few courses and
    a counselling service."""
    load_vocabularies()
    topic = {t.slug: t for t in catalog.Topic.objects.all()}
    phase = {p.slug: p for p in catalog.LifePhase.objects.all()}
    group = {g.slug: g for g in catalog.TargetGroup.objects.all()}
    language = {lang.slug: lang for lang in catalog.Language.objects.all()}
    vocab = {"in_person": catalog.Format.objects.get(slug="praesenz"),
             "adults": phase["weiterbildung-beruf"], "de": language["de"]}
    heppenheim = factories.town("Heppenheim", ags="06431011", lat=49.6415, lon=8.6383,
                                postcodes=("64646",))
    bensheim = factories.town("Bensheim", ags="06431002", lat=49.6810, lon=8.6170)
    factories.town("Rimbach", ags="06431019", lat=49.6258, lon=8.7594, postcodes=("64668",))
    vhs = factories.provider("VHS Kreis Bergstraße", municipality=heppenheim)
    saal = factories.venue(heppenheim, "Kurfürstensaal", step_free=True)
    haus = factories.venue(bensheim, "Haus am Markt", step_free=False)

    def course(title, topics, venue, start, **fields):
        o = factories.offering(vhs, vocab, title, topics=topics, **fields)
        factories.run(o, venue, days=4, end_date=TODAY + timedelta(days=80),
                      recurrence=catalog.Run.Recurrence.WEEKLY, start_time=start,
                      end_time=time(start.hour + 2), is_online=venue is None)
        return o

    daz = [topic["deutsch-als-zweitsprache"]]
    course("Deutsch B1 – Abendkurs", daz, saal, time(18, 30), is_free=True,
           summary="Deutsch für Alltag und Beruf, zweimal pro Woche am Abend.")
    course("Deutsch A2 am Vormittag", daz, haus, time(9), price_cents=9000)
    course("Deutsch online für Berufstätige", daz, None, time(19, 30), price_cents=4500)
    course("Englisch im Beruf", [topic["englisch"]], saal, time(18), price_cents=12000)
    course("Yoga am Morgen", [topic["yoga"]], saal, time(8), price_cents=4000)
    caritas = factories.provider("Migrationsberatung Caritas Heppenheim",
                                 kind=catalog.Provider.Kind.COUNSELLING, municipality=heppenheim)
    advice = factories.offering(caritas, vocab, "Migrationsberatung für Erwachsene",
                                topics=[topic["interkulturelles"]], is_free=True,
                                languages=[language["de"], language["ar"], language["uk"]])
    advice.target_groups.set([group["menschen-mit-migrationsgeschichte"]])
    catalog.Run.objects.create(offering=advice, venue=saal, weekdays=2 | 8,
                               recurrence=catalog.Run.Recurrence.STANDING, start_time=time(9),
                               end_time=time(12))
    rebuild_index()
    return {"heppenheim": heppenheim}



def answer_with_keyboard(page):
    """Situation „neu in Deutschland“, German as a second language, Heppenheim, evenings."""
    tab_to(page, "#situation-keine")
    for _ in range(10):
        if page.locator("#situation-neu").is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(page.locator("#situation-neu")).to_be_checked()
    tab_to(page, "#topic-deutsch-als-zweitsprache")
    page.keyboard.press("Space")
    tab_to(page, "#town")
    page.keyboard.type("Heppenheim")
    tab_to(page, "#when-abends")
    page.keyboard.press("Space")
    tab_to(page, ".finder-form button[type=submit]")
    page.keyboard.press("Enter")


def assert_every_result_says_why(page):
    fits = page.locator(".finder-fit")
    assert fits.count() > 0
    for item in fits.all():
        expect(item.locator(".why")).to_be_visible()
        assert item.locator(".why span").count() >= 1
        assert all(text.strip() for text in item.locator(".why span").all_inner_texts())


def test_arabic_phone_journey_german_course_near_heppenheim_in_the_evening(
    page, data, request_log, assert_no_axe_violations
):
    """Issue 14, done when: in Arabic on a phone, via the finder, keyboard only."""
    page.set_viewport_size(PHONE)
    page.goto("/ar/")
    tab_to(page, '.main-nav a[href="/ar/finden/"]')
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("ما المناسب لي؟")
    answer_with_keyboard(page)
    page.wait_for_url("**/ar/finden/?*")
    assert "town=heppenheim" in page.url and "when=abends" in page.url
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # Counselling first (newcomer), then the evening German course in Heppenheim first.
    counselling = page.locator(".finder-counselling .finder-fit").first
    expect(counselling.locator("h4")).to_have_text("Migrationsberatung für Erwachsene")
    first = page.locator(".finder-result > .hits > .finder-fit").first
    expect(first.locator("h3")).to_have_text("Deutsch B1 – Abendkurs")
    expect(first.locator(".why")).to_contain_text("الألمانية لغةً ثانية")  # the topic
    expect(first.locator(".why-place")).to_contain_text("Heppenheim")
    expect(first.locator(".why-when")).to_have_text("في المساء")
    assert_every_result_says_why(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "finder-ar-390-result")
    assert_no_axe_violations(page)
    request_log.assert_same_origin()
    # The offering's page shows similar offerings, with why.
    first.locator("h3 a").click()
    similar = page.locator(".finder-similar")
    expect(similar.locator("h2")).to_have_text("عروض مشابهة")
    expect(similar.locator(".why").first).to_contain_text("أيضًا")
    shot(page, "offering-ar-390-similar")
    assert_no_axe_violations(page)


def test_finder_works_without_javascript(browser, live_server, data):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/finden/")
    page.check("#topic-deutsch-als-zweitsprache")
    page.select_option("#town", "heppenheim")
    page.check("#reach-ohne-auto")
    page.check("#when-abends")
    page.check("#budget-kostenlos")
    page.click(".finder-form button[type=submit]")
    expect(page.locator("#ergebnis h2")).to_be_visible()
    first = page.locator(".finder-result > .hits > .finder-fit").first
    expect(first.locator("h3")).to_have_text("Deutsch B1 – Abendkurs")
    expect(first.locator(".why")).to_contain_text("kostenlos")
    expect(first.locator(".why-place")).to_have_text("in Heppenheim")
    assert_every_result_says_why(page)
    # The whole answer is in the URL: the same address gives the same page again.
    address = page.url
    page.goto(address)
    expect(page.locator("#when-abends")).to_be_checked()
    expect(page.locator(".finder-result > .hits > .finder-fit").first.locator("h3")).to_have_text(
        "Deutsch B1 – Abendkurs")
    assert not context.cookies()
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("code", LANGUAGES)
def test_finder_pages_have_no_axe_violations(page, data, assert_no_axe_violations, request_log,
                                             code, width):
    page.set_viewport_size({"width": width, "height": 900})
    prefix = "" if code == "de" else f"/{code}"
    page.goto(f"{prefix}/finden/")
    expect(page.locator("html")).to_have_attribute("lang", code)
    assert_no_axe_violations(page)
    page.goto(f"{prefix}/finden/?situation=neu&topic=deutsch-als-zweitsprache&topic=sprachen"
              "&town=heppenheim&reach=ohne-auto&when=abends&budget=bis-50")
    assert_every_result_says_why(page)
    assert_no_axe_violations(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    request_log.assert_same_origin()
    if code in ("de", "ar"):
        shot(page, f"finder-{code}-{width}-result")
        page.goto(f"{prefix}/finden/")
        shot(page, f"finder-{code}-{width}-form")


@pytest.mark.parametrize("code", ["de", "en"])
def test_offering_page_with_similar_offerings_has_no_axe_violations(
    page, data, assert_no_axe_violations, code
):
    offering = catalog.Offering.objects.get(title="Deutsch B1 – Abendkurs")
    prefix = "" if code == "de" else f"/{code}"
    page.goto(prefix + offering.get_absolute_url())
    similar = page.locator(".finder-similar")
    expect(similar.locator("li.hit").first).to_be_visible()
    # the other German courses come first, each saying why
    expect(similar.locator("li.hit h3").first).to_contain_text("Deutsch")
    for item in similar.locator("li.hit").all():
        assert item.locator(".why span").count() >= 1
    shot(page, f"offering-{code}-1280-similar")
    assert_no_axe_violations(page)
