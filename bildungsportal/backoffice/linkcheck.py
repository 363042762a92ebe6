"""A bounded checker for the registration links of published offerings.

Each run checks at most ``limit`` links, the ones never checked (or changed since) first,
then the longest unchecked. Per link: HEAD, and GET when HEAD fails or is refused; a short
timeout; at most one request per host per second; at most MAX_REDIRECTS redirects, each to
http(s) only. Addresses that resolve to private, loopback, link-local or otherwise
non-public networks are refused unless ``settings.LINKCHECK_ALLOW_PRIVATE`` is true (the
tests set it to check a local server); the connection goes to the address that was checked,
so a second DNS answer can't point it elsewhere.
"""

import http.client
import socket
import time
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from bildungsportal.catalog.models import Offering
from bildungsportal.core.network import is_public

from .models import LinkCheck

DEFAULT_LIMIT = 200
DEFAULT_TIMEOUT = 5.0
PER_HOST_INTERVAL = 1.0  # seconds between two requests to the same host
MAX_REDIRECTS = 5
USER_AGENT = "Bildungsportal-Linkpruefung/1.0"


class LinkError(Exception):
    """Why a link could not be checked (English, stored as the check's error)."""


class Refused(LinkError):
    """An address the checker must not contact at all (no GET retry)."""


def _allow_private():
    return getattr(settings, "LINKCHECK_ALLOW_PRIVATE", False)


def resolve(host, port):
    """The first address of host that may be contacted; raises LinkError otherwise."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise Refused(f"host not found: {host}") from error
    for *_, sockaddr in infos:
        if not is_public(sockaddr[0]) and not _allow_private():
            raise Refused(f"refused: {host} is a private or local address")
        return sockaddr[0]
    raise Refused(f"host not found: {host}")


class RateLimiter:
    """At most one request per host per interval (sleeps when needed)."""

    def __init__(self, interval=PER_HOST_INTERVAL, clock=time.monotonic, sleep=time.sleep):
        self.interval, self.clock, self.sleep = interval, clock, sleep
        self.last = {}

    def wait(self, host):
        now = self.clock()
        earliest = self.last.get(host, now - self.interval) + self.interval
        if earliest > now:
            self.sleep(earliest - now)
            now = earliest
        self.last[host] = now


def _request(method, url, timeout, limiter):
    """One request without following redirects: (status, Location header)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(f"not an http(s) address: {url[:100]}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise LinkError("invalid port") from error
    address = resolve(parts.hostname, port)
    limiter.wait(parts.hostname)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = cls(parts.hostname, port, timeout=timeout)

    # Connect to the address that was checked above, not to a fresh DNS answer.
    def connect(addr, timeout=None, source_address=None, **kwargs):
        return socket.create_connection((address, addr[1]), timeout, source_address)

    connection._create_connection = connect
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request(method, path, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = connection.getresponse()
        if method == "GET":
            response.read(1024)  # enough to know it answers; the rest is not needed
        return response.status, response.getheader("Location")
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise LinkError(f"{type(error).__name__}: {error}"[:250]) from error
    finally:
        connection.close()


def _follow(method, url, timeout, limiter):
    for _hop in range(MAX_REDIRECTS + 1):
        status, location = _request(method, url, timeout, limiter)
        if status in (301, 302, 303, 307, 308) and location:
            url = urljoin(url, location)
            if urlsplit(url).scheme not in ("http", "https"):
                raise Refused(f"redirect to a non-http(s) address: {url[:100]}")
            continue
        return status
    raise LinkError("too many redirects")


def check_url(url, timeout=DEFAULT_TIMEOUT, limiter=None):
    """(ok, status code or None, error text) for one address."""
    limiter = limiter or RateLimiter()
    try:
        status = _follow("HEAD", url, timeout, limiter)
    except Refused as error:
        return False, None, str(error)
    except LinkError:
        status = None
    if status is None or status >= 400:
        # Some servers refuse or mishandle HEAD: ask once more with GET.
        try:
            status = _follow("GET", url, timeout, limiter)
        except LinkError as error:
            return False, None, str(error)
    return 200 <= status < 400, status, "" if status < 400 else f"HTTP {status}"


def due_offerings(limit=DEFAULT_LIMIT):
    """Published offerings with a registration link: unchecked or changed first, then oldest."""
    queryset = Offering.objects.published().exclude(registration_url="")
    never = queryset.filter(
        Q(link_check__isnull=True) | ~Q(link_check__url=F("registration_url"))
    ).order_by("id")
    offerings = list(never[:limit])
    if len(offerings) < limit:
        offerings += list(
            queryset.filter(link_check__url=F("registration_url"))
            .order_by("link_check__checked_at", "id")[: limit - len(offerings)]
        )
    return offerings


def check_links(limit=DEFAULT_LIMIT, timeout=DEFAULT_TIMEOUT, limiter=None):
    """Check up to ``limit`` registration links; returns the LinkCheck rows written."""
    limiter = limiter or RateLimiter()
    results = []
    for offering in due_offerings(limit):
        ok, status, error = check_url(offering.registration_url, timeout, limiter)
        check, _created = LinkCheck.objects.update_or_create(
            offering=offering,
            defaults={
                "url": offering.registration_url, "ok": ok, "status_code": status,
                "error": error[:300], "checked_at": timezone.now(),
            },
        )
        results.append(check)
    return results


def broken_links(queryset=None):
    """Published offerings whose current registration link failed its latest check."""
    queryset = Offering.objects.all() if queryset is None else queryset
    return (
        queryset.published()
        .filter(link_check__ok=False, link_check__url=F("registration_url"))
        .select_related("provider", "link_check")
        .order_by("-link_check__checked_at", "id")
    )
