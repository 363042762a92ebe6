"""Search alerts: the Atom feed of a search, e-mail sign-up with double opt-in, digests with
one-click unsubscribe (RFC 8058). Real database, real search index, Django's locmem mailbox."""

import email.policy
import re
import time
from datetime import timedelta

import defusedxml.ElementTree as ET
import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from bildungsportal.alerts import tokens
from bildungsportal.alerts.digests import send_alerts
from bildungsportal.alerts.models import Subscription
from bildungsportal.catalog import services
from bildungsportal.catalog.models import Offering
from bildungsportal.catalog.signals import Action
from bildungsportal.search.engine import search
from bildungsportal.search.params import SearchParams
from tests import factories

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def clean_state():
    translation.activate("de")
    cache.clear()  # the per-address sign-up counter lives in the cache
    yield
    translation.activate("de")
    cache.clear()


@pytest.fixture
def data():
    return factories.small_catalog()


def new_offering(data, title, *, topic="english", town="saal", status="published"):
    """A new offering through the catalog's write path (announced, patched into the index)."""
    def write():
        offering = factories.offering(data["vhs"], data["vocab"], title,
                                      topics=[data["vocab"][topic]], status=status)
        factories.run(offering, data[town], days=6)
        return offering

    return services.save_offering(write)[0]


def sign_up(client, prefix="", **fields):
    fields = {"email": "Leser@Example.org", "frequency": "daily", "query": "topic=englisch",
              **fields}
    return client.post(f"{prefix}/angebote/folgen/", fields)


def link_in(message, name):
    found = re.search(rf"https?://\S+/angebote/folgen/{name}/\S+/", message.body)
    assert found, message.body
    return found.group(0).split("testserver", 1)[1]


def later(days):
    return timezone.now() + timedelta(days=days)


# -- the whole way: sign-up → confirm → digest → unsubscribe ---------------------------------
def test_signup_confirm_digest_and_one_click_unsubscribe(client, data):
    response = sign_up(client, "/en")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/angebote/folgen/gesendet/")
    assert not Subscription.objects.exists()  # double opt-in: nothing stored yet
    page = client.get(response["Location"])
    assert "Please confirm" in page.content.decode()

    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.to == ["leser@example.org"]
    assert "confirm" in confirmation.subject.lower()  # in the page's language (English)
    assert confirmation.alternatives[0].mimetype == "text/html"
    confirm_path = link_in(confirmation, "bestaetigen")
    assert confirm_path.startswith("/en/")

    # Opening the link only asks; a link scanner that fetches it subscribes nobody.
    assert client.get(confirm_path).status_code == 200
    assert not Subscription.objects.exists()
    assert client.post(confirm_path).status_code == 200
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.query, subscription.frequency,
            subscription.language) == ("leser@example.org", "topic=englisch", "daily", "en")

    # What existed before is no news; a new matching offering is, a non-matching one is not.
    mail.outbox.clear()
    assert send_alerts(now=later(1), base="https://portal.example") == (0, 1, 0)
    assert mail.outbox == []
    fresh = new_offering(data, "Business English kompakt")
    new_offering(data, "Rückenschule am Abend", topic="health")
    sent, checked, failed = send_alerts(now=later(2), base="https://portal.example")
    assert (sent, checked, failed) == (1, 1, 0)
    digest = mail.outbox[0]
    assert digest.to == ["leser@example.org"]
    assert "Business English kompakt" in digest.body
    assert "Rückenschule" not in digest.body
    assert "Englisch für Anfänger" not in digest.body  # existed before the confirmation
    with translation.override("en"):
        fresh_url = f"https://portal.example{fresh.get_absolute_url()}"
    assert fresh_url.startswith("https://portal.example/en/angebote/")
    assert fresh_url in digest.body
    assert "New offers" in digest.subject
    html, mimetype = digest.alternatives[0]
    assert mimetype == "text/html" and "Business English kompakt" in html
    unsubscribe_url = f"https://portal.example/en/angebote/folgen/abmelden/{subscription.token}/"
    assert digest.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url in digest.body and unsubscribe_url in html
    # As an SMTP server gets it: the URL in angle brackets, not folded into encoded words.
    raw = digest.message(policy=email.policy.SMTP).as_bytes()
    assert f"\r\nList-Unsubscribe: <{unsubscribe_url}>\r\n".encode() in raw
    assert b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in raw

    # The next run sends nothing: the offering was sent already.
    mail.outbox.clear()
    assert send_alerts(now=later(3)) == (0, 1, 0)
    assert mail.outbox == []

    # RFC 8058: the mail program POSTs without a form or CSRF token; the row is deleted.
    path = unsubscribe_url.removeprefix("https://portal.example")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(path, "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    # Twice is no error; GET of an unknown token says so with a 404.
    assert strict.post(path).status_code == 200
    assert client.get(path).status_code == 404


def test_unsubscribe_get_only_asks(client, data):
    subscription = Subscription.objects.create(email="a@example.org", query="topic=englisch")
    response = client.get(f"/angebote/folgen/abmelden/{subscription.token}/")
    assert response.status_code == 200
    assert "Ja, Suchabo beenden" in response.content.decode()
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_an_offering_published_later_counts_as_new(data):
    draft = new_offering(data, "Englisch Konversation", status="draft")
    subscription = Subscription.objects.create(
        email="a@example.org", query="topic=englisch", frequency="daily",
        checked_at=timezone.now(), last_seen_offering=Offering.objects.latest("id").pk,
    )
    services.change_status(draft, "published", allowed_from=("draft",),
                           action=Action.PUBLISHED)
    assert send_alerts(now=later(1)) == (1, 1, 0)
    assert "Englisch Konversation" in mail.outbox[0].body
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None


def test_weekly_subscriptions_wait_a_week_and_frequency_selects(data):
    now = timezone.now()
    weekly = Subscription.objects.create(email="w@example.org", query="topic=englisch",
                                         frequency="weekly", checked_at=now)
    daily = Subscription.objects.create(email="d@example.org", query="topic=englisch",
                                        frequency="daily", checked_at=now)
    new_offering(data, "Englisch für die Reise")
    assert send_alerts(now=later(1)) == (1, 1, 0)
    assert mail.outbox[0].to == [daily.email]
    assert send_alerts("daily", now=later(7)) == (0, 1, 0)
    assert send_alerts("weekly", now=later(7)) == (1, 1, 0)
    assert mail.outbox[-1].to == [weekly.email]


def test_send_alerts_command(data):
    Subscription.objects.create(email="a@example.org", query="topic=englisch",
                                frequency="daily")
    new_offering(data, "Englisch am Morgen")
    from io import StringIO

    out = StringIO()
    call_command("send_alerts", "--frequency", "daily", "--base-url", "https://x.example",
                 stdout=out)
    assert "sent 1 digests" in out.getvalue()
    assert "https://x.example/angebote/" in mail.outbox[0].body


def test_send_alerts_task(data):
    from bildungsportal.alerts import tasks

    Subscription.objects.create(email="a@example.org", query="topic=englisch",
                                frequency="weekly")
    new_offering(data, "Englisch am Abend")
    assert tasks.send_alerts.enqueue("weekly").return_value == [1, 1, 0]  # ImmediateBackend
    assert tasks.send_alerts.enqueue().return_value == [0, 0, 0]  # checked just now


def test_a_failing_mail_keeps_the_watermark(data, settings):
    subscription = Subscription.objects.create(email="a@example.org", query="topic=englisch",
                                               frequency="daily")
    watermark = subscription.last_seen_offering
    new_offering(data, "Englisch für Fortgeschrittene")
    settings.EMAIL_BACKEND = "tests.test_alerts.FailingBackend"
    assert send_alerts() == (0, 1, 1)
    subscription.refresh_from_db()
    assert (subscription.last_seen_offering, subscription.checked_at) == (watermark, None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_alerts() == (1, 1, 0)
    assert "Englisch für Fortgeschrittene" in mail.outbox[0].body


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def send_messages(self, messages):
        raise OSError("mail server down")


# -- sign-up: abuse and bad input --------------------------------------------------------------
def test_invalid_address_is_a_clear_400_and_sends_nothing(client, data):
    response = sign_up(client, email="kein-at-zeichen")
    assert response.status_code == 400
    assert "gültige E-Mail-Adresse" in response.content.decode()
    assert mail.outbox == []


def test_honeypot_looks_like_success_but_sends_nothing(client, data):
    response = sign_up(client, website="https://spam.example")
    assert response.status_code == 302
    assert mail.outbox == []


def test_signups_per_address_are_limited(client, data):
    for _ in range(3):
        assert sign_up(client, email="viel@example.org").status_code == 302
    response = sign_up(client, email="VIEL@example.org")  # the same address
    assert response.status_code == 429
    assert "mehrere Bestätigungen" in response.content.decode()
    assert len(mail.outbox) == 3
    assert sign_up(client, email="andere@example.org").status_code == 302


def test_subscriptions_per_address_are_limited(client, data, settings):
    settings.ALERTS_MAX_PER_ADDRESS = 2
    for town in ("bensheim", "heppenheim"):
        Subscription.objects.create(email="a@example.org", query=f"town={town}")
    token = tokens.make("a@example.org", "topic=englisch", "weekly", "de")
    response = client.post(f"/angebote/folgen/bestaetigen/{token}/")
    assert response.status_code == 409
    assert Subscription.objects.count() == 2
    # Confirming a search already followed only updates it.
    token = tokens.make("a@example.org", "town=bensheim", "daily", "tr")
    assert client.post(f"/angebote/folgen/bestaetigen/{token}/").status_code == 200
    assert Subscription.objects.get(query="town=bensheim").language == "tr"


def test_injection_strings_in_the_query_are_cleaned_and_escaped(client, data):
    query = ("q=<script>alert(1)</script>&town=' OR 1=1--&topic=englisch"
             "&topic=%00&sort=;DROP TABLE x&page=-1")
    assert sign_up(client, query=query).status_code == 302
    body = mail.outbox[0].body
    token = link_in(mail.outbox[0], "bestaetigen").split("/")[-2]
    data_in_token = tokens.read(token)
    # The search's own parser kept what it knows: words (as text) and the known topic.
    assert data_in_token["q"] == "q=%3Cscript%3Ealert%281%29%3C%2Fscript%3E&topic=englisch"
    assert "OR 1=1" not in body
    page = client.get(f"/angebote/folgen/bestaetigen/{token}/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    feed = client.get("/angebote/feed/?" + query)
    assert feed.status_code == 200
    ET.fromstring(feed.content)


def test_a_huge_query_is_refused(client, data):
    response = sign_up(client, query="q=" + "x" * 5000)
    assert response.status_code == 400
    assert "zu lang" in response.content.decode()
    assert mail.outbox == []
    assert client.get("/angebote/feed/?q=" + "x" * 5000).status_code == 200


# -- the confirmation token ----------------------------------------------------------------------
class PastSigner(signing.TimestampSigner):
    """Signs as if 49 hours ago (no sleeping in tests)."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 49 * 3600)


def test_an_expired_token_stores_nothing(client, data):
    token = PastSigner(salt=tokens.SALT).sign_object(
        {"e": "a@example.org", "q": "topic=englisch", "f": "daily", "l": "de"}, compress=True
    )
    for method in (client.get, client.post):
        response = method(f"/angebote/folgen/bestaetigen/{token}/")
        assert response.status_code == 410
        assert "abgelaufen" in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_tampered_token_stores_nothing(client, data):
    token = tokens.make("a@example.org", "topic=englisch", "daily", "de")
    payload, rest = token.split(":", 1)
    forged = signing.dumps({"e": "b@example.org", "q": "", "f": "daily", "l": "de"},
                           compress=True).split(":", 1)[0]
    for bad in (token[:-3] + "abc", f"{forged}:{rest}", "nonsense"):
        response = client.post(f"/angebote/folgen/bestaetigen/{bad}/")
        assert response.status_code == 400
        assert "ungültig" in response.content.decode()
    assert not Subscription.objects.exists()


# -- the feed ------------------------------------------------------------------------------
def test_feed_is_atom_and_lists_the_searchs_offerings_newest_first(client, data):
    newer = new_offering(data, "Englisch Aufbaukurs")
    response = client.get("/angebote/feed/?topic=englisch")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "Angebote: Englisch"
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    found = search(SearchParams(topic=("englisch",)))
    assert set(titles) == {hit.offering.title for hit in found.hits}
    assert titles[0] == newer.title  # newest first
    entry = next(root.iter(f"{ATOM}entry"))
    assert entry.find(f"{ATOM}link").get("href").endswith(newer.get_absolute_url())
    assert entry.findtext(f"{ATOM}updated")


def test_feed_title_names_the_search_in_the_page_language(client, data):
    root = ET.fromstring(client.get("/angebote/feed/?town=heppenheim&time_of_day=abends"
                                    "&q=Englisch").content)
    assert root.findtext(f"{ATOM}title") == "Angebote: „Englisch“ · Heppenheim · abends"
    english = ET.fromstring(client.get("/en/angebote/feed/?time_of_day=abends").content)
    assert english.findtext(f"{ATOM}title") == "Offers: evenings"
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_the_search_is_named_in_each_language_whoever_searched_first(client, data):
    client.get("/angebote/?time_of_day=abends&weekday=mo")  # German fills the result cache
    root = ET.fromstring(client.get("/en/angebote/feed/?time_of_day=abends&weekday=mo").content)
    assert root.findtext(f"{ATOM}title") == "Offers: Monday · evenings"


def test_search_page_links_the_feed_and_offers_the_box(client, data):
    html = client.get("/angebote/?topic=englisch&page=1&sort=date").content.decode()
    assert ('<link rel="alternate" type="application/atom+xml" title="Angebote: Englisch" '
            'href="/angebote/feed/?topic=englisch">') in html
    assert "Diese Suche verfolgen" in html
    assert 'name="query" value="topic=englisch"' in html


def test_search_page_sets_no_cookie_and_signup_needs_none(data):
    strict = Client(enforce_csrf_checks=True)
    response = strict.get("/angebote/?topic=englisch")
    assert not response.cookies  # the box adds no CSRF cookie to the public search page
    assert sign_up(strict).status_code == 302
    confirm_path = link_in(mail.outbox[0], "bestaetigen")
    assert strict.post(confirm_path).status_code == 200
    assert Subscription.objects.count() == 1


def test_signup_page_alone_keeps_the_search(client, data):
    response = client.get("/tr/angebote/folgen/?suche=topic%3Denglisch%26page%3D3")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="query" value="topic=englisch"' in html  # page is no part of a search
    assert 'lang="tr"' in html


def test_two_runs_at_once_send_one_digest(data, monkeypatch):
    from bildungsportal.alerts import digests

    Subscription.objects.create(email="a@example.org", query="topic=englisch",
                                frequency="daily")
    new_offering(data, "Englisch im Beruf")
    stale = list(digests.due())  # what a second run read before the first one finished
    assert send_alerts() == (1, 1, 0)
    monkeypatch.setattr(digests, "due", lambda *args, **kwargs: stale)
    send_alerts()
    assert len(mail.outbox) == 1


def test_office_finds_and_deletes_an_address_in_the_admin(client, data):
    subscription = Subscription.objects.create(email="frage@example.org", query="topic=englisch")
    client.force_login(factories.user("admin", superuser=True))
    page = client.get("/admin/alerts/subscription/?q=frage%40example.org").content.decode()
    assert "frage@example.org" in page
    detail = client.get(f"/admin/alerts/subscription/{subscription.pk}/change/").content.decode()
    assert subscription.token not in detail  # the unsubscribe token stays secret
    client.post(f"/admin/alerts/subscription/{subscription.pk}/delete/", {"post": "yes"})
    assert not Subscription.objects.exists()
