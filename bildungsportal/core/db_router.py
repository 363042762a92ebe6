"""Read replicas: public reads from a replica, writes and a user's own pages from the primary.

With `DATABASE_REPLICA_URLS` set, settings.DATABASES holds `replica1`, `replica2` … beside
`default` (the primary). `PrimaryReplicaRouter` sends every write to `default` and a read to
the database chosen for the current request by `ReplicaMiddleware`:

- public requests (search, public pages, the API): one replica per request, round-robin per
  process, so that the rows of one page come from one snapshot;
- requests that must see what was just saved read the primary ("pinned"): unsafe methods,
  the private areas (PRIMARY_PATHS), anyone with a session cookie (logged-in providers, the
  office) and, for PIN_SECONDS after a request that wrote, the browser that sent it (a signed
  cookie), so the page after the redirect-after-POST shows the change.

Outside a request (management commands, jobs, the shell) everything reads the primary, and
so does the body of a streaming response, which is produced after the middleware returned.
Users and sessions always read the primary: a log-in must count on the next request.
The in-memory search index reads one fixed replica per process (`index_reads`), see
docs/operations.md "Several app servers, one primary, replicas".
"""

import itertools
import os
import threading
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core import signing
from django.db import connections

PRIMARY = "default"
REPLICA_PREFIX = "replica"
# Areas where people edit and expect to see their own changes at once.
PRIMARY_PATHS = ("/anbieterbereich/", "/umfrage/verwaltung/", "/umfrage/auswertung/",
                 "/konto/", "/admin/", "/bildungsmonitoring/")
# Apps whose rows decide who someone is: never read from a replica that may lag.
PRIMARY_APPS = frozenset({"auth", "sessions", "accounts", "admin", "contenttypes"})
PIN_COOKIE = "bp_primary"
PIN_SALT = "bildungsportal.core.db_router.pin"
PIN_SECONDS = 10
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

_read_alias = ContextVar("bildungsportal_read_alias", default=None)
_wrote = ContextVar("bildungsportal_wrote", default=None)
_cycle_lock = threading.Lock()
_cycles = {}


def replica_aliases():
    """The configured replica aliases (replica1, replica2 …), in order."""
    return sorted(
        (alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)),
        key=lambda alias: (len(alias), alias),
    )


def next_replica():
    """The next replica, round-robin per process; the primary when there is none."""
    aliases = tuple(replica_aliases())
    if not aliases:
        return PRIMARY
    with _cycle_lock:
        cycle = _cycles.get(aliases)
        if cycle is None:
            cycle = _cycles[aliases] = itertools.cycle(aliases)
        return next(cycle)


def index_alias():
    """The one database this process's search index follows: a replica chosen by process id
    (spreads the workers over the replicas), else the primary. Never mixed with another one:
    a replica replays the primary's commits in order, so the index only moves forward."""
    aliases = replica_aliases()
    return aliases[os.getpid() % len(aliases)] if aliases else PRIMARY


def current_read_alias():
    """Where reads go now: the request's choice, the primary outside a request."""
    return _read_alias.get() or PRIMARY


@contextmanager
def reading_from(alias):
    """Route every read inside the block to `alias`."""
    token = _read_alias.set(alias)
    try:
        yield alias
    finally:
        _read_alias.reset(token)


def index_reads():
    """The block that builds or patches the search index reads `index_alias()`."""
    return reading_from(index_alias())


class ReadConnection:
    """Like django.db.connection, but the connection that reads are routed to right now:
    for code that queries with raw SQL (the search backends), which no router sees."""

    def __getattr__(self, name):
        return getattr(connections[current_read_alias()], name)


read_connection = ReadConnection()


class PrimaryReplicaRouter:
    """Writes and migrations on the primary; reads where the request was routed."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_APPS:
            return PRIMARY
        return current_read_alias()

    def db_for_write(self, model, **hints):
        wrote = _wrote.get()
        if wrote is not None:
            wrote.append(model._meta.label)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replicas hold the primary's rows: an object read from one may be linked to
        # an object of the primary.
        databases = {PRIMARY, *replica_aliases()}
        return (obj1._state.db in databases and obj2._state.db in databases) or None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def _pinned(request):
    if request.method not in SAFE_METHODS:
        return True
    if request.path_info.startswith(PRIMARY_PATHS):
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    try:
        request.get_signed_cookie(PIN_COOKIE, salt=PIN_SALT, max_age=PIN_SECONDS)
    except (KeyError, signing.BadSignature):
        return False
    return True


class ReplicaMiddleware:
    """Choose the request's read database (see the module docstring); after an unsafe request
    that wrote, set the short-lived signed cookie that pins this browser to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases():  # no replicas: nothing to route, no cookie
            return self.get_response(request)
        alias = PRIMARY if _pinned(request) else next_replica()
        wrote = []
        alias_token, wrote_token = _read_alias.set(alias), _wrote.set(wrote)
        try:
            response = self.get_response(request)
        finally:
            _read_alias.reset(alias_token)
            _wrote.reset(wrote_token)
        if wrote and request.method not in SAFE_METHODS:
            response.set_signed_cookie(
                PIN_COOKIE, "1", salt=PIN_SALT, max_age=PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
            )
        return response
