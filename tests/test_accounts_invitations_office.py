"""The office's list of open invitations under /anbieterbereich/redaktion/einladungen/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bildungsportal.accounts import invitations
from bildungsportal.accounts.models import Invitation
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/anbieterbereich/redaktion/einladungen/"


def revoke_url(pk):
    return f"{LIST}{pk}/zurueckziehen/"


@pytest.fixture
def data():
    vhs = factories.provider("VHS Bergstraße", approved_at=timezone.now())
    office = factories.user("buero", office=True)
    open_staff, token = invitations.create_invitation(
        "neu@example.org", Invitation.Role.PROVIDER_STAFF, vhs, invited_by=office)
    open_office, _ = invitations.create_invitation("kollegin@example.org",
                                                   Invitation.Role.OFFICE)
    expired, _ = invitations.create_invitation("alt@example.org", Invitation.Role.OFFICE)
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1))
    used, _ = invitations.create_invitation("fertig@example.org", Invitation.Role.OFFICE)
    Invitation.objects.filter(pk=used.pk).update(accepted_at=timezone.now())
    return {"vhs": vhs, "office": office, "staff": factories.user("vhs-team", providers=[vhs]),
            "open": open_staff, "token": token, "open_office": open_office,
            "expired": expired, "used": used}


def test_office_sees_only_open_invitations_with_role_and_dates(client, data):
    client.force_login(data["office"])

    response = client.get(LIST)

    assert response.status_code == 200
    assert "<h1>Offene Einladungen</h1>" in response.text
    assert "neu@example.org" in response.text and "kollegin@example.org" in response.text
    assert "Anbieter: VHS Bergstraße" in response.text and "Bildungsbüro" in response.text
    assert "alt@example.org" not in response.text
    assert "fertig@example.org" not in response.text
    invitation = data["open"]
    assert timezone.localtime(invitation.created_at).strftime("%d.%m.%Y") in response.text
    assert timezone.localtime(invitation.expires_at).strftime("%d.%m.%Y, %H:%M") in response.text
    assert f'href="{revoke_url(invitation.pk)}"' in response.text
    assert f'href="{LIST}" aria-current="page"' in response.text  # in the office navigation


def test_empty_list_says_so(client, data):
    Invitation.objects.filter(accepted_at__isnull=True).delete()
    client.force_login(data["office"])

    assert "Keine offenen Einladungen." in client.get(LIST).text


def test_revoke_asks_first_then_deletes_and_the_link_stops_working(client, data):
    client.force_login(data["office"])
    invitation = data["open"]

    confirm = client.get(revoke_url(invitation.pk))
    assert confirm.status_code == 200
    assert "Einladung an neu@example.org zurückziehen" in confirm.text
    assert '<form method="post">' in confirm.text
    assert Invitation.objects.filter(pk=invitation.pk).exists()  # GET changes nothing

    done = client.post(revoke_url(invitation.pk), follow=True)

    assert done.redirect_chain[-1][0] == LIST
    assert "ist zurückgezogen" in done.text
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    client.logout()
    accept = client.get(f"/konto/einladung/{data['token']}/")
    assert accept.status_code == 404
    assert "Einladung nicht gültig" in accept.text
    assert "Zu diesem Link gibt es keine Einladung" in accept.text


def test_unknown_invitation_gives_404(client, data):
    client.force_login(data["office"])
    missing = Invitation.objects.order_by("-pk").first().pk + 100

    assert client.get(revoke_url(missing)).status_code == 404
    assert client.post(revoke_url(missing)).status_code == 404
    assert client.post(f"{LIST}abc/zurueckziehen/").status_code == 404
    assert Invitation.objects.count() == 4


def test_accepted_invitation_is_not_revoked(client, data):
    client.force_login(data["office"])

    response = client.post(revoke_url(data["used"].pk), follow=True)

    assert "inzwischen angenommen" in response.text
    assert Invitation.objects.filter(pk=data["used"].pk).exists()


def test_invitation_accepted_while_the_confirmation_was_open_stays(client, data, monkeypatch):
    client.force_login(data["office"])
    invitation = data["open"]
    # Accepted between loading and the check under the row lock.
    real_revoke = invitations.revoke

    def accept_then_revoke(pk):
        Invitation.objects.filter(pk=pk).update(accepted_at=timezone.now())
        return real_revoke(pk)

    monkeypatch.setattr(invitations, "revoke", accept_then_revoke)

    response = client.post(revoke_url(invitation.pk), follow=True)

    assert "inzwischen angenommen" in response.text
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_anonymous_is_sent_to_the_login(client, data):
    for response in (client.get(LIST), client.get(revoke_url(data["open"].pk)),
                     client.post(revoke_url(data["open"].pk))):
        assert response.status_code == 302
        assert response.url.startswith("/konto/anmelden/")
    assert Invitation.objects.filter(pk=data["open"].pk).exists()


def test_provider_staff_get_403_and_revoke_nothing(client, data):
    client.force_login(data["staff"])

    assert client.get(LIST).status_code == 403
    assert client.get(revoke_url(data["open"].pk)).status_code == 403
    assert client.post(revoke_url(data["open"].pk)).status_code == 403
    assert Invitation.objects.filter(pk=data["open"].pk).exists()
    assert "/redaktion/einladungen/" not in client.get("/konto/einladen/").text


def test_other_methods_are_refused(client, data):
    client.force_login(data["office"])

    assert client.put(revoke_url(data["open"].pk)).status_code == 405
    assert Invitation.objects.filter(pk=data["open"].pk).exists()


def test_invite_page_links_office_to_the_list(client, data):
    client.force_login(data["office"])

    assert f'href="{LIST}"' in client.get("/konto/einladen/").text
