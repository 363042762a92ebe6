"""Fetch one explicit feed URL: http(s) only, conditional GET, size limit while streaming.

The only place where the importer touches the network; nothing else follows links in files.
"""

import http.client
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from bildungsportal.core.network import is_public

CHUNK = 64 * 1024
USER_AGENT = "Bildungsportal-Import/1.0"


class FetchError(Exception):
    """A feed could not be fetched; the message is plain German for provider and office."""


@dataclass
class FetchResult:
    status: int  # 200, or 304 when the feed is unchanged (data is then b"")
    data: bytes
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self):
        return self.status == 304


def check_public(host, port=None):
    """Resolve ``host`` once and refuse it if ANY address is private, loopback, link-local …

    Feed URLs come from providers: without this a feed could make the server request its own
    internal services. Returns the checked addresses: the connections below connect to exactly
    these, so a DNS answer that changes after the check (DNS rebinding) can't redirect them.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchError(f"Adresse nicht gefunden: {host}") from None
    addresses = [sockaddr[0] for *_, sockaddr in infos]
    for address in addresses:
        if not is_public(address):
            raise FetchError(f"Adresse im internen Netz ist nicht erlaubt: {host}")
    if not addresses:
        raise FetchError(f"Adresse nicht gefunden: {host}")
    return addresses


def _open_socket(host, port, timeout, source_address, public_only):
    """A socket to ``host``, resolved exactly once; with ``public_only`` only to checked addresses.

    urllib/http.client would resolve the name again inside ``socket.create_connection``;
    connecting to the IP that was resolved (and checked) here closes that gap.
    """
    if public_only:
        addresses = check_public(host, port)
    else:  # DNS errors stay OSErrors, reported as "nicht erreichbar" as before
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        addresses = [sockaddr[0] for *_, sockaddr in infos]
    error = OSError(f"keine Adresse für {host}")
    for address in addresses:  # like create_connection: the first address that answers
        try:
            return socket.create_connection((address, port), timeout, source_address)
        except OSError as exc:
            error = exc
    raise error


class _CheckedHTTPConnection(http.client.HTTPConnection):
    """HTTPConnection whose connect() goes to the address resolved (and checked) once."""

    def __init__(self, *args, public_only, **kwargs):
        super().__init__(*args, **kwargs)
        self.public_only = public_only

    def connect(self):
        self.sock = _open_socket(
            self.host, self.port, self.timeout, self.source_address, self.public_only)
        if self._tunnel_host:  # only with a proxy, i.e. never with public_only
            self._tunnel()


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    """The same for https: TCP to the checked IP, but SNI and certificate check use the name."""

    def __init__(self, *args, public_only, **kwargs):
        super().__init__(*args, **kwargs)
        self.public_only = public_only

    def connect(self):
        _CheckedHTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(
            self.sock, server_hostname=self._tunnel_host or self.host)


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, public_only):
        super().__init__()
        self.public_only = public_only

    def http_open(self, req):
        return self.do_open(_CheckedHTTPConnection, req, public_only=self.public_only)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, public_only):
        super().__init__()  # the default context: certificates and host name are checked
        self.public_only = public_only

    def https_open(self, req):
        return self.do_open(_CheckedHTTPSConnection, req, context=self._context,
                            public_only=self.public_only)


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) (never file:, ftp: …).

    Public hosts only (if asked) is enforced when the redirect's connection is opened (above),
    for the first request and every redirect alike.
    """

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise FetchError(f"Weiterleitung auf nicht erlaubte Adresse: {newurl[:100]}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(public_only):
    # Only the handlers we need: no file:, ftp: or data: handlers. Our http(s) handlers replace
    # urllib's, so every connection (first request and redirects) resolves once and connects
    # to the checked address. With public_only no proxy from the environment either: the proxy
    # would resolve the name itself, out of reach of the check.
    handlers = [_SafeRedirects(), _CheckedHTTPHandler(public_only),
                _CheckedHTTPSHandler(public_only)]
    if public_only:
        handlers.append(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener(*handlers)


def fetch(url, *, etag=None, last_modified=None, max_bytes=None, timeout=None,
          public_only=False) -> FetchResult:
    """GET ``url``; raises FetchError with a clear message for every failure.

    ``public_only``: refuse hosts in private networks (for URLs that providers register); the
    check happens when each connection is opened (first request and redirects).
    """
    max_bytes = settings.IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    timeout = settings.FEED_TIMEOUT_SECONDS if timeout is None else timeout
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"nur http- und https-Adressen sind erlaubt: {str(url)[:100]!r}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    try:
        response = _opener(public_only).open(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return FetchResult(304, b"", etag or "", last_modified or "")
        raise FetchError(f"Server antwortet mit Fehler {error.code} ({error.reason})") from None
    except urllib.error.URLError as error:
        raise FetchError(f"Adresse nicht erreichbar: {error.reason}") from None
    except TimeoutError:
        raise FetchError(f"Zeitüberschreitung nach {timeout} Sekunden") from None
    except (OSError, ValueError) as error:
        raise FetchError(f"Abruf fehlgeschlagen: {error}") from None
    with response:
        length = response.headers.get("Content-Length")
        if length and length.isdecimal() and int(length) > max_bytes:
            raise FetchError(
                f"Feed ist zu groß ({int(length) / 1_048_576:.1f} MB, höchstens "
                f"{max_bytes / 1_048_576:.0f} MB)"
            )
        chunks, size = [], 0
        try:
            while chunk := response.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(
                        f"Feed ist zu groß (mehr als {max_bytes / 1_048_576:.0f} MB)"
                    )
                chunks.append(chunk)
        except TimeoutError:
            raise FetchError(f"Zeitüberschreitung nach {timeout} Sekunden") from None
        except OSError as error:
            raise FetchError(f"Abruf abgebrochen: {error}") from None
        return FetchResult(
            status=response.status,
            data=b"".join(chunks),
            etag=response.headers.get("ETag", ""),
            last_modified=response.headers.get("Last-Modified", ""),
        )
