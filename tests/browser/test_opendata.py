"""/offene-daten/ in Chromium: axe-core in six languages at desktop and phone width, the
downloads reachable by keyboard, screenshots for review (var/screens/opendata/)."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from bildungsportal.opendata.dump import build
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SHOTS = Path(settings.BASE_DIR) / "var" / "screens" / "opendata"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def built(tmp_path, settings):
    settings.OPEN_DATA = {"directory": tmp_path}
    data = factories.small_catalog()
    build()
    return data


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_open_data_page_has_no_axe_violations(page, request_log, assert_no_axe_violations,
                                              built, code, size):
    page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    response = page.goto("/offene-daten/" if code == "de" else f"/{code}/offene-daten/")
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", code)
    if code == "ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".opendata-files li")).to_have_count(3)
    assert_no_axe_violations(page)
    request_log.assert_same_origin()
    if code in ("de", "ar"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"offene-daten-{code}-{size}.png", full_page=True)
    # Nothing wider than the screen (no sideways scrolling on a phone).
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]


def test_download_by_keyboard(page, built):
    page.goto("/offene-daten/")
    link = page.get_by_role("link", name="Alle Angebote als Tabelle (CSV, Semikolon, UTF-8)")
    for _ in range(60):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the CSV link is not reachable with Tab")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    path = download.value.path()
    assert Path(path).read_bytes().startswith(b"\xef\xbb\xbfid;url;titel;")
    assert download.value.suggested_filename == "katalog.csv"
