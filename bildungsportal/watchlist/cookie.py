"""The Merkliste in the browser: a signed cookie with offering ids and the time each was kept.

The value is "12.1764950400-7.1764950512" (id.seconds since 1970, newest last), signed by
Django's `set_signed_cookie` with its own salt. Nothing is stored on the server. A cookie that
is tampered with, expired or garbled counts as an empty list; odd items are skipped and at most
MAX_ITEMS are read, so no cookie can make a page fail or slow.
"""

import math
import re
import time
from dataclasses import dataclass, field

from django.conf import settings

COOKIE_NAME = "merkliste"
SALT = "bildungsportal.watchlist"
MAX_ITEMS = 100
MAX_AGE = 365 * 24 * 60 * 60  # a year; every change renews it
ITEM = re.compile(r"^(\d{1,12})\.(\d{1,12})$")
SHARE_ITEM = re.compile(r"^\d{1,12}$")


@dataclass
class Watchlist:
    """Offering id → the time it was kept (seconds since 1970), in the order kept."""

    kept: dict = field(default_factory=dict)
    # True when the cookie held something that is not in `kept` (garbage, a bad signature,
    # too many items): the next response writes the clean list back.
    dirty: bool = False

    def __contains__(self, pk):
        return pk in self.kept

    def __len__(self):
        return len(self.kept)

    @property
    def ids(self):
        return list(self.kept)

    @property
    def is_full(self):
        return len(self.kept) >= MAX_ITEMS

    def add(self, pk, now=None):
        """Keep `pk` (kept again: the time is renewed). False when the list is full."""
        if pk not in self.kept and self.is_full:
            return False
        self.kept.pop(pk, None)
        self.kept[pk] = now_seconds() if now is None else now
        return True

    def remove(self, pk):
        self.kept.pop(pk, None)

    def keep_only(self, ids):
        """Drop every id not in `ids` (deleted offerings); True when something was dropped."""
        gone = [pk for pk in self.kept if pk not in ids]
        for pk in gone:
            del self.kept[pk]
        return bool(gone)

    def value(self):
        return "-".join(f"{pk}.{kept}" for pk, kept in self.kept.items())


def now_seconds():
    """Rounded up, so that a change in the same second as keeping does not count as later."""
    return math.ceil(time.time())


def parse(value):
    """The Watchlist a cookie value describes; never raises."""
    watchlist = Watchlist()
    if not value:
        return watchlist
    for item in value.split("-"):
        match = ITEM.match(item)
        if match is None or len(watchlist.kept) >= MAX_ITEMS:
            watchlist.dirty = True
            continue
        pk, kept = int(match.group(1)), int(match.group(2))
        if pk in watchlist.kept:
            watchlist.dirty = True
        watchlist.kept[pk] = kept
    return watchlist


def read(request):
    """The request's Watchlist, read once per request (the nav, the buttons and the views)."""
    cached = getattr(request, "_watchlist", None)
    if cached is not None:
        return cached
    raw = request.COOKIES.get(COOKIE_NAME)
    value = request.get_signed_cookie(COOKIE_NAME, default=None, salt=SALT, max_age=MAX_AGE)
    watchlist = parse(value)
    if raw is not None and value is None:
        watchlist.dirty = True  # a bad signature: delete it with the next write
    request._watchlist = watchlist
    return watchlist


def write(response, watchlist):
    """Store the list in the response's cookie (deleted when empty)."""
    if not watchlist.kept:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
        return response
    response.set_signed_cookie(
        COOKIE_NAME, watchlist.value(), salt=SALT, max_age=MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
    )
    return response


def share_ids(text):
    """The offering ids of a share link's "1-2-3" (at most MAX_ITEMS, no doubles, never raises)."""
    ids = []
    for item in (text or "").split("-")[: MAX_ITEMS * 2]:
        item = item.strip()
        if SHARE_ITEM.match(item) and int(item) not in ids:
            ids.append(int(item))
        if len(ids) >= MAX_ITEMS:
            break
    return ids
