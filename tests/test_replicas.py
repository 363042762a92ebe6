"""Read replicas (core/db_router.py).

The routing decisions run in every pass. The tests marked `postgres` run against the real
primary of the --postgres pass and a streaming replica started here from Debian's binaries
(tests/pg.py TemporaryReplica): replication is awaited by polling the replay position, and
lag is made on purpose by pausing the replica's replay.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpResponse
from django.test import RequestFactory

from bildungsportal.catalog.models import Offering
from bildungsportal.core import db_router
from tests import factories, pg

REPLICA = "replica1"


# -- routing decisions (no database) -------------------------------------------------------
@pytest.fixture
def two_replicas(monkeypatch):
    monkeypatch.setattr(db_router, "replica_aliases", lambda: ["replica1", "replica2"])


def routed(request, write=False):
    """(read alias seen inside the request, response) through ReplicaMiddleware."""
    seen = {}

    def view(request):
        seen["alias"] = db_router.current_read_alias()
        if write:
            db_router.PrimaryReplicaRouter().db_for_write(Offering)
        return HttpResponse("ok")

    response = db_router.ReplicaMiddleware(view)(request)
    return seen["alias"], response


def test_public_reads_go_round_robin_to_the_replicas(two_replicas):
    rf = RequestFactory()
    aliases = {routed(rf.get(path))[0] for path in ("/angebote/", "/api/v1/offerings", "/")}
    assert aliases == {"replica1", "replica2"}
    # the search index follows one of them, always the same in this process
    assert db_router.index_alias() in aliases and db_router.index_alias() == db_router.index_alias()
    assert db_router.current_read_alias() == "default"  # outside a request: the primary


@pytest.mark.parametrize("path", ["/anbieterbereich/", "/umfrage/verwaltung/", "/konto/anmelden/",
                                  "/admin/", "/bildungsmonitoring/"])
def test_private_areas_read_the_primary(two_replicas, path):
    assert routed(RequestFactory().get(path))[0] == "default"


def test_session_and_unsafe_requests_read_the_primary(two_replicas):
    rf = RequestFactory()
    with_session = rf.get("/angebote/")
    with_session.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert routed(with_session)[0] == "default"
    assert routed(rf.post("/umfrage/bildung/"))[0] == "default"


def test_a_write_pins_the_browser_to_the_primary_for_a_few_seconds(two_replicas):
    rf = RequestFactory()
    _, response = routed(rf.post("/umfrage/bildung/"), write=True)
    cookie = response.cookies[db_router.PIN_COOKIE]
    assert cookie["max-age"] == db_router.PIN_SECONDS and cookie["httponly"]
    follow_up = rf.get("/angebote/")
    follow_up.COOKIES[db_router.PIN_COOKIE] = cookie.value
    assert routed(follow_up)[0] == "default"
    forged = rf.get("/angebote/")
    forged.COOKIES[db_router.PIN_COOKIE] = "1"
    assert routed(forged)[0].startswith("replica")
    # A POST that wrote nothing and a GET that wrote (the demand log) set no cookie.
    assert db_router.PIN_COOKIE not in routed(rf.post("/angebote/"))[1].cookies
    assert db_router.PIN_COOKIE not in routed(rf.get("/angebote/"), write=True)[1].cookies


def test_without_replicas_everything_stays_on_the_primary_and_no_cookie_is_set(monkeypatch):
    monkeypatch.setattr(db_router, "replica_aliases", lambda: [])
    alias, response = routed(RequestFactory().post("/umfrage/bildung/"), write=True)
    assert alias == "default" and not response.cookies
    assert db_router.index_alias() == "default"


def test_router_writes_and_migrates_on_the_primary_only(two_replicas):
    router = db_router.PrimaryReplicaRouter()
    with db_router.reading_from("replica2"):
        assert router.db_for_read(Offering) == "replica2"
        assert router.db_for_write(Offering) == "default"
        from django.contrib.auth.models import User

        assert router.db_for_read(User) == "default"  # a log-in counts on the next request
    assert router.allow_migrate("default", "catalog") is True
    assert router.allow_migrate("replica1", "catalog") is False


def test_settings_turn_replica_urls_into_mirrored_aliases():
    script = (
        "from bildungsportal import settings as s; "
        "print(sorted(s.DATABASES), s.DATABASES['replica2']['HOST'], "
        "s.DATABASES['replica1']['TEST']['MIRROR'])"
    )
    env = {**os.environ, "DATABASE_URL": "postgres://app@primary/portal",
           "DATABASE_REPLICA_URLS": "postgres://app@r1/portal, postgres://app@r2/portal,"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, check=True).stdout
    assert out.split() == ["['default',", "'replica1',", "'replica2']", "r2", "default"]


# -- a real primary with a streaming replica -------------------------------------------------
@pytest.fixture(scope="module")
def replica(django_db_setup, django_db_blocker):
    """A streaming replica of the --postgres pass's server, as DATABASES["replica1"]."""
    primary = pg.running_server(connections["default"].settings_dict)
    if primary is None:
        pytest.skip("needs the throwaway PostgreSQL server of the --postgres pass")
    server = pg.TemporaryReplica(primary).start()
    entry = {
        **connections["default"].settings_dict,
        "HOST": str(server.dir),
        # a mirror: the test case neither creates nor flushes it (it is read-only anyway)
        "TEST": {**connections["default"].settings_dict["TEST"], "MIRROR": "default"},
    }
    settings.DATABASES[REPLICA] = entry
    connections.settings[REPLICA] = entry  # often the same dict; not always
    yield server
    connections[REPLICA].close()
    del connections[REPLICA]
    connections.settings.pop(REPLICA, None)
    settings.DATABASES.pop(REPLICA, None)
    server.stop()


on_replica = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


def summary_shown(client, url):
    return client.get(url).content.decode()


@pytest.mark.postgres
@on_replica
def test_reads_go_to_the_replica_after_replication_and_writes_to_the_primary(replica):
    data = factories.small_catalog()
    replica.wait_for_replay()
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True
    with db_router.reading_from(REPLICA):
        # raw SQL (the search backends' full-text match) reads the replica as well
        with db_router.read_connection.cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            assert cursor.fetchone()[0] is True
        english = Offering.objects.get(pk=data["english"].pk)
        assert english._state.db == REPLICA and english.title == "Englisch für Anfänger"
        english.summary = "Neu gespeichert"
        english.save(update_fields=["summary"])  # goes to the primary, not the replica
    assert Offering.objects.using("default").get(pk=english.pk).summary == "Neu gespeichert"
    # The replica is read-only: a write that reached it would fail.
    with pytest.raises(DatabaseError, match="read-only"):
        Offering.objects.using(REPLICA).filter(pk=english.pk).update(summary="x")


@pytest.mark.postgres
@on_replica
def test_a_lagging_replica_serves_the_public_while_the_provider_sees_the_change(
    replica, client, django_user_model
):
    data = factories.small_catalog()
    staff = factories.user("vhs", providers=[data["vhs"]])
    english = data["english"]
    Offering.objects.filter(pk=english.pk).update(summary="Stand alt")
    replica.wait_for_replay()
    public_url = english.get_absolute_url()
    api_url = f"/api/v1/offerings/{english.pk}"
    assert "Stand alt" in summary_shown(client, public_url)

    replica.pause_replay()
    try:
        Offering.objects.filter(pk=english.pk).update(summary="Stand neu")
        # The public (no cookies) reads the replica, which has not replayed the change yet …
        assert "Stand alt" in summary_shown(client, public_url)
        assert client.get(api_url).json()["summary"] == "Stand alt"
        # … the provider, logged in, reads the primary: their own area and the public page.
        provider = client.__class__()
        provider.force_login(staff)
        own = provider.get(f"/anbieterbereich/angebote/{english.pk}/").content.decode()
        assert "Stand neu" in own
        assert "Stand neu" in summary_shown(provider, public_url)
        # A log-in is a write: for a few seconds this browser reads the primary, even
        # without its session cookie (the redirect after a POST shows what was saved).
        login = client.__class__().post(
            "/konto/anmelden/", {"username": "vhs", "password": "geheim-Passwort-42"}
        )
        assert login.status_code == 302
        pinned = client.__class__()
        pinned.cookies[db_router.PIN_COOKIE] = login.cookies[db_router.PIN_COOKIE].value
        assert "Stand neu" in summary_shown(pinned, public_url)
    finally:
        replica.resume_replay()
    replica.wait_for_replay()
    assert "Stand neu" in summary_shown(client, public_url)
    assert client.get(api_url).json()["summary"] == "Stand neu"


@pytest.mark.postgres
@on_replica
def test_the_index_follows_its_replica_late_but_never_wrong(replica):
    from bildungsportal.search.facet_index import IndexHolder
    from tests.test_incremental_index import assert_same_as_a_fresh_build, publish_new, titles

    data = factories.small_catalog()
    replica.wait_for_replay()
    worker = IndexHolder()
    with db_router.index_reads() as alias:
        assert alias == REPLICA
        assert "Töpfern für Familien" not in titles(worker.get(), q="töpfern")
    replica.pause_replay()
    try:
        publish_new(data, "Töpfern für Familien")  # on the primary, with its change log entry
        with db_router.index_reads():
            assert "Töpfern für Familien" not in titles(worker.get(), q="töpfern")  # late …
    finally:
        replica.resume_replay()
    replica.wait_for_replay()
    with db_router.index_reads():
        index = worker.get()
        assert "Töpfern für Familien" in titles(index, q="töpfern")
        assert (worker.builds, worker.patches) == (1, 1)  # patched from the log, no rebuild
        assert_same_as_a_fresh_build(index)  # … and then exactly the primary's catalog
