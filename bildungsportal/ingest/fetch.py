"""Fetch one explicit feed URL: http(s) only, conditional GET, size limit while streaming.

The only place where the importer touches the network; nothing else follows links in files.
"""

import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

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


def check_public(host):
    """Refuse hosts that resolve to private, loopback or link-local addresses.

    Feed URLs come from providers: without this a feed could make the server request its own
    internal services. (A name that changes its address between this check and the request
    is not caught; the firewall of the host is the second line.)
    """
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchError(f"Adresse nicht gefunden: {host}") from None
    for *_, sockaddr in infos:
        if not ipaddress.ip_address(sockaddr[0].split("%")[0]).is_global:
            raise FetchError(f"Adresse im internen Netz ist nicht erlaubt: {host}")


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) (never file:, ftp: …), and to public hosts if asked."""

    def __init__(self, public_only):
        self.public_only = public_only

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urlsplit(newurl)
        if target.scheme not in ("http", "https"):
            raise FetchError(f"Weiterleitung auf nicht erlaubte Adresse: {newurl[:100]}")
        if self.public_only:
            check_public(target.hostname or "")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(public_only):
    # Only the handlers we need: no file:, ftp: or data: handlers, no proxy surprises from
    # the environment beyond what urllib does by default for http(s).
    return urllib.request.build_opener(_SafeRedirects(public_only))


def fetch(url, *, etag=None, last_modified=None, max_bytes=None, timeout=None,
          public_only=False) -> FetchResult:
    """GET ``url``; raises FetchError with a clear message for every failure.

    ``public_only``: refuse hosts in private networks (for URLs that providers register).
    """
    max_bytes = settings.IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    timeout = settings.FEED_TIMEOUT_SECONDS if timeout is None else timeout
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"nur http- und https-Adressen sind erlaubt: {str(url)[:100]!r}")
    if public_only:
        check_public(parts.hostname)
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
        if length and length.isdigit() and int(length) > max_bytes:
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
