"""In-memory rate limits per network prefix (IPv4 /24, IPv6 /64), for the survey and the API.

The prefix lives only in this process's memory, for as long as the window lasts, and is never
written to the database, a log or a file. Each app server process counts for itself, so the
effective limit is the configured one times the number of processes; that is enough against a
script hammering the site and needs no shared store.
"""

import ipaddress
import math
import threading
import time
from collections import deque
from dataclasses import dataclass

from django.conf import settings

MAX_PREFIXES = 100_000  # bounds memory under a flood of distinct prefixes


def client_prefix(request, forwarded=False):
    """'203.0.113.0/24' or '2001:db8:1:2::/64'; '' when the address is unusable.

    forwarded: take the address from the last X-Forwarded-For entry (only behind a reverse
    proxy that sets it; otherwise a client could choose its own address).
    """
    address = request.META.get("REMOTE_ADDR", "")
    if forwarded and (header := request.META.get("HTTP_X_FORWARDED_FOR", "")):
        address = header.split(",")[-1].strip()
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    bits = 24 if ip.version == 4 else 64
    return str(ipaddress.ip_network(f"{ip}/{bits}", strict=False))


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int  # until the oldest counted request leaves the window


class RateLimit:
    """A sliding window: at most `limit` requests per `window` seconds per network prefix.

    The numbers come from settings when the limit is asked (so tests can override them):
    `<prefix>_RATE_LIMIT` (None turns the limit off; 0 refuses everything),
    `<prefix>_RATE_WINDOW` (seconds) and `<prefix>_RATE_LIMIT_FORWARDED`.
    """

    def __init__(self, prefix, limit, window):
        self.prefix, self.default_limit, self.default_window = prefix, limit, window
        self._lock = threading.Lock()
        self._hits: dict[str, deque] = {}

    @property
    def limit(self):
        value = getattr(settings, f"{self.prefix}_RATE_LIMIT", self.default_limit)
        return None if value is None else int(value)

    @property
    def window(self):
        return int(getattr(settings, f"{self.prefix}_RATE_WINDOW", self.default_window))

    def client_prefix(self, request):
        return client_prefix(
            request, getattr(settings, f"{self.prefix}_RATE_LIMIT_FORWARDED", False)
        )

    def hit(self, request, now=None):
        """Count one request and decide; over the limit nothing is counted."""
        limit, window = self.limit, self.window
        if limit is None:
            return Decision(True, 0, 0, 0)
        prefix = self.client_prefix(request)
        now = time.monotonic() if now is None else now
        cutoff = now - window
        with self._lock:
            if len(self._hits) > MAX_PREFIXES:
                self._expire(cutoff)
            times = self._hits.setdefault(prefix, deque())
            while times and times[0] <= cutoff:
                times.popleft()
            allowed = len(times) < limit
            if allowed:
                times.append(now)
            reset = math.ceil(times[0] + window - now) if times else window
            return Decision(allowed, limit, max(0, limit - len(times)), max(1, reset))

    def _expire(self, cutoff):
        for prefix in [p for p, times in self._hits.items() if not times or times[-1] <= cutoff]:
            del self._hits[prefix]

    def reset(self):
        """Forget every count (tests)."""
        with self._lock:
            self._hits.clear()
