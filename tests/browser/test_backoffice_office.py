"""The office's screens in Chromium: axe-core WCAG 2.1 A/AA, no third-party requests, and the
review and duplicate decisions done with the keyboard (plain forms, no JavaScript needed)."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from bildungsportal.backoffice import duplicates, history
from bildungsportal.backoffice.models import LinkCheck, OfferingChange
from bildungsportal.catalog.models import Offering
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


@pytest.fixture
def data():
    data = factories.small_catalog()
    vocab, vhs = data["vocab"], data["vhs"]
    data["pending"] = factories.offering(vhs, vocab, "Italienisch für die Reise",
                                         status="pending")
    factories.run(data["pending"], data["haus"], days=30)
    twin = factories.offering(data["music"], vocab, "Englisch für Anfänger!", source="ba")
    factories.run(twin, data["haus"], start_date=data["weekly"].start_date)
    duplicates.find_duplicates()
    editor = factories.user("vhs-team", providers=[vhs])
    before = history.snapshot(data["english"])
    data["english"].summary = "Neu: mit Sprechtraining"
    data["english"].price_cents = 13000
    data["english"].save()
    data["change"] = history.record(data["english"], editor, OfferingChange.Action.EDITED,
                                    before=before)
    history.record(data["english"], editor, OfferingChange.Action.EDITED)
    LinkCheck.objects.create(offering=data["english"], url=data["english"].registration_url,
                             ok=False, status_code=404, checked_at="2026-01-01T00:00:00Z")
    Offering.objects.filter(pk=data["first_aid"].pk).update(updated_at="2020-01-01T00:00:00Z")
    data["office"] = factories.user("redaktion", office=True)
    return data


def pages(data):
    return {
        "home": "/anbieterbereich/redaktion/",
        "review": "/anbieterbereich/redaktion/freigabe/",
        "preview": f"/anbieterbereich/redaktion/freigabe/{data['pending'].pk}/vorschau/",
        "history": f"/anbieterbereich/redaktion/angebote/{data['english'].pk}/verlauf/",
        "revert": f"/anbieterbereich/redaktion/verlauf/{data['change'].pk}/zuruecksetzen/",
        "stale": "/anbieterbereich/redaktion/veraltet/",
        "links": "/anbieterbereich/redaktion/defekte-links/",
        "duplicates": "/anbieterbereich/redaktion/dubletten/",
    }


@pytest.mark.parametrize(
    "name", ["home", "review", "preview", "history", "revert", "stale", "links", "duplicates"]
)
def test_office_pages_have_no_axe_violations(
    page, live_server, request_log, assert_no_axe_violations, data, name
):
    log_in(page, live_server, data["office"])
    response = page.goto(pages(data)[name])

    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    request_log.assert_same_origin()


def test_reject_with_keyboard_shows_the_error_then_succeeds(
    page, live_server, assert_no_axe_violations, data
):
    log_in(page, live_server, data["office"])
    page.goto(pages(data)["review"])

    page.get_by_role("button", name="Zurückweisen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("warum Sie das Angebot")
    assert_no_axe_violations(page)  # the page with the error message

    page.get_by_label("Anmerkung für den Anbieter").fill("Bitte Preis ergänzen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Zurückweisen").press("Enter")
    expect(page.locator("main [role=status]")).to_contain_text("wieder ein Entwurf")
    assert_no_axe_violations(page)
    data["pending"].refresh_from_db()
    assert data["pending"].status == Offering.Status.DRAFT


def test_merge_from_the_duplicates_page(page, live_server, assert_no_axe_violations, data):
    log_in(page, live_server, data["office"])
    page.goto(pages(data)["duplicates"])

    with page.expect_navigation():
        page.get_by_role("button", name="Zusammenführen, Angebot 1 behalten").press("Enter")

    expect(page.get_by_text("Keine offenen Dubletten")).to_be_visible()
    assert_no_axe_violations(page)
    assert Offering.objects.filter(status="archived").count() == 1
