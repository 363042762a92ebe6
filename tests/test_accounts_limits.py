"""Per-address limit on reset and invitation mails, and the purge of throttle rows."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from bildungsportal.accounts import mail_limit, throttle
from bildungsportal.accounts.models import Invitation, LoginThrottle, MailThrottle
from bildungsportal.accounts.tasks import purge_account_throttles
from tests import factories

pytestmark = pytest.mark.django_db

RESET = "/konto/passwort-vergessen/"
PASSWORD = "geheim-Passwort-42"


@pytest.fixture
def clock(monkeypatch):
    """A settable clock: `clock.now` is what timezone.now() returns."""

    class Clock:
        now = timezone.now()

        def advance(self, **delta):
            self.now += timedelta(**delta)

    fake = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fake.now)
    return fake


def ask_reset(client, email):
    return client.post(RESET, {"email": email}, follow=True)


def mailed_to(address):
    return sum(1 for message in mail.outbox if address in message.to)


def comparable(response):
    """The page text without what differs on every request anyway (CSRF token, CSP nonce)."""
    text = re.sub(r'(nonce|value)="[^"]*"', r'\1=""', response.text)
    return response.status_code, [url for url, _status in response.redirect_chain], text


# -- password reset ------------------------------------------------------------------------
def test_fourth_reset_in_an_hour_sends_no_mail(client, clock):
    factories.user("anna")

    for _ in range(3):
        ask_reset(client, "anna@example.org")
        clock.advance(minutes=5)
    assert mailed_to("anna@example.org") == 3

    ask_reset(client, "anna@example.org")
    ask_reset(client, "ANNA@example.org ")  # same address, other spelling

    assert mailed_to("anna@example.org") == 3


def test_limit_is_per_address(client, clock):
    factories.user("anna")
    factories.user("bert")
    for _ in range(4):
        ask_reset(client, "anna@example.org")

    ask_reset(client, "bert@example.org")

    assert mailed_to("anna@example.org") == 3
    assert mailed_to("bert@example.org") == 1


def test_mails_flow_again_an_hour_after_the_first_ones(client, clock):
    factories.user("anna")
    for _ in range(3):
        ask_reset(client, "anna@example.org")
    clock.advance(minutes=30)
    ask_reset(client, "anna@example.org")  # refused, and not counted
    assert mailed_to("anna@example.org") == 3

    clock.advance(minutes=29)
    ask_reset(client, "anna@example.org")
    assert mailed_to("anna@example.org") == 3

    clock.advance(minutes=2)  # 61 minutes after the first three
    ask_reset(client, "anna@example.org")
    assert mailed_to("anna@example.org") == 4


def test_limited_page_looks_exactly_like_a_normal_one(client, clock):
    factories.user("anna")
    normal = ask_reset(client, "anna@example.org")
    for _ in range(2):
        ask_reset(client, "anna@example.org")
    sent = len(mail.outbox)

    limited = ask_reset(client, "anna@example.org")
    unknown = ask_reset(client, "niemand@example.org")

    assert len(mail.outbox) == sent
    assert normal.status_code == limited.status_code == 200
    assert comparable(limited) == comparable(normal) == comparable(unknown)
    assert "Wenn zu dieser Adresse ein Konto gehört" in limited.text


def test_the_database_never_holds_the_address_in_clear(client, clock):
    factories.user("anna")
    for _ in range(4):
        ask_reset(client, "Anna@Example.org")
    assert MailThrottle.objects.count() == 3

    out = StringIO()
    # Everything but the account itself, which has the address by design.
    call_command("dumpdata", exclude=["auth.user"], stdout=out)
    dump = out.getvalue().lower()
    assert "anna@example.org" not in dump
    assert "example.org" not in dump
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {MailThrottle._meta.db_table}")
        rows = repr(cursor.fetchall()).lower()
    assert "anna" not in rows


def test_the_hash_is_keyed_with_the_secret_key():
    plain = mail_limit.email_hash("anna@example.org")
    assert mail_limit.email_hash(" ANNA@example.org") == plain
    with override_settings(SECRET_KEY="another-secret-key-0123456789-abcdefghijklmnop"):
        assert mail_limit.email_hash("anna@example.org") != plain
    import hashlib

    assert plain != hashlib.sha256(b"anna@example.org").hexdigest()


@override_settings(MAIL_LIMIT_MAX_MAILS=1, MAIL_LIMIT_WINDOW_MINUTES=10)
def test_limit_and_window_come_from_settings(client, clock):
    factories.user("anna")
    ask_reset(client, "anna@example.org")
    ask_reset(client, "anna@example.org")
    assert mailed_to("anna@example.org") == 1
    clock.advance(minutes=11)
    ask_reset(client, "anna@example.org")
    assert mailed_to("anna@example.org") == 2


# -- invitations from the browser ----------------------------------------------------------
def invite(client, email, provider):
    return client.post("/konto/einladen/", {"email": email, "role": "provider",
                                            "provider": provider.pk})


def test_fourth_invitation_to_an_address_is_refused_with_a_message(client, clock):
    vhs = factories.provider("VHS Bergstraße")
    client.force_login(factories.user("buero", office=True))
    for _ in range(3):
        assert invite(client, "neu@example.org", vhs).status_code == 302

    refused = invite(client, "Neu@example.org", vhs)
    other = invite(client, "andere@example.org", vhs)

    assert refused.status_code == 200
    assert "schon zu viele Einladungen" in refused.text
    assert mailed_to("neu@example.org") == 3
    assert Invitation.objects.filter(email__iexact="neu@example.org").count() == 3
    assert other.status_code == 302 and mailed_to("andere@example.org") == 1


def test_invitation_that_could_not_be_mailed_does_not_count(client, clock, monkeypatch):
    from bildungsportal.accounts import invitations

    vhs = factories.provider("VHS Bergstraße")
    client.force_login(factories.user("buero", office=True))

    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    with monkeypatch.context() as patch:
        patch.setattr(invitations, "send_mail", broken)
        for _ in range(3):
            invite(client, "neu@example.org", vhs)
    assert MailThrottle.objects.count() == 0

    assert invite(client, "neu@example.org", vhs).status_code == 302


# -- purge ---------------------------------------------------------------------------------
def make_throttle(name, *, failed_ago, locked_for=None, failures=1):
    now = timezone.now()
    return LoginThrottle.objects.create(
        username=name, failures=failures, last_failure_at=now - failed_ago,
        locked_until=now + locked_for if locked_for is not None else None,
    )


def test_purge_deletes_old_rows_and_keeps_fresh_and_locked_ones(clock):
    make_throttle("geraten-alt", failed_ago=timedelta(days=2))
    make_throttle("lock-over", failed_ago=timedelta(days=2), locked_for=-timedelta(days=1))
    make_throttle("geraten-neu", failed_ago=timedelta(hours=1))
    make_throttle("gesperrt", failed_ago=timedelta(days=2), locked_for=timedelta(minutes=5),
                  failures=0)
    MailThrottle.objects.create(kind="reset", email_hash="a" * 64,
                                sent_at=timezone.now() - timedelta(days=2))
    MailThrottle.objects.create(kind="reset", email_hash="b" * 64,
                                sent_at=timezone.now() - timedelta(minutes=5))

    assert throttle.purge() == 2
    assert mail_limit.purge() == 1

    assert sorted(LoginThrottle.objects.values_list("username", flat=True)) == [
        "geraten-neu", "gesperrt",
    ]
    assert list(MailThrottle.objects.values_list("email_hash", flat=True)) == ["b" * 64]
    assert throttle.locked_minutes("gesperrt") == 5


def test_locked_account_stays_locked_after_the_purge(client, clock):
    factories.user("anna")
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post("/konto/anmelden/", {"username": "anna", "password": "falsch"})
    clock.advance(days=2)  # a day without failures, but …
    LoginThrottle.objects.filter(username="anna").update(
        locked_until=clock.now + timedelta(minutes=10)  # … the lock still runs
    )

    call_command("purge_account_throttles", stdout=StringIO())

    response = client.post("/konto/anmelden/", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 200
    assert "vorübergehend gesperrt" in response.text
    assert "_auth_user_id" not in client.session


def test_purge_command_and_task(clock):
    make_throttle("alt", failed_ago=timedelta(days=3))
    make_throttle("neu", failed_ago=timedelta(minutes=3))
    MailThrottle.objects.create(kind="invite", email_hash="c" * 64,
                                sent_at=timezone.now() - timedelta(days=3))
    out = StringIO()

    call_command("purge_account_throttles", stdout=out)

    assert out.getvalue().strip() == "1 log-in throttle rows and 1 mail-limit rows deleted."
    assert list(LoginThrottle.objects.values_list("username", flat=True)) == ["neu"]
    assert MailThrottle.objects.count() == 0

    LoginThrottle.objects.filter(username="neu").update(
        last_failure_at=timezone.now() - timedelta(days=2)
    )
    assert purge_account_throttles.enqueue().return_value == 1  # ImmediateBackend
    assert not LoginThrottle.objects.exists()


def test_purge_keeps_mail_rows_that_still_count(client, clock):
    factories.user("anna")
    for _ in range(3):
        ask_reset(client, "anna@example.org")
    clock.advance(minutes=50)

    call_command("purge_account_throttles", stdout=StringIO())
    ask_reset(client, "anna@example.org")

    assert mailed_to("anna@example.org") == 3
    assert User.objects.filter(username="anna").exists()
