"""An in-memory rate limit per network prefix (IPv4 /24, IPv6 /64).

The prefix lives only in this process's memory, with a time to live, and is never written to
the database, a log or a file. Each app server process counts for itself, so the effective
limit is the configured one times the number of processes; that is enough against a script
filling the survey and needs no shared store.

Settings (optional): SURVEY_RATE_LIMIT (default 60 requests) per SURVEY_RATE_WINDOW seconds
(default 600); SURVEY_RATE_LIMIT_FORWARDED = True takes the client address from the last
X-Forwarded-For entry (only behind a reverse proxy that sets it).
"""

import ipaddress
import threading
import time
from collections import deque

from django.conf import settings

_lock = threading.Lock()
_hits: dict[str, deque] = {}
MAX_PREFIXES = 100_000  # bounds memory under a flood of distinct prefixes


def limit():
    return getattr(settings, "SURVEY_RATE_LIMIT", 60)


def window():
    return getattr(settings, "SURVEY_RATE_WINDOW", 600)


def client_prefix(request):
    """'203.0.113.0/24' or '2001:db8:1:2::/64'; '' when the address is unusable."""
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "SURVEY_RATE_LIMIT_FORWARDED", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = forwarded.split(",")[-1].strip()
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    bits = 24 if ip.version == 4 else 64
    return str(ipaddress.ip_network(f"{ip}/{bits}", strict=False))


def hit(request, now=None):
    """Count one request; False when the prefix is over the limit (then nothing is counted)."""
    prefix = client_prefix(request)
    now = time.monotonic() if now is None else now
    cutoff = now - window()
    with _lock:
        if len(_hits) > MAX_PREFIXES:
            _expire(cutoff)
        times = _hits.setdefault(prefix, deque())
        while times and times[0] <= cutoff:
            times.popleft()
        if len(times) >= limit():
            return False
        times.append(now)
        return True


def _expire(cutoff):
    for prefix in [p for p, times in _hits.items() if not times or times[-1] <= cutoff]:
        del _hits[prefix]


def reset():
    """Forget every count (tests)."""
    with _lock:
        _hits.clear()
