"""Fetch one explicit feed URL: http(s) only, conditional GET, size limit while streaming.

The only place where the importer touches the network; nothing else follows links in files.
"""

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


class _NoRedirectToOtherSchemes(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) (never file:, ftp: …)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise FetchError(f"Weiterleitung auf nicht erlaubte Adresse: {newurl[:100]}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener():
    # Only the handlers we need: no file:, ftp: or data: handlers, no proxy surprises from
    # the environment beyond what urllib does by default for http(s).
    return urllib.request.build_opener(_NoRedirectToOtherSchemes)


def fetch(url, *, etag=None, last_modified=None, max_bytes=None, timeout=None) -> FetchResult:
    """GET ``url``; raises FetchError with a clear message for every failure."""
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
        response = _opener().open(request, timeout=timeout)
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
