"""The office's open invitations in Chromium: axe-core WCAG 2.1 A/AA on the list and the
confirmation, no third-party requests, and a revoke done with the keyboard (no JavaScript)."""

import re

import pytest
from playwright.sync_api import expect

from bildungsportal.accounts import invitations
from bildungsportal.accounts.models import Invitation
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

LIST = "/anbieterbereich/redaktion/einladungen/"


@pytest.fixture
def data():
    vhs = factories.provider("VHS Bergstraße")
    office = factories.user("redaktion", office=True)
    staff, _ = invitations.create_invitation(
        "neu@example.org", Invitation.Role.PROVIDER_STAFF, vhs, invited_by=office)
    invitations.create_invitation("kollegin@example.org", Invitation.Role.OFFICE)
    return {"office": office, "staff": staff}


@pytest.mark.parametrize("name", ["list", "confirm", "empty"])
def test_invitation_pages_have_no_axe_violations(
    logged_in_page, live_server, request_log, assert_no_axe_violations, data, name
):
    if name == "empty":
        Invitation.objects.all().delete()
    page = logged_in_page(data["office"])
    url = f"{LIST}{data['staff'].pk}/zurueckziehen/" if name == "confirm" else LIST

    response = page.goto(url)

    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    request_log.assert_same_origin()


def test_revoke_with_the_keyboard(logged_in_page, live_server, assert_no_axe_violations, data):
    page = logged_in_page(data["office"])
    page.goto(LIST)

    with page.expect_navigation():
        # The visually hidden ": address" makes each link's name unique in the table.
        revoke = re.compile(r"^Zurückziehen\s*:\s*neu@example\.org$")
        page.get_by_role("link", name=revoke).press("Enter")
    expect(page.locator("h1")).to_have_text("Einladung an neu@example.org zurückziehen")
    with page.expect_navigation():
        page.get_by_role("button", name="Zurückziehen").press("Enter")

    expect(page.locator("main [role=status]")).to_contain_text("ist zurückgezogen")
    expect(page.get_by_role("table")).not_to_contain_text("neu@example.org")
    expect(page.get_by_role("table")).to_contain_text("kollegin@example.org")
    assert_no_axe_violations(page)
    assert not Invitation.objects.filter(pk=data["staff"].pk).exists()
