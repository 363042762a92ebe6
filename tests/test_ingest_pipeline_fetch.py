"""fetch(): http(s) only, conditional GET, size limit while streaming, clear errors; the CLI
imports from an explicit URL. A local HTTP server in a thread stands in for a feed."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from bildungsportal.catalog.models import Offering
from bildungsportal.ingest.fetch import FetchError, fetch
from tests.test_ingest_pipeline import course, feed

BODY = feed(course("1"), course("2"))


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/feed.json":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", '"v1"')
            self.send_header("Last-Modified", "Wed, 01 Jan 2027 10:00:00 GMT")
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)
        elif self.path == "/endless":
            # No Content-Length: the limit must hold while reading.
            self.send_response(200)
            self.end_headers()
            for _ in range(200):
                self.wfile.write(b"x" * 8192)
        elif self.path == "/announced-huge":
            self.send_response(200)
            self.send_header("Content-Length", str(10**9))
            self.end_headers()
        elif self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_returns_data_and_validators(server):
    result = fetch(f"{server}/feed.json")
    assert result.status == 200 and result.data == BODY
    assert result.etag == '"v1"' and result.last_modified.startswith("Wed, 01 Jan 2027")


def test_conditional_get_gives_304(server):
    result = fetch(f"{server}/feed.json", etag='"v1"')
    assert result.status == 304 and result.not_modified and result.data == b""


def test_size_limit_while_streaming_and_from_the_header(server):
    with pytest.raises(FetchError, match="zu groß"):
        fetch(f"{server}/endless", max_bytes=100_000)
    with pytest.raises(FetchError, match="zu groß"):
        fetch(f"{server}/announced-huge", max_bytes=100_000)


@pytest.mark.parametrize("url, message", [
    ("file:///etc/passwd", "nur http- und https-Adressen"),
    ("ftp://example.org/feed", "nur http- und https-Adressen"),
    ("javascript:alert(1)", "nur http- und https-Adressen"),
    ("", "nur http- und https-Adressen"),
])
def test_only_http_and_https(url, message):
    with pytest.raises(FetchError, match=message):
        fetch(url)


def test_errors_are_clear(server):
    with pytest.raises(FetchError, match="Fehler 404"):
        fetch(f"{server}/missing")
    with pytest.raises(FetchError, match="Fehler 302"):  # redirect to file: refused
        fetch(f"{server}/to-file")
    with pytest.raises(FetchError, match="nicht erreichbar"):
        fetch("http://127.0.0.1:9/feed.json", timeout=2)


@pytest.mark.django_db
def test_cli_imports_from_an_explicit_url(server):
    call_command("load_reference", verbosity=0, stdout=StringIO())
    out = StringIO()
    call_command("import", f"{server}/feed.json", format="vhs", provider="VHS Feed", stdout=out)
    assert Offering.objects.count() == 2 and "2 neu" in out.getvalue()
