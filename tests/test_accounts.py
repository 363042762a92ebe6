"""Accounts: log-in with lockout, passwords, Argon2, invitations, the overview, the admin."""

import hashlib
import os
import re
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from bildungsportal.accounts import invitations
from bildungsportal.accounts.models import OFFICE_GROUP, Invitation, LoginThrottle, Membership
from bildungsportal.accounts.views import backoffice_url
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-Passwort-42"
NEW_PASSWORD = "Neues-Kennwort-2027!"
LOGIN = "/konto/anmelden/"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def vhs():
    return factories.provider("VHS Bergstraße", approved_at=timezone.now())


@pytest.fixture
def music():
    return factories.provider("Musikschule Bergstraße", approved_at=timezone.now())


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def is_logged_in(client):
    return "_auth_user_id" in client.session


def expected_home(user):
    """The provider area once it exists (and the user may use it), else /konto/."""
    from bildungsportal.accounts import rules

    url = backoffice_url()
    return url if url and rules.can_use_backoffice(user) else "/konto/"


# -- log-in and log-out -----------------------------------------------------------------
def test_login_page_is_german_and_linked_from_the_header(client):
    home = client.get("/")
    page = client.get(LOGIN)

    assert f'href="{LOGIN}"' in home.text
    assert ">Anmelden</a>" in home.text
    assert page.status_code == 200
    assert "<h1>Anmelden</h1>" in page.text
    assert "Benutzername" in page.text and "Passwort vergessen?" in page.text
    assert 'name="robots" content="noindex"' in page.text


def test_login_with_right_password_logs_in_and_redirects_home(client, vhs):
    staff = factories.user("anna", providers=[vhs])

    response = log_in(client, "anna")

    assert response.status_code == 302
    assert response.url == expected_home(staff)
    assert is_logged_in(client)


def test_user_without_role_lands_on_the_account_page(client):
    factories.user("ohnerolle")

    response = log_in(client, "ohnerolle")

    assert response.url == "/konto/"


def test_login_ignores_a_next_url_on_another_site(client):
    factories.user("anna")

    response = log_in(client, "anna", next="https://evil.example/phish")

    assert response.status_code == 302
    assert "evil.example" not in response.url


def test_login_follows_a_local_next_url(client):
    factories.user("anna")

    response = log_in(client, "anna", next="/konto/passwort/")

    assert response.url == "/konto/passwort/"


def test_wrong_password_gives_a_german_message(client):
    factories.user("anna")

    response = log_in(client, "anna", "falsch")

    assert response.status_code == 200
    assert "Groß-/Kleinschreibung" in response.text
    assert not is_logged_in(client)


def test_inactive_user_cannot_log_in(client):
    User.objects.filter(pk=factories.user("anna").pk).update(is_active=False)

    response = log_in(client, "anna")

    assert response.status_code == 200
    assert not is_logged_in(client)


def test_header_shows_account_links_and_logout_button_when_logged_in(client):
    client.force_login(factories.user("anna"))

    home = client.get("/")

    assert 'action="/konto/abmelden/"' in home.text
    assert ">Abmelden</button>" in home.text
    assert 'href="/konto/"' in home.text
    assert f'href="{LOGIN}"' not in home.text
    if backoffice_url():
        assert ">Anbieterbereich</a>" in home.text


def test_logout_is_post_only(client):
    client.force_login(factories.user("anna"))

    assert client.get("/konto/abmelden/").status_code == 405
    assert is_logged_in(client)
    response = client.post("/konto/abmelden/")
    assert response.status_code == 302
    assert not is_logged_in(client)


@pytest.mark.parametrize("username", ["x" * 10_000, "\x00", "' OR 1=1 --", "äöü", ""])
def test_hostile_login_input_never_fails(client, username):
    response = log_in(client, username, "x" * 5000)

    assert response.status_code == 200
    assert not is_logged_in(client)
    assert LoginThrottle.objects.filter(username__startswith="x" * 200).count() == 0


# -- lockout ----------------------------------------------------------------------------
def test_throttle_stores_no_ip_address():
    names = {field.name for field in LoginThrottle._meta.get_fields()}

    assert names == {"id", "username", "failures", "locked_until", "last_failure_at"}


def fail(client, username, times):
    for _ in range(times):
        log_in(client, username, "falsch")


def test_lockout_after_max_failures_refuses_the_right_password(client):
    factories.user("anna")
    fail(client, "anna", settings.LOGIN_MAX_FAILURES - 1)
    assert LoginThrottle.objects.get(username="anna").locked_until is None

    last = log_in(client, "anna", "falsch")
    right = log_in(client, "anna")

    assert "vorübergehend gesperrt" in last.text
    assert right.status_code == 200
    assert "vorübergehend gesperrt" in right.text
    assert f"in {settings.LOGIN_LOCKOUT_MINUTES} Minuten" in right.text
    assert not is_logged_in(client)
    throttle = LoginThrottle.objects.get(username="anna")
    assert throttle.locked_until > timezone.now() + timedelta(
        minutes=settings.LOGIN_LOCKOUT_MINUTES - 1
    )


def test_lock_expires(client):
    factories.user("anna")
    fail(client, "anna", settings.LOGIN_MAX_FAILURES)
    assert "gesperrt" in log_in(client, "anna").text

    # Move the clock: the lock ended a second ago.
    LoginThrottle.objects.filter(username="anna").update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )
    response = log_in(client, "anna")

    assert response.status_code == 302
    assert is_logged_in(client)
    assert not LoginThrottle.objects.filter(username="anna").exists()


def test_after_the_lock_a_full_count_is_needed_again(client):
    factories.user("anna")
    fail(client, "anna", settings.LOGIN_MAX_FAILURES)
    LoginThrottle.objects.filter(username="anna").update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )

    response = log_in(client, "anna", "falsch")

    assert "gesperrt" not in response.text
    assert LoginThrottle.objects.get(username="anna").failures == 1


def test_success_resets_the_counter(client):
    factories.user("anna")
    fail(client, "anna", settings.LOGIN_MAX_FAILURES - 1)
    assert log_in(client, "anna").status_code == 302
    client.post("/konto/abmelden/")
    fail(client, "anna", settings.LOGIN_MAX_FAILURES - 1)

    response = log_in(client, "anna")

    assert response.status_code == 302
    assert not LoginThrottle.objects.filter(username="anna").exists()


def test_lock_applies_to_one_account_name_only(client):
    factories.user("anna")
    factories.user("bert")
    fail(client, "anna", settings.LOGIN_MAX_FAILURES)

    assert log_in(client, "bert").status_code == 302


def test_unknown_names_lock_the_same_way(client):
    """The lockout must not tell which account names exist."""
    fail(client, "gibtsnicht", settings.LOGIN_MAX_FAILURES)

    assert "vorübergehend gesperrt" in log_in(client, "gibtsnicht", "x").text


def test_admin_login_honours_the_lockout(client):
    factories.user("chefin", superuser=True)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post("/admin/login/", {"username": "chefin", "password": "falsch"})

    response = client.post("/admin/login/?next=/admin/",
                           {"username": "chefin", "password": PASSWORD})

    assert response.status_code == 200
    assert "vorübergehend gesperrt" in response.text
    assert not is_logged_in(client)


# -- passwords --------------------------------------------------------------------------
def test_new_password_hash_is_argon2():
    account = factories.user("anna")

    assert account.password.startswith("argon2")


def test_password_reset_mails_a_german_link_that_sets_a_new_password(client):
    factories.user("anna")
    fail(client, "anna", settings.LOGIN_MAX_FAILURES)

    response = client.post("/konto/passwort-vergessen/", {"email": "anna@example.org"})

    assert response.status_code == 302
    assert response.url == "/konto/passwort-vergessen/gesendet/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert "Neues Passwort" in message.subject
    assert "Guten Tag" in message.body and "„anna“" in message.body
    assert "3 Tage gültig" in message.body
    link = re.search(r"http://testserver(/konto/passwort-neu/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "Neues Passwort festlegen" in form.text
    done = client.post(form.redirect_chain[-1][0], {
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert done.url == "/konto/passwort-neu/fertig/"
    # The reset also lifts the lockout.
    assert log_in(client, "anna", NEW_PASSWORD).status_code == 302


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post("/konto/passwort-vergessen/", {"email": "niemand@example.org"},
                           follow=True)

    assert "Wenn zu dieser Adresse ein Konto gehört" in response.text
    assert mail.outbox == []


def test_broken_reset_link_gives_a_german_page(client):
    response = client.get("/konto/passwort-neu/MQ/kaputt-123/", follow=True)

    assert response.status_code == 200
    assert "Dieser Link ist ungültig" in response.text


def test_reset_mail_goes_to_files_with_the_file_backend(client, tmp_path):
    factories.user("anna")
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=tmp_path,
    ):
        client.post("/konto/passwort-vergessen/", {"email": "anna@example.org"})

    files = list(tmp_path.iterdir())
    assert len(files) == 1
    assert "/konto/passwort-neu/" in files[0].read_text()


def test_password_change(client):
    client.force_login(factories.user("anna"))

    weak = client.post("/konto/passwort/", {
        "old_password": PASSWORD, "new_password1": "123", "new_password2": "123",
    })
    response = client.post("/konto/passwort/", {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })

    assert "zu kurz" in weak.text
    assert response.url == "/konto/passwort/geaendert/"
    assert User.objects.get(username="anna").check_password(NEW_PASSWORD)


def test_password_change_needs_login(client):
    response = client.get("/konto/passwort/")

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


# -- invitations ------------------------------------------------------------------------
def invite_via_page(client, **data):
    return client.post("/konto/einladen/", data)


def mailed_token():
    body = mail.outbox[-1].body
    return re.search(r"/konto/einladung/([A-Za-z0-9_-]+)/", body).group(1)


def test_office_invites_provider_staff_and_only_the_hash_is_stored(client, vhs):
    office = factories.user("buero", office=True)
    client.force_login(office)

    response = invite_via_page(client, email="neu@example.org", role="provider",
                               provider=vhs.pk)

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    token = mailed_token()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    assert (invitation.role, invitation.provider, invitation.invited_by) == (
        "provider", vhs, office
    )
    valid = invitation.expires_at - timezone.now()
    assert timedelta(days=settings.INVITATION_VALID_DAYS - 1) < valid
    assert valid <= timedelta(days=settings.INVITATION_VALID_DAYS)
    message = mail.outbox[0]
    assert message.to == ["neu@example.org"]
    assert "Einladung" in message.subject
    assert "„VHS Bergstraße“" in message.body
    assert f"http://testserver/konto/einladung/{token}/" in message.body
    assert "Die Einladung an neu@example.org ist versendet." in client.get("/konto/einladen/").text


def test_office_invites_office_editor(client, vhs):
    client.force_login(factories.user("buero", office=True))

    invite_via_page(client, email="kollegin@example.org", role="office", provider=vhs.pk)

    invitation = Invitation.objects.get()
    assert invitation.role == "office"
    assert invitation.provider is None
    assert "Bildungsbüro" in mail.outbox[0].body


def test_provider_role_needs_a_provider(client):
    client.force_login(factories.user("buero", office=True))

    response = invite_via_page(client, email="neu@example.org", role="provider")

    assert response.status_code == 200
    assert "Bitte wählen Sie den Anbieter." in response.text
    assert not Invitation.objects.exists()


def test_staff_invite_colleagues_to_their_own_provider(client, vhs):
    client.force_login(factories.user("anna", providers=[vhs]))

    page = client.get("/konto/einladen/")
    response = invite_via_page(client, email="kollege@example.org", provider=vhs.pk)

    assert 'name="role"' not in page.text
    assert response.status_code == 302
    assert Invitation.objects.get().provider == vhs


def test_staff_cannot_invite_to_someone_elses_provider(client, vhs, music):
    client.force_login(factories.user("anna", providers=[vhs]))

    response = invite_via_page(client, email="x@example.org", provider=music.pk)

    assert response.status_code == 200
    assert "Für diesen Anbieter können Sie niemanden einladen." in response.text
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_staff_cannot_invite_to_the_office(client, vhs):
    client.force_login(factories.user("anna", providers=[vhs]))

    invite_via_page(client, email="x@example.org", role="office", provider=vhs.pk)

    assert Invitation.objects.get().role == "provider"  # the role field is not theirs to set


@pytest.mark.parametrize("provider", ["999999999", "abc", "1; DROP TABLE", "9" * 40, "-1"])
def test_invite_form_rejects_bad_provider_ids(client, provider):
    client.force_login(factories.user("buero", office=True))

    response = invite_via_page(client, email="x@example.org", role="provider",
                               provider=provider)

    assert response.status_code == 200
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("email", ["keine-adresse", "a@b", "x" * 300 + "@example.org"])
def test_invite_form_rejects_bad_addresses(client, vhs, email):
    client.force_login(factories.user("buero", office=True))

    response = invite_via_page(client, email=email, role="provider", provider=vhs.pk)

    assert response.status_code == 200
    assert "aria-invalid" in response.text
    assert not Invitation.objects.exists()


def test_invite_page_access(client, vhs):
    anonymous = client.get("/konto/einladen/")
    client.force_login(factories.user("ohnerolle"))
    no_role = client.get("/konto/einladen/")
    no_role_post = invite_via_page(client, email="x@example.org", provider=vhs.pk)

    assert anonymous.status_code == 302 and anonymous.url.startswith(LOGIN)
    assert no_role.status_code == 403
    assert no_role_post.status_code == 403
    assert not Invitation.objects.exists()


def test_failed_mail_leaves_no_invitation(client, vhs, monkeypatch):
    client.force_login(factories.user("buero", office=True))

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr(invitations, "send_mail", broken)
    response = invite_via_page(client, email="x@example.org", role="provider", provider=vhs.pk)

    assert response.status_code == 200
    assert "Die E-Mail konnte nicht versendet werden" in response.text
    assert not Invitation.objects.exists()


def new_invitation(role="provider", provider=None, **fields):
    invitation, token = invitations.create_invitation("neu@example.org", role, provider)
    if fields:
        Invitation.objects.filter(pk=invitation.pk).update(**fields)
    return token


def accept(client, token, username="neu", password=NEW_PASSWORD, password2=None):
    return client.post(f"/konto/einladung/{token}/", {
        "username": username, "password1": password, "password2": password2 or password,
    })


def test_accepting_creates_provider_staff_and_logs_in(client, vhs):
    token = new_invitation(provider=vhs)

    page = client.get(f"/konto/einladung/{token}/")
    response = accept(client, token)

    assert page.status_code == 200
    assert "„VHS Bergstraße“" in page.text
    user = User.objects.get(username="neu")
    assert user.email == "neu@example.org"
    assert user.password.startswith("argon2")
    assert list(Membership.objects.filter(user=user).values_list("provider", flat=True)) == [
        vhs.pk
    ]
    assert not user.is_staff
    assert response.status_code == 302
    assert response.url == expected_home(user)
    assert is_logged_in(client)
    assert Invitation.objects.get().accepted_at is not None


def test_accepting_an_office_invitation_makes_an_office_editor(client):
    token = new_invitation(role="office")

    accept(client, token)

    user = User.objects.get(username="neu")
    assert user.groups.filter(name=OFFICE_GROUP).exists()
    assert user.is_staff
    assert user.has_perm("catalog.change_topic")
    assert user.has_perm("search.change_synonymgroup")
    assert not user.has_perm("catalog.change_offering")


def test_weak_or_mismatched_passwords_are_refused_in_german(client, vhs):
    token = new_invitation(provider=vhs)

    short = accept(client, token, password="123")
    similar = accept(client, token, username="neuling", password="neu@example.org")
    mismatch = accept(client, token, password2="anderes-Passwort-99")

    assert "Dieses Passwort ist zu kurz" in short.text
    assert "komplett aus Ziffern" in short.text
    assert "zu ähnlich" in similar.text
    assert "nicht identisch" in mismatch.text
    assert not User.objects.filter(username__in=["neu", "neuling"]).exists()
    assert Invitation.objects.get().accepted_at is None


def test_taken_username_is_refused(client, vhs):
    factories.user("neu")
    token = new_invitation(provider=vhs)

    response = accept(client, token, username="NEU")

    assert response.status_code == 200
    assert "bereits vergeben" in response.text
    assert Invitation.objects.get().accepted_at is None


def test_a_used_invitation_cannot_be_used_again(client, vhs):
    token = new_invitation(provider=vhs)
    accept(client, token)
    client.post("/konto/abmelden/")

    again = client.get(f"/konto/einladung/{token}/")
    second = accept(client, token, username="zweiter")

    assert again.status_code == 410
    assert "bereits angenommen" in again.text
    assert second.status_code == 410
    assert not User.objects.filter(username="zweiter").exists()


def test_an_expired_invitation_gives_410(client, vhs):
    token = new_invitation(provider=vhs, expires_at=timezone.now() - timedelta(seconds=1))

    page = client.get(f"/konto/einladung/{token}/")
    post = accept(client, token)

    assert page.status_code == 410
    assert "abgelaufen" in page.text
    assert post.status_code == 410
    assert not User.objects.filter(username="neu").exists()


@pytest.mark.parametrize("token", ["unbekannt", "x" * 5000, "%C3%A4%00", "%ED%A0%80",
                                   "%FF%FE", "' OR '1'='1", "<script>"])
def test_unknown_tokens_give_404_never_500(client, token):
    response = client.get(f"/konto/einladung/{token}/")
    posted = client.post(f"/konto/einladung/{token}/", {"username": "x"})

    assert response.status_code == 404
    assert "keine Einladung" in response.text
    assert posted.status_code == 404


def test_token_with_slashes_is_just_not_found(client):
    assert client.get("/konto/einladung/..%2F..%2Fetc/").status_code == 404


def test_the_hash_itself_is_no_token(client, vhs):
    new_invitation(provider=vhs)
    stored = Invitation.objects.get().token_hash

    assert client.get(f"/konto/einladung/{stored}/").status_code == 404


def test_logged_in_user_accepting_gets_the_membership(client, vhs, music):
    anna = factories.user("anna", providers=[vhs])
    token = new_invitation(provider=music)
    client.force_login(anna)

    page = client.get(f"/konto/einladung/{token}/")
    response = client.post(f"/konto/einladung/{token}/")

    assert "als anna angemeldet" in page.text
    assert 'name="password1"' not in page.text
    assert response.status_code == 302
    assert set(anna.memberships.values_list("provider", flat=True)) == {vhs.pk, music.pk}
    assert User.objects.count() == 1


def test_logged_in_user_accepting_twice_does_not_duplicate(client, vhs):
    anna = factories.user("anna", providers=[vhs])
    token = new_invitation(provider=vhs)
    client.force_login(anna)

    client.post(f"/konto/einladung/{token}/")

    assert Membership.objects.filter(user=anna).count() == 1


# -- the invite command -----------------------------------------------------------------
def run_invite(*args):
    out = StringIO()
    call_command("invite", *args, stdout=out)
    return out.getvalue()


def test_invite_command_by_provider_name_prints_a_working_link(client, vhs):
    output = run_invite("neu@example.org", "--provider", "vhs bergstraße",
                        "--base-url", "https://bildung.example.org/")

    link = re.search(r"https://bildung\.example\.org(/konto/einladung/\S+/)", output).group(1)
    assert Invitation.objects.get().provider == vhs
    assert mail.outbox[0].to == ["neu@example.org"]
    assert client.get(link).status_code == 200


def test_invite_command_by_id_and_office(vhs):
    run_invite("a@example.org", "--provider", str(vhs.pk))
    run_invite("b@example.org", "--office")

    roles = dict(Invitation.objects.values_list("email", "role"))
    assert roles == {"a@example.org": "provider", "b@example.org": "office"}


@pytest.mark.parametrize("args, message", [
    (["x@example.org", "--provider", "Gibt es nicht"], "No provider"),
    (["x@example.org", "--provider", "99999999999999999999999"], "No provider"),
    (["keine-adresse", "--office"], "Not an e-mail"),
    (["x@example.org"], "one of the arguments"),
    (["x@example.org", "--office", "--provider", "1"], "not allowed with"),
])
def test_invite_command_errors(args, message, vhs):
    with pytest.raises(CommandError, match=message):
        run_invite(*args)
    assert not Invitation.objects.exists()


def test_invite_command_with_two_providers_of_one_name_asks_for_the_id():
    factories.provider("Kita Sonnenschein")
    factories.provider("Kita Sonnenschein")

    with pytest.raises(CommandError, match="give the id"):
        run_invite("x@example.org", "--provider", "Kita Sonnenschein")


def test_console_script_invite(tmp_path):
    env = {**os.environ, "BILDUNGSPORTAL_VAR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    script = str(Path(sys.executable).with_name("bildungsportal"))

    def run(*args):
        return subprocess.run([script, *args], env=env, cwd=REPO, capture_output=True,
                              text=True, timeout=300, check=False)

    assert run("migrate", "-v0").returncode == 0
    result = run("invite", "neu@example.org", "--office", "--base-url", "https://b.example")
    failed = run("invite", "neu@example.org", "--provider", "Gibt es nicht")

    assert result.returncode == 0, result.stderr
    assert re.search(r"^https://b\.example/konto/einladung/[A-Za-z0-9_-]{40,}/$",
                     result.stdout, re.M)
    assert failed.returncode != 0
    assert "No provider" in failed.stderr
    assert len(list((tmp_path / "mail").iterdir())) == 1  # the file mail backend


# -- the account overview ---------------------------------------------------------------
def test_overview_needs_login(client):
    response = client.get("/konto/")

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/konto/"


def test_overview_for_provider_staff(client, vhs):
    new = factories.provider("Kita Neu")  # not yet approved
    client.force_login(factories.user("anna", providers=[vhs, new]))

    page = client.get("/konto/").text

    assert "anna@example.org" in page
    assert "Mitarbeit bei VHS Bergstraße" in page
    assert "Mitarbeit bei Kita Neu" in page and "neuer Anbieter" in page
    assert 'href="/konto/passwort/"' in page and 'href="/konto/einladen/"' in page
    assert "Bildungsbüro:" not in page
    assert 'href="/admin/"' not in page


def test_overview_for_office_and_for_no_role(client):
    client.force_login(factories.user("buero", office=True))
    office = client.get("/konto/").text
    client.force_login(factories.user("ohnerolle"))
    nobody = client.get("/konto/").text

    assert "Bildungsbüro:" in office and 'href="/admin/"' in office
    assert 'href="/konto/einladen/"' in office
    assert "Keine – bitte wenden Sie sich an das Bildungsbüro." in nobody
    assert 'href="/konto/einladen/"' not in nobody


# -- the office group and the admin -----------------------------------------------------
def test_migration_gives_the_office_group_exactly_the_vocabulary_permissions():
    group = Group.objects.get(name=OFFICE_GROUP)
    models = {"lifephase", "topic", "targetgroup", "format", "fundingoption", "qualityseal",
              "language", "synonymgroup"}
    expected = set(Permission.objects.filter(
        content_type__model__in=models, content_type__app_label__in=["catalog", "search"]
    ))

    assert set(group.permissions.all()) == expected
    assert len(expected) == 4 * len(models)


def test_office_editor_edits_vocabularies_in_the_admin_but_not_offerings(client):
    client.force_login(factories.user("buero", office=True))

    assert client.get("/admin/catalog/topic/").status_code == 200
    assert client.get("/admin/search/synonymgroup/").status_code == 200
    assert client.get("/admin/catalog/offering/").status_code == 403


def test_admin_lists_accounts_models_and_keeps_the_hash_read_only(client, vhs):
    client.force_login(factories.user("chefin", superuser=True))
    new_invitation(provider=vhs)
    invitation = Invitation.objects.get()

    for url in ["/admin/accounts/membership/", "/admin/accounts/invitation/",
                "/admin/accounts/loginthrottle/"]:
        assert client.get(url).status_code == 200, url
    change = client.get(f"/admin/accounts/invitation/{invitation.pk}/change/")
    assert invitation.token_hash in change.text
    assert 'name="token_hash"' not in change.text
    assert client.get("/admin/accounts/invitation/add/").status_code == 403
