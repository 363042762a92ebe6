"""Search alerts in Chromium: keyboard-only sign-up and confirmation on a phone in Arabic,
axe-core on every alerts page in all six languages at 1280 and 390 px, screenshots."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from bildungsportal.alerts import tokens
from bildungsportal.alerts.models import Subscription
from bildungsportal.catalog.management.commands.load_vocabularies import load_vocabularies
from tests import factories
from tests.browser.keyboard import tab_to

pytestmark = pytest.mark.django_db(transaction=True)
LANGUAGES = [code for code, _name in settings.LANGUAGES]
SHOTS = Path(settings.BASE_DIR) / "var" / "screens" / "alerts"
SEARCH = "/angebote/?topic=englisch&time_of_day=abends"


@pytest.fixture
def data():
    cache.clear()
    data = factories.small_catalog()
    migration = importlib.import_module("bildungsportal.core.migrations.0002_default_pages")
    migration.create_pages(apps, None)
    load_vocabularies()
    yield data
    cache.clear()


def localized(path, code):
    return path if code == "de" else f"/{code}{path}"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)



def test_keyboard_only_signup_and_confirmation_in_arabic_on_a_phone(page, request_log, data):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(localized(SEARCH, "ar"))
    tab_to(page, ".follow-search > summary")
    page.keyboard.press("Enter")
    expect(page.locator(".follow-search")).to_have_attribute("open", "")
    shot(page, "search-box-ar-390")
    tab_to(page, "#folgen-email")
    page.keyboard.type("leserin@example.org")
    page.keyboard.press("Tab")  # the checked radio button (weekly) …
    page.keyboard.press("ArrowUp")  # … the other one: daily
    expect(page.locator("input[name=frequency][value=daily]")).to_be_checked()
    tab_to(page, ".follow-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ar/angebote/folgen/gesendet/"))
    expect(page.locator("h1")).to_have_text("يرجى تأكيد عنوان بريدك الإلكتروني")
    assert not Subscription.objects.exists()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/bestaetigen/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    tab_to(page, "main form button")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("تم تأكيد الاشتراك في البحث")
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.frequency, subscription.language) == (
        "leserin@example.org", "daily", "ar"
    )
    assert subscription.query == "topic=englisch&time_of_day=abends"
    request_log.assert_same_origin()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("code", LANGUAGES)
def test_alerts_pages_have_no_axe_violations(page, assert_no_axe_violations, data, code,
                                             width):
    page.set_viewport_size({"width": width, "height": 900})
    name = f"{code}-{width}"

    page.goto(localized(SEARCH, code))
    page.locator(".follow-search > summary").click()
    expect(page.locator("#folgen-email")).to_be_visible()
    expect(page.locator("#folgen-website")).to_be_hidden()  # the honeypot
    assert_no_axe_violations(page)

    # Sign-up with a bad address: the form alone with the message (400).
    page.locator("#folgen-email").fill("kein-at")
    page.locator(".follow-form button[type=submit]").click()
    expect(page.locator(".errors")).to_be_visible()
    assert_no_axe_violations(page)
    shot(page, f"signup-error-{name}")

    page.locator("#folgen-email").fill(f"{code}{width}@example.org")
    page.locator(".follow-form button[type=submit]").click()
    expect(page.locator(".confirmation")).to_be_visible()
    assert_no_axe_violations(page)
    shot(page, f"sent-{name}")

    token = tokens.make(f"{code}{width}@example.org", "topic=englisch&time_of_day=abends",
                        "weekly", code)
    page.goto(localized(f"/angebote/folgen/bestaetigen/{token}/", code))
    assert_no_axe_violations(page)
    shot(page, f"confirm-{name}")
    page.locator("main form button").click()
    expect(page.locator(".confirmation")).to_be_visible()
    assert_no_axe_violations(page)
    shot(page, f"confirmed-{name}")

    page.locator("main a[href*='/abmelden/']").click()
    expect(page.locator("main form button")).to_be_visible()
    assert_no_axe_violations(page)
    shot(page, f"unsubscribe-{name}")
    page.locator("main form button").click()
    expect(page.locator(".confirmation")).to_be_visible()
    assert_no_axe_violations(page)
    shot(page, f"unsubscribed-{name}")
    assert not Subscription.objects.filter(email=f"{code}{width}@example.org").exists()

    response = page.goto(localized("/angebote/folgen/bestaetigen/kaputt/", code))
    assert response.status == 400
    assert_no_axe_violations(page)
    shot(page, f"invalid-{name}")
    # No page may scroll sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
