"""Feeds: a real HTTP server on 127.0.0.1 serves a feed with ETag; sync, its errors, the pages."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from bildungsportal.catalog.models import Offering
from bildungsportal.ingest.feeds import ERROR, OK, UNCHANGED, sync_feed, sync_feeds
from bildungsportal.ingest.models import Feed, ImportRun
from tests import factories
from tests.feed_server import FeedServer

pytestmark = pytest.mark.django_db

HEADER = "Angebots-ID;Titel;Themen;Format;Preis;Beginn;von;bis;Veranstaltungsort;PLZ;Ort\n"
ROW_A = ("A;Aquarell für Anfänger;Englisch;Präsenzkurs;45,00 €;01.03.2027;18:00;20:00;Haus;"
         "64625;Bensheim\n")
ROW_B = "B;Buchführung kompakt;Englisch;Präsenzkurs;90;02.03.2027;09:00;12:00;Haus;64625;Bensheim\n"


@pytest.fixture
def server(settings):
    # The feed server runs on loopback, which real feeds may not use (FEED_ALLOW_PRIVATE).
    settings.FEED_ALLOW_PRIVATE = True
    feed_server = FeedServer()
    yield feed_server
    feed_server.close()


@pytest.fixture
def data():
    return factories.small_catalog()


@pytest.fixture
def feed(data, server):
    data["vhs"].approved_at = timezone.now()
    data["vhs"].save()
    return Feed.objects.create(provider=data["vhs"], url=server.url, format="csv")


def state(provider):
    return sorted(Offering.objects.filter(provider=provider).values_list(
        "pk", "external_id", "title", "status", "price_cents", "updated_at"))


def test_feed_lifecycle_200_304_change_and_vanish(feed, server):
    server.body = (HEADER + ROW_A + ROW_B).encode()
    server.etag = '"v1"'
    server.last_modified = "Wed, 25 Nov 2026 10:00:00 GMT"
    first = sync_feed(feed)
    feed.refresh_from_db()
    assert first.status == OK and feed.last_status == OK and feed.last_error == ""
    assert feed.etag == '"v1"' and feed.last_modified == "Wed, 25 Nov 2026 10:00:00 GMT"
    assert feed.last_success_at == feed.last_checked_at
    imported = Offering.objects.filter(provider=feed.provider, source__startswith="csv")
    assert sorted(imported.values_list("external_id", "status")) == [
        ("A", "published"), ("B", "published")]
    run = ImportRun.objects.get(feed=feed)
    assert run.origin == ImportRun.Origin.FEED and run.created == 2

    # Unchanged: the server answers 304, nothing changes except last_checked_at.
    before = state(feed.provider)
    checked = feed.last_checked_at
    second = sync_feed(feed, now=checked + timedelta(days=1))
    feed.refresh_from_db()
    assert second.status == UNCHANGED and feed.last_status == UNCHANGED
    assert server.requests[-1]["If-None-Match"] == '"v1"'
    assert server.requests[-1]["If-Modified-Since"] == "Wed, 25 Nov 2026 10:00:00 GMT"
    assert feed.last_checked_at == checked + timedelta(days=1)
    assert feed.last_success_at == checked
    assert state(feed.provider) == before
    assert ImportRun.objects.filter(feed=feed).count() == 1

    # Changed: B vanished from the full feed → archived; A's price changed → updated.
    server.body = (HEADER + ROW_A.replace("45,00 €", "50,00 €")).encode()
    server.etag = '"v2"'
    third = sync_feed(feed)
    feed.refresh_from_db()
    assert third.status == OK and feed.etag == '"v2"'
    assert imported.get(external_id="A").price_cents == 5000
    assert imported.get(external_id="B").status == "archived"
    # Offerings the provider entered by hand are not part of the feed and stay.
    assert Offering.objects.get(title="Englisch für Anfänger").status == "published"


def test_server_error_and_broken_file_store_the_error_and_change_nothing(feed, server):
    server.body = (HEADER + ROW_A + ROW_B).encode()
    server.etag = '"v1"'
    sync_feed(feed)
    before = state(feed.provider)

    server.status = 500
    result = sync_feed(feed)
    feed.refresh_from_db()
    assert result.status == ERROR and feed.last_status == ERROR
    assert "Fehler 500" in feed.last_error and feed.last_error.startswith("Abruf fehlgeschlagen")
    assert state(feed.provider) == before
    assert feed.etag == '"v1"'

    server.status = 200
    server.etag = '"v3"'
    server.body = (HEADER + ROW_A + "C;Kaputt;;;-5;31.02.2027;;;Haus;64625;Bensheim\n").encode()
    result = sync_feed(feed)
    feed.refresh_from_db()
    assert result.status == ERROR
    assert feed.last_error.startswith("Import abgelehnt, nichts geändert.")
    assert "Datensatz 3" in feed.last_error
    assert state(feed.provider) == before
    # The failed version is fetched in full next time, not answered with 304.
    assert feed.etag == '"v1"'

    server.body = b"\x00\x01 binary garbage"
    server.etag = '"v4"'
    assert sync_feed(feed).status == ERROR
    assert state(feed.provider) == before
    feed.refresh_from_db()
    assert feed.last_success_at is not None and feed.last_status == ERROR


def test_one_failing_feed_never_stops_the_others(feed, server, data):
    server.body = (HEADER + ROW_A).encode()
    dead = Feed.objects.create(provider=data["music"], url="http://127.0.0.1:9/weg.csv",
                               format="csv")
    unknown = Feed.objects.create(provider=data["music"], url=server.url + "?x", format="pdf")
    paused = Feed.objects.create(provider=data["music"], url=server.url + "?p", format="csv",
                                 active=False)
    results = {r.feed.pk: r.status for r in sync_feeds()}
    assert results == {feed.pk: OK, dead.pk: ERROR, unknown.pk: ERROR}
    dead.refresh_from_db()
    assert dead.last_error.startswith("Abruf fehlgeschlagen") and dead.last_checked_at
    paused.refresh_from_db()
    assert paused.last_checked_at is None


def test_unexpected_errors_are_stored_too(feed, server, monkeypatch):
    from bildungsportal.ingest import feeds

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(feeds, "run_import", broken)
    server.body = (HEADER + ROW_A).encode()
    result = sync_feed(feed)
    assert result.status == ERROR and "Unerwarteter Fehler" in result.message


def test_sync_command_and_task(feed, server, data):
    server.body = (HEADER + ROW_A).encode()
    out = io.StringIO()
    call_command("sync", stdout=out)
    assert "erfolgreich importiert" in out.getvalue()
    assert "1 feeds fetched, 0 failed." in out.getvalue()

    dead = Feed.objects.create(provider=data["music"], url="http://127.0.0.1:9/x.csv",
                               format="csv")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 feed"):
        call_command("sync", stdout=io.StringIO(), stderr=err)
    assert "Abruf fehlgeschlagen" in err.getvalue()
    call_command("sync", feed=feed.pk, stdout=io.StringIO())  # only the good one: no error
    with pytest.raises(CommandError, match="There is no feed"):
        call_command("sync", feed=999999)

    from bildungsportal.ingest.tasks import sync_feeds as task

    result = task.enqueue(feed_id=dead.pk)
    assert result.return_value == {dead.pk: ERROR}


# -- pages -----------------------------------------------------------------------------------
def test_provider_sees_own_feeds_with_status_and_error(client, feed, data):
    Feed.objects.filter(pk=feed.pk).update(last_status=ERROR, last_error="Abruf fehlgeschlagen: "
                                           "Server antwortet mit Fehler 500")
    foreign = Feed.objects.create(provider=data["music"], url="https://musik.example/feed.csv",
                                  format="csv")
    client.force_login(factories.user("vhs", providers=[data["vhs"]]))
    page = client.get(reverse("backoffice:feeds")).content.decode()
    assert feed.url in page and "Server antwortet mit Fehler 500" in page
    assert foreign.url not in page


def test_registering_a_feed(client, data):
    client.force_login(factories.user("vhs", providers=[data["vhs"]]))
    url = reverse("backoffice:feeds")
    response = client.post(url, {"provider": data["vhs"].pk, "url": "https://vhs.example.org/k.xml",
                                 "format": "vhs"})
    assert response.status_code == 302
    assert Feed.objects.get(provider=data["vhs"]).url == "https://vhs.example.org/k.xml"
    # The same URL twice is refused with a message.
    response = client.post(url, {"provider": data["vhs"].pk, "url": "https://vhs.example.org/k.xml",
                                 "format": "vhs"})
    assert response.status_code == 200 and Feed.objects.count() == 1


@pytest.mark.parametrize("address", [
    "ftp://vhs.example.org/k.xml", "file:///etc/passwd", "javascript:alert(1)", "vhs.example.org",
    "http://127.0.0.1:8000/", "http://localhost/feed", "http://10.0.0.5/feed",
    "http://[::1]/feed", "http://169.254.169.254/latest/meta-data/", "",
    "https://" + "a" * 600 + ".example.org/",
])
def test_feed_addresses_must_be_public_http(client, data, address):
    client.force_login(factories.user("vhs", providers=[data["vhs"]]))
    response = client.post(reverse("backoffice:feeds"),
                           {"provider": data["vhs"].pk, "url": address, "format": "csv"})
    assert response.status_code == 200
    assert not Feed.objects.exists()
    assert "Bitte korrigieren Sie" in response.content.decode()


def test_feed_for_someone_elses_provider_is_refused(client, data):
    client.force_login(factories.user("vhs", providers=[data["vhs"]]))
    response = client.post(reverse("backoffice:feeds"), {
        "provider": data["music"].pk, "url": "https://x.example/f.csv", "format": "csv"})
    assert response.status_code == 200 and not Feed.objects.exists()


def test_someone_elses_feed_gives_404_for_every_action(client, data):
    foreign = Feed.objects.create(provider=data["music"], url="https://musik.example/f.csv",
                                  format="csv")
    client.force_login(factories.user("vhs", providers=[data["vhs"]]))
    for name in ("backoffice:feed-toggle", "backoffice:feed-delete", "backoffice:feed-sync"):
        assert client.post(reverse(name, args=[foreign.pk])).status_code == 404
        assert client.get(reverse(name, args=[foreign.pk])).status_code in (404, 405)
    foreign.refresh_from_db()
    assert foreign.active and foreign.last_checked_at is None


def test_pause_delete_and_sync_now(client, feed, server):
    server.body = (HEADER + ROW_A).encode()
    client.force_login(factories.user("vhs", providers=[feed.provider]))
    client.post(reverse("backoffice:feed-toggle", args=[feed.pk]))
    feed.refresh_from_db()
    assert not feed.active
    response = client.post(reverse("backoffice:feed-sync", args=[feed.pk]), follow=True)
    assert "erfolgreich importiert" in response.content.decode()
    assert Offering.objects.filter(external_id="A").exists()
    client.post(reverse("backoffice:feed-delete", args=[feed.pk]))
    assert not Feed.objects.filter(pk=feed.pk).exists()
    assert Offering.objects.filter(external_id="A").exists()


def test_office_sees_all_feeds_and_provider_staff_not(client, feed, data):
    Feed.objects.create(provider=data["music"], url="https://musik.example/f.csv", format="csv",
                        last_status=ERROR, last_error="Import abgelehnt, nichts geändert.")
    url = reverse("backoffice:feeds-all")
    client.force_login(factories.user("vhs", providers=[data["vhs"]]))
    assert client.get(url).status_code == 403
    client.force_login(factories.user("buero", office=True))
    page = client.get(url).content.decode()
    assert feed.url in page and "https://musik.example/f.csv" in page
    assert "Import abgelehnt, nichts geändert." in page
    # The office may register a feed for any provider.
    response = client.post(reverse("backoffice:feeds"), {
        "provider": data["music"].pk, "url": "https://musik.example/g.csv", "format": "csv"})
    assert response.status_code == 302


def test_feed_pages_need_login(client, data):
    response = client.get(reverse("backoffice:feeds"))
    assert response.status_code == 302 and "/konto/anmelden/" in response["Location"]
    client.force_login(factories.user("niemand"))
    assert client.get(reverse("backoffice:feeds")).status_code == 403


def test_a_feed_into_the_private_network_is_refused_by_default(data, server, settings):
    settings.FEED_ALLOW_PRIVATE = False
    feed = Feed.objects.create(provider=data["vhs"], url=server.url, format="csv")
    before = state(data["vhs"])
    sync_feed(feed)
    feed.refresh_from_db()
    assert feed.last_status == ERROR
    assert "internen Netz" in feed.last_error
    assert server.requests == []  # never contacted
    assert state(data["vhs"]) == before
