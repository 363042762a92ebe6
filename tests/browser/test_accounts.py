"""Accounts in Chromium: login, invitation and account pages (axe-core, keyboard)."""

import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from bildungsportal.accounts import invitations
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "geheim-Passwort-42"
PASSWORD_LABEL = re.compile(r"^Passwort:?$")


@pytest.fixture
def vhs():
    return factories.provider("VHS Bergstraße", approved_at=timezone.now())


def test_logged_in_page_fixture_gives_a_session(logged_in_page):
    admin = factories.user("chefin", superuser=True)

    page = logged_in_page(admin)
    page.goto("/admin/")

    assert "/admin/login/" not in page.url
    assert page.get_by_text("chefin").count() >= 1


@pytest.mark.parametrize("url", [
    "/konto/anmelden/", "/konto/passwort-vergessen/", "/konto/passwort-neu/MQ/kaputt/",
    "/konto/einladung/unbekannt/",
])
def test_public_account_pages_have_no_axe_violations(page, request_log,
                                                     assert_no_axe_violations, url):
    page.goto(url)

    assert_no_axe_violations(page)
    request_log.assert_same_origin()


def test_login_by_keyboard_only(page, vhs, assert_no_axe_violations):
    factories.user("anna", providers=[vhs])
    page.goto("/konto/anmelden/")

    page.get_by_label("Benutzername").focus()
    page.keyboard.type("anna")
    page.keyboard.press("Tab")
    expect(page.get_by_label(PASSWORD_LABEL)).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    page.wait_for_load_state()
    account_nav = page.get_by_role("navigation", name="Konto")
    expect(account_nav.get_by_role("button", name="Abmelden")).to_be_visible()
    assert "/konto/anmelden/" not in page.url
    page.goto("/")
    assert_no_axe_violations(page)  # the header's account area when logged in


def test_login_errors_and_lockout_message_are_accessible(page, assert_no_axe_violations):
    factories.user("anna")
    page.goto("/konto/anmelden/")
    for _ in range(settings.LOGIN_MAX_FAILURES):
        page.get_by_label("Benutzername").fill("anna")
        page.get_by_label(PASSWORD_LABEL).fill("falsch")
        page.get_by_role("button", name="Anmelden").click()

    expect(page.locator("#fehler")).to_contain_text("vorübergehend gesperrt")
    assert_no_axe_violations(page)


def test_accept_invitation_page_with_and_without_errors(page, vhs, assert_no_axe_violations):
    _, token = invitations.create_invitation("neu@example.org", "provider", vhs)
    page.goto(f"/konto/einladung/{token}/")
    assert_no_axe_violations(page)

    page.get_by_label("Benutzername").fill("neu")
    page.get_by_label(PASSWORD_LABEL).fill("123")
    page.get_by_label("Passwort bestätigen").fill("123")
    page.get_by_role("button", name="Konto anlegen").click()
    expect(page.get_by_text("Dieses Passwort ist zu kurz")).to_be_visible()
    # Django reports the password rules at the confirmation field.
    expect(page.get_by_label("Passwort bestätigen")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)

    page.get_by_label(PASSWORD_LABEL).fill("Ein-langes-Passwort-2027")
    page.get_by_label("Passwort bestätigen").fill("Ein-langes-Passwort-2027")
    page.get_by_role("button", name="Konto anlegen").click()
    page.goto("/konto/")
    expect(page.get_by_text("Mitarbeit bei VHS Bergstraße")).to_be_visible()


def test_account_invite_and_password_pages_logged_in(logged_in_page, vhs,
                                                     assert_no_axe_violations):
    page = logged_in_page(factories.user("buero", office=True))

    for url in ["/konto/", "/konto/einladen/", "/konto/passwort/"]:
        page.goto(url)
        assert_no_axe_violations(page)
    page.goto("/konto/einladen/")
    page.get_by_role("button", name="Einladung senden").click()
    expect(page.locator("#fehler")).to_be_visible()
    assert_no_axe_violations(page)
