"""Two regions on two host names in Chromium: region B's home and search (axe-core, six
languages, desktop and 390 px), the cross-border label, screenshots of both regions' home
pages for review (var/screens/regionsite/).

The live server answers on localhost and 127.0.0.1 alike: region B (Odenwaldkreis) owns the
host name "localhost", the default region (Kreis Bergstraße) answers 127.0.0.1.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from bildungsportal.places.models import Region
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SHOTS = Path(settings.BASE_DIR) / "var" / "screens" / "regionsite"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def regions(live_server):
    data = factories.small_catalog()  # Kreis Bergstraße: Bensheim, Heppenheim …
    odenwald = Region.objects.create(
        key="06437", name="Odenwaldkreis", slug="odenwald", host="localhost",
        primary_colour="#2e6b30", accent_colour="#1d4420",
    )
    erbach = factories.town("Erbach", ags="06437006", lat=49.6577, lon=8.9927,
                            postcodes=("64711",))
    erbach.region = odenwald
    erbach.save()
    michelstadt = factories.town("Michelstadt", ags="06437011", lat=49.6794, lon=9.0040,
                                 postcodes=("64720",))
    michelstadt.region = odenwald
    michelstadt.save()
    academy = factories.provider("Odenwald-Akademie", municipality=erbach)
    for title, town in (("Imkern im Odenwald", erbach), ("Holzbildhauen", michelstadt)):
        course = factories.offering(academy, data["vocab"], title)
        factories.run(course, factories.venue(town, name=f"Saal {town.name}"))
    port = urlsplit(live_server.url).port
    return {"odenwald": f"http://localhost:{port}", "bergstrasse": f"http://127.0.0.1:{port}"}


def prefix(code):
    return "" if code == "de" else f"/{code}"


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_region_b_home_and_search_have_no_axe_violations(page, regions,
                                                         assert_no_axe_violations, code, size):
    page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    base = regions["odenwald"]
    page.goto(f"{base}{prefix(code)}/")
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator(".site-name")).to_have_text("Bildungsportal Odenwaldkreis")
    expect(page.locator("h1")).to_contain_text("Odenwaldkreis")
    assert_no_axe_violations(page)
    if code in ("de", "ar"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"odenwald-home-{code}-{size}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    page.goto(f"{base}{prefix(code)}/angebote/")
    expect(page.locator(".hit")).to_have_count(2)
    assert_no_axe_violations(page)
    if code == "de":
        page.screenshot(path=SHOTS / f"odenwald-search-{size}.png", full_page=True)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_cross_border_hits_are_labelled(page, regions, assert_no_axe_violations, size):
    page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    page.goto(f"{regions['bergstrasse']}/angebote/?near=Bensheim&radius_km=40")
    label = page.locator(".hit", has_text="Imkern im Odenwald").locator(".region-label")
    expect(label).to_have_text("Aus der Nachbarregion Odenwaldkreis")
    assert_no_axe_violations(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"bergstrasse-cross-border-{size}.png", full_page=True)
    # keyboard: the labelled hit's link is reachable and opens the page naming its region
    link = page.get_by_role("link", name="Imkern im Odenwald")
    for _ in range(80):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the cross-border hit is not reachable with Tab")
    page.keyboard.press("Enter")
    expect(page.locator("main .region-label")).to_contain_text("Odenwaldkreis")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screenshots_of_both_regions_home_pages(page, regions, size):
    page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{regions['bergstrasse']}/")
    expect(page.locator("h1")).to_have_text("Bildung im Kreis Bergstraße")
    page.screenshot(path=SHOTS / f"bergstrasse-home-{size}.png", full_page=True)
    page.goto(f"{regions['odenwald']}/")
    expect(page.locator(".site-name")).to_have_text("Bildungsportal Odenwaldkreis")
    page.screenshot(path=SHOTS / f"odenwald-home-{size}.png", full_page=True)
